// The records of a module after a given id, for as many as there are: COQL names the next
// 2,000 ids (a keyset, so no offset limit applies), then Get Records by ids reads them 100 at a
// time with the caller's fields, so the pages look exactly like listing pages (COQL alone would
// answer territories without `$assigned`). One COQL page of records is in memory at a time.
import { MAX_COQL_LIMIT, MAX_IDS_PER_GET_RECORDS } from '../constants/zoho.js';
import type { ModuleName } from '../core/model.js';
import { incompleteRead } from './call-errors.js';
import { chunk } from './chunk.js';
import { COQL_PATH, idsAfter } from './coql-ids.js';
import { recordsByIds } from './records-by-ids.js';
import type { Transport } from './transport.js';
import type { JsonObject } from './zoho-envelope.js';

/**
 * COQL pages one keyset read may take (a listing past its first 100,000 records, or one
 * selector's matches): 20 million records, far above any CRM edition's storage. The key moves
 * forward on every page, so this only stops a server that keeps inventing ids.
 */
export const MAX_KEYSET_PAGES = 10_000;

export async function* listByKeyset(
  transport: Transport,
  module: ModuleName,
  fields: readonly string[],
  after: string,
  maxPages = MAX_KEYSET_PAGES,
  /** Records the listing read before the keyset took over (for the error's count). */
  readBefore = 0,
): AsyncGenerator<JsonObject[]> {
  let key = after;
  let read = readBefore;
  for (let pages = 0; pages < maxPages; pages += 1) {
    const { ids, more } = await idsAfter(transport, module, key);
    const last = ids.at(-1);
    if (last === undefined) return;
    // The reads of one COQL page run side by side (the client's limiter caps them) and are
    // yielded in id order.
    const parts = await Promise.all(
      chunk(ids, MAX_IDS_PER_GET_RECORDS).map((part) =>
        recordsByIds(transport, module, part, fields),
      ),
    );
    for (const records of parts) {
      if (records.length === 0) continue;
      read += records.length;
      yield records;
    }
    if (!more) return;
    key = last;
  }
  throw incompleteRead({
    method: 'POST',
    path: COQL_PATH,
    what: module,
    read,
    pages: maxPages,
    pageName: 'COQL pages',
    pageSize: `${MAX_COQL_LIMIT.toLocaleString('en-US')} ids`,
    consequence: `the listing stopped past record ${key} and is not to be used as all of them`,
  });
}

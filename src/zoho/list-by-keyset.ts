// The records of a module after a given id, for as many as there are: COQL names the next
// 2,000 ids (a keyset, so no offset limit applies), then Get Records by ids reads them 100 at a
// time with the caller's fields, so the pages look exactly like listing pages (COQL alone would
// answer territories without `$assigned`). One COQL page of records is in memory at a time.
import { MAX_COQL_LIMIT, MAX_IDS_PER_GET_RECORDS } from '../constants/zoho.js';
import type { ModuleName } from '../core/model.js';
import { TerritorySyncError } from '../errors.js';
import { chunk } from './chunk.js';
import { idsAfter } from './coql-ids.js';
import { recordsByIds } from './records-by-ids.js';
import type { Transport } from './transport.js';
import type { JsonObject } from './zoho-envelope.js';

/**
 * COQL pages one listing may take: 20 million records past the first 100,000, far above any
 * CRM edition's storage. The key moves forward on every page, so this only stops a server
 * that keeps inventing ids.
 */
export const MAX_KEYSET_PAGES = 10_000;

export async function* listByKeyset(
  transport: Transport,
  module: ModuleName,
  fields: readonly string[],
  after: string,
  maxPages = MAX_KEYSET_PAGES,
): AsyncGenerator<JsonObject[]> {
  let key = after;
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
    for (const records of parts) if (records.length > 0) yield records;
    if (!more) return;
    key = last;
  }
  throw new TerritorySyncError(
    'ZOHO_API',
    `Zoho kept naming more ${module} after ${maxPages.toLocaleString('en-US')} COQL pages of ` +
      `${MAX_COQL_LIMIT} ids (past record ${key}); stopped rather than read without end.`,
    {
      hint: 'Re-run with --verbose to see the calls, and check the API domain points at Zoho CRM.',
    },
  );
}

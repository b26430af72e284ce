// Every record of a module, page by page, ascending by id and each once: page/per_page reach
// the first 2,000 records, page_token (info.next_page_token) the rest up to Zoho's 100,000,
// and a COQL keyset on the id (list-by-keyset.ts) whatever lies past that.
import {
  API_VERSION,
  DISCRETE_PAGINATION_LIMIT,
  MAX_FIELDS_PER_GET_RECORDS,
  MAX_RECORDS_PER_PAGE,
  PAGE_TOKEN_PAGINATION_LIMIT,
} from '../constants/zoho.js';
import type { ModuleName } from '../core/model.js';
import { TerritorySyncError } from '../errors.js';
import type { ApiCall } from './api-call.js';
import { isSuccess } from './api-call.js';
import { incompleteRead } from './call-errors.js';
import { IdOrder } from './id-order.js';
import { MAX_KEYSET_PAGES, listByKeyset } from './list-by-keyset.js';
import { readScope } from './scopes.js';
import type { Transport } from './transport.js';
import { isObject } from '../core/is-object.js';
import { optionalString, readDataArray } from './zoho-envelope.js';
import type { JsonObject } from './zoho-envelope.js';

export interface ListOptions {
  readonly fields: readonly string[];
  readonly perPage?: number;
}

/**
 * Pages are yielded as they arrive; a listing that cannot be finished (paging past its cap,
 * more_records on an empty page) ends in a typed error after them, never in a quiet return,
 * so a caller that got no error has every record.
 */
export async function* listRecords(
  transport: Transport,
  module: ModuleName,
  options: ListOptions,
  keysetPages = MAX_KEYSET_PAGES,
): AsyncGenerator<readonly Record<string, unknown>[]> {
  const perPage = options.perPage ?? MAX_RECORDS_PER_PAGE;
  checkOptions(options.fields, perPage);
  const stop = yield* listByOffset(transport, module, options.fields, perPage);
  // Zoho's answer at the limit may not say whether records remain (assumption A25), so the
  // keyset is asked: when nothing lies past the last id, that costs one call. Its ids are
  // strictly ascending past the key, so nothing it yields repeats what came before.
  if (stop.kind === 'limit') {
    yield* listByKeyset(transport, module, options.fields, stop.lastId, keysetPages, stop.read);
  }
}

const END = { kind: 'end' } as const;

type OffsetStop =
  | { readonly kind: 'end' }
  | { readonly kind: 'limit'; readonly lastId: string; readonly read: number };

/**
 * Get Records sorted by id, ascending (the default is descending, and a fixed key order is
 * what lets the keyset continue where this stops). Ends at the end of the module, or at
 * Zoho's page_token limit with the greatest id read.
 */
async function* listByOffset(
  transport: Transport,
  module: ModuleName,
  fields: readonly string[],
  perPage: number,
): AsyncGenerator<JsonObject[], OffsetStop> {
  const order = new IdOrder();
  const maxCalls = Math.ceil(PAGE_TOKEN_PAGINATION_LIMIT / perPage) + 1;
  let page = 1;
  let pageToken: string | undefined;
  // Positions read so far, repeats included: what Zoho's offset limit counts.
  let listed = 0;
  // Records yielded so far, each once.
  let read = 0;
  for (let calls = 0; calls < maxCalls; calls += 1) {
    const call: ApiCall = {
      kind: 'list',
      method: 'GET',
      path: `/crm/${API_VERSION}/${module}`,
      query: {
        fields: fields.join(','),
        per_page: String(perPage),
        sort_by: 'id',
        sort_order: 'asc',
        ...(pageToken === undefined ? { page: String(page) } : { page_token: pageToken }),
      },
      scope: readScope(module),
    };
    const response = await transport.send(call);
    if (response.status === 204) return END;
    if (!isSuccess(response)) throw transport.fail(call, response);
    const data = readDataArray(response.body);
    if (data === undefined) throw transport.unexpected(call, response, 'no `data` array');
    const records = data.filter(isObject);
    const check = order.accept(records);
    if (check.kind === 'bad') throw transport.unexpected(call, response, check.what);
    if (check.fresh.length > 0) yield check.fresh;
    listed += records.length;
    read += check.fresh.length;
    if (listed >= PAGE_TOKEN_PAGINATION_LIMIT && order.last !== undefined) {
      return { kind: 'limit', lastId: order.last, read };
    }
    const info = isObject(response.body) && isObject(response.body.info) ? response.body.info : {};
    if (info.more_records !== true) return END;
    // More promised and nothing given: stopping here would call a partial listing whole.
    if (records.length === 0) {
      throw transport.unexpected(call, response, 'more_records but no records in the page');
    }
    // Zoho refuses page/per_page beyond the first 2,000 records, and mixing page with
    // page_token; so pages until the next one would cross 2,000, then tokens only.
    if (pageToken === undefined && (page + 1) * perPage <= DISCRETE_PAGINATION_LIMIT) {
      page += 1;
      continue;
    }
    const next = optionalString(info.next_page_token);
    if (next === undefined || next === '') {
      throw transport.unexpected(call, response, 'more_records but no next_page_token');
    }
    pageToken = next;
  }
  throw incompleteRead({
    method: 'GET',
    path: `/crm/${API_VERSION}/${module}`,
    what: module,
    read,
    pages: maxCalls,
    pageName: 'pages',
    pageSize: `up to ${perPage} records`,
    consequence:
      `Zoho lists up to ${PAGE_TOKEN_PAGINATION_LIMIT.toLocaleString('en-US')} records this ` +
      'way, and this listing is not to be used as all of them',
  });
}

function checkOptions(fields: readonly string[], perPage: number): void {
  if (fields.length === 0 || fields.length > MAX_FIELDS_PER_GET_RECORDS) {
    throw new TerritorySyncError(
      'INVALID_INPUT',
      `listRecords needs 1 to ${MAX_FIELDS_PER_GET_RECORDS} fields, got ${fields.length}.`,
    );
  }
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > MAX_RECORDS_PER_PAGE) {
    throw new TerritorySyncError(
      'INVALID_INPUT',
      `listRecords perPage must be an integer from 1 to ${MAX_RECORDS_PER_PAGE}, got ${perPage}.`,
    );
  }
}

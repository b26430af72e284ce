// Every record of a module, page by page: page/per_page reach the first 2,000 records,
// page_token (from info.next_page_token) the rest, up to Zoho's 100,000.
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
import { readScope } from './scopes.js';
import type { Transport } from './transport.js';
import { isObject, optionalString, readDataArray } from './zoho-envelope.js';

export interface ListOptions {
  readonly fields: readonly string[];
  readonly perPage?: number;
}

export async function* listRecords(
  transport: Transport,
  module: ModuleName,
  options: ListOptions,
): AsyncGenerator<readonly Record<string, unknown>[]> {
  const perPage = options.perPage ?? MAX_RECORDS_PER_PAGE;
  checkOptions(options.fields, perPage);
  const maxCalls = Math.ceil(PAGE_TOKEN_PAGINATION_LIMIT / perPage) + 1;
  let page = 1;
  let pageToken: string | undefined;
  for (let calls = 0; calls < maxCalls; calls += 1) {
    const call: ApiCall = {
      kind: 'list',
      method: 'GET',
      path: `/crm/${API_VERSION}/${module}`,
      query: {
        fields: options.fields.join(','),
        per_page: String(perPage),
        ...(pageToken === undefined ? { page: String(page) } : { page_token: pageToken }),
      },
      scope: readScope(module),
    };
    const response = await transport.send(call);
    if (response.status === 204) return;
    if (!isSuccess(response)) throw transport.fail(call, response);
    const data = readDataArray(response.body);
    if (data === undefined) throw transport.unexpected(call, response, 'no `data` array');
    const records = data.filter(isObject);
    if (records.length > 0) yield records;
    const info = isObject(response.body) && isObject(response.body.info) ? response.body.info : {};
    if (info.more_records !== true || records.length === 0) return;
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

// GET /crm/v7/{module} (by ids, by page, by page_token) and GET /crm/v7/{module}/{id}.
// Paging walks the module's id-ordered index, so a page costs per_page, not the org's size.
import {
  DISCRETE_PAGINATION_LIMIT,
  MAX_FIELDS_PER_GET_RECORDS,
  MAX_IDS_PER_GET_RECORDS,
  MAX_RECORDS_PER_PAGE,
  PAGE_TOKEN_PAGINATION_LIMIT,
} from '../constants/zoho.js';
import type { ApiRequest } from './api-context.js';
import { resolveModule } from './module-resolve.js';
import type { OrgState, StoredRecord } from './org-state.js';
import {
  PAGE_TOKEN_LIFETIME_MS,
  decodePageToken,
  encodePageToken,
  queryKey,
} from './page-token.js';
import { commaList, idList, positiveInt } from './query-params.js';
import { viewRecord } from './record-view.js';
import type { SeedModule } from './seed-types.js';
import {
  NO_CONTENT,
  errorBody,
  invalidIdInPath,
  invalidParam,
  ok,
  paramLimitExceeded,
  type ZohoAnswer,
} from './zoho-answers.js';
import { ID_PATTERN, compareIds, zohoTime } from './zoho-time.js';

const SORT_FIELDS = ['id', 'Created_Time', 'Modified_Time'] as const;
type SortField = (typeof SORT_FIELDS)[number];

function bad(status: number, code: string, message: string, details: Record<string, unknown>) {
  return { status, body: errorBody(code, message, details) };
}

export function getRecords(request: ApiRequest): ZohoAnswer {
  const { query } = request;
  const resolved = resolveModule(request.params['module'] ?? '', false);
  if (resolved.kind === 'error') return resolved.answer;
  if (query.get('fields') === null) {
    return bad(400, 'REQUIRED_PARAM_MISSING', 'required param is missing', {
      param_name: 'fields',
    });
  }
  const fields = commaList(query.get('fields'));
  if (fields.length === 0) return invalidParam('fields');
  if (fields.length > MAX_FIELDS_PER_GET_RECORDS) {
    return paramLimitExceeded('fields', MAX_FIELDS_PER_GET_RECORDS);
  }
  const ids = idList(query, 'ids', MAX_IDS_PER_GET_RECORDS);
  if (!ids.ok) return ids.answer;
  const perPage = positiveInt(query, 'per_page', MAX_RECORDS_PER_PAGE, MAX_RECORDS_PER_PAGE);
  if (!perPage.ok) return perPage.answer;
  const sortBy = (query.get('sort_by') ?? 'id') as SortField;
  if (!SORT_FIELDS.includes(sortBy)) return invalidParam('sort_by');
  const sortOrder = query.get('sort_order') ?? 'desc';
  if (sortOrder !== 'asc' && sortOrder !== 'desc') return invalidParam('sort_order');
  if (resolved.kind === 'no-records') return NO_CONTENT;
  const { state } = request.parts;
  const module = resolved.module;

  if (ids.value) {
    const table = state.modules[module];
    const found = ids.value.flatMap((id) => {
      const record = table.byId.get(id);
      return record ? [viewRecord(state, record, fields)] : [];
    });
    if (found.length === 0) return NO_CONTENT;
    return ok({
      data: found,
      info: info({
        perPage: found.length,
        count: found.length,
        page: 1,
        sortBy,
        sortOrder,
        more: false,
      }),
    });
  }

  const pageToken = query.get('page_token');
  if (pageToken !== null && query.get('page') !== null) {
    return bad(400, 'AMBIGUITY_DURING_PROCESSING', 'ambiguity while processing the request', {
      ambiguity_due_to: ['page', 'page_token'],
    });
  }
  const now = request.parts.now();
  const key = queryKey([module, fields.join(','), sortBy, sortOrder, String(perPage.value)]);
  let offset: number;
  let tokenExpiry: string | null = null;
  if (pageToken !== null) {
    const read = decodePageToken(pageToken, key, now);
    if (read.kind === 'mismatch') {
      return bad(
        400,
        'TOKEN_BOUND_DATA_MISMATCH',
        'The page_token given seems to be invalid or input param is added or altered or deleted',
        { param_name: 'page_token' },
      );
    }
    if (read.kind === 'expired') {
      return bad(400, 'EXPIRED_VALUE', 'Page token expired', {
        api_name: 'page_token',
        json_path: '$.query.page_token',
      });
    }
    offset = read.offset;
    tokenExpiry = zohoTime(read.expiresAt);
    if (offset >= PAGE_TOKEN_PAGINATION_LIMIT) {
      return bad(
        400,
        'PAGINATION_LIMIT_EXCEEDED',
        `You can only get upto ${PAGE_TOKEN_PAGINATION_LIMIT} records using page_token param`,
        { param_name: 'page_token' },
      );
    }
  } else {
    const page = positiveInt(query, 'page', 1);
    if (!page.ok) return page.answer;
    if (page.value * perPage.value > DISCRETE_PAGINATION_LIMIT) {
      return bad(
        400,
        'DISCRETE_PAGINATION_LIMIT_EXCEEDED',
        `You can only get the first ${DISCRETE_PAGINATION_LIMIT} records without using page_token param`,
        { limit: DISCRETE_PAGINATION_LIMIT },
      );
    }
    offset = (page.value - 1) * perPage.value;
  }

  const records = pageOf(state, module, sortBy, sortOrder, offset, perPage.value + 1);
  if (records.length === 0) return NO_CONTENT;
  // The page that reaches the limit does not say whether records remain (assumption A25).
  const more =
    records.length > perPage.value && offset + perPage.value < PAGE_TOKEN_PAGINATION_LIMIT;
  const shown = records.slice(0, perPage.value);
  const expiresAt = now + PAGE_TOKEN_LIFETIME_MS;
  return ok({
    data: shown.map((r) => viewRecord(state, r, fields)),
    info: {
      ...info({
        perPage: perPage.value,
        count: shown.length,
        page: Math.floor(offset / perPage.value) + 1,
        sortBy,
        sortOrder,
        more,
      }),
      next_page_token: more ? encodePageToken(offset + perPage.value, key, expiresAt) : null,
      previous_page_token:
        offset > 0 ? encodePageToken(Math.max(0, offset - perPage.value), key, expiresAt) : null,
      page_token_expiry: more ? zohoTime(expiresAt) : tokenExpiry,
    },
  });
}

function info(o: {
  perPage: number;
  count: number;
  page: number;
  sortBy: string;
  sortOrder: string;
  more: boolean;
}): Record<string, unknown> {
  return {
    call: false,
    per_page: o.perPage,
    next_page_token: null,
    count: o.count,
    sort_by: o.sortBy,
    page: o.page,
    previous_page_token: null,
    page_token_expiry: null,
    sort_order: o.sortOrder,
    email: false,
    more_records: o.more,
  };
}

/** `limit` records from `offset` in the requested order, touching only those records. */
function pageOf(
  state: OrgState,
  module: SeedModule,
  sortBy: SortField,
  sortOrder: 'asc' | 'desc',
  offset: number,
  limit: number,
): StoredRecord[] {
  const table = state.modules[module];
  const ids =
    sortBy === 'id'
      ? table.sortedIds
      : // Rare in practice; sorting here keeps the index simple (ties broken by id).
        [...table.sortedIds].sort((a, b) => {
          const ra = table.byId.get(a) as StoredRecord;
          const rb = table.byId.get(b) as StoredRecord;
          const ta = sortBy === 'Created_Time' ? ra.createdTime : ra.modifiedTime;
          const tb = sortBy === 'Created_Time' ? rb.createdTime : rb.modifiedTime;
          return ta < tb ? -1 : ta > tb ? 1 : compareIds(a, b);
        });
  const out: StoredRecord[] = [];
  const n = ids.length;
  for (let k = offset; k < offset + limit && k < n; k++) {
    const id = sortOrder === 'asc' ? ids[k] : ids[n - 1 - k];
    const record = id === undefined ? undefined : table.byId.get(id);
    if (record) out.push(record);
  }
  return out;
}

export function getRecord(request: ApiRequest): ZohoAnswer {
  const resolved = resolveModule(request.params['module'] ?? '', false);
  if (resolved.kind === 'error') return resolved.answer;
  const id = request.params['id'] ?? '';
  if (!ID_PATTERN.test(id)) return invalidIdInPath(1);
  if (resolved.kind === 'no-records') return NO_CONTENT;
  const { state } = request.parts;
  const record = state.record(resolved.module, id);
  if (!record) return NO_CONTENT;
  const fields = request.query.get('fields');
  const list = fields === null ? undefined : commaList(fields);
  if (list && list.length > MAX_FIELDS_PER_GET_RECORDS) {
    return paramLimitExceeded('fields', MAX_FIELDS_PER_GET_RECORDS);
  }
  return ok({ data: [viewRecord(state, record, list)] });
}

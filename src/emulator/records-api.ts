// GET /crm/v7/{module} (by ids, by page, by page_token, narrowed by a custom view's cvid) and
// GET /crm/v7/{module}/{id}. Paging walks the module's id-ordered index, so a page costs
// per_page, not the org's size (a custom view's page costs the module's size: it is filtered).
import {
  DISCRETE_PAGINATION_LIMIT,
  MAX_FIELDS_PER_GET_RECORDS,
  MAX_IDS_PER_GET_RECORDS,
  MAX_RECORDS_PER_PAGE,
  PAGE_TOKEN_PAGINATION_LIMIT,
} from '../constants/zoho.js';
import type { ApiRequest } from './api-context.js';
import { resolveModule } from './module-resolve.js';
import type { OrgState, StoredCustomView, StoredRecord } from './org-state.js';
import {
  PAGE_TOKEN_LIFETIME_MS,
  decodePageToken,
  encodePageToken,
  queryKey,
} from './page-token.js';
import { commaList, idList, positiveInt, type Parsed } from './query-params.js';
import { viewRecord } from './record-view.js';
import type { SeedCriteria, SeedModule } from './seed-types.js';
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

/**
 * The id of each module's default "All <module>" view (A27): every record. Zoho gives each org
 * its own ids and documents none, so these are the emulator's, the same in every org.
 */
export const DEFAULT_VIEW_IDS: Readonly<Record<SeedModule, string>> = {
  Leads: '554023000000087501',
  Accounts: '554023000000087503',
  Contacts: '554023000000087505',
  Deals: '554023000000087507',
};

/** Which records a `cvid` keeps: all (no cvid, or an "All" view), or a seed's custom view. */
type ViewFilter = ((record: StoredRecord) => boolean) | undefined;

function bad(status: number, code: string, message: string, details: Record<string, unknown>) {
  return { status, body: errorBody(code, message, details) };
}

/** A list call's parameters, checked in Zoho's order (A15, A27). */
interface ListQuery {
  readonly module: SeedModule;
  readonly fields: readonly string[];
  readonly ids: readonly string[] | undefined;
  readonly perPage: number;
  readonly sortBy: SortField;
  readonly sortOrder: 'asc' | 'desc';
  readonly cvid: string | null;
  readonly view: ViewFilter;
}

/** GET /crm/v7/{module}: the records named by `ids`, or one page of them. */
export function getRecords(request: ApiRequest): ZohoAnswer {
  const read = readListQuery(request);
  if (!read.ok) return read.answer;
  const list = read.value;
  if (list.ids) return recordsByIds(request.parts.state, list, list.ids);
  const now = request.parts.now();
  const key = queryKey([
    list.module,
    list.fields.join(','),
    list.sortBy,
    list.sortOrder,
    String(list.perPage),
    list.cvid ?? '',
  ]);
  const start = pageStart(request.query, list.perPage, key, now);
  if (!start.ok) return start.answer;
  return recordsPage(request.parts.state, list, { ...start.value, key, now });
}

/** The parameters, or the answer that ends the call before any record is read. */
function readListQuery(request: ApiRequest): Parsed<ListQuery> {
  const { query } = request;
  const answer = (early: ZohoAnswer) => ({ ok: false, answer: early }) as const;
  const resolved = resolveModule(request.params['module'] ?? '', false);
  if (resolved.kind === 'error') return answer(resolved.answer);
  if (query.get('fields') === null) {
    return answer(
      bad(400, 'REQUIRED_PARAM_MISSING', 'required param is missing', { param_name: 'fields' }),
    );
  }
  const fields = commaList(query.get('fields'));
  if (fields.length === 0) return answer(invalidParam('fields'));
  if (fields.length > MAX_FIELDS_PER_GET_RECORDS) {
    return answer(paramLimitExceeded('fields', MAX_FIELDS_PER_GET_RECORDS));
  }
  const ids = idList(query, 'ids', MAX_IDS_PER_GET_RECORDS);
  if (!ids.ok) return ids;
  const perPage = positiveInt(query, 'per_page', MAX_RECORDS_PER_PAGE, MAX_RECORDS_PER_PAGE);
  if (!perPage.ok) return perPage;
  const sortBy = (query.get('sort_by') ?? 'id') as SortField;
  if (!SORT_FIELDS.includes(sortBy)) return answer(invalidParam('sort_by'));
  const sortOrder = query.get('sort_order') ?? 'desc';
  if (sortOrder !== 'asc' && sortOrder !== 'desc') return answer(invalidParam('sort_order'));
  const cvid = query.get('cvid');
  // A module without records has no view the emulator knows: any cvid is unknown there.
  if (resolved.kind === 'no-records') {
    return answer(cvid === null ? NO_CONTENT : invalidParam('cvid'));
  }
  const view = viewFilter(request.parts.state, resolved.module, cvid);
  if (view === 'unknown') return answer(invalidParam('cvid'));
  const { module } = resolved;
  return {
    ok: true,
    value: {
      module,
      fields,
      ids: ids.value,
      perPage: perPage.value,
      sortBy,
      sortOrder,
      cvid,
      view,
    },
  };
}

/** `ids=`: those of the ids that exist (and are in the view), in the order asked (A4). */
function recordsByIds(state: OrgState, list: ListQuery, ids: readonly string[]): ZohoAnswer {
  const table = state.modules[list.module];
  const found = ids.flatMap((id) => {
    const record = table.byId.get(id);
    return record && (!list.view || list.view(record))
      ? [viewRecord(state, record, list.fields)]
      : [];
  });
  if (found.length === 0) return NO_CONTENT;
  return ok({
    data: found,
    info: info({ ...list, perPage: found.length, count: found.length, page: 1, more: false }),
  });
}

/** Where the page starts: from a page_token (bound to the query, A15) or from page × per_page. */
function pageStart(
  query: URLSearchParams,
  perPage: number,
  key: string,
  now: number,
): Parsed<{ readonly offset: number; readonly tokenExpiry: string | null }> {
  const answer = (early: ZohoAnswer) => ({ ok: false, answer: early }) as const;
  const pageToken = query.get('page_token');
  if (pageToken !== null && query.get('page') !== null) {
    return answer(
      bad(400, 'AMBIGUITY_DURING_PROCESSING', 'ambiguity while processing the request', {
        ambiguity_due_to: ['page', 'page_token'],
      }),
    );
  }
  if (pageToken === null) {
    const page = positiveInt(query, 'page', 1);
    if (!page.ok) return page;
    if (page.value * perPage > DISCRETE_PAGINATION_LIMIT) {
      return answer(
        bad(
          400,
          'DISCRETE_PAGINATION_LIMIT_EXCEEDED',
          `You can only get the first ${DISCRETE_PAGINATION_LIMIT} records without using page_token param`,
          { limit: DISCRETE_PAGINATION_LIMIT },
        ),
      );
    }
    return { ok: true, value: { offset: (page.value - 1) * perPage, tokenExpiry: null } };
  }
  const read = decodePageToken(pageToken, key, now);
  if (read.kind === 'mismatch') {
    return answer(
      bad(
        400,
        'TOKEN_BOUND_DATA_MISMATCH',
        'The page_token given seems to be invalid or input param is added or altered or deleted',
        { param_name: 'page_token' },
      ),
    );
  }
  if (read.kind === 'expired') {
    return answer(
      bad(400, 'EXPIRED_VALUE', 'Page token expired', {
        api_name: 'page_token',
        json_path: '$.query.page_token',
      }),
    );
  }
  if (read.offset >= PAGE_TOKEN_PAGINATION_LIMIT) {
    return answer(
      bad(
        400,
        'PAGINATION_LIMIT_EXCEEDED',
        `You can only get upto ${PAGE_TOKEN_PAGINATION_LIMIT} records using page_token param`,
        { param_name: 'page_token' },
      ),
    );
  }
  return { ok: true, value: { offset: read.offset, tokenExpiry: zohoTime(read.expiresAt) } };
}

/** One page from `offset`, with the page tokens that continue it. */
function recordsPage(
  state: OrgState,
  list: ListQuery,
  at: {
    readonly offset: number;
    readonly tokenExpiry: string | null;
    readonly key: string;
    readonly now: number;
  },
): ZohoAnswer {
  const { perPage } = list;
  const { offset, key } = at;
  const records = pageOf(state, list, offset, perPage + 1);
  if (records.length === 0) return NO_CONTENT;
  // The page that reaches the limit does not say whether records remain (assumption A25).
  const more = records.length > perPage && offset + perPage < PAGE_TOKEN_PAGINATION_LIMIT;
  const shown = records.slice(0, perPage);
  const expiresAt = at.now + PAGE_TOKEN_LIFETIME_MS;
  return ok({
    data: shown.map((r) => viewRecord(state, r, list.fields)),
    info: {
      ...info({
        ...list,
        count: shown.length,
        page: Math.floor(offset / perPage) + 1,
        more,
      }),
      next_page_token: more ? encodePageToken(offset + perPage, key, expiresAt) : null,
      previous_page_token:
        offset > 0 ? encodePageToken(Math.max(0, offset - perPage), key, expiresAt) : null,
      page_token_expiry: more ? zohoTime(expiresAt) : at.tokenExpiry,
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

/**
 * `limit` records from `offset` in the requested order, touching only those records (a custom
 * view's filter reads the whole module first).
 */
function pageOf(
  state: OrgState,
  { module, view, sortBy, sortOrder }: ListQuery,
  offset: number,
  limit: number,
): StoredRecord[] {
  const table = state.modules[module];
  const inView = view
    ? table.sortedIds.filter((id) => view(table.byId.get(id) as StoredRecord))
    : table.sortedIds;
  const ids =
    sortBy === 'id'
      ? inView
      : // Rare in practice; sorting here keeps the index simple (ties broken by id).
        [...inView].sort((a, b) => {
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

/**
 * The filter of `cvid` (A27): none without one or for the module's "All" view, the seed's view
 * of this module, or 'unknown' (not digits, no such view, or another module's view).
 */
function viewFilter(
  state: OrgState,
  module: SeedModule,
  cvid: string | null,
): ViewFilter | 'unknown' {
  if (cvid === null) return undefined;
  const id = cvid.trim();
  if (!ID_PATTERN.test(id)) return 'unknown';
  const custom = state.customViews.get(id);
  if (custom?.module === module) return inCustomView(custom);
  if (id === DEFAULT_VIEW_IDS[module]) return undefined;
  return 'unknown';
}

function inCustomView(view: StoredCustomView): (record: StoredRecord) => boolean {
  const listed = view.recordIds ? new Set(view.recordIds) : undefined;
  const criteria = view.criteria;
  return (record) =>
    (!listed || listed.has(record.id)) && (!criteria || matchesCriteria(record, criteria));
}

function fieldText(record: StoredRecord, apiName: string): string | null {
  switch (apiName) {
    case 'id':
      return record.id;
    case 'Created_Time':
      return record.createdTime;
    case 'Modified_Time':
      return record.modifiedTime;
    default: {
      const v = record.fields[apiName];
      return v === undefined || v === null ? null : String(v);
    }
  }
}

/** Numbers compare as numbers (ids included), anything else as text. */
function compareValues(a: string, b: string): number {
  const numeric = /^-?\d+(\.\d+)?$/;
  if (numeric.test(a) && numeric.test(b)) {
    if (/^\d+$/.test(a) && /^\d+$/.test(b)) return compareIds(a, b);
    return Math.sign(Number(a) - Number(b));
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Zoho's criteria (one comparison or a group) held against a record; text compares as is. */
function matchesCriteria(record: StoredRecord, criteria: SeedCriteria): boolean {
  if ('group' in criteria) {
    const and = criteria.group_operator.toUpperCase() === 'AND';
    return and
      ? criteria.group.every((c) => matchesCriteria(record, c))
      : criteria.group.some((c) => matchesCriteria(record, c));
  }
  const actual = fieldText(record, criteria.field.api_name);
  const values = (Array.isArray(criteria.value) ? criteria.value : [criteria.value]).map((v) =>
    v === null || v === undefined ? null : String(v as string | number | boolean),
  );
  const first = values[0] ?? null;
  const text = (actual ?? '').toLowerCase();
  const wanted = (first ?? '').toLowerCase();
  switch (criteria.comparator) {
    case 'equal':
    case 'in':
      return values.includes(actual);
    case 'not_equal':
    case 'not_in':
      return !values.includes(actual);
    case 'starts_with':
      return actual !== null && text.startsWith(wanted);
    case 'ends_with':
      return actual !== null && text.endsWith(wanted);
    case 'contains':
      return actual !== null && text.includes(wanted);
    case 'not_contains':
      return !text.includes(wanted);
    default: {
      if (actual === null || first === null) return false;
      const cmp = compareValues(actual, first);
      if (criteria.comparator === 'less_than') return cmp < 0;
      if (criteria.comparator === 'less_equal') return cmp <= 0;
      if (criteria.comparator === 'greater_than') return cmp > 0;
      if (criteria.comparator === 'greater_equal') return cmp >= 0;
      return false;
    }
  }
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

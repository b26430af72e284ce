// GET /crm/v7/settings/territories[/{id}[/__child_territories]]: the catalogue with its
// hierarchy in `reporting_to`, page/per_page (max 2000), ids (max 100), include, filters.
import { MAX_TERRITORIES_PER_PAGE } from '../constants/zoho.js';
import type { ApiRequest } from './api-context.js';
import type { OrgState, StoredTerritory } from './org-state.js';
import { commaList, idList, positiveInt } from './query-params.js';
import {
  NO_CONTENT,
  featureNotEnabled,
  invalidIdInPath,
  invalidParam,
  ok,
  type ZohoAnswer,
} from './zoho-answers.js';
import { ID_PATTERN } from './zoho-time.js';

const MAX_IDS = 100;
const RULE_CRITERIA = ['lead_rule_criteria', 'account_rule_criteria', 'deal_rule_criteria'];

function view(state: OrgState, t: StoredTerritory, include: readonly string[]): object {
  const parent = t.parentId === null ? undefined : state.territories.get(t.parentId);
  const by = { name: state.user.name, id: state.user.id };
  const out: Record<string, unknown> = {
    created_time: t.createdTime,
    permission_type: t.parentId === null ? 'read_only' : 'read_write_delete',
    modified_time: t.createdTime,
    manager: t.manager ? { name: t.manager.name, id: t.manager.id } : null,
    api_name: t.apiName,
    name: t.name,
    modified_by: by,
    description: t.description,
    id: t.id,
    reporting_to: parent ? { name: parent.name, id: parent.id } : null,
    created_by: by,
  };
  // Rules are not modelled: asked-for criteria are answered as absent rules.
  for (const key of include) if (RULE_CRITERIA.includes(key)) out[key] = null;
  return out;
}

export function listTerritories(request: ApiRequest): ZohoAnswer {
  const { state } = request.parts;
  if (!state.territoriesEnabled) return featureNotEnabled();
  const include = commaList(request.query.get('include'));
  const ids = idList(request.query, 'ids', MAX_IDS);
  if (!ids.ok) return ids.answer;
  const filter = parseFilter(request.query.get('filters'));
  if (filter === 'invalid') return invalidParam('filters');
  if (ids.value) {
    const found = ids.value.flatMap((id) => {
      const t = state.territories.get(id);
      return t && (!filter || filter(state, t)) ? [view(state, t, include)] : [];
    });
    return found.length === 0 ? NO_CONTENT : ok({ territories: found });
  }
  const all = [...state.territories.values()].filter((t) => !filter || filter(state, t));
  return paged(request, all, include);
}

export function childTerritories(request: ApiRequest): ZohoAnswer {
  const { state } = request.parts;
  if (!state.territoriesEnabled) return featureNotEnabled();
  const id = request.params['id'] ?? '';
  if (!ID_PATTERN.test(id) || !state.territories.has(id)) return invalidIdInPath(2);
  const children = (state.children.get(id) ?? []).flatMap((c) => {
    const t = state.territories.get(c);
    return t ? [t] : [];
  });
  return paged(request, children, commaList(request.query.get('include')));
}

function paged(
  request: ApiRequest,
  list: readonly StoredTerritory[],
  include: string[],
): ZohoAnswer {
  const perPage = positiveInt(
    request.query,
    'per_page',
    MAX_TERRITORIES_PER_PAGE,
    MAX_TERRITORIES_PER_PAGE,
  );
  if (!perPage.ok) return perPage.answer;
  const page = positiveInt(request.query, 'page', 1);
  if (!page.ok) return page.answer;
  const start = (page.value - 1) * perPage.value;
  const slice = list.slice(start, start + perPage.value);
  if (slice.length === 0) return NO_CONTENT;
  return ok({
    territories: slice.map((t) => view(request.parts.state, t, include)),
    info: {
      per_page: perPage.value,
      count: slice.length,
      page: page.value,
      more_records: start + perPage.value < list.length,
    },
  });
}

export function getTerritory(request: ApiRequest): ZohoAnswer {
  const { state } = request.parts;
  if (!state.territoriesEnabled) return featureNotEnabled();
  const id = request.params['id'] ?? '';
  const t = ID_PATTERN.test(id) ? state.territories.get(id) : undefined;
  if (!t) return invalidIdInPath(2);
  return ok({ territories: [view(state, t, commaList(request.query.get('include')))] });
}

type Filter = (state: OrgState, t: StoredTerritory) => boolean;

/** Zoho's `filters` criteria: {field:{api_name}, comparator, value} or {group_operator, group}. */
function parseFilter(raw: string | null): Filter | undefined | 'invalid' {
  if (raw === null) return undefined;
  let criteria: unknown;
  try {
    criteria = JSON.parse(raw);
  } catch {
    return 'invalid';
  }
  return compile(criteria) ?? 'invalid';
}

function compile(criteria: unknown): Filter | undefined {
  if (typeof criteria !== 'object' || criteria === null) return undefined;
  const c = criteria as Record<string, unknown>;
  if (Array.isArray(c['group'])) {
    const parts = c['group'].map(compile);
    if (parts.some((p) => p === undefined)) return undefined;
    const filters = parts as Filter[];
    const op = String(c['group_operator'] ?? 'AND').toUpperCase();
    if (op === 'AND') return (s, t) => filters.every((f) => f(s, t));
    if (op === 'OR') return (s, t) => filters.some((f) => f(s, t));
    return undefined;
  }
  const apiName = (c['field'] as { api_name?: unknown } | undefined)?.api_name;
  const value = c['value'];
  const read = fieldReader(apiName);
  const test = comparator(c['comparator'], value);
  if (!read || !test) return undefined;
  return (s, t) => test(read(s, t));
}

function fieldReader(
  apiName: unknown,
): ((s: OrgState, t: StoredTerritory) => string | null) | undefined {
  switch (apiName) {
    case 'id':
      return (_s, t) => t.id;
    case 'name':
      return (_s, t) => t.name;
    case 'api_name':
      return (_s, t) => t.apiName;
    case 'reporting_to.id':
      return (_s, t) => t.parentId;
    case 'manager.id':
      return (_s, t) => t.manager?.id ?? null;
    case 'permission_type':
      return (_s, t) => (t.parentId === null ? 'read_only' : 'read_write_delete');
    default:
      return undefined;
  }
}

function comparator(name: unknown, value: unknown): ((v: string | null) => boolean) | undefined {
  const values = (Array.isArray(value) ? value : [value]).map((v) =>
    v === null ? null : String(v),
  );
  const first = values[0] ?? null;
  const lower = (v: string | null) => (v ?? '').toLowerCase();
  switch (name) {
    case 'equal':
    case 'in':
      return (v) => values.includes(v);
    case 'not_equal':
    case 'not_in':
      return (v) => !values.includes(v);
    case 'starts_with':
      return (v) => lower(v).startsWith(lower(first));
    case 'ends_with':
      return (v) => lower(v).endsWith(lower(first));
    case 'contains':
      return (v) => lower(v).includes(lower(first));
    case 'not_contains':
      return (v) => !lower(v).includes(lower(first));
    default:
      return undefined;
  }
}

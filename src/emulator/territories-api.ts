// GET /crm/v7/settings/territories[/{id}[/__child_territories]]: the catalogue with its
// hierarchy in `reporting_to`, page/per_page (max 2000), ids (max 100), include (rule criteria,
// A29), include_inner_details (the manager's zuid and status, A30), filters.
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
const RULE_KEYS = {
  account: 'account_rule_criteria',
  lead: 'lead_rule_criteria',
  deal: 'deal_rule_criteria',
} as const;
type RuleKind = keyof typeof RULE_KEYS;
const INNER_DETAILS = ['manager.zuid', 'manager.status'] as const;
type InnerDetail = (typeof INNER_DETAILS)[number];

/** What a territory's answer carries besides its own keys. */
interface ViewOptions {
  /** The rule criteria keys answered (A29). */
  readonly rules: readonly RuleKind[];
  /** The manager's extra keys (A30). */
  readonly inner: readonly InnerDetail[];
}

/** The rule kinds the org has on: account always, lead and deal by the seed's switches (A29). */
function enabledRules(state: OrgState): RuleKind[] {
  return [
    'account',
    ...(state.leadRulesEnabled ? (['lead'] as const) : []),
    ...(state.dealRulesEnabled ? (['deal'] as const) : []),
  ];
}

/**
 * The criteria keys asked for with `include` (the list and children routes); the by-id route
 * answers every enabled one unasked, as Zoho's getTerritoryById example does. A rule kind the
 * org does not have is left out even when asked: "the key won't be present".
 */
function includedRules(state: OrgState, include: readonly string[], byId: boolean): RuleKind[] {
  return enabledRules(state).filter((kind) => byId || include.includes(RULE_KEYS[kind]));
}

/** include_inner_details: manager.zuid, manager.status or both; anything else INVALID_DATA. */
function innerDetails(query: URLSearchParams): InnerDetail[] | ZohoAnswer {
  const raw = query.get('include_inner_details');
  if (raw === null) return [];
  const asked = commaList(raw);
  if (asked.length === 0) return invalidParam('include_inner_details');
  const known: readonly string[] = INNER_DETAILS;
  if (!asked.every((a) => known.includes(a))) return invalidParam('include_inner_details');
  return INNER_DETAILS.filter((d) => asked.includes(d));
}

function viewOptions(
  request: ApiRequest,
  byId: boolean,
): { ok: true; value: ViewOptions } | { ok: false; answer: ZohoAnswer } {
  const inner = innerDetails(request.query);
  if (!Array.isArray(inner)) return { ok: false, answer: inner };
  const include = commaList(request.query.get('include'));
  return { ok: true, value: { rules: includedRules(request.parts.state, include, byId), inner } };
}

/** An 8-digit number derived from a Zoho id (as GET /org derives primary_zuid, org-api.ts). */
function derivedZuid(id: string): string {
  return String(10_000_000n + (BigInt(id) % 90_000_000n));
}

function managerView(t: StoredTerritory, inner: readonly InnerDetail[]): object | null {
  const m = t.manager;
  if (!m) return null;
  return {
    name: m.name,
    id: m.id,
    ...(inner.includes('manager.zuid') ? { zuid: m.zuid ?? derivedZuid(m.id) } : {}),
    ...(inner.includes('manager.status') ? { status: m.status ?? 'active' } : {}),
  };
}

function view(state: OrgState, t: StoredTerritory, options: ViewOptions): object {
  const parent = t.parentId === null ? undefined : state.territories.get(t.parentId);
  const by = { name: state.user.name, id: state.user.id };
  const out: Record<string, unknown> = {
    created_time: t.createdTime,
    permission_type: t.parentId === null ? 'read_only' : 'read_write_delete',
    modified_time: t.createdTime,
    manager: managerView(t, options.inner),
    api_name: t.apiName,
    name: t.name,
    modified_by: by,
    description: t.description,
    id: t.id,
    reporting_to: parent ? { name: parent.name, id: parent.id } : null,
    created_by: by,
  };
  // A rule kind without criteria on this territory answers null (Zoho's include example).
  for (const kind of options.rules) out[RULE_KEYS[kind]] = t.rules[kind] ?? null;
  return out;
}

export function listTerritories(request: ApiRequest): ZohoAnswer {
  const { state } = request.parts;
  if (!state.territoriesEnabled) return featureNotEnabled();
  const options = viewOptions(request, false);
  if (!options.ok) return options.answer;
  const ids = idList(request.query, 'ids', MAX_IDS);
  if (!ids.ok) return ids.answer;
  const filter = parseFilter(request.query.get('filters'));
  if (filter === 'invalid') return invalidParam('filters');
  if (ids.value) {
    const found = ids.value.flatMap((id) => {
      const t = state.territories.get(id);
      return t && (!filter || filter(state, t)) ? [view(state, t, options.value)] : [];
    });
    return found.length === 0 ? NO_CONTENT : ok({ territories: found });
  }
  const all = [...state.territories.values()].filter((t) => !filter || filter(state, t));
  return paged(request, all, options.value);
}

export function childTerritories(request: ApiRequest): ZohoAnswer {
  const { state } = request.parts;
  if (!state.territoriesEnabled) return featureNotEnabled();
  const id = request.params['id'] ?? '';
  if (!ID_PATTERN.test(id) || !state.territories.has(id)) return invalidIdInPath(2);
  const options = viewOptions(request, false);
  if (!options.ok) return options.answer;
  const children = (state.children.get(id) ?? []).flatMap((c) => {
    const t = state.territories.get(c);
    return t ? [t] : [];
  });
  return paged(request, children, options.value);
}

function paged(
  request: ApiRequest,
  list: readonly StoredTerritory[],
  options: ViewOptions,
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
    territories: slice.map((t) => view(request.parts.state, t, options)),
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
  const options = viewOptions(request, true);
  if (!options.ok) return options.answer;
  return ok({ territories: [view(state, t, options.value)] });
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

// POST /crm/v7/coql {"select_query": "..."} with v7's limits: LIMIT at most 2000, at most
// 100,000 records by LIMIT/OFFSET, IN at most 100 values, territory fields in SELECT only.
// A lookup column (`Account_Name` of Contacts and Deals) answers `{id}`, and `<lookup>.<field>`
// reads the looked-up record's field, territories included (A28).
import {
  MAX_COQL_IN_VALUES,
  MAX_COQL_LIMIT,
  PAGE_TOKEN_PAGINATION_LIMIT,
} from '../constants/zoho.js';
import type { ApiRequest } from './api-context.js';
import { idsInRange, isRangeOp } from './coql-id-range.js';
import { CoqlSyntaxError, parseCoql, type Condition, type CoqlQuery } from './coql-parse.js';
import { parseLenientJson } from './http-body.js';
import { fieldsOf, findModule, isSeedModule, lookupTarget } from './module-catalog.js';
import type { OrgState, StoredRecord } from './org-state.js';
import { territoryKeys, viewRecord } from './record-view.js';
import { allows, scopeSet } from './scopes.js';
import type { SeedModule } from './seed-types.js';
import {
  NO_CONTENT,
  errorBody,
  invalidJsonBody,
  ok,
  scopeMismatch,
  type ZohoAnswer,
} from './zoho-answers.js';
import { compareIds } from './zoho-time.js';

const DEFAULT_LIMIT = 200;
const MAX_SELECT_FIELDS = 500;

const fail = (code: string, message: string, details: Record<string, unknown>): ZohoAnswer => ({
  status: 400,
  body: errorBody(code, message, details),
});

const invalidQuery = (details: Record<string, unknown>) =>
  fail('INVALID_QUERY', 'invalid query formed', details);

export function runCoql(request: ApiRequest): ZohoAnswer {
  const parsed = parseLenientJson(request.bodyText);
  if (!parsed.ok) return invalidJsonBody();
  const body = parsed.value as { select_query?: unknown } | null;
  const text = typeof body === 'object' && body !== null ? body.select_query : undefined;
  if (typeof text !== 'string' || text.trim() === '') {
    return fail('MANDATORY_NOT_FOUND', 'required field not found', {
      api_name: 'select_query',
      json_path: '$.select_query',
    });
  }
  let query: CoqlQuery;
  try {
    query = parseCoql(text);
  } catch (error) {
    if (!(error instanceof CoqlSyntaxError)) throw error;
    return fail('SYNTAX_ERROR', 'error occured while parsing the query', {
      clause: error.clause,
      near: error.near,
    });
  }
  const meta = findModule(query.module);
  if (!meta) return invalidQuery({ reason: 'invalid module', module: query.module });
  const granted = scopeSet(request.grant?.scopes ?? []);
  if (!allows(granted, { kind: 'coql', module: meta.api_name })) return scopeMismatch();
  if (!isSeedModule(meta.api_name)) return NO_CONTENT;
  const module = meta.api_name;
  const problem = checkLimits(query, module);
  if (problem) return problem;
  const { state } = request.parts;
  const limit = query.limit ?? DEFAULT_LIMIT;
  const matches = select(state, module, query);
  const pageRecords = matches.slice(query.offset, query.offset + limit);
  if (pageRecords.length === 0) return NO_CONTENT;
  return ok({
    data: pageRecords.map((r) => row(state, r, query.fields)),
    info: { count: pageRecords.length, more_records: query.offset + limit < matches.length },
  });
}

/** A column read through a lookup: `Account_Name.Territories` of Contacts (A28). */
interface Joined {
  readonly lookup: string;
  readonly target: SeedModule;
  readonly field: string;
}

function joined(module: SeedModule, column: string): Joined | undefined {
  const dot = column.indexOf('.');
  if (dot < 0) return undefined;
  const lookup = column.slice(0, dot);
  const field = column.slice(dot + 1);
  const target = lookupTarget(module, lookup);
  return target && field !== '' ? { lookup, target, field } : undefined;
}

function ownField(module: SeedModule, field: string): boolean {
  return (
    territoryKeys(module).includes(field) || fieldsOf(module).some((f) => f.api_name === field)
  );
}

/** A column of the module, or one lookup away (no deeper: the targets have no lookups). */
function known(module: SeedModule, column: string): boolean {
  const join = joined(module, column);
  if (join) return ownField(join.target, join.field);
  return ownField(module, column);
}

function isTerritoryColumn(module: SeedModule, column: string): boolean {
  const join = joined(module, column);
  return join
    ? territoryKeys(join.target).includes(join.field)
    : territoryKeys(module).includes(column);
}

/** The record a lookup field holds (its value is the looked-up record's id), if it exists. */
function looked(state: OrgState, record: StoredRecord, lookup: string, target: SeedModule) {
  const value = record.fields[lookup];
  return typeof value === 'string' ? state.record(target, value) : undefined;
}

/**
 * One record as COQL answers it: its own columns as `viewRecord` serves them in COQL form
 * (lookups as {id}), joined columns by name.
 */
function row(state: OrgState, record: StoredRecord, columns: readonly string[]) {
  const out = viewRecord(
    state,
    record,
    columns.filter((c) => !c.includes('.')),
    true,
  );
  for (const column of columns) {
    const join = joined(record.module, column);
    if (!join) continue;
    const found = looked(state, record, join.lookup, join.target);
    out[column] = found ? (viewRecord(state, found, [join.field], true)[join.field] ?? null) : null;
  }
  return out;
}

function whereFields(c: Condition | undefined): string[] {
  if (!c) return [];
  switch (c.kind) {
    case 'and':
    case 'or':
      return [...whereFields(c.left), ...whereFields(c.right)];
    default:
      return [c.field];
  }
}

function inSizes(c: Condition | undefined): number[] {
  if (!c) return [];
  if (c.kind === 'and' || c.kind === 'or') return [...inSizes(c.left), ...inSizes(c.right)];
  return c.kind === 'in' ? [c.values.length] : [];
}

function checkLimits(query: CoqlQuery, module: SeedModule): ZohoAnswer | undefined {
  if (query.fields.length > MAX_SELECT_FIELDS) {
    return fail('LIMIT_EXCEEDED', 'limit exceeded', { limit: MAX_SELECT_FIELDS, clause: 'select' });
  }
  for (const field of [...query.fields, ...query.orderBy.map((o) => o.field)]) {
    if (!known(module, field))
      return invalidQuery({ column_name: field, reason: 'invalid column' });
  }
  for (const field of whereFields(query.where)) {
    if (isTerritoryColumn(module, field)) {
      return invalidQuery({
        column_name: field,
        reason: 'territory fields are only supported in the select column',
      });
    }
    if (!known(module, field))
      return invalidQuery({ column_name: field, reason: 'invalid column' });
  }
  if (inSizes(query.where).some((n) => n > MAX_COQL_IN_VALUES)) {
    return fail('LIMIT_EXCEEDED', 'limit exceeded', { limit: MAX_COQL_IN_VALUES, operator: 'in' });
  }
  if (query.limit !== undefined && (query.limit < 1 || query.limit > MAX_COQL_LIMIT)) {
    return fail('LIMIT_EXCEEDED', 'limit exceeded', { limit: MAX_COQL_LIMIT, clause: 'limit' });
  }
  if (query.offset + (query.limit ?? DEFAULT_LIMIT) > PAGE_TOKEN_PAGINATION_LIMIT) {
    return fail('LIMIT_EXCEEDED', 'limit exceeded', {
      limit: PAGE_TOKEN_PAGINATION_LIMIT,
      clause: 'offset',
    });
  }
  return undefined;
}

function valueOf(state: OrgState, record: StoredRecord, field: string): string | null {
  const join = joined(record.module, field);
  if (join) {
    const found = looked(state, record, join.lookup, join.target);
    return found ? valueOf(state, found, join.field) : null;
  }
  switch (field) {
    case 'id':
      return record.id;
    case 'Created_Time':
      return record.createdTime;
    case 'Modified_Time':
      return record.modifiedTime;
    default: {
      const v = record.fields[field];
      return v === undefined || v === null ? null : String(v);
    }
  }
}

/** `id`, and `<lookup>.id`, compare as numbers. */
const isIdColumn = (field: string) => field === 'id' || field.endsWith('.id');

function matches(state: OrgState, record: StoredRecord, c: Condition): boolean {
  switch (c.kind) {
    case 'and':
      return matches(state, record, c.left) && matches(state, record, c.right);
    case 'or':
      return matches(state, record, c.left) || matches(state, record, c.right);
    case 'null':
      return (valueOf(state, record, c.field) === null) !== c.negated;
    case 'in':
      return c.values.includes(valueOf(state, record, c.field) ?? '\u0000') !== c.negated;
    case 'compare': {
      const v = valueOf(state, record, c.field);
      if (v === null) return false;
      const cmp = isIdColumn(c.field)
        ? compareIds(v, c.value)
        : v < c.value
          ? -1
          : v > c.value
            ? 1
            : 0;
      switch (c.op) {
        case '=':
          return cmp === 0;
        case '!=':
          return cmp !== 0;
        case '<':
          return cmp < 0;
        case '>':
          return cmp > 0;
        case '<=':
          return cmp <= 0;
        default:
          return cmp >= 0;
      }
    }
  }
}

/** `id in (...)`, `id = x` and `id > x` (and the like) read the index; others scan the module. */
function select(state: OrgState, module: SeedModule, query: CoqlQuery): StoredRecord[] {
  const table = state.modules[module];
  const w = query.where;
  let candidates: StoredRecord[];
  if (w?.kind === 'in' && w.field === 'id' && !w.negated) {
    candidates = [...new Set(w.values)].flatMap((id) => {
      const r = table.byId.get(id);
      return r ? [r] : [];
    });
    candidates.sort((a, b) => compareIds(a.id, b.id));
  } else if (w?.kind === 'compare' && w.field === 'id' && w.op === '=') {
    const r = table.byId.get(w.value);
    candidates = r ? [r] : [];
  } else if (w?.kind === 'compare' && w.field === 'id' && isRangeOp(w.op)) {
    candidates = idsInRange(table, w.op, w.value).map((id) => table.byId.get(id) as StoredRecord);
  } else {
    candidates = table.sortedIds.map((id) => table.byId.get(id) as StoredRecord);
    if (w) candidates = candidates.filter((r) => matches(state, r, w));
  }
  if (query.orderBy.length > 0) {
    candidates.sort((a, b) => {
      for (const { field, desc } of query.orderBy) {
        const va = valueOf(state, a, field) ?? '';
        const vb = valueOf(state, b, field) ?? '';
        const cmp = isIdColumn(field) ? compareIds(va, vb) : va < vb ? -1 : va > vb ? 1 : 0;
        if (cmp !== 0) return desc ? -cmp : cmp;
      }
      return 0;
    });
  }
  return candidates;
}

// POST /crm/v7/coql {"select_query": "..."} with v7's limits: LIMIT at most 2000, at most
// 100,000 records by LIMIT/OFFSET, territory fields in SELECT only. A lookup column
// (`Account_Name` of Contacts and Deals) answers `{id}`, and `<lookup>.<field>` reads the
// looked-up record's field, territories included (A28). The WHERE clause is read by
// coql-where.ts and judged by coql-criteria.ts against each column's type (A33, A34).
import { MAX_COQL_LIMIT, PAGE_TOKEN_PAGINATION_LIMIT } from '../constants/zoho.js';
import type { ApiRequest } from './api-context.js';
import { idsInRange, isRangeOp, type RangeOp } from './coql-id-range.js';
import {
  compareForOrder,
  compileCondition,
  criterionProblem,
  kindOfDataType,
  type ColumnKind,
} from './coql-criteria.js';
import { parseCoql, type CoqlQuery } from './coql-parse.js';
import { CoqlError } from './coql-tokens.js';
import { criteriaOf, type Condition } from './coql-where.js';
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

const refused = (error: CoqlError): ZohoAnswer =>
  fail(error.code, error.zohoMessage, error.details);

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
    if (!(error instanceof CoqlError)) throw error;
    return refused(error);
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
  // One record past the page tells whether more follow.
  const matches = select(state, module, query, query.offset + limit + 1);
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

/** How a column of the module (or one lookup away) compares; undefined for a territory field. */
function kindOf(module: SeedModule, column: string): ColumnKind | undefined {
  const join = joined(module, column);
  const owner = join ? join.target : module;
  const field = join ? join.field : column;
  const meta = fieldsOf(owner).find((f) => f.api_name === field);
  return meta ? kindOfDataType(meta.data_type) : undefined;
}

/** The first criterion Zoho would refuse, left to right: its column, then its operator and values. */
function whereProblem(module: SeedModule, where: Condition | undefined): ZohoAnswer | undefined {
  for (const criterion of criteriaOf(where)) {
    const field = criterion.field;
    if (isTerritoryColumn(module, field)) {
      return invalidQuery({
        column_name: field,
        reason: 'territory fields are only supported in the select column',
      });
    }
    const kind = known(module, field) ? kindOf(module, field) : undefined;
    if (!kind) return invalidQuery({ column_name: field, reason: 'invalid column' });
    const problem = criterionProblem(criterion, kind);
    if (problem) return refused(problem);
  }
  return undefined;
}

function checkLimits(query: CoqlQuery, module: SeedModule): ZohoAnswer | undefined {
  if (query.fields.length > MAX_SELECT_FIELDS) {
    return fail('LIMIT_EXCEEDED', 'limit exceeded', { limit: MAX_SELECT_FIELDS, clause: 'select' });
  }
  for (const field of [...query.fields, ...query.orderBy.map((o) => o.field)]) {
    if (!known(module, field))
      return invalidQuery({ column_name: field, reason: 'invalid column' });
  }
  const problem = whereProblem(module, query.where);
  if (problem) return problem;
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

/** A column's stored value: the record's own, or the looked-up record's (null when none). */
function valueOf(state: OrgState, record: StoredRecord, field: string): unknown {
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
    default:
      return record.fields[field] ?? null;
  }
}

/** `id > x` (and the like), alone or and-ed with other criteria: a selector's keyset page. */
function idRange(w: Condition | undefined): { op: RangeOp; value: string } | undefined {
  if (w?.kind === 'compare' && w.field === 'id' && isRangeOp(w.op))
    return { op: w.op, value: w.value };
  if (w?.kind === 'and') return idRange(w.left) ?? idRange(w.right);
  return undefined;
}

/** Records come in id order unless ORDER BY says otherwise (Zoho's default sort is by id). */
const inIdOrder = (query: CoqlQuery) =>
  query.orderBy.every((o, i) => i === 0 && o.field === 'id' && !o.desc);

/**
 * The records matching the query, in its order. `id in (...)`, `id = x` and an id range read the
 * index; others scan the module. In id order the scan stops once `needed` records match, so a
 * keyset page costs what it reads up to its last record, not the module.
 */
function select(
  state: OrgState,
  module: SeedModule,
  query: CoqlQuery,
  needed: number,
): StoredRecord[] {
  const table = state.modules[module];
  const w = query.where;
  const range = idRange(w);
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
  } else {
    const ids = range ? idsInRange(table, range.op, range.value) : table.sortedIds;
    const test = w && compileCondition(w, (column) => kindOf(module, column) as ColumnKind);
    const stopAt = inIdOrder(query) ? needed : Infinity;
    candidates = [];
    for (const id of ids) {
      if (candidates.length >= stopAt) break;
      const r = table.byId.get(id) as StoredRecord;
      if (!test || test((column) => valueOf(state, r, column))) candidates.push(r);
    }
  }
  if (query.orderBy.length > 0) {
    const order = query.orderBy.map((o) => ({ ...o, kind: kindOf(module, o.field) }));
    candidates.sort((a, b) => {
      for (const { field, kind, desc } of order) {
        const cmp = compareForOrder(kind, valueOf(state, a, field), valueOf(state, b, field));
        if (cmp !== 0) return desc ? -cmp : cmp;
      }
      return 0;
    });
  }
  return candidates;
}

// What a WHERE clause means for a column of each kind: the operators Zoho accepts on it, the
// values it accepts, and how a record's value is compared (A34). Text compares without regard to
// case and `like` takes `%` only at the start and/or the end (starts with, ends with, contains),
// so matching is startsWith/endsWith/includes: no pattern is ever compiled from the query. A
// criterion on an empty value is false, `!=` and the `not` operators included, as in SQL; only
// `is null` matches it.
import { CoqlError } from './coql-tokens.js';
import { operatorName, type Condition, type Criterion } from './coql-where.js';
import { compareIds } from './zoho-time.js';

/** How COQL treats a column: text-like, numeric, a record id, a time, a date, or a lookup. */
export type ColumnKind = 'text' | 'number' | 'id' | 'datetime' | 'date' | 'lookup';

const KIND_OF_DATA_TYPE: Readonly<Record<string, ColumnKind>> = {
  text: 'text',
  email: 'text',
  phone: 'text',
  website: 'text',
  picklist: 'text',
  autonumber: 'text',
  integer: 'number',
  double: 'number',
  currency: 'number',
  decimal: 'number',
  percent: 'number',
  bigint: 'id',
  datetime: 'datetime',
  date: 'date',
  lookup: 'lookup',
  ownerlookup: 'lookup',
};

/** The kind of a field from its metadata `data_type`; undefined for one COQL cannot filter. */
export function kindOfDataType(dataType: string): ColumnKind | undefined {
  return Object.hasOwn(KIND_OF_DATA_TYPE, dataType) ? KIND_OF_DATA_TYPE[dataType] : undefined;
}

const EQUALITY = ['=', '!=', 'in', 'not in', 'is null', 'is not null'];
const ORDERED = [...EQUALITY, '<', '<=', '>', '>=', 'between'];

/** Zoho's COQL overview: the operators each field type supports. */
const OPERATORS: Readonly<Record<ColumnKind, ReadonlySet<string>>> = {
  text: new Set([...EQUALITY, 'like', 'not like']),
  lookup: new Set(EQUALITY),
  number: new Set(ORDERED),
  id: new Set(ORDERED),
  datetime: new Set(ORDERED),
  date: new Set(ORDERED),
};

const NUMBER = /^-?\d{1,15}(?:\.\d{1,9})?$/;
const ID = /^\d{1,19}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:[+-]\d{2}:\d{2}|Z)$/;

type Key = string | number;

/** A value (a record's or a literal's) in the form it is compared in; null when empty or unreadable. */
function keyOf(kind: ColumnKind, raw: unknown): Key | null {
  if (raw === null || raw === undefined || raw === '') return null;
  if (typeof raw === 'object') return null;
  const text = String(raw);
  switch (kind) {
    case 'text':
      return text.toLowerCase();
    case 'number':
      if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
      return NUMBER.test(text) ? Number(text) : null;
    case 'id':
    case 'lookup':
      return ID.test(text) ? text : null;
    case 'datetime': {
      if (!DATETIME.test(text)) return null;
      const ms = Date.parse(text);
      return Number.isFinite(ms) ? ms : null;
    }
    case 'date':
      return DATE.test(text) && Number.isFinite(Date.parse(`${text}T00:00:00Z`)) ? text : null;
  }
}

function compareKeys(kind: ColumnKind, a: Key, b: Key): number {
  if (kind === 'id' || kind === 'lookup') return compareIds(a as string, b as string);
  return a < b ? -1 : a > b ? 1 : 0;
}

function invalidQuery(reason: string, details: Record<string, unknown>): CoqlError {
  return new CoqlError('INVALID_QUERY', 'Invalid query formed', { reason, ...details });
}

function literalsOf(c: Criterion): readonly string[] {
  switch (c.kind) {
    case 'compare':
      return [c.value];
    case 'in':
      return c.values;
    case 'between':
      return [c.low, c.high];
    case 'like':
    case 'null':
      return [];
  }
}

/**
 * Zoho's answer to a criterion its column cannot take: an operator the field type does not
 * support ([OAS] `invalid operator found`), or a value that is not of the field's type (A34).
 */
export function criterionProblem(c: Criterion, kind: ColumnKind): CoqlError | undefined {
  const operator = operatorName(c);
  if (!OPERATORS[kind].has(operator)) {
    return invalidQuery('invalid operator found', { column_name: c.field, operator });
  }
  if (kind === 'text') return undefined;
  for (const value of literalsOf(c)) {
    if (keyOf(kind, value) === null) {
      return invalidQuery('invalid value found', { column_name: c.field, operator, value });
    }
  }
  return undefined;
}

/** Reads a column of the record being tested. */
export type ColumnReader = (column: string) => unknown;
export type Predicate = (read: ColumnReader) => boolean;

function likeMatcher(pattern: string): (value: string) => boolean {
  let p = pattern.toLowerCase();
  const leading = p.startsWith('%');
  if (leading) p = p.slice(1);
  const trailing = p.endsWith('%');
  if (trailing) p = p.slice(0, -1);
  if (leading && trailing) return (v) => v.includes(p);
  if (leading) return (v) => v.endsWith(p);
  if (trailing) return (v) => v.startsWith(p);
  return (v) => v === p;
}

function criterionPredicate(c: Criterion, kind: ColumnKind): Predicate {
  const { field } = c;
  const key = (read: ColumnReader) => keyOf(kind, read(field));
  const cmp = (a: Key, b: Key) => compareKeys(kind, a, b);
  switch (c.kind) {
    case 'null':
      return (read) => (key(read) === null) !== c.negated;
    case 'in': {
      const set = new Set(c.values.map((v) => keyOf(kind, v)));
      return (read) => {
        const k = key(read);
        return k !== null && set.has(k) !== c.negated;
      };
    }
    case 'like': {
      const matches = likeMatcher(c.pattern);
      return (read) => {
        const k = key(read);
        return k !== null && matches(k as string) !== c.negated;
      };
    }
    case 'between': {
      const low = keyOf(kind, c.low) as Key;
      const high = keyOf(kind, c.high) as Key;
      return (read) => {
        const k = key(read);
        return k !== null && cmp(k, low) >= 0 && cmp(k, high) <= 0;
      };
    }
    case 'compare': {
      // Only text takes an empty literal; like an empty value, it equals nothing (A34).
      const value = keyOf(kind, c.value);
      if (value === null) return () => false;
      const test = {
        '=': (n: number) => n === 0,
        '!=': (n: number) => n !== 0,
        '<': (n: number) => n < 0,
        '<=': (n: number) => n <= 0,
        '>': (n: number) => n > 0,
        '>=': (n: number) => n >= 0,
      }[c.op];
      return (read) => {
        const k = key(read);
        return k !== null && test(cmp(k, value));
      };
    }
  }
}

/**
 * The condition as a test of one record. Every criterion must have passed criterionProblem
 * against `kindOf(field)`.
 */
export function compileCondition(c: Condition, kindOf: (column: string) => ColumnKind): Predicate {
  if (c.kind === 'and' || c.kind === 'or') {
    const left = compileCondition(c.left, kindOf);
    const right = compileCondition(c.right, kindOf);
    return c.kind === 'and'
      ? (read) => left(read) && right(read)
      : (read) => left(read) || right(read);
  }
  return criterionPredicate(c, kindOf(c.field));
}

/** ORDER BY on a column of this kind: empty values first, then by value (text as written). */
export function compareForOrder(kind: ColumnKind | undefined, a: unknown, b: unknown): number {
  const ka = kind && kind !== 'text' ? keyOf(kind, a) : a == null || a === '' ? null : String(a);
  const kb = kind && kind !== 'text' ? keyOf(kind, b) : b == null || b === '' ? null : String(b);
  if (ka === null || kb === null) return ka === kb ? 0 : ka === null ? -1 : 1;
  return compareKeys(kind ?? 'text', ka, kb);
}

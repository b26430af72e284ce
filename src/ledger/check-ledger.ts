// Whether a value (or a text) is a selectors' ledger: schemas/ledger.schema.json, then what a
// schema cannot say (each list sorted and unique, no empty entry). A ledger lives in git and
// people edit it, so it is checked like any hostile input, and the first problem is named with
// the record's index and id. Pure: the schema is read through src/schemas.ts, once.
import type { ErrorObject, ValidateFunction } from 'ajv';
import { escapeInvisible } from '../core/escape-invisible.js';
import { isObject } from '../core/is-object.js';
import { MANAGED_MODULES } from '../core/model.js';
import type { LedgerGift } from '../core/model.js';
import { compareIds, compareRecordKeys, compareText } from '../core/ordering.js';
import { compileSchema, explainSchemaErrors } from '../schemas.js';
import { findJsonSyntaxError } from './json-syntax.js';
import { MAX_LEDGER_LIST_ITEMS } from './ledger-types.js';
import type { LedgerFile, LedgerRecordEntry } from './ledger-types.js';

export type LedgerCheck =
  | { readonly ok: true; readonly ledger: LedgerFile }
  | { readonly ok: false; readonly problem: string };

/** How many of one record's schema problems a message lists. */
const SHOWN_PROBLEMS = 5;

let validator: ValidateFunction | undefined;

function validate(value: unknown): readonly ErrorObject[] {
  validator ??= compileSchema('ledger', { strict: true, verbose: true });
  return validator(value) ? [] : (validator.errors ?? []);
}

function explained(errors: readonly ErrorObject[], value: unknown): string {
  return listed(explainSchemaErrors(errors, value, { root: 'the ledger' }));
}

function listed(messages: readonly string[]): string {
  const shown = messages.slice(0, SHOWN_PROBLEMS);
  const more = messages.length - shown.length;
  return `${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
}

/** A parsed JSON value as a ledger, or its first problem in words (control characters escaped). */
export function checkLedgerValue(value: unknown): LedgerCheck {
  const problem = firstProblem(value);
  return problem === undefined
    ? { ok: true, ledger: value as LedgerFile }
    : { ok: false, problem: escapeInvisible(problem) };
}

/** A ledger's text: JSON (its first syntax error located by line and column), then the checks. */
export function checkLedgerText(text: string): LedgerCheck {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  // Also run on text JSON.parse accepts: a key repeated in an object is refused (json-syntax.ts).
  const error = findJsonSyntaxError(text);
  if (error !== undefined || value === undefined) {
    return {
      ok: false,
      problem:
        error === undefined
          ? 'is not valid JSON'
          : `is not valid JSON: at line ${error.line}, column ${error.column}, expected ${error.expected}`,
    };
  }
  return checkLedgerValue(value);
}

function firstProblem(value: unknown): string | undefined {
  const records: unknown = isObject(value) ? value['records'] : undefined;
  if (!isObject(value) || !Array.isArray(records)) {
    const errors = validate(value);
    return errors.length === 0 ? undefined : explained(errors, value);
  }
  // The envelope first, then one record at a time: a hostile file of millions of bad records
  // stops at the first, instead of collecting an error for each.
  const envelope = validate({ ...value, records: [] });
  if (envelope.length > 0) return explained(envelope, { ...value, records: [] });
  for (let i = 0; i < records.length; i += 1) {
    const record: unknown = records[i];
    const bounds = listBoundProblem(record, i);
    if (bounds !== undefined) return bounds;
    const errors = validate({ ...value, records: [record] });
    if (errors.length > 0) {
      // Explained within the record, named by its index (and id, once that is one).
      const inRecord = errors.map((error) => ({
        ...error,
        instancePath: error.instancePath.replace(/^\/records\/0(?=\/|$)/, ''),
      }));
      const label = labelOf(record, i, '') || `records[${i}]`;
      const messages = explainSchemaErrors(inRecord, record, { root: label }).map((message) =>
        message.startsWith(label) ? message : `${label}: ${message}`,
      );
      return listed(messages);
    }
    const order = recordOrderProblem(
      record as LedgerRecordEntry,
      i,
      records[i - 1] as LedgerRecordEntry | undefined,
    );
    if (order !== undefined) return order;
  }
  return undefined;
}

/** `records[3] (Accounts 5540...)`, the id shown only once it is one (it may hold anything). */
function labelOf(record: unknown, index: number, after: string): string {
  if (!isObject(record)) return '';
  const { module, id } = record;
  return typeof module === 'string' &&
    (MANAGED_MODULES as readonly string[]).includes(module) &&
    typeof id === 'string' &&
    /^[0-9]{1,30}$/.test(id)
    ? `records[${index}] (${module} ${id})${after}`
    : '';
}

/** A list of the record longer than MAX_LEDGER_LIST_ITEMS, checked before the schema walks it. */
function listBoundProblem(record: unknown, index: number): string | undefined {
  if (!isObject(record)) return undefined;
  const over = (list: unknown, what: string): string | undefined =>
    Array.isArray(list) && list.length > MAX_LEDGER_LIST_ITEMS
      ? `records[${index}].${what} lists ${list.length.toLocaleString('en-US')} entries, more than the ${MAX_LEDGER_LIST_ITEMS.toLocaleString('en-US')} one record may hold`
      : undefined;
  const gifts = record['gifts'];
  let found = over(record['matchedBy'], 'matchedBy') ?? over(gifts, 'gifts');
  if (found === undefined && Array.isArray(gifts)) {
    for (let g = 0; g < gifts.length && found === undefined; g += 1) {
      const gift: unknown = gifts[g];
      if (isObject(gift)) found = over(gift['selectors'], `gifts[${g}].selectors`);
    }
  }
  return found === undefined ? undefined : `${labelOf(record, index, ': ')}${found}`;
}

/**
 * What the schema cannot say about one record that passed it: that it comes after the record
 * before it (by module, then id), and that its lists are sorted, unique and not all empty.
 */
function recordOrderProblem(
  record: LedgerRecordEntry,
  index: number,
  before: LedgerRecordEntry | undefined,
): string | undefined {
  const label = labelOf(record, index, '');
  if (before !== undefined) {
    const order = compareRecordKeys(before, record);
    if (order === 0) return `${label} repeats records[${index - 1}]: a record has one entry`;
    if (order > 0) {
      return (
        `${label} comes after ${labelOf(before, index - 1, '')}: records are sorted by module ` +
        `(${MANAGED_MODULES.join(', ')}), then id`
      );
    }
  }
  if (record.matchedBy.length === 0 && record.gifts.length === 0) {
    return `${label} has no matchedBy and no gifts: such an entry is never written`;
  }
  const names = namesProblem(record.matchedBy, 'matchedBy');
  if (names !== undefined) return `${label}: ${names}`;
  for (let g = 0; g < record.gifts.length; g += 1) {
    const gift = record.gifts[g] as LedgerGift;
    const previous = record.gifts[g - 1];
    if (previous !== undefined) {
      const order = compareIds(previous.territoryId, gift.territoryId);
      if (order === 0) return `${label}: gifts[${g}] repeats territory ${gift.territoryId}`;
      if (order > 0) {
        return `${label}: gifts[${g}] (territory ${gift.territoryId}) comes after territory ${previous.territoryId}: gifts are sorted by territory id`;
      }
    }
    const givers = namesProblem(gift.selectors, `gifts[${g}].selectors`);
    if (givers !== undefined) return `${label}: ${givers}`;
  }
  return undefined;
}

function namesProblem(names: readonly string[], what: string): string | undefined {
  for (let i = 1; i < names.length; i += 1) {
    const order = compareText(names[i - 1] as string, names[i] as string);
    if (order === 0) return `${what} repeats "${names[i]}"`;
    if (order > 0) return `${what} is not sorted: "${names[i]}" comes after "${names[i - 1]}"`;
  }
  return undefined;
}

// plan.json: the saved form of a Plan (schemas/plan.schema.json). Keys come out in one fixed
// order whatever order the object was built or parsed in, so the file diffs cleanly and its
// bytes depend only on its content.
import { isObject } from './is-object.js';
import type { Plan } from './model.js';
import { compareText } from './ordering.js';
import { computePlanHash } from './plan-hash.js';

/** Keys a reader looks for first, at any depth; the rest follow alphabetically. */
const LEADING_KEYS = [
  'format',
  'formatVersion',
  'planHash',
  'signature',
  'target',
  'desiredHash',
  'index',
  'module',
  'action',
  'code',
  'severity',
  'id',
  'name',
  'message',
  'hint',
  'file',
  'line',
  'column',
];

const keyRank = new Map(LEADING_KEYS.map((key, i) => [key, i]));

export function serializePlan(plan: Plan): string {
  return `${JSON.stringify(ordered(plan), null, 2)}\n`;
}

/** Roughly how much text each chunk of serializePlanChunks holds. */
const CHUNK_CHARS = 64 * 1024;

/** An array or object being written: which of its items comes next. */
interface Frame {
  readonly depth: number;
  readonly close: ']' | '}';
  readonly items: readonly unknown[];
  /** Objects: the keys written, in order (items holds their values). */
  readonly keys: readonly string[] | undefined;
  next: number;
}

/**
 * The same text as serializePlan, in chunks of about 64 KB, so a plan of 100,000 changes is
 * written to its file without first being one string in memory beside the Plan itself. Walks
 * with a stack of its own rather than nested generators, which cost more than the text.
 */
export function* serializePlanChunks(plan: Plan): Generator<string> {
  let text = '';
  const stack: Frame[] = [];
  /** Writes a scalar or an empty container at once; opens a frame for the rest. */
  const begin = (value: unknown, depth: number): void => {
    if (Array.isArray(value)) {
      if (value.length === 0) text += '[]';
      else {
        text += '[\n';
        stack.push({ depth, close: ']', items: value, keys: undefined, next: 0 });
      }
      return;
    }
    if (isObject(value)) {
      const keys = writtenKeys(value);
      if (keys.length === 0) text += '{}';
      else {
        text += '{\n';
        const items = keys.map((key) => value[key]);
        stack.push({ depth, close: '}', items, keys, next: 0 });
      }
      return;
    }
    // JSON.stringify writes null for what JSON cannot hold inside an array.
    text += hasJsonForm(value) ? JSON.stringify(value) : 'null';
  };
  begin(plan, 0);
  for (let frame = stack.at(-1); frame !== undefined; frame = stack.at(-1)) {
    const count = frame.items.length;
    if (frame.next > 0) text += frame.next < count ? ',\n' : '\n';
    if (frame.next === count) {
      text += `${indent(frame.depth)}${frame.close}`;
      stack.pop();
      continue;
    }
    const i = frame.next;
    frame.next += 1;
    text += indent(frame.depth + 1);
    if (frame.keys !== undefined) text += quotedKey(frame.keys[i] as string);
    begin(frame.items[i], frame.depth + 1);
    if (text.length >= CHUNK_CHARS) {
      yield text;
      text = '';
    }
  }
  yield `${text}\n`;
}

/** Indentation by depth, made once: a plan of 100,000 changes writes a million lines. */
const INDENTS: string[] = [];

function indent(depth: number): string {
  let text = INDENTS[depth];
  if (text === undefined) {
    text = '  '.repeat(depth);
    // Plans nest a few levels; a deeper value (a hostile file read back) is not remembered.
    if (depth < 32) INDENTS[depth] = text;
  }
  return text;
}

/**
 * What is remembered per key and per list of keys: a plan repeats a dozen keys and a few key
 * lists 100,000 times over. Bounded, so a hostile plan file of a million distinct keys costs no
 * more memory than it already holds.
 */
const MAX_REMEMBERED = 1024;
const QUOTED_KEYS = new Map<string, string>();

/** `"key": ` as JSON.stringify(…, null, 2) writes it. */
function quotedKey(key: string): string {
  let quoted = QUOTED_KEYS.get(key);
  if (quoted === undefined) {
    quoted = `${JSON.stringify(key)}: `;
    if (QUOTED_KEYS.size < MAX_REMEMBERED) QUOTED_KEYS.set(key, quoted);
  }
  return quoted;
}

function hasJsonForm(value: unknown): boolean {
  return value !== undefined && typeof value !== 'function' && typeof value !== 'symbol';
}

/** Object.keys order (as JSON text) -> the order written: it depends on the keys alone. */
const KEY_ORDERS = new Map<string, readonly string[]>();

/** The keys JSON.stringify(ordered(value)) writes, in its order. */
function writtenKeys(value: Record<string, unknown>): string[] {
  const own = Object.keys(value);
  const signature = JSON.stringify(own);
  let keys = KEY_ORDERS.get(signature);
  if (keys === undefined) {
    keys = writingOrder(own);
    if (KEY_ORDERS.size < MAX_REMEMBERED) KEY_ORDERS.set(signature, keys);
  }
  return keys.filter((key) => hasJsonForm(value[key]));
}

function writingOrder(own: readonly string[]): string[] {
  let keys = sortKeys(own);
  // Through an object, as `ordered` does, so integer-like keys come first as in JSON.stringify.
  if (keys.some(isIndexKey)) keys = Object.keys(Object.fromEntries(keys.map((key) => [key, 0])));
  return keys;
}

/** A key that objects list first, in ascending order: an array index (0 to 2^32 - 2). */
function isIndexKey(key: string): boolean {
  return /^(?:0|[1-9]\d{0,9})$/.test(key) && Number(key) < 4294967295;
}

function orderedKeys(value: object): string[] {
  return sortKeys(Object.keys(value));
}

function sortKeys(keys: readonly string[]): string[] {
  return [...keys].sort(
    (a, b) =>
      (keyRank.get(a) ?? LEADING_KEYS.length) - (keyRank.get(b) ?? LEADING_KEYS.length) ||
      compareText(a, b),
  );
}

/** True when the plan's content still matches its planHash: nothing was edited since planning. */
export function checkPlanHash(plan: Plan): boolean {
  return computePlanHash(plan) === plan.planHash;
}

function ordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(ordered);
  if (value === null || typeof value !== 'object') return value;
  const keys = orderedKeys(value);
  const source = value as Record<string, unknown>;
  return Object.fromEntries(keys.map((key) => [key, ordered(source[key])]));
}

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
/**
 * Arrays and objects this shallow are written element by element, deeper ones whole: down to
 * one change, and one batch of a wave.
 */
const STREAMED_DEPTH = 4;

/**
 * The same text as serializePlan, in chunks of about 64 KB, so a plan of 100,000 changes is
 * written to its file without first being one string in memory beside the Plan itself.
 */
export function* serializePlanChunks(plan: Plan): Generator<string> {
  let buffer = '';
  for (const piece of pieces(plan, 0)) {
    buffer += piece;
    if (buffer.length >= CHUNK_CHARS) {
      yield buffer;
      buffer = '';
    }
  }
  yield `${buffer}\n`;
}

/** JSON.stringify(ordered(value), null, 2) at `depth`, piece by piece. */
function* pieces(value: unknown, depth: number): Generator<string> {
  const inner = '  '.repeat(depth + 1);
  const outer = '  '.repeat(depth);
  if (depth < STREAMED_DEPTH && Array.isArray(value) && value.length > 0) {
    yield '[\n';
    for (let i = 0; i < value.length; i += 1) {
      yield inner;
      // JSON.stringify writes null for what JSON cannot hold inside an array.
      yield* pieces(value[i] === undefined ? null : value[i], depth + 1);
      yield i < value.length - 1 ? ',\n' : '\n';
    }
    yield `${outer}]`;
    return;
  }
  if (depth < STREAMED_DEPTH && isObject(value)) {
    // Through an object, as `ordered` does, so integer-like keys come first as in JSON.stringify.
    const sorted: Record<string, unknown> = Object.fromEntries(
      orderedKeys(value).map((key) => [key, value[key]]),
    );
    const keys = Object.keys(sorted).filter((key) => sorted[key] !== undefined);
    if (keys.length > 0) {
      yield '{\n';
      for (let i = 0; i < keys.length; i += 1) {
        const key = keys[i] as string;
        yield `${inner}${JSON.stringify(key)}: `;
        yield* pieces(sorted[key], depth + 1);
        yield i < keys.length - 1 ? ',\n' : '\n';
      }
      yield `${outer}}`;
      return;
    }
  }
  yield JSON.stringify(ordered(value), null, 2).replaceAll('\n', `\n${outer}`);
}

function orderedKeys(value: object): string[] {
  return Object.keys(value).sort(
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

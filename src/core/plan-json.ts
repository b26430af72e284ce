// plan.json: the saved form of a Plan (schemas/plan.schema.json). Keys come out in one fixed
// order whatever order the object was built or parsed in, so the file diffs cleanly and its
// bytes depend only on its content.
import type { Plan } from './model.js';
import { compareText } from './ordering.js';
import { computePlanHash } from './plan-hash.js';

/** Keys a reader looks for first, at any depth; the rest follow alphabetically. */
const LEADING_KEYS = [
  'format',
  'formatVersion',
  'planHash',
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

/** True when the plan's content still matches its planHash: nothing was edited since planning. */
export function checkPlanHash(plan: Plan): boolean {
  return computePlanHash(plan) === plan.planHash;
}

function ordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(ordered);
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value).sort(
    (a, b) =>
      (keyRank.get(a) ?? LEADING_KEYS.length) - (keyRank.get(b) ?? LEADING_KEYS.length) ||
      compareText(a, b),
  );
  const source = value as Record<string, unknown>;
  return Object.fromEntries(keys.map((key) => [key, ordered(source[key])]));
}

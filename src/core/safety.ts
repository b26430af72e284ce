// The mass-removal guard (docs/SEMANTICS.md §2). It lives in the plan, so the plan is always built and
// shown; the CLI refuses to apply a tripped plan unless --allow-mass-removal is given.
import { DEFAULT_SAFETY as SAFETY_DEFAULTS } from '../constants/defaults.js';
import type { SafetyCheck } from './model.js';

export interface SafetyOptions {
  /** Removals always allowed, whatever the ratio. */
  readonly absolute: number;
  /** Share of the listed records' manual assignments that may be removed (0..1). */
  readonly ratio: number;
}

/** From src/constants/defaults.ts, where the config's default comes from too. */
export const DEFAULT_SAFETY: SafetyOptions = SAFETY_DEFAULTS;

export interface SafetyInput {
  /** Territories the plan removes. */
  readonly removals: number;
  /** Manual assignments currently on the listed records. */
  readonly managedAssignments: number;
  readonly listedRecords: number;
}

/** The advice a tripped guard's reason ends with. */
export const SAFETY_OVERRIDE_ADVICE = 'Re-run with --allow-mass-removal if this is intended.';

export function checkSafety(input: SafetyInput, options: SafetyOptions): SafetyCheck {
  const { removals, managedAssignments } = input;
  const { absolute, ratio } = options;
  // Removals are whole numbers, so flooring changes no decision and gives a readable limit.
  // The epsilon absorbs binary fractions: 0.57 x 100 is 56.99999999999999 in floating point.
  const threshold = Math.max(absolute, Math.floor(ratio * managedAssignments + 1e-9));
  const tripped = removals > threshold;
  const reason =
    `${removals} ${plural(removals, 'removal exceeds', 'removals exceed')} the safety threshold ` +
    `of ${threshold} by ${removals - threshold} (the larger of ${absolute} and ` +
    `${formatPercent(ratio)} of ${managedAssignments} manual ` +
    `${plural(managedAssignments, 'assignment', 'assignments')} on the listed records).`;
  return {
    removals,
    managedAssignments,
    listedRecords: input.listedRecords,
    threshold,
    absolute,
    ratio,
    tripped,
    ...(tripped ? { reason: `${reason} ${SAFETY_OVERRIDE_ADVICE}` } : {}),
  };
}

/** The inputs a SafetyCheck was computed from, so it can be computed again. */
export function safetyInputOf(safety: SafetyCheck, removals: number): SafetyInput {
  return {
    removals,
    managedAssignments: safety.managedAssignments,
    listedRecords: safety.listedRecords,
  };
}

function plural(count: number, one: string, many: string): string {
  return count === 1 ? one : many;
}

function formatPercent(ratio: number): string {
  return `${Math.round(ratio * 1000) / 10}%`;
}

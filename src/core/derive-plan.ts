// Everything in a plan that follows from its changes is computed here, and only here: the waves
// and batches apply sends, and what they cost. The planner, the resume of a cut-short apply and
// the check of a saved plan (verify-plan.ts) all call this, so a plan file can only agree
// with it or be refused.
import { applyCost } from './apply-cost.js';
import type { Plan } from './model.js';
import { computePlanHash } from './plan-hash.js';
import type { UnhashedPlan } from './plan-hash.js';
import { planWaves } from './waves.js';

/** A plan without what is derived from its changes. */
export type PlanBase = Omit<Plan, 'waves' | 'cost' | 'planHash' | 'signature'>;

export function derived(base: Pick<Plan, 'changes' | 'batchSize'>): Pick<Plan, 'waves' | 'cost'> {
  const waves = planWaves(base.changes, base.batchSize);
  return { waves, cost: applyCost({ changes: base.changes, waves }) };
}

export function completePlan(base: PlanBase): Plan {
  const unhashed: UnhashedPlan = { ...base, ...derived(base) };
  return { ...unhashed, planHash: computePlanHash(unhashed) };
}

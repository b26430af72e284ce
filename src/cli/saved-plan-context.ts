import type { Plan } from '../core/model.js';
import { describeTarget } from '../core/plan-target.js';
import type { PlanContext } from '../render/view-model/plan-context.js';

/**
 * What a rendered saved plan says around its changes: the org it is for and what apply will
 * spend. `environment` is this run's --env, when there is one.
 */
export function savedPlanContext(plan: Plan, environment?: string): PlanContext {
  return {
    target: describeTarget(plan.target, environment),
    api: { writesNeeded: plan.cost.writes, creditsNeeded: plan.cost.total },
  };
}

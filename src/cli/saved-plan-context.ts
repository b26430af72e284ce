import type { Plan } from '../core/model.js';
import { describeTarget } from '../core/plan-target.js';
import type { PlanContext } from '../render/view-model/plan-context.js';

/**
 * What a rendered saved plan says around its changes: the org it is for and what apply will
 * spend. `label` names the connection of this run (environment, domain) when there is one.
 */
export function savedPlanContext(plan: Plan, label?: string): PlanContext {
  return {
    target: describeTarget(plan.target, label),
    api: { writesNeeded: plan.cost.writes, creditsNeeded: plan.cost.total },
  };
}

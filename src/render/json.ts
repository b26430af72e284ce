import { serializePlan } from '../core/plan-json.js';
import type { Plan } from '../core/model.js';

/** The plan itself, exactly as saved and applied: serialisation belongs to core. */
export function renderPlanJson(plan: Plan): string {
  return serializePlan(plan);
}

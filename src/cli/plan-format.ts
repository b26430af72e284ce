// --format for plan and show: the plan's renderings, by name.
import { TerritorySyncError } from '../errors.js';
import { PLAN_FORMATS } from '../render/render-plan.js';
import type { PlanFormat } from '../render/render-plan.js';

export function parseFormat(value: string | undefined): PlanFormat {
  if (value === undefined) return 'text';
  if ((PLAN_FORMATS as readonly string[]).includes(value)) return value as PlanFormat;
  throw new TerritorySyncError('USAGE', `Unknown format '${value}'.`, {
    hint: `Use one of: ${PLAN_FORMATS.join(', ')}.`,
  });
}

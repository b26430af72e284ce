// --format and --group-by for plan and show: the plan's renderings, by name.
import { TerritorySyncError } from '../errors.js';
import { GROUP_BYS, PLAN_FORMATS } from '../render/render-plan.js';
import type { GroupBy, PlanFormat } from '../render/render-plan.js';

export function parseFormat(value: string | undefined): PlanFormat {
  if (value === undefined) return 'text';
  if ((PLAN_FORMATS as readonly string[]).includes(value)) return value as PlanFormat;
  throw new TerritorySyncError('USAGE', `Unknown format '${value}'.`, {
    hint: `Use one of: ${PLAN_FORMATS.join(', ')}.`,
  });
}

/**
 * --group-by for a format. JSON is the plan itself, exactly as saved and applied: it has one
 * shape, so a grouping it would silently ignore is refused instead (its `hierarchy` and
 * `changes` hold everything a per-territory view is made of).
 */
export function parseGroupBy(value: string | undefined, format: PlanFormat): GroupBy {
  if (value === undefined) return 'record';
  if (!(GROUP_BYS as readonly string[]).includes(value)) {
    throw new TerritorySyncError('USAGE', `Unknown --group-by '${value}'.`, {
      hint: `Use one of: ${GROUP_BYS.join(', ')}.`,
    });
  }
  if (format === 'json' && value !== 'record') {
    throw new TerritorySyncError(
      'USAGE',
      `--group-by ${value} applies to the text and markdown formats; JSON is the plan itself.`,
      {
        hint: `Use --format text or --format markdown with --group-by ${value}, or drop --group-by for JSON.`,
      },
    );
  }
  return value as GroupBy;
}

import path from 'node:path';
import { readSavedPlan } from '../../apply/saved-plan.js';
import { renderPlan } from '../../render/render-plan.js';
import type { PlanFormat } from '../../render/render-plan.js';
import type { CommandContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { planCheckOptions } from '../plan-key.js';
import { savedPlanContext } from '../saved-plan-context.js';

export interface ShowCommandOptions {
  readonly file: string;
  readonly format: PlanFormat;
}

/**
 * `show plan.json`: a saved plan as text, markdown or JSON, like `terraform show`. Offline: no
 * config, no credentials, no API call. The plan is checked exactly as apply checks it, so what
 * show prints is what apply of that file would send.
 */
export async function showCommand(
  ctx: CommandContext,
  options: ShowCommandOptions,
): Promise<number> {
  const checks = planCheckOptions(ctx.io.env);
  const plan = await readSavedPlan(path.resolve(ctx.io.cwd, options.file), options.file, checks);
  const key = checks.key;
  ctx.result(
    renderPlan(plan, {
      format: options.format,
      color: ctx.color,
      context: { ...savedPlanContext(plan), fullPlanHint: options.file },
    }),
  );
  if (options.format !== 'json') {
    ctx.info(
      `Plan ${plan.planHash.slice(0, 12)}${plan.signature === undefined ? '' : key === undefined ? ' (signed; set TERRITORY_SYNC_PLAN_KEY to check the signature)' : ' (signature checked)'}. ` +
        `Apply exactly this plan with: territory-sync apply ${options.file}`,
    );
  }
  return EXIT.ok;
}

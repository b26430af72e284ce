import path from 'node:path';
import { readSavedPlan } from '../../apply/saved-plan.js';
import { loadConfig } from '../../config/load-config.js';
import type { ResolvedConfig } from '../../config/config-types.js';
import type { TerritoryRef } from '../../core/model.js';
import { loadDesired } from '../../desired/load-desired.js';
import { parseReference } from '../../desired/references.js';
import { renderPlan } from '../../render/render-plan.js';
import type { GroupBy, PlanFormat } from '../../render/render-plan.js';
import type { CommandContext } from '../context.js';
import { expandDesiredFiles } from '../desired-files.js';
import { EXIT } from '../exit-codes.js';
import { planCheckOptions } from '../plan-key.js';
import { aliasesOf, planOwners } from '../reviewers.js';
import { savedPlanContext } from '../saved-plan-context.js';

export interface ShowCommandOptions {
  readonly file: string;
  readonly format: PlanFormat;
  /** How text and markdown list the changes; default per record. */
  readonly groupBy?: GroupBy;
  /** --config: where the owners of the plan's territories come from. */
  readonly config?: string;
}

/**
 * `show plan.json`: a saved plan as text, markdown or JSON, like `terraform show`. Offline: no
 * credentials, no API call. The plan is checked exactly as apply checks it, so what show prints
 * is what apply of that file would send. The reviewers it names come from this checkout's config
 * (`owners`), never from the plan file.
 */
export async function showCommand(
  ctx: CommandContext,
  options: ShowCommandOptions,
): Promise<number> {
  const checks = planCheckOptions(ctx.io.env);
  const plan = await readSavedPlan(path.resolve(ctx.io.cwd, options.file), options.file, checks);
  const key = checks.key;
  const owners = options.format === 'json' ? undefined : await ownersContext(ctx, options, plan);
  ctx.result(
    renderPlan(plan, {
      format: options.format,
      color: ctx.color,
      groupBy: options.groupBy,
      context: {
        ...savedPlanContext(plan),
        fullPlanHint: options.file,
        ...(owners === undefined ? {} : { owners }),
      },
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

async function ownersContext(
  ctx: CommandContext,
  options: ShowCommandOptions,
  plan: Parameters<typeof planOwners>[0],
) {
  // Owners are a top-level setting: no environment changes them, so none is selected here.
  const config = await loadConfig({ cwd: ctx.io.cwd, env: ctx.io.env, configFile: options.config });
  if (config.owners.length === 0) return undefined;
  // Only a key written like a name can be an alias: paths and ids need no desired file.
  const mayBeAlias = config.owners.some((rule) => parseReference(rule.territory).kind === 'name');
  const aliases = mayBeAlias ? await desiredAliases(ctx, config) : new Map<string, TerritoryRef>();
  return planOwners(plan, config.owners, aliases);
}

/**
 * The aliases an owners key may use, from the desired files as they are in this checkout. A
 * plan is often shown where they do not load (another folder, a broken file): then keys that
 * are aliases place nobody, and show says so instead of failing.
 */
async function desiredAliases(
  ctx: CommandContext,
  config: ResolvedConfig,
): Promise<Map<string, TerritoryRef>> {
  try {
    const files = await expandDesiredFiles(config.desired, config.baseDir, ctx.io.cwd);
    const loaded = await loadDesired(files, { cwd: ctx.io.cwd, modules: config.modules });
    if (loaded.ok) return aliasesOf(loaded.state);
  } catch {
    // Reported below, like a file that did not load.
  }
  ctx.warn(
    'Note: the desired files did not load, so owners entries written as aliases name nobody ' +
      'here. Run `territory-sync validate` to see why.',
  );
  return new Map();
}

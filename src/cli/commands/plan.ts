import { MANAGED_MODULES } from '../../core/model.js';
import path from 'node:path';
import { serializePlanChunks } from '../../core/plan-json.js';
import { writeFileAtomically } from '../../files/write-atomic.js';
import { renderPlan } from '../../render/render-plan.js';
import { buildPlanView } from '../../render/view-model/build-plan-view.js';
import type { GroupBy, PlanFormat } from '../../render/render-plan.js';
import type { CommandContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { planSession } from '../plan-session.js';
import { publishPlan } from '../github-actions.js';
import { baseRefContext } from '../base-ref.js';
import { selectorReadKeys } from '../../core/selector-plan.js';
import { keyOf } from '../../core/record-key.js';
import { aliasesOf, planOwners } from '../reviewers.js';

export interface PlanCommandOptions {
  readonly out?: string;
  readonly format: PlanFormat;
  /** How text and markdown list the changes; default per record. */
  readonly groupBy?: GroupBy;
  readonly detailedExitcode: boolean;
  /** git ref to compare the desired files with (records that left them are reported). */
  readonly baseRef?: string;
  /** Desired-state files instead of the config's "desired" setting. */
  readonly files?: readonly string[];
  readonly config?: string;
  readonly env?: string;
}

export async function planCommand(
  ctx: CommandContext,
  options: PlanCommandOptions,
): Promise<number> {
  const {
    plan,
    context: planned,
    desired,
    config,
    catalogue,
    selection,
  } = await planSession(ctx, options);
  // Against the whole catalogue: a name key that is unique among the plan's territories may
  // not be in the CRM, and must not ping the owners of the wrong one.
  const owners = planOwners(plan, config.owners, aliasesOf(desired), catalogue);
  const withOwners = owners === undefined ? planned : { ...planned, owners };
  const context = options.baseRef
    ? {
        ...withOwners,
        baseRef: await baseRefContext(
          ctx,
          options.baseRef,
          desired,
          MANAGED_MODULES,
          new Set(
            selection === undefined ? [] : selectorReadKeys(desired, selection.input).map(keyOf),
          ),
        ),
      }
    : withOwners;
  if (options.out) {
    // Streamed, and renamed into place: never a half-written plan an apply could pick up.
    await writeFileAtomically(path.resolve(ctx.io.cwd, options.out), serializePlanChunks(plan));
  }
  // --quiet: errors and the summary line only (markdown and JSON are outputs for machines and
  // PR comments, printed whole), so the text plan is not rendered at all.
  const quietText = ctx.global.quiet && options.format === 'text';
  const rendered = quietText
    ? undefined
    : renderPlan(plan, {
        format: options.format,
        color: ctx.color,
        groupBy: options.groupBy,
        context: { ...context, ...(options.out ? { fullPlanHint: options.out } : {}) },
      });
  if (rendered === undefined) {
    const view = buildPlanView(plan, context);
    ctx.result([view.safety?.headline, view.headline].filter(Boolean).join('\n'));
  } else {
    ctx.result(rendered);
  }
  if (ctx.inGitHubActions) {
    const markdown =
      options.format === 'markdown' && rendered !== undefined
        ? rendered
        : renderPlan(plan, {
            format: 'markdown',
            groupBy: options.groupBy,
            context: { ...context, fullPlanHint: options.out ?? 'the workflow log' },
          });
    await publishPlan(ctx, plan, markdown);
  }
  if (options.out && options.format !== 'json') {
    const allow = plan.safety.tripped ? ' --allow-mass-removal' : '';
    ctx.info(
      `Saved the plan to ${options.out}. Apply exactly this plan with: territory-sync apply ${options.out}${allow}`,
    );
  }
  const hasChanges = plan.changes.length > 0;
  if (options.detailedExitcode && hasChanges) return EXIT.changesPresent;
  return EXIT.ok;
}

import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { isFullyConverged } from '../../apply/apply-report.js';
import type { ApplyEvent, ApplyReport } from '../../apply/apply-report.js';
import { DEFAULT_EXECUTE_OPTIONS, executePlan } from '../../apply/execute-plan.js';
import { findStaleRecords } from '../../apply/find-stale-records.js';
import { readSavedPlan } from '../../apply/saved-plan.js';
import type { Plan } from '../../core/model.js';
import { TerritorySyncError } from '../../errors.js';
import { renderApplyReport } from '../../render/apply-report.js';
import { renderPlan } from '../../render/render-plan.js';
import type { CommandContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { openSession, planSession, readCurrent } from '../plan-session.js';
import type { Session } from '../plan-session.js';
import { publishApplyReport, publishPlan } from '../github-actions.js';

export interface ApplyCommandOptions {
  readonly planFile?: string;
  readonly autoApprove: boolean;
  readonly allowMassRemoval: boolean;
  readonly wait: boolean;
  readonly report?: string;
  readonly config?: string;
  readonly env?: string;
}

function describeTerritories(
  list: readonly { name: string; assigned: string }[] | undefined,
): string {
  if (list === undefined) return '(record deleted)';
  if (list.length === 0) return '(none)';
  return list
    .map((t) => (t.assigned === 'automatically' ? `${t.name} [rules]` : t.name))
    .join(', ');
}

async function confirm(ctx: CommandContext, target: string): Promise<boolean> {
  const rl = createInterface({ input: ctx.io.stdin, output: ctx.io.stdout });
  try {
    const answer = await rl.question(
      `\nApply these changes to ${target}?\n  Only 'yes' will be accepted: `,
    );
    return answer.trim() === 'yes';
  } finally {
    rl.close();
  }
}

function canPrompt(ctx: CommandContext): boolean {
  const ci = ctx.io.env.CI;
  return ctx.io.stdin.isTTY === true && (ci === undefined || ci === '' || ci === 'false');
}

function refuseMassRemoval(plan: Plan): never {
  throw new TerritorySyncError(
    'SAFETY_GUARD',
    `Refused: ${plan.safety.reason ?? `${plan.safety.removals} removals exceed the safety threshold of ${plan.safety.threshold}`}. Nothing was written.`,
    { hint: 'If these removals are intended, run apply again with --allow-mass-removal.' },
  );
}

export async function applyCommand(
  ctx: CommandContext,
  options: ApplyCommandOptions,
): Promise<number> {
  let session: Session;
  let plan: Plan;
  if (options.planFile) {
    const shownAs = options.planFile;
    plan = await readSavedPlan(path.resolve(ctx.io.cwd, options.planFile), shownAs);
    session = await openSession(ctx, options);
    ctx.info(
      renderPlan(plan, { format: 'text', color: ctx.color, context: { target: session.target } }),
    );
    if (plan.changes.length === 0) return EXIT.ok;
    const current = await readCurrent(session.client, plan.changes);
    const stale = findStaleRecords(plan, current);
    if (stale.length > 0) {
      const lines = stale.map(
        (s) =>
          `  ${s.record.module} ${s.record.name ? `${s.record.name} ` : ''}(${s.record.id}): ${describeTerritories(s.before)} -> ${describeTerritories(s.now)}`,
      );
      throw new TerritorySyncError(
        'STALE_PLAN',
        `${shownAs} is stale: ${stale.length} ${stale.length === 1 ? 'record has' : 'records have'} changed in the CRM since the plan was made. Nothing was written.\n${lines.join('\n')}`,
        {
          hint: 'Make a new plan (territory-sync plan --out plan.json), review it, and apply that.',
        },
      );
    }
  } else {
    const planned = await planSession(ctx, options);
    session = planned;
    plan = planned.plan;
    ctx.result(renderPlan(plan, { format: 'text', color: ctx.color, context: planned.context }));
    if (ctx.inGitHubActions) {
      await publishPlan(
        ctx,
        plan,
        renderPlan(plan, { format: 'markdown', context: planned.context }),
      );
    }
    if (plan.changes.length === 0) return EXIT.ok;
  }

  if (plan.safety.tripped && !options.allowMassRemoval) refuseMassRemoval(plan);
  if (!options.autoApprove && !options.planFile) {
    if (!canPrompt(ctx)) {
      throw new TerritorySyncError(
        'USAGE',
        'apply needs --auto-approve when it cannot ask for confirmation (no terminal, or CI). Nothing was written.',
        {
          hint: 'Review the plan above, then run apply --auto-approve, or apply a saved plan file.',
        },
      );
    }
    if (!(await confirm(ctx, session.target))) {
      ctx.result('Apply cancelled. Nothing was written.');
      return EXIT.error;
    }
  }

  const onEvent = (event: ApplyEvent) => {
    if (event.kind === 'batch-sent') ctx.verbose(`  ${event.message}`);
    else ctx.info(event.message);
  };
  const report: ApplyReport = await executePlan(plan, session.client, {
    ...DEFAULT_EXECUTE_OPTIONS,
    batchSize: session.config.batchSize,
    waitForJobs: options.wait,
    jobTimeoutMs: session.config.jobTimeoutSeconds * 1000,
    maxResubmissions: session.config.recordRetries.attempts,
    lockedRetryDelayMs: session.config.recordRetries.delaySeconds * 1000,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: () => new Date(),
    onEvent,
  });
  if (options.report) {
    await writeFile(
      path.resolve(ctx.io.cwd, options.report),
      `${JSON.stringify(report, null, 2)}\n`,
    );
  }
  ctx.result(renderApplyReport(report, { color: ctx.color }));
  await publishApplyReport(ctx, plan, report);
  return isFullyConverged(report) ? EXIT.ok : EXIT.partialApply;
}

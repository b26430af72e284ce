// When GITHUB_ACTIONS=true: annotations on the YAML lines, plan and apply summaries in
// $GITHUB_STEP_SUMMARY, and a few step outputs in $GITHUB_OUTPUT. Workflow commands go to
// stderr (GitHub reads them there too), so stdout stays exactly the plan a workflow may post.
// They go through ctx.command, the one writer allowed to start a line with `::`: everything else
// printed under Actions is made inert (see CommandContext.io), whatever CRM text it quotes.
import { appendFile } from 'node:fs/promises';
import type { ApplyReport } from '../apply/apply-report.js';
import { escapeInvisible } from '../core/escape-invisible.js';
import type { Diagnostic, Plan } from '../core/model.js';
import { renderApplyReportMarkdown } from '../render/apply-report.js';
import { oneLine } from '../render/sanitize.js';
import { recordLabel } from '../render/view-model/record-label.js';
import {
  annotationsForDiagnostics,
  noticesForPlan,
  repoRelativePath,
  workflowCommand,
} from '../render/github/index.js';
import type { CommandContext } from './context.js';

function repoPath(ctx: CommandContext) {
  const workspace = ctx.io.env.GITHUB_WORKSPACE;
  return workspace
    ? (file: string) => repoRelativePath(file, { cwd: ctx.io.cwd, workspace })
    : (file: string) => file;
}

/** `name=value` lines for $GITHUB_OUTPUT: a value never spans lines, so it cannot add an output. */
function outputLines(values: Readonly<Record<string, string | number | boolean>>): string {
  return Object.entries(values)
    .map(([name, value]) => `${name}=${escapeInvisible(String(value))}`)
    .join('\n');
}

async function appendTo(ctx: CommandContext, variable: string, text: string): Promise<void> {
  const file = ctx.io.env[variable];
  if (!ctx.inGitHubActions || !file) return;
  try {
    await appendFile(file, text.endsWith('\n') ? text : `${text}\n`);
  } catch (error) {
    // A summary that cannot be written must not turn a good apply into a failed one.
    const reason = error instanceof Error ? error.message : String(error);
    ctx.command(
      workflowCommand(
        'warning',
        { title: 'territory-sync' },
        `Could not write ${variable}: ${reason}`,
      ),
    );
  }
}

/** Any code: the CLI annotates an error's (an ErrorCode) and an apply record's this way too. */
export function annotateDiagnostics(
  ctx: CommandContext,
  diagnostics: readonly Diagnostic<string>[],
): void {
  if (!ctx.inGitHubActions || diagnostics.length === 0) return;
  for (const line of annotationsForDiagnostics(diagnostics, { repoPath: repoPath(ctx) }))
    ctx.command(line);
}

export async function publishPlan(
  ctx: CommandContext,
  plan: Plan,
  markdown: string,
): Promise<void> {
  if (!ctx.inGitHubActions) return;
  annotateDiagnostics(ctx, plan.warnings);
  for (const line of noticesForPlan(plan, { repoPath: repoPath(ctx) })) ctx.command(line);
  await appendTo(ctx, 'GITHUB_STEP_SUMMARY', markdown);
  await appendTo(
    ctx,
    'GITHUB_OUTPUT',
    outputLines({
      'has-changes': plan.changes.length > 0,
      'to-assign': plan.summary.toAssign,
      'to-remove': plan.summary.toRemove,
      'safety-tripped': plan.safety.tripped,
      'plan-hash': plan.planHash,
    }),
  );
}

export async function publishApplyReport(
  ctx: CommandContext,
  plan: Plan,
  report: ApplyReport,
): Promise<void> {
  if (!ctx.inGitHubActions) return;
  const located = new Map(plan.changes.map((c) => [`${c.module}:${c.id}`, c.location]));
  // A record left unverified on purpose (--no-wait) is not a problem to annotate.
  const problems: Diagnostic<string>[] = report.records
    .filter((r) => r.status !== 'converged' && r.notWaitedFor !== true)
    .map((r) => {
      const location = located.get(`${r.module}:${r.id}`);
      return {
        code: r.code ?? r.status.toUpperCase(),
        severity: 'error',
        // The name is the CRM's and the reason Zoho's: each on one line, as in the report.
        message: `${r.module} ${recordLabel(r.id, r.name)} did not converge: ${oneLine(r.reason ?? r.status)}`,
        ...(location === undefined ? {} : { location }),
      };
    });
  annotateDiagnostics(ctx, problems);
  await appendTo(ctx, 'GITHUB_STEP_SUMMARY', renderApplyReportMarkdown(report));
  await appendTo(
    ctx,
    'GITHUB_OUTPUT',
    outputLines({
      converged: report.summary.converged,
      'scheduled-not-verified': report.scheduledNotVerified ?? 0,
      'not-converged':
        report.records.length - report.summary.converged - (report.scheduledNotVerified ?? 0),
    }),
  );
}

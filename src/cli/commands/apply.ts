import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { abortableSleep } from '../../apply/abortable-sleep.js';
import { appliedAsAsked } from '../../apply/apply-report.js';
import type { ApplyEvent, ApplyReport } from '../../apply/apply-report.js';
import { DEFAULT_EXECUTE_OPTIONS, executePlan } from '../../apply/execute-plan.js';
import { findStaleRecords } from '../../apply/find-stale-records.js';
import type { StaleRecord } from '../../apply/find-stale-records.js';
import {
  JOURNAL_FORMAT,
  JOURNAL_FORMAT_VERSION,
  finishedClean,
} from '../../apply/journal-entry.js';
import { createDefaultJournal, createJournalFile } from '../../apply/journal-file.js';
import type { JournalFile } from '../../apply/journal-file.js';
import { pruneDefaultJournals } from '../../apply/prune-journals.js';
import { readJournal } from '../../apply/read-journal.js';
import { findRemainingWork } from '../../apply/resume.js';
import { readSavedPlan } from '../../apply/saved-plan.js';
import { changeDifferences } from '../../core/compare-plans.js';
import { loadConfig } from '../../config/load-config.js';
import type { Catalogue, ModuleName, Plan, SafetyCheck } from '../../core/model.js';
import { territoryNameMismatches } from '../../core/check-names.js';
import { signPlanHash } from '../../core/plan-signature.js';
import { describeTarget, targetMismatch } from '../../core/plan-target.js';
import { SAFETY_OVERRIDE_ADVICE, checkSafety, safetyInputOf } from '../../core/safety.js';
import { planCheckOptions } from '../plan-key.js';
import { savedPlanContext } from '../saved-plan-context.js';
import { TerritorySyncError } from '../../errors.js';
import { renderApplyReport } from '../../render/apply-report.js';
import { MAX_PRINTED_DIAGNOSTICS } from '../../render/diagnostics.js';
import { renderPlan } from '../../render/render-plan.js';
import type { PlanContext } from '../../render/view-model/plan-context.js';
import { oneLine } from '../../render/sanitize.js';
import { formatCount, plural } from '../../render/words.js';
import type { CommandContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { readCurrent } from '../../apply/read-current.js';
import { openSession, planSession, readTarget } from '../plan-session.js';
import type { Session } from '../plan-session.js';
import { prepareLedgerStep, writeLedgerStep } from '../ledger-step.js';
import { canonicalJson } from '../../core/canonical-json.js';
import type { LedgerStep } from '../ledger-step.js';
import { ledgerLocation } from '../selection.js';
import { publishApplyReport, publishPlan } from '../github-actions.js';

export interface ApplyCommandOptions {
  readonly planFile?: string;
  readonly autoApprove: boolean;
  readonly allowMassRemoval: boolean;
  readonly wait: boolean;
  readonly report?: string;
  /** A journal of an apply that was cut short: finish what it left. */
  readonly resume?: string;
  /** Where to write this apply's journal (default .territory-sync/journal-<plan>.jsonl). */
  readonly journal?: string;
  /** A reviewed saved plan: apply only if a fresh plan makes exactly its changes. */
  readonly expectPlan?: string;
  readonly config?: string;
  readonly env?: string;
}

/** What apply will run: a plan and its session, or an exit code when there is nothing to do. */
type Prepared =
  | {
      readonly session: Session;
      readonly plan: Plan;
      /** A saved plan or a resume was approved when it was made; a fresh plan needs consent. */
      readonly approved: boolean;
      readonly resumes?: string;
      /** apply --expect-plan: the reviewed plan's guard, which the fresh plan may not loosen. */
      readonly reviewedSafety?: SafetyCheck;
      /** A plan with selectors: the ledger it updates once the writes are confirmed. */
      readonly ledgerStep?: LedgerStep;
    }
  | { readonly exitCode: number };

// Territory and record names below come from the CRM: oneLine shows their control and bidi
// characters as escapes, so a renamed territory can neither recolour the terminal nor forge a line.
function describeTerritories(
  list: readonly { name: string; assigned: string }[] | undefined,
): string {
  if (list === undefined) return '(record deleted)';
  if (list.length === 0) return '(none)';
  return list
    .map((t) => (t.assigned === 'automatically' ? `${oneLine(t.name)} [rules]` : oneLine(t.name)))
    .join(', ');
}

/** At most MAX_PRINTED_DIAGNOSTICS lines, indented, then how many more were left out. */
function capped(lines: readonly string[], more = 'more record', morePlural?: string): string[] {
  const shown = lines.slice(0, MAX_PRINTED_DIAGNOSTICS).map((line) => `  ${line}`);
  const left = lines.length - shown.length;
  if (left > 0) shown.push(`  ... and ${plural(left, more, morePlural)}`);
  return shown;
}

/** One line per moved record, at most MAX_PRINTED_DIAGNOSTICS of them, then how many more. */
function describeStale(stale: readonly StaleRecord[]): string[] {
  return capped(
    stale.map(({ record, before, now }) => {
      const name = record.name ? `${oneLine(record.name)} ` : '';
      return `${record.module} ${name}(${record.id}): ${describeTerritories(before)} -> ${describeTerritories(now)}`;
    }),
  );
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

/**
 * The guard as the plan computed it, again with this run's config (a plan made under a looser
 * threshold does not escape a stricter one set since), and as the reviewed plan had it
 * (--expect-plan: a verdict the reviewer saw is not loosened by a config changed since).
 */
function checkMassRemoval(prepared: Extract<Prepared, { session: Session }>): void {
  const { plan, session } = prepared;
  const input = safetyInputOf(plan.safety, plan.safety.removals);
  const checks = [
    plan.safety,
    ...(prepared.reviewedSafety === undefined ? [] : [prepared.reviewedSafety]),
    checkSafety(input, session.config.safety),
  ];
  const tripped = checks.find((check) => check.tripped);
  if (tripped === undefined) return;
  const reason = (tripped.reason ?? '').replace(SAFETY_OVERRIDE_ADVICE, '').trim();
  throw new TerritorySyncError('SAFETY_GUARD', `Refused: ${reason} Nothing was written.`, {
    hint: 'If these removals are intended, run apply again with --allow-mass-removal.',
  });
}

const NEW_PLAN_HINT =
  'Make a new plan (territory-sync plan --out plan.json), review it, and apply that.';

/** The names a reviewer read must still be what the CRM calls those territories. */
function checkTerritoryNames(plan: Plan, catalogue: Catalogue, shownAs: string): void {
  const mismatches = territoryNameMismatches(plan, catalogue);
  if (mismatches.length === 0) return;
  const shown = capped(mismatches.map(oneLine), 'more territory', 'more territories');
  throw new TerritorySyncError(
    'STALE_PLAN',
    `${shownAs} names territories otherwise than the CRM does now (renamed or deleted since the plan was made, or the file was edited). Nothing was written.\n${shown.join('\n')}`,
    { hint: NEW_PLAN_HINT },
  );
}

/** Refuses, before any write, a plan made for another API domain or org. */
async function checkTarget(session: Session, plan: Plan, shownAs: string): Promise<void> {
  const live = await readTarget(session);
  const mismatch = targetMismatch(plan.target, live);
  if (mismatch === undefined) return;
  throw new TerritorySyncError(
    'PLAN_TARGET_MISMATCH',
    `${shownAs} was made for ${describeTarget(plan.target)}, not for ${describeTarget(live)}: ${mismatch}. Nothing was written.`,
    {
      hint:
        'Check the connection (--env, connection.apiDomain, ZOHO_API_DOMAIN and the credentials), ' +
        'or make a new plan against this org with `territory-sync plan --out plan.json`.',
    },
  );
}

/**
 * Refuses, before any call, a plan that changes records of a module this configuration does not
 * manage (Leads planned where `modules: { Leads: true }` was set, applied where it is not).
 */
function checkModules(managed: readonly ModuleName[], plan: Plan, shownAs: string): void {
  const unmanaged = [
    ...new Set(plan.changes.map((c) => c.module).filter((m) => !managed.includes(m))),
  ];
  if (unmanaged.length === 0) return;
  const module = unmanaged[0] as ModuleName;
  const count = plan.changes.filter((c) => c.module === module).length;
  throw new TerritorySyncError(
    'PLAN_TARGET_MISMATCH',
    `${shownAs} changes ${plural(count, `${module} record`)}, but this configuration does not ` +
      `manage ${module} (no \`modules: { ${module}: true }\`). Nothing was written.`,
    {
      hint:
        `Apply with the configuration (and --env) the plan was made with, or make a new plan ` +
        `under this one with \`territory-sync plan --out plan.json\`.`,
    },
  );
}

async function prepareSavedPlan(
  ctx: CommandContext,
  options: ApplyCommandOptions,
  planFile: string,
): Promise<Prepared> {
  // Checked whole (signature, hash, every derived part) before any credential is used: its
  // waves are sent as they are only because verify-plan proved them equal to what its changes
  // give (derive-plan.ts).
  const plan = await readSavedPlan(
    path.resolve(ctx.io.cwd, planFile),
    planFile,
    planCheckOptions(ctx.io.env),
  );
  const session = await openSession(ctx, options);
  checkModules(session.config.modules, plan, planFile);
  // A plan with selectors writes the ledger even when it writes nothing to the CRM.
  if (plan.changes.length > 0 || plan.selectors !== undefined) {
    await checkTarget(session, plan, planFile);
  }
  const ledgerStep = await prepareLedgerStep(
    plan,
    ledgerLocation(session.config.ledgerFile, ctx.io.cwd),
    planFile,
  );
  ctx.info(
    renderPlan(plan, {
      format: 'text',
      color: ctx.color,
      context: withOverride(savedPlanContext(plan, session.config.environment), options),
    }),
  );
  if (plan.changes.length === 0) return { exitCode: await ledgerOnly(ctx, ledgerStep) };
  const [current, catalogue] = await Promise.all([
    readCurrent(session.client, plan.changes),
    session.client.readCatalogue(),
  ]);
  const stale = findStaleRecords(plan, current);
  if (stale.length > 0) {
    throw new TerritorySyncError(
      'STALE_PLAN',
      `${planFile} is stale: ${plural(stale.length, 'record has', 'records have')} changed in the CRM since the plan was made. Nothing was written.\n${describeStale(stale).join('\n')}`,
      { hint: NEW_PLAN_HINT },
    );
  }
  checkTerritoryNames(plan, catalogue, planFile);
  return {
    session,
    plan,
    approved: true,
    ...(ledgerStep === undefined ? {} : { ledgerStep }),
  };
}

async function prepareFreshPlan(
  ctx: CommandContext,
  options: ApplyCommandOptions,
): Promise<Prepared> {
  // The reviewed plan is checked whole before anything is read from the CRM.
  const reviewed =
    options.expectPlan === undefined
      ? undefined
      : await readSavedPlan(
          path.resolve(ctx.io.cwd, options.expectPlan),
          options.expectPlan,
          planCheckOptions(ctx.io.env),
        );
  if (reviewed !== undefined && options.expectPlan !== undefined) {
    // Before the CRM is read: a config change is not "the CRM or the YAML changed".
    const config = await loadConfig({
      cwd: ctx.io.cwd,
      env: ctx.io.env,
      configFile: options.config,
      environment: options.env,
    });
    checkModules(config.modules, reviewed, options.expectPlan);
  }
  const planned = await planSession(ctx, options);
  const plan = planned.plan;
  if (reviewed !== undefined && options.expectPlan !== undefined) {
    checkAsReviewed(reviewed, plan, options.expectPlan);
    ctx.info(
      `The plan made now changes exactly what ${options.expectPlan} (reviewed, plan ` +
        `${reviewed.planHash.slice(0, 12)}) changes.`,
    );
  }
  const context = withOverride(planned.context, options);
  ctx.result(renderPlan(plan, { format: 'text', color: ctx.color, context }));
  if (ctx.inGitHubActions) {
    await publishPlan(ctx, plan, renderPlan(plan, { format: 'markdown', context }));
  }
  const ledgerStep = await prepareLedgerStep(plan, planned.ledger, 'The plan', {
    ...(planned.selection === undefined ? {} : { read: planned.selection.ledger }),
  });
  if (plan.changes.length === 0) return { exitCode: await ledgerOnly(ctx, ledgerStep) };
  return {
    session: planned,
    plan,
    approved: reviewed !== undefined,
    ...(reviewed === undefined ? {} : { reviewedSafety: reviewed.safety }),
    ...(ledgerStep === undefined ? {} : { ledgerStep }),
  };
}

/** apply --expect-plan: the fresh plan must be for the same org and make the same changes. */
function checkAsReviewed(reviewed: Plan, fresh: Plan, shownAs: string): void {
  const mismatch = targetMismatch(reviewed.target, fresh.target);
  if (mismatch !== undefined) {
    throw new TerritorySyncError(
      'PLAN_TARGET_MISMATCH',
      `${shownAs} was reviewed for ${describeTarget(reviewed.target)}, but this run reaches ${describeTarget(fresh.target)}: ${mismatch}. Nothing was written.`,
      { hint: 'Check the connection and credentials this workflow uses.' },
    );
  }
  const records = changeDifferences(reviewed, fresh);
  const ledger = ledgerDifferences(reviewed, fresh);
  const differences = [...records, ...ledger];
  if (differences.length === 0) return;
  const shown = capped(differences.map(oneLine));
  throw new TerritorySyncError(
    'PLAN_CHANGED',
    `The plan made now differs from the reviewed plan ${shownAs}` +
      `${records.length > 0 ? ` for ${plural(records.length, 'record')}` : ''}` +
      `${ledger.length > 0 ? `${records.length > 0 ? ' and' : ' in'} the selectors' ledger` : ''} ` +
      `(the CRM or the YAML changed since the review${ledger.length > 0 ? ', or another apply wrote the ledger' : ''}). ` +
      `Nothing was written.\n${shown.join('\n')}`,
    {
      hint:
        'Review what changed: make a new plan (`territory-sync plan --out plan.json`), have it ' +
        'reviewed, and apply that one. In GitHub Actions, see "What was reviewed is what is ' +
        'applied" in docs/github-actions.md for how to proceed after a merge.',
    },
  );
}

/**
 * What the reviewed and the fresh plan would write into the selectors' ledger: the ledger they
 * start from and the entries they write. A lost or edited ledger changes what later plans may
 * take back, so it must be what the reviewer saw too.
 */
function ledgerDifferences(reviewed: Plan, fresh: Plan): string[] {
  const a = reviewed.selectors?.ledger;
  const b = fresh.selectors?.ledger;
  if (canonicalJson(a ?? null) === canonicalJson(b ?? null)) return [];
  if (a?.base !== b?.base) {
    return [
      `the selectors' ledger: the reviewed plan was made from ${a?.base == null ? 'none' : a.base.slice(0, 12)}, this run reads ${b?.base == null ? 'none' : b.base.slice(0, 12)}`,
    ];
  }
  return ["the selectors' ledger entries this apply would write differ from the reviewed plan's"];
}

/** With --allow-mass-removal the plan shown says the guard is overridden, not that apply refuses. */
function withOverride(context: PlanContext, options: ApplyCommandOptions): PlanContext {
  return options.allowMassRemoval ? { ...context, massRemovalAllowed: true } : context;
}

async function prepareResume(
  ctx: CommandContext,
  options: ApplyCommandOptions,
  journalFile: string,
): Promise<Prepared> {
  const journal = await readJournal(
    path.resolve(ctx.io.cwd, journalFile),
    journalFile,
    planCheckOptions(ctx.io.env),
  );
  const original = journal.plan;
  const finish = journal.finish;
  if (finish && finishedClean(finish)) {
    const n = original.changes.length;
    ctx.result(
      `Nothing left to do: the apply in ${journalFile} finished at ${finish.at} and ` +
        `${n === 1 ? 'its 1 record' : `all ${formatCount(n)} of its records`} converged.`,
    );
    return { exitCode: EXIT.ok };
  }
  const session = await openSession(ctx, options);
  checkModules(session.config.modules, original, journalFile);
  await checkTarget(session, original, journalFile);
  // The first run may have written the ledger already: its updates are written again, over
  // the ledger as it is now.
  const ledgerStep = await prepareLedgerStep(
    original,
    ledgerLocation(session.config.ledgerFile, ctx.io.cwd),
    journalFile,
    { resuming: true },
  );
  const answered = new Set(journal.results.map((r) => r.call));
  const unanswered = journal.intents.filter((i) => !answered.has(i.call)).length;
  ctx.info(
    `Resuming the apply in ${journalFile} (plan ${original.planHash.slice(0, 12)}, started ` +
      `${journal.startedAt}, ${finish ? 'finished partially' : 'cut short'}): ` +
      `${plural(journal.intents.length, 'write call')} sent, ${formatCount(unanswered)} without a recorded answer. ` +
      `Waiting for its jobs, then re-reading its ${plural(original.changes.length, 'record')}.`,
  );
  const { plan, stillPending } = await findRemainingWork(original, session.client, {
    timeoutMs: session.config.jobTimeoutSeconds * 1000,
    pollIntervalMs: DEFAULT_EXECUTE_OPTIONS.pollIntervalMs,
    maxPollIntervalMs: DEFAULT_EXECUTE_OPTIONS.maxPollIntervalMs,
    sleep: abortableSleep,
    now: () => new Date(),
  });
  if (stillPending > 0) {
    ctx.warn(
      `${plural(stillPending, 'record still has', 'records still have')} a job running in Zoho; ` +
        `${stillPending === 1 ? 'it stays' : 'they stay'} in the plan.`,
    );
  }
  if (plan.changes.length === 0) {
    const n = original.changes.length;
    ctx.result(
      `Nothing left to do: ${n === 1 ? 'the 1 record' : `all ${formatCount(n)} records`} of the plan in ${journalFile} ${n === 1 ? 'is' : 'are'} as planned.`,
    );
    return { exitCode: await ledgerOnly(ctx, ledgerStep) };
  }
  checkTerritoryNames(plan, await session.client.readCatalogue(), journalFile);
  ctx.info(
    renderPlan(plan, {
      format: 'text',
      color: ctx.color,
      context: withOverride(savedPlanContext(plan, session.config.environment), options),
    }),
  );
  return {
    session,
    plan,
    approved: true,
    resumes: original.planHash,
    ...(ledgerStep === undefined ? {} : { ledgerStep }),
  };
}

/** Nothing to write to the CRM: a plan with selectors may still teach the ledger who matches. */
async function ledgerOnly(ctx: CommandContext, step: LedgerStep | undefined): Promise<number> {
  if (step !== undefined) {
    const line = await writeLedgerStep(step, undefined);
    if (line !== undefined) ctx.result(line);
  }
  return EXIT.ok;
}

/** SIGINT/SIGTERM stop the apply gracefully; a second one gets Node's default (exit at once). */
function abortOnSignals(ctx: CommandContext): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const names = ['SIGINT', 'SIGTERM'] as const;
  const dispose = () => {
    for (const name of names) process.off(name, onSignal);
  };
  function onSignal(name: NodeJS.Signals) {
    dispose();
    ctx.warn(
      `${name} received: finishing the calls in flight, sending no new ones, then verifying and ` +
        'reporting. Press Ctrl-C again to stop at once.',
    );
    controller.abort(`the apply was interrupted (${name})`);
  }
  for (const name of names) process.on(name, onSignal);
  return { signal: controller.signal, dispose };
}

async function openJournal(
  ctx: CommandContext,
  options: ApplyCommandOptions,
  session: Session,
  plan: Plan,
): Promise<JournalFile> {
  if (options.journal !== undefined) {
    return createJournalFile(path.resolve(ctx.io.cwd, options.journal), options.journal);
  }
  const journal = await createDefaultJournal(ctx.io.cwd, plan.planHash);
  await pruneJournals(ctx, session.config.journalsKept, journal.path);
  return journal;
}

/**
 * Only in the default folder: the journals of applies that finished clean beyond the newest
 * `journalsKept` are deleted; a journal an apply may still need to resume is never touched.
 */
async function pruneJournals(ctx: CommandContext, keep: number, current: string): Promise<void> {
  const { deleted, failed } = await pruneDefaultJournals(ctx.io.cwd, keep, current);
  if (deleted.length > 0) {
    ctx.verbose(
      `Deleted ${plural(deleted.length, 'old journal')} of applies that finished clean ` +
        `(journalsKept: ${keep}): ${deleted.map((name) => oneLine(name)).join(', ')}`,
    );
  }
  for (const { name, reason } of failed) {
    ctx.verbose(`Could not delete the old journal ${oneLine(name)}: ${oneLine(reason)}`);
  }
}

async function execute(
  ctx: CommandContext,
  options: ApplyCommandOptions,
  prepared: Extract<Prepared, { session: Session }>,
): Promise<{ report: ApplyReport; journalShown: string }> {
  const { session, plan } = prepared;
  const journal = await openJournal(ctx, options, session, plan);
  const journalShown = path.relative(ctx.io.cwd, journal.path) || journal.path;
  const interrupt = abortOnSignals(ctx);
  try {
    await journal.append({
      type: 'start',
      format: JOURNAL_FORMAT,
      formatVersion: JOURNAL_FORMAT_VERSION,
      at: new Date().toISOString(),
      planHash: plan.planHash,
      ...(prepared.resumes === undefined ? {} : { resumes: prepared.resumes }),
      // Signed when a key is set, so a resume can trust the journal as it trusts a saved plan.
      plan:
        session.planKey === undefined
          ? plan
          : { ...plan, signature: signPlanHash(plan.planHash, session.planKey) },
    });
    ctx.info(
      `Journal: ${journalShown} (if this apply is cut short: territory-sync apply --resume ${journalShown})`,
    );
    const onEvent = (event: ApplyEvent) => {
      // Event messages may quote Zoho's answers, so they are shown like any CRM text.
      const message = oneLine(event.message);
      if (event.kind === 'batch-sent') ctx.verbose(`  ${message}`);
      else if (event.kind === 'warning') ctx.warn(`Warning: ${message}`);
      else ctx.info(message);
    };
    const report = await executePlan(plan, session.client, {
      ...DEFAULT_EXECUTE_OPTIONS,
      concurrency: session.config.concurrency,
      waitForJobs: options.wait,
      jobTimeoutMs: session.config.jobTimeoutSeconds * 1000,
      maxResubmissions: session.config.recordRetries.attempts,
      lockedRetryDelayMs: session.config.recordRetries.delaySeconds * 1000,
      sleep: abortableSleep,
      now: () => new Date(),
      onEvent,
      signal: interrupt.signal,
      journal,
    });
    return { report, journalShown };
  } finally {
    interrupt.dispose();
    await journal.close();
  }
}

function stoppedEarlyLine(report: ApplyReport, journalShown: string): string | undefined {
  const stopped = report.stoppedEarly;
  if (stopped === undefined) return undefined;
  // Messages may end a sentence of their own; this line adds its own full stop.
  const stop = { code: stopped.code, message: oneLine(stopped.message).replace(/\.+$/, '') };
  const notSent = report.summary.skipped;
  const what =
    stop.code === 'INTERRUPTED'
      ? `${stop.message.charAt(0).toUpperCase()}${stop.message.slice(1)}: the calls in flight finished; ${plural(notSent, 'record was', 'records were')} not sent.`
      : `Apply stopped early (${stop.code}): ${stop.message}. ${plural(notSent, 'record was', 'records were')} not sent.`;
  return `${what}\nTo finish it: territory-sync apply --resume ${journalShown}`;
}

export async function applyCommand(
  ctx: CommandContext,
  options: ApplyCommandOptions,
): Promise<number> {
  if (options.expectPlan !== undefined && (options.planFile ?? options.resume) !== undefined) {
    throw new TerritorySyncError(
      'USAGE',
      '--expect-plan re-plans and compares with the reviewed plan; it does not combine with a plan file or --resume.',
      {
        hint: 'Run `territory-sync apply --expect-plan plan.json`, or `territory-sync apply plan.json` to apply the saved plan itself.',
      },
    );
  }
  if (options.resume !== undefined && options.planFile !== undefined) {
    throw new TerritorySyncError(
      'USAGE',
      'apply takes a plan file or --resume JOURNAL, not both: the journal holds its plan.',
      { hint: 'Run `territory-sync apply --resume JOURNAL` alone.' },
    );
  }
  // A fresh plan nobody reviewed needs a person to confirm it. Without a terminal that cannot
  // happen: say so before reading the CRM, not after a plan that may run to thousands of lines.
  const reviewed =
    options.planFile !== undefined ||
    options.resume !== undefined ||
    options.expectPlan !== undefined;
  if (!options.autoApprove && !reviewed && !canPrompt(ctx)) {
    throw new TerritorySyncError(
      'USAGE',
      'apply needs --auto-approve when it cannot ask for confirmation (no terminal, or CI). Nothing was read or written.',
      {
        hint:
          'Review the changes with `territory-sync plan --out plan.json`, then run ' +
          '`territory-sync apply plan.json` (or apply --auto-approve).',
      },
    );
  }
  let prepared: Prepared;
  if (options.resume !== undefined) prepared = await prepareResume(ctx, options, options.resume);
  else if (options.planFile) prepared = await prepareSavedPlan(ctx, options, options.planFile);
  else prepared = await prepareFreshPlan(ctx, options);
  if ('exitCode' in prepared) return prepared.exitCode;
  const { session, plan } = prepared;

  if (!options.allowMassRemoval) checkMassRemoval(prepared);
  if (!options.wait && (plan.selectors?.ledger.updates.length ?? 0) > 0) {
    // The ledger may only remember what Zoho confirmed, and --no-wait confirms nothing.
    throw new TerritorySyncError(
      'USAGE',
      "apply --no-wait cannot record what selectors give: the selectors' ledger only remembers " +
        'territories Zoho confirmed, and --no-wait waits for no confirmation. Nothing was written.',
      { hint: 'Run apply without --no-wait for a plan with selectors.' },
    );
  }
  if (!options.autoApprove && !prepared.approved) {
    if (!(await confirm(ctx, describeTarget(plan.target, session.config.environment)))) {
      ctx.result('Apply cancelled. Nothing was written.');
      return EXIT.error;
    }
  }

  const { report, journalShown } = await execute(ctx, options, prepared);
  if (options.report) {
    await writeFile(
      path.resolve(ctx.io.cwd, options.report),
      `${JSON.stringify(report, null, 2)}\n`,
    );
  }
  ctx.result(renderApplyReport(report, { color: ctx.color }));
  if (prepared.ledgerStep !== undefined) {
    const line = await writeLedgerStep(prepared.ledgerStep, report);
    if (line !== undefined) ctx.result(line);
  }
  const stopped = stoppedEarlyLine(report, journalShown);
  if (stopped !== undefined) ctx.result(stopped);
  await publishApplyReport(ctx, plan, report);
  // --no-wait: records Zoho scheduled and nobody verified, as asked, are not a partial apply.
  return appliedAsAsked(report) ? EXIT.ok : EXIT.partialApply;
}

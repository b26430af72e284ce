// The executor: runs a plan's waves through the API, reads every record's answer from data[],
// resubmits what Zoho asks to resubmit, waits for the assignment jobs and verifies by re-reading.
// It journals each call before and after it goes out, and stops cleanly when told to (signal)
// or when going on is pointless (credentials refused): in-flight calls finish, no new ones
// start, what was sent is waited for and verified, and the report says what did not happen.
//
// This file is the loop: it makes the calls (send-calls.ts), writes the journal, waits and
// sleeps. What to send, resend, give up on or wait for is decided in next-round.ts, which is
// pure; what the report says per record, in record-results.ts.
import type { Plan, Wave } from '../core/model.js';
import { plural } from '../core/words.js';
import { APPLY_REPORT_FORMAT } from './apply-report.js';
import type { ApplyReport, RecordResult, StopReason } from './apply-report.js';
import {
  codeOf,
  halted,
  messageOf,
  progressOf,
  settleJobs,
  settleRecords,
  standingOf,
  startRun,
  stopState,
  stopWith,
} from './apply-run.js';
import type { ApplyRun } from './apply-run.js';
import { recordRetryPolicy } from './execute-options.js';
import type { ExecuteOptions } from './execute-options.js';
import { firstRound, holdBack, nextRound, stopLabel } from './next-round.js';
import type { InFlight, RoundState } from './next-round.js';
import type { ApplyPort } from './ports.js';
import { planEarlyReads, readAllBack, readFinishedWaves } from './read-back.js';
import type { EarlyReads } from './read-back.js';
import {
  notWaitedForResult,
  summarize,
  unverifiedResult,
  verifiedResults,
} from './record-results.js';
import { regroup, sendRound } from './send-calls.js';

export { DEFAULT_EXECUTE_OPTIONS } from './execute-options.js';
export type { ExecuteOptions } from './execute-options.js';

export async function executePlan(
  plan: Plan,
  port: ApplyPort,
  options: ExecuteOptions,
): Promise<ApplyReport> {
  const startedAt = options.now().toISOString();
  const retriesBefore = port.stats?.().retries ?? 0;
  const run = startRun(plan, port, options);
  const early = planEarlyReads(plan);
  for (const wave of plan.waves) await runWave(run, wave, early);
  const records = await results(run, early);
  const summary = summarize(records);
  const finishedAt = options.now().toISOString();
  await journalFinish(run, finishedAt, records, summary);
  return {
    format: APPLY_REPORT_FORMAT,
    formatVersion: 1,
    planHash: plan.planHash,
    startedAt,
    finishedAt,
    verified: options.waitForJobs,
    records,
    summary,
    ...(options.waitForJobs
      ? {}
      : { scheduledNotVerified: records.filter((r) => r.notWaitedFor === true).length }),
    counts: {
      ...run.counts,
      transportRetries: (port.stats?.().retries ?? 0) - retriesBefore,
    },
    ...(run.stop ? { stoppedEarly: run.stop } : {}),
  };
}

async function runWave(run: ApplyRun, wave: Wave, early: EarlyReads): Promise<void> {
  const { plan, options } = run;
  const first = firstRound(wave, (module, id) => standingOf(run, module, id), stopState(run));
  settleRecords(run, first.settled);
  if (first.stopping) stopWith(run, first.stopping);
  const records = first.calls.reduce((n, call) => n + call.length, 0);
  if (records === 0) return;
  run.emit({
    kind: 'wave-start',
    wave: wave.index,
    records,
    message: `wave ${wave.index} of ${plan.waves.length}: ${plural(records, 'record')}`,
  });
  const scheduled = await runRounds(run, wave.index, first.calls);
  const isLast = wave.index === plan.waves[plan.waves.length - 1]?.index;
  // Between waves the jobs must land before the next wave; after the last, only to verify.
  if (options.waitForJobs || (!isLast && !halted(run))) {
    // This wave's writes are all answered: while its jobs run, the lanes are free for
    // reading back what earlier waves finished.
    readFinishedWaves(early, {
      ...run,
      stillPending: (module, id) => progressOf(run, module, id).stillPending,
    });
    for (const key of await settleJobs(run, scheduled)) {
      const p = run.progress.get(key);
      if (p) p.stillPending = true;
    }
  }
  if (options.waitForJobs && !isLast && !halted(run)) early.finishedWaves.push(wave.index);
}

/** Sends the wave's records until each is settled; returns those whose job Zoho scheduled. */
async function runRounds(
  run: ApplyRun,
  wave: number,
  firstCalls: readonly (readonly InFlight[])[],
): Promise<InFlight[]> {
  const policy = recordRetryPolicy(run.options);
  const scheduled: InFlight[] = [];
  let calls = firstCalls;
  let state: RoundState = { round: 0, sent: firstCalls.flat() };
  for (;;) {
    const answers = await sendRound(run, calls, wave, state.round);
    const round = nextRound(state, answers, policy, stopState(run));
    settleRecords(run, round.settled);
    for (const { item, fate } of round.settled) if (fate.kind === 'scheduled') scheduled.push(item);
    if (round.stopping) stopWith(run, round.stopping);
    // Zoho's last answer stays the record's failure should it never be sent again.
    for (const item of round.resend)
      progressOf(run, item.module, item.id).failure = item.lastAnswer;
    if (round.resend.length === 0) return scheduled;
    const { resend, pending } =
      round.waitFor.length > 0
        ? holdBack(round, await settleJobs(run, round.waitFor))
        : { resend: round.resend, pending: [] };
    settleRecords(run, pending);
    if (resend.length === 0) return scheduled;
    run.counts.resubmissions += resend.length;
    run.emit({
      kind: 'retry',
      wave,
      records: resend.length,
      message: `sending ${plural(resend.length, 'record')} again (round ${state.round + 2})`,
    });
    if (round.pauseMs !== undefined) await run.options.sleep(round.pauseMs, run.options.signal);
    state = { round: state.round + 1, sent: resend };
    calls = regroup(resend, run.plan.batchSize);
  }
}

async function results(run: ApplyRun, early: EarlyReads): Promise<RecordResult[]> {
  const progress = [...run.progress.values()];
  const unverified = (stop: StopReason) => {
    const why = `Zoho scheduled it; not verified: ${stopLabel(stop)}`;
    return progress.map((p) => unverifiedResult(p, why));
  };
  if (run.options.waitForJobs) {
    try {
      return verifiedResults(run.plan, run.progress, await readAllBack(early, run));
    } catch (error) {
      const reason = { code: codeOf(error), message: `could not verify (${messageOf(error)})` };
      stopWith(run, reason);
      return unverified(run.stop ?? reason);
    }
  }
  if (run.stop) return unverified(run.stop);
  // --no-wait: what Zoho scheduled was not verified on purpose; that is not a failure.
  return progress.map(notWaitedForResult);
}

async function journalFinish(
  run: ApplyRun,
  at: string,
  records: readonly RecordResult[],
  summary: ReturnType<typeof summarize>,
): Promise<void> {
  try {
    await run.options.journal?.append({
      type: 'finish',
      at,
      verified: run.options.waitForJobs,
      ...(run.stop ? { stoppedEarly: run.stop } : {}),
      summary,
      records: records.map((r) => ({
        module: r.module,
        id: r.id,
        status: r.status,
        ...(r.code === undefined ? {} : { code: r.code }),
      })),
    });
  } catch (error) {
    run.emit({
      kind: 'warning',
      message: `the journal's last line could not be written (${messageOf(error)}); the report below is complete`,
    });
  }
}

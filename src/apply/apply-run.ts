// The state one executePlan call carries from wave to wave: each record's progress, the counters,
// and whether (and why) the apply is stopping. Only the loop's side (execute-plan.ts,
// send-calls.ts) changes it; the decisions in next-round.ts read snapshots of it.
import type { ModuleName, Plan } from '../core/model.js';
import { plural } from '../core/words.js';
import { TerritorySyncError } from '../errors.js';
import type { ErrorCode } from '../errors.js';
import type { ApplyEvent, StopReason } from './apply-report.js';
import { DEFAULT_EXECUTE_OPTIONS } from './execute-options.js';
import type { ExecuteOptions } from './execute-options.js';
import type { Settled, Standing, StopState } from './next-round.js';
import type { ApplyPort } from './ports.js';
import { recordKey } from '../core/record-key.js';
import { recordFate } from './record-results.js';
import type { RecordProgress } from './record-results.js';
import { waitForJobs } from './wait-for-jobs.js';
import type { JobWaitOptions } from './wait-for-jobs.js';

export interface ApplyCounters {
  writeCalls: number;
  jobPolls: number;
  verifyReads: number;
  resubmissions: number;
}

export interface ApplyRun {
  readonly plan: Plan;
  readonly port: ApplyPort;
  readonly options: ExecuteOptions;
  readonly progress: ReadonlyMap<string, RecordProgress>;
  readonly counts: ApplyCounters;
  readonly emit: (event: ApplyEvent) => void;
  readonly jobWait: JobWaitOptions;
  stop: StopReason | undefined;
  /** Write calls started so far: the journal numbers them. */
  callsStarted: number;
}

export function startRun(plan: Plan, port: ApplyPort, options: ExecuteOptions): ApplyRun {
  const progress = new Map<string, RecordProgress>();
  for (const record of plan.changes) {
    progress.set(recordKey(record.module, record.id), {
      plan: record,
      attempts: 0,
      stillPending: false,
    });
  }
  const counts: ApplyCounters = { writeCalls: 0, jobPolls: 0, verifyReads: 0, resubmissions: 0 };
  const jobWait: JobWaitOptions = {
    timeoutMs: options.jobTimeoutMs,
    pollIntervalMs: options.pollIntervalMs,
    maxPollIntervalMs: options.maxPollIntervalMs,
    sleep: options.sleep,
    now: options.now,
    graceMs: Math.min(
      options.jobTimeoutMs,
      options.interruptGraceMs ?? DEFAULT_EXECUTE_OPTIONS.interruptGraceMs,
    ),
    onPoll: (calls) => (counts.jobPolls += calls),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const emit = (event: ApplyEvent) => options.onEvent?.(event);
  return { plan, port, options, progress, counts, emit, jobWait, stop: undefined, callsStarted: 0 };
}

export function progressOf(run: ApplyRun, module: ModuleName, id: string): RecordProgress {
  const p = run.progress.get(recordKey(module, id));
  if (!p) throw new Error(`plan batch names ${module} ${id}, which has no change entry`);
  return p;
}

export function settleRecords(run: ApplyRun, settled: readonly Settled[]): void {
  for (const { item, fate } of settled) recordFate(progressOf(run, item.module, item.id), fate);
}

/** Where a record stands when its wave comes (see `Standing`). */
export function standingOf(run: ApplyRun, module: ModuleName, id: string): Standing {
  const p = progressOf(run, module, id);
  if (p.skipped) return 'skipped';
  if (p.failure) return 'failed';
  return p.stillPending ? 'job-running' : 'ready';
}

export function stopWith(run: ApplyRun, reason: StopReason): void {
  if (run.stop) return;
  run.stop = reason;
  run.emit({ kind: 'stopping', message: `stopping: ${reason.message}` });
}

function abortReason(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  return typeof reason === 'string' ? reason : 'the apply was interrupted';
}

/** An interruption becomes the stop reason the first time anyone asks. */
export function halted(run: ApplyRun): boolean {
  const signal = run.options.signal;
  if (!run.stop && signal?.aborted) {
    stopWith(run, { code: 'INTERRUPTED', message: abortReason(signal) });
  }
  return run.stop !== undefined;
}

/** A snapshot for the pure decisions, which act on an interruption only where it matters. */
export function stopState(run: ApplyRun): StopState {
  const signal = run.options.signal;
  if (run.stop) return { stopped: run.stop };
  if (signal?.aborted) return { interrupt: { code: 'INTERRUPTED', message: abortReason(signal) } };
  return {};
}

export const messageOf = (error: unknown) =>
  error instanceof Error ? error.message : String(error);

/**
 * The code of a failure the client reported. Anything that is not a TerritorySyncError is a bug
 * of ours, not network trouble: it propagates (exit 1, "internal error") instead of being
 * reported as "no answer from Zoho; re-run apply".
 */
export function codeOf(error: unknown): ErrorCode {
  if (error instanceof TerritorySyncError) return error.code;
  throw error;
}

/**
 * Waits for the records' jobs; the keys (recordKey) of those still running come back. If job
 * status cannot be read, the apply stops and counts them all as still running.
 */
export async function settleJobs(
  run: ApplyRun,
  records: readonly { module: ModuleName; id: string }[],
): Promise<Set<string>> {
  if (records.length === 0) return new Set<string>();
  run.emit({
    kind: 'waiting-for-jobs',
    records: records.length,
    message: `waiting for ${plural(records.length, 'job')}`,
  });
  try {
    return await waitForJobs(run.port, records, run.jobWait);
  } catch (error) {
    stopWith(run, {
      code: codeOf(error),
      message: `could not read job status (${messageOf(error)})`,
    });
    return new Set(records.map((r) => recordKey(r.module, r.id)));
  }
}

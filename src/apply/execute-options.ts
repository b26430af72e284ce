// How the executor runs: waiting, resubmissions, concurrency, clock and interruption. Callers
// import these from execute-plan.ts.
import type { ApplyEvent } from './apply-report.js';
import type { JournalSink } from './journal-entry.js';
import { MAX_LOCKED_RETRY_DELAY_MS } from './record-retry-policy.js';
import type { RecordRetryPolicy } from './record-retry-policy.js';

export interface ExecuteOptions {
  /** Wait for the last wave's jobs and verify (false with --no-wait). */
  readonly waitForJobs: boolean;
  readonly jobTimeoutMs: number;
  /** How many times one record may be sent again (RECORD_LOCKED, ALREADY_SCHEDULED, ...). */
  readonly maxResubmissions: number;
  readonly lockedRetryDelayMs: number;
  readonly pollIntervalMs: number;
  readonly maxPollIntervalMs: number;
  /** Resolves after ms, or as soon as `signal` aborts. */
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly now: () => Date;
  readonly onEvent?: (event: ApplyEvent) => void;
  /**
   * Write calls in flight at once. The executor holds back the rest itself, so that once it
   * is told to stop, calls not yet started are never sent.
   */
  readonly concurrency?: number;
  /** Aborting stops new calls; in-flight ones finish, their jobs get `interruptGraceMs`. */
  readonly signal?: AbortSignal;
  readonly interruptGraceMs?: number;
  readonly journal?: JournalSink;
}

export const DEFAULT_EXECUTE_OPTIONS = {
  waitForJobs: true,
  jobTimeoutMs: 600_000,
  maxResubmissions: 4,
  lockedRetryDelayMs: 2_000,
  pollIntervalMs: 300,
  maxPollIntervalMs: 5_000,
  concurrency: 5,
  interruptGraceMs: 15_000,
} as const;

export function recordRetryPolicy(options: ExecuteOptions): RecordRetryPolicy {
  return {
    maxResubmissions: options.maxResubmissions,
    lockedDelayMs: options.lockedRetryDelayMs,
    maxDelayMs: MAX_LOCKED_RETRY_DELAY_MS,
  };
}

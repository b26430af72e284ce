// How the executor runs: waiting, resubmissions, concurrency, clock and interruption. Callers
// import these from execute-plan.ts.
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_INTERRUPT_GRACE_MS,
  DEFAULT_JOB_TIMEOUT_SECONDS,
  DEFAULT_MAX_POLL_INTERVAL_MS,
  DEFAULT_POLL_INTERVAL_MS,
  DEFAULT_RECORD_RETRIES,
} from '../constants/defaults.js';
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

/** Built from src/constants/defaults.ts, the one place each default is written. */
export const DEFAULT_EXECUTE_OPTIONS = {
  waitForJobs: true,
  jobTimeoutMs: DEFAULT_JOB_TIMEOUT_SECONDS * 1000,
  maxResubmissions: DEFAULT_RECORD_RETRIES.attempts,
  lockedRetryDelayMs: DEFAULT_RECORD_RETRIES.delaySeconds * 1000,
  pollIntervalMs: DEFAULT_POLL_INTERVAL_MS,
  maxPollIntervalMs: DEFAULT_MAX_POLL_INTERVAL_MS,
  concurrency: DEFAULT_CONCURRENCY,
  interruptGraceMs: DEFAULT_INTERRUPT_GRACE_MS,
} as const;

export function recordRetryPolicy(options: ExecuteOptions): RecordRetryPolicy {
  return {
    maxResubmissions: options.maxResubmissions,
    lockedDelayMs: options.lockedRetryDelayMs,
    maxDelayMs: MAX_LOCKED_RETRY_DELAY_MS,
  };
}

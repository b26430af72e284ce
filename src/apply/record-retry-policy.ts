// How often, and after how long, the executor sends a record again when Zoho turned it away in a
// call that itself worked (RECORD_LOCKED, ALREADY_SCHEDULED, a partly converged answer). The
// client's transport retries (src/zoho/retry-policy.ts: 429, 5xx, resets) repeat a call that did
// not work; this policy lives in apply because apply may not import zoho (ARCHITECTURE) and the
// two budgets count different things: calls there, records here.

export interface RecordRetryPolicy {
  /** How many times one record may be sent again within a wave (config: recordRetries.attempts). */
  readonly maxResubmissions: number;
  /** The pause after the first RECORD_LOCKED round, doubled each round after. */
  readonly lockedDelayMs: number;
  /** A lock held longer than this between two rounds is better left to the next run. */
  readonly maxDelayMs: number;
}

export const MAX_LOCKED_RETRY_DELAY_MS = 60_000;

/**
 * The pause before sending RECORD_LOCKED records again after round `round` (0 for the wave's
 * first send). No jitter: these are records, not callers competing for the same limit, and a
 * fixed schedule keeps the pauses the journal and the tests can predict.
 */
export function lockedRetryDelay(
  round: number,
  policy: Pick<RecordRetryPolicy, 'lockedDelayMs' | 'maxDelayMs'>,
): number {
  return Math.min(policy.maxDelayMs, policy.lockedDelayMs * 2 ** round);
}

/** Whether the records Zoho turned away in round `round` may be sent once more. */
export function mayResend(round: number, policy: Pick<RecordRetryPolicy, 'maxResubmissions'>) {
  return round < policy.maxResubmissions;
}

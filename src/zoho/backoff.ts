// The retry loop shared by API calls and token refreshes, bounded in count and in time.
import { retryDelay } from './retry-policy.js';
import type { RetryPolicy } from './retry-policy.js';

export interface GiveUp {
  /** Retries made before giving up. */
  readonly retries: number;
  readonly elapsedMs: number;
}

export type AttemptOutcome<T> =
  | { readonly kind: 'done'; readonly value: T }
  | {
      readonly kind: 'retry';
      /** For the trace: "429 TOO_MANY_REQUESTS", "503 INTERNAL_ERROR", "ECONNRESET". */
      readonly reason: string;
      /** The error to throw if no retry is left. */
      readonly giveUp: (summary: GiveUp) => Error;
      /**
       * Tighter bounds than the policy's for this failure (a host that never answered refusing
       * the connection): give up after this many retries in all, each pause at most this long.
       */
      readonly quick?: { readonly maxRetries: number; readonly maxDelayMs: number };
    };

export interface BackoffDeps {
  readonly policy: RetryPolicy;
  readonly random: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
  readonly onRetry: (retry: number, delayMs: number, reason: string) => void;
}

export async function withBackoff<T>(
  attempt: (attemptNumber: number) => Promise<AttemptOutcome<T>>,
  deps: BackoffDeps,
): Promise<T> {
  const started = deps.now();
  let retries = 0;
  for (;;) {
    const outcome = await attempt(retries + 1);
    if (outcome.kind === 'done') return outcome.value;
    const elapsedMs = deps.now() - started;
    const { quick } = outcome;
    const maxRetries = Math.min(deps.policy.maxRetries, quick?.maxRetries ?? Infinity);
    if (retries >= maxRetries) throw outcome.giveUp({ retries, elapsedMs });
    const policy =
      quick === undefined
        ? deps.policy
        : { ...deps.policy, maxDelayMs: Math.min(deps.policy.maxDelayMs, quick.maxDelayMs) };
    const delayMs = retryDelay(retries + 1, deps.random(), policy);
    if (elapsedMs + delayMs > deps.policy.maxElapsedMs) {
      throw outcome.giveUp({ retries, elapsedMs });
    }
    retries += 1;
    deps.onRetry(retries, delayMs, outcome.reason);
    await deps.sleep(delayMs);
  }
}

// Polls Zoho's job status until none of the given records has a territory job running, or the
// deadline passes. Used between waves, after the last wave, and before a resume re-reads.
import { MAX_IDS_PER_FEATURE_INFO } from '../constants/zoho.js';
import type { ModuleName } from '../core/model.js';
import type { ApplyPort } from './ports.js';
import { recordKey } from '../core/record-key.js';

export interface JobWaitOptions {
  readonly timeoutMs: number;
  readonly pollIntervalMs: number;
  readonly maxPollIntervalMs: number;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly now: () => Date;
  /** Once aborted, waiting goes on for at most graceMs: long enough for in-flight jobs to land. */
  readonly signal?: AbortSignal;
  readonly graceMs?: number;
  /** Called with the number of job-status calls each poll costs. */
  readonly onPoll?: (calls: number) => void;
}

/** The keys (recordKey) of records whose job was still running when waiting stopped. */
export async function waitForJobs(
  port: Pick<ApplyPort, 'pendingRecords'>,
  records: readonly { readonly module: ModuleName; readonly id: string }[],
  options: JobWaitOptions,
): Promise<Set<string>> {
  let waiting = new Map<ModuleName, string[]>();
  for (const record of records) {
    const ids = waiting.get(record.module);
    if (ids) ids.push(record.id);
    else waiting.set(record.module, [record.id]);
  }
  const started = options.now().getTime();
  let abortedAt: number | undefined;
  let interval = options.pollIntervalMs;
  while (waiting.size > 0) {
    const aborted = options.signal?.aborted === true;
    if (aborted) abortedAt ??= options.now().getTime();
    // After an interruption the sleep must not return at once, or polling would spin.
    await options.sleep(interval, aborted ? undefined : options.signal);
    const next = new Map<ModuleName, string[]>();
    // Modules are polled side by side: the client's limiter keeps the total in bounds.
    const polled = await Promise.all(
      [...waiting].map(async ([module, ids]) => {
        // Ids per job-status call: Zoho's limit (only used to count calls).
        options.onPoll?.(Math.ceil(ids.length / MAX_IDS_PER_FEATURE_INFO));
        const pending = await port.pendingRecords(module, ids);
        return [module, ids.filter((id) => pending.has(id))] as const;
      }),
    );
    for (const [module, still] of polled) {
      if (still.length > 0) next.set(module, still);
    }
    waiting = next;
    const now = options.now().getTime();
    if (options.signal?.aborted === true) abortedAt ??= now;
    const deadline = Math.min(
      started + options.timeoutMs,
      abortedAt === undefined ? Infinity : abortedAt + (options.graceMs ?? 0),
    );
    if (now >= deadline) break;
    interval = Math.min(options.maxPollIntervalMs, Math.ceil(interval * 1.5));
  }
  return new Set([...waiting].flatMap(([module, ids]) => ids.map((id) => recordKey(module, id))));
}

// The executor: runs a plan's waves through the API, reads every record's answer from data[],
// resubmits what Zoho asks to resubmit, waits for the assignment jobs and verifies by re-reading.
// It journals each call before and after it goes out, and stops cleanly when told to (signal)
// or when going on is pointless (credentials refused): in-flight calls finish, no new ones
// start, what was sent is waited for and verified, and the report says what did not happen.
import type { CurrentRecord, ModuleName, Plan, RecordPlan, WriteAction } from '../core/model.js';
import { MAX_IDS_PER_GET_RECORDS } from '../constants/zoho.js';
import { MANAGED_MODULES } from '../core/model.js';
import { TerritorySyncError } from '../errors.js';
import type { ErrorCode } from '../errors.js';
import { APPLY_REPORT_FORMAT } from './apply-report.js';
import type {
  ApplyEvent,
  ApplyReport,
  RecordResult,
  RecordStatus,
  StopReason,
} from './apply-report.js';
import { decide } from './entry-answer.js';
import type { JournalSink } from './journal-entry.js';
import type { ApplyPort, WriteEntryOutcome } from './ports.js';
import { readCurrent } from './read-current.js';
import { recordKey } from './record-key.js';
import { waitForJobs } from './wait-for-jobs.js';
import type { JobWaitOptions } from './wait-for-jobs.js';
import { plural } from '../core/words.js';

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

interface WorkItem {
  readonly module: ModuleName;
  readonly action: WriteAction;
  readonly id: string;
  territoryIds: string[];
}

interface RecordProgress {
  readonly plan: RecordPlan;
  attempts: number;
  failure?: { code: string; reason: string };
  /** Its job was still running (or could not be checked) when we stopped waiting. */
  stillPending: boolean;
  skipped?: string;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
/**
 * The code of a failure the client reported. Anything that is not a TerritorySyncError is a bug
 * of ours, not network trouble: it propagates (exit 1, "internal error") instead of being
 * reported as "no answer from Zoho; re-run apply".
 */
function codeOf(error: unknown): ErrorCode {
  if (error instanceof TerritorySyncError) return error.code;
  throw error;
}

function abortReason(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  return typeof reason === 'string' ? reason : 'the apply was interrupted';
}

export async function executePlan(
  plan: Plan,
  port: ApplyPort,
  options: ExecuteOptions,
): Promise<ApplyReport> {
  const startedAt = options.now().toISOString();
  const emit = (event: ApplyEvent) => options.onEvent?.(event);
  const progress = new Map<string, RecordProgress>();
  for (const record of plan.changes) {
    progress.set(recordKey(record.module, record.id), {
      plan: record,
      attempts: 0,
      stillPending: false,
    });
  }
  const counts = { writeCalls: 0, jobPolls: 0, verifyReads: 0, resubmissions: 0 };
  const retriesBefore = port.stats?.().retries ?? 0;
  const get = (module: string, id: string) => {
    const p = progress.get(recordKey(module, id));
    if (!p) throw new Error(`plan batch names ${module} ${id}, which has no change entry`);
    return p;
  };
  const journal = options.journal;
  const now = () => options.now().toISOString();

  let stop: StopReason | undefined;
  const stopWith = (reason: StopReason) => {
    if (stop) return;
    stop = reason;
    emit({ kind: 'stopping', message: `stopping: ${reason.message}` });
  };
  const halted = (): boolean => {
    if (!stop && options.signal?.aborted) {
      stopWith({ code: 'INTERRUPTED', message: abortReason(options.signal) });
    }
    return stop !== undefined;
  };
  // Per record the reason stays short; the report carries the full message once.
  const stopLabel = () => {
    const reason = stop as StopReason;
    return reason.code === 'INTERRUPTED'
      ? reason.message
      : `the apply stopped early (${reason.code})`;
  };
  const notSent = (action: WriteAction) => `its ${action} was not sent: ${stopLabel()}`;

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
  // Records whose last write was in an earlier wave are final once that wave's jobs landed: they
  // are read back while a later wave waits for its jobs (when the lanes would idle), in whole
  // calls of 100 ids so the reads add up to no more calls than reading everything at the end.
  const lastWave = new Map<string, number>();
  for (const wave of plan.waves) {
    for (const batch of wave.batches) {
      for (const record of batch.records)
        lastWave.set(recordKey(batch.module, record.id), wave.index);
    }
  }
  const readEarly: Promise<Map<string, CurrentRecord>>[] = [];
  const finishedWaves: number[] = [];
  const readEarlyKeys = new Set<string>();
  function verifyFinishedRecords(waveIndex: number): void {
    for (const module of MANAGED_MODULES) {
      const finished = plan.changes.filter((record) => {
        const key = recordKey(module, record.id);
        return (
          record.module === module &&
          lastWave.get(key) === waveIndex &&
          !(progress.get(key) as RecordProgress).stillPending
        );
      });
      const whole = finished.slice(
        0,
        finished.length - (finished.length % MAX_IDS_PER_GET_RECORDS),
      );
      if (whole.length === 0) continue;
      for (const record of whole) readEarlyKeys.add(recordKey(module, record.id));
      emit({
        kind: 'verify',
        message: `verifying ${plural(whole.length, `${module} record`)} done in wave ${waveIndex}`,
      });
      const reading = readBack(whole, port, counts);
      // Awaited with the final read; a failure there is handled as the final read's would be.
      reading.catch(() => undefined);
      readEarly.push(reading);
    }
  }

  /** Waits for jobs; if job status cannot be read, stops and counts them as still pending. */
  async function settle(records: readonly { module: ModuleName; id: string }[]) {
    if (records.length === 0) return new Set<string>();
    emit({
      kind: 'waiting-for-jobs',
      records: records.length,
      message: `waiting for ${plural(records.length, 'job')}`,
    });
    try {
      return await waitForJobs(port, records, jobWait);
    } catch (error) {
      stopWith({ code: codeOf(error), message: `could not read job status (${messageOf(error)})` });
      return new Set(records.map((r) => recordKey(r.module, r.id)));
    }
  }

  let callNumber = 0;
  /** One write call: journal the intent, send, journal the answers. */
  async function sendCall(
    call: readonly WorkItem[],
    wave: number,
    round: number,
    answers: Map<WorkItem, WriteEntryOutcome>,
  ): Promise<void> {
    const first = call[0] as WorkItem;
    const number = (callNumber += 1);
    const records = call.map((item) => ({ id: item.id, territoryIds: [...item.territoryIds] }));
    try {
      await journal?.append({
        type: 'intent',
        at: now(),
        call: number,
        wave,
        round,
        module: first.module,
        action: first.action,
        records,
      });
    } catch (error) {
      // Without a durable intent a crash could leave a write nobody knows about: do not send.
      stopWith({
        code: 'JOURNAL',
        message: `the journal could not be written (${messageOf(error)})`,
      });
      return;
    }
    for (const item of call) get(item.module, item.id).attempts += 1;
    counts.writeCalls += 1;
    emit({
      kind: 'batch-sent',
      module: first.module,
      action: first.action,
      records: call.length,
      message: `${first.action} ${call.length} ${first.module}`,
    });
    let outcomes: WriteEntryOutcome[];
    try {
      outcomes = await port.write(first.module, first.action, records);
    } catch (error) {
      const code = codeOf(error);
      const message = messageOf(error);
      // Credentials, permissions and the day's credits will not get better by trying the
      // next batch.
      const stops = code === 'AUTH' || code === 'CREDITS_EXHAUSTED';
      if (stops) stopWith({ code, message });
      outcomes = call.map((item) => ({
        recordId: item.id,
        status: 'error',
        code,
        message:
          code === 'AUTH'
            ? 'not applied: Zoho refused the credentials'
            : code === 'CREDITS_EXHAUSTED'
              ? "not applied: the org's API credits for the last 24 hours are used up"
              : `no answer from Zoho (${message}); re-run apply to converge`,
      }));
    }
    const matched = call.map(
      (item, index): WriteEntryOutcome =>
        outcomes.find((o) => o.recordId === item.id) ??
        outcomes[index] ?? {
          recordId: item.id,
          status: 'error',
          code: 'NO_ANSWER',
          message: 'Zoho returned no result for this record',
        },
    );
    call.forEach((item, index) => answers.set(item, matched[index] as WriteEntryOutcome));
    try {
      await journal?.append({
        type: 'result',
        at: now(),
        call: number,
        outcomes: matched.map((o, index) => ({
          id: (call[index] as WorkItem).id,
          status: o.status,
          code: o.code,
          message: o.message,
        })),
      });
    } catch (error) {
      stopWith({
        code: 'JOURNAL',
        message: `the journal could not be written (${messageOf(error)})`,
      });
    }
  }

  /** Records sent again, in calls of the plan's batch size, one module and action per call. */
  function regroup(items: readonly WorkItem[]): WorkItem[][] {
    const groups = new Map<string, WorkItem[]>();
    for (const item of items) {
      const k = `${item.module}/${item.action}`;
      const list = groups.get(k);
      if (list) list.push(item);
      else groups.set(k, [item]);
    }
    return [...groups.values()].flatMap((group) => chunk(group, plan.batchSize));
  }

  /** Sends the calls, at most `concurrency` at a time, until halted. */
  async function send(
    calls: readonly (readonly WorkItem[])[],
    wave: number,
    round: number,
  ): Promise<Map<WorkItem, WriteEntryOutcome>> {
    const answers = new Map<WorkItem, WriteEntryOutcome>();
    const queue = [...calls];
    const lanes = Math.max(1, options.concurrency ?? DEFAULT_EXECUTE_OPTIONS.concurrency);
    const worker = async () => {
      for (let call = queue.shift(); call && !halted(); call = queue.shift()) {
        await sendCall(call, wave, round, answers);
      }
    };
    await Promise.all(Array.from({ length: Math.min(lanes, queue.length) }, worker));
    return answers;
  }

  for (const wave of plan.waves) {
    let items: WorkItem[] = [];
    // The first round sends the plan's batches as they were reviewed; a record already out of
    // the plan (failed, pending, stopped) leaves its batch one record shorter.
    const planned: WorkItem[][] = [];
    for (const batch of wave.batches) {
      const call: WorkItem[] = [];
      planned.push(call);
      for (const record of batch.records) {
        const p = get(batch.module, record.id);
        if (p.failure || p.stillPending || p.skipped) {
          p.skipped ??= p.failure
            ? `its ${batch.action} was not sent because an earlier step failed`
            : `its ${batch.action} was not sent: the earlier job had not finished`;
          continue;
        }
        if (halted()) {
          p.skipped = notSent(batch.action);
          continue;
        }
        const item: WorkItem = {
          module: batch.module,
          action: batch.action,
          id: record.id,
          territoryIds: [...record.territoryIds],
        };
        items.push(item);
        call.push(item);
      }
    }
    if (items.length === 0) continue;
    emit({
      kind: 'wave-start',
      wave: wave.index,
      records: items.length,
      message: `wave ${wave.index} of ${plan.waves.length}: ${plural(items.length, 'record')}`,
    });
    const scheduledThisWave: { module: ModuleName; id: string }[] = [];
    for (let round = 0; items.length > 0; round += 1) {
      const calls = round === 0 ? planned.filter((call) => call.length > 0) : regroup(items);
      const answers = await send(calls, wave.index, round);
      let next: WorkItem[] = [];
      const waitJobsFor: WorkItem[] = [];
      let pause = false;
      for (const item of items) {
        const p = get(item.module, item.id);
        const outcome = answers.get(item);
        if (outcome === undefined) {
          // Never sent (stopped first). After a resubmission round it keeps Zoho's last answer.
          if (p.failure) p.failure.reason += ` (not sent again: ${stopLabel()})`;
          else p.skipped = notSent(item.action);
          continue;
        }
        p.failure = undefined;
        const decision = decide(item.action, outcome);
        switch (decision.kind) {
          case 'scheduled':
            scheduledThisWave.push({ module: item.module, id: item.id });
            break;
          case 'drop-territory': {
            item.territoryIds = item.territoryIds.filter((_, i) => i !== decision.index);
            if (item.territoryIds.length > 0) next.push(item);
            break;
          }
          case 'retry-after-job':
            next.push(item);
            waitJobsFor.push(item);
            break;
          case 'retry-later':
            next.push(item);
            pause = true;
            break;
          case 'failed':
            p.failure = { code: decision.code, reason: decision.reason };
            break;
        }
        // Remember Zoho's last answer: it becomes the failure if we run out of resubmissions.
        if (next[next.length - 1] === item)
          p.failure = { code: outcome.code, reason: outcome.message };
      }
      if (next.length === 0) break;
      if (round >= options.maxResubmissions || halted()) {
        // Out of patience, or told to stop: these keep the last answer Zoho gave as their failure.
        if (halted()) {
          for (const item of next) {
            const p = get(item.module, item.id);
            if (p.failure) p.failure.reason += ` (not sent again: ${stopLabel()})`;
          }
        }
        break;
      }
      if (waitJobsFor.length > 0) {
        // A job that is still running after the whole job timeout will answer ALREADY_SCHEDULED
        // again: its record waits (pending) instead of another send and another full wait.
        const stillRunning = await settle(waitJobsFor);
        if (stillRunning.size > 0) {
          for (const item of waitJobsFor) {
            if (stillRunning.has(recordKey(item.module, item.id))) {
              get(item.module, item.id).stillPending = true;
            }
          }
          const waiting = new Set(
            waitJobsFor.filter((item) => get(item.module, item.id).stillPending),
          );
          next = next.filter((item) => !waiting.has(item));
          if (next.length === 0) break;
        }
      }
      counts.resubmissions += next.length;
      emit({
        kind: 'retry',
        wave: wave.index,
        records: next.length,
        message: `sending ${plural(next.length, 'record')} again (round ${round + 2})`,
      });
      if (pause) {
        await options.sleep(
          Math.min(60_000, options.lockedRetryDelayMs * 2 ** round),
          options.signal,
        );
      }
      items = next;
    }
    const isLast = wave.index === plan.waves[plan.waves.length - 1]?.index;
    // Between waves the jobs must land before the next wave; after the last, only to verify.
    if (options.waitForJobs || (!isLast && !halted())) {
      // This wave's writes are all answered: while its jobs run, the lanes are free for
      // reading back what earlier waves finished.
      for (const done of finishedWaves.splice(0)) verifyFinishedRecords(done);
      for (const key of await settle(scheduledThisWave)) {
        const p = progress.get(key);
        if (p) p.stillPending = true;
      }
    }
    if (options.waitForJobs && !isLast && !halted()) finishedWaves.push(wave.index);
  }

  let results: RecordResult[];
  if (options.waitForJobs) {
    const rest = plan.changes.filter((r) => !readEarlyKeys.has(recordKey(r.module, r.id)));
    emit({ kind: 'verify', message: `verifying ${plural(rest.length, 'record')}` });
    try {
      const [late, ...early] = await Promise.all([readBack(rest, port, counts), ...readEarly]);
      const current = new Map(late);
      for (const found of early) for (const [key, record] of found) current.set(key, record);
      results = verify(plan, progress, current);
    } catch (error) {
      stopWith({ code: codeOf(error), message: `could not verify (${messageOf(error)})` });
      const why = `Zoho scheduled it; not verified: ${stopLabel()}`;
      results = [...progress.values()].map((p) => unverifiedResult(p, why));
    }
  } else if (stop) {
    const why = `Zoho scheduled it; not verified: ${stopLabel()}`;
    results = [...progress.values()].map((p) => unverifiedResult(p, why));
  } else {
    // --no-wait: what Zoho scheduled was not verified on purpose; that is not a failure.
    results = [...progress.values()].map(notWaitedForResult);
  }
  const summary: Record<RecordStatus, number> = { converged: 0, failed: 0, pending: 0, skipped: 0 };
  for (const r of results) summary[r.status] += 1;
  const scheduledNotVerified = results.filter((r) => r.notWaitedFor === true).length;
  const finishedAt = options.now().toISOString();
  const stoppedEarly = stop as StopReason | undefined;
  try {
    await journal?.append({
      type: 'finish',
      at: finishedAt,
      verified: options.waitForJobs,
      ...(stoppedEarly ? { stoppedEarly } : {}),
      summary,
      records: results.map((r) => ({
        module: r.module,
        id: r.id,
        status: r.status,
        ...(r.code === undefined ? {} : { code: r.code }),
      })),
    });
  } catch (error) {
    emit({
      kind: 'warning',
      message: `the journal's last line could not be written (${messageOf(error)}); the report below is complete`,
    });
  }
  return {
    format: APPLY_REPORT_FORMAT,
    formatVersion: 1,
    planHash: plan.planHash,
    startedAt,
    finishedAt,
    verified: options.waitForJobs,
    records: results,
    summary,
    ...(options.waitForJobs ? {} : { scheduledNotVerified }),
    counts: { ...counts, transportRetries: (port.stats?.().retries ?? 0) - retriesBefore },
    ...(stoppedEarly ? { stoppedEarly } : {}),
  };
}

function base(p: RecordProgress) {
  return {
    module: p.plan.module,
    id: p.plan.id,
    ...(p.plan.name === undefined ? {} : { name: p.plan.name }),
    attempts: p.attempts,
  };
}

/**
 * Zoho's last answer was ALREADY_SCHEDULED: a job on the record (started elsewhere, or by an
 * earlier run) is still running. Nothing failed; the record waits, and a later run finishes it.
 */
function waitsOnRunningJob(
  p: RecordProgress,
): p is RecordProgress & { failure: { code: string; reason: string } } {
  return p.failure?.code === 'ALREADY_SCHEDULED';
}

function unverifiedResult(p: RecordProgress, why: string): RecordResult {
  if (waitsOnRunningJob(p)) return { ...base(p), status: 'pending', ...p.failure };
  if (p.failure) return { ...base(p), status: 'failed', ...p.failure };
  if (p.skipped) return { ...base(p), status: 'skipped', reason: p.skipped };
  if (p.attempts === 0) return { ...base(p), status: 'skipped', reason: 'it was not sent' };
  return { ...base(p), status: 'pending', reason: why };
}

/**
 * --no-wait, run to its end: a record Zoho accepted is pending on purpose (notWaitedFor), unless
 * an earlier wave's job on it was waited for and had not finished: that one really is late.
 */
function notWaitedForResult(p: RecordProgress): RecordResult {
  const result = unverifiedResult(p, 'job scheduled; not waited for (--no-wait)');
  if (result.status !== 'pending' || result.code !== undefined) return result;
  if (p.stillPending) {
    return { ...result, reason: 'its job had not finished when we stopped waiting' };
  }
  return { ...result, notWaitedFor: true };
}

/**
 * Reads the records back from the CRM, every module at once; `counts.verifyReads` counts the
 * calls (100 ids each).
 */
async function readBack(
  records: readonly RecordPlan[],
  port: ApplyPort,
  counts: { verifyReads: number },
): Promise<Map<string, CurrentRecord>> {
  for (const module of MANAGED_MODULES) {
    const n = records.filter((r) => r.module === module).length;
    counts.verifyReads += Math.ceil(n / MAX_IDS_PER_GET_RECORDS);
  }
  const current = await readCurrent(port, records);
  return new Map(current.map((record) => [recordKey(record.module, record.id), record]));
}

/** The CRM, not Zoho's answers, decides what converged: judges each touched record as read back. */
function verify(
  plan: Plan,
  progress: Map<string, RecordProgress>,
  current: ReadonlyMap<string, CurrentRecord>,
): RecordResult[] {
  const results: RecordResult[] = [];
  const reads = MANAGED_MODULES.map((module) => ({
    module,
    records: plan.changes.filter((r) => r.module === module),
  }));
  for (const { module, records } of reads) {
    for (const record of records) {
      const p = progress.get(recordKey(module, record.id)) as RecordProgress;
      const now = current.get(recordKey(module, record.id));
      if (!now) {
        results.push({
          ...base(p),
          status: 'failed',
          code: 'NOT_FOUND',
          reason: 'the record no longer exists in the CRM',
        });
        continue;
      }
      const has = new Set(now.territories.map((t) => t.id));
      const missing = record.add.filter((t) => !has.has(t.id));
      const lingering = record.remove.filter((t) => has.has(t.id));
      if (missing.length === 0 && lingering.length === 0) {
        results.push({ ...base(p), status: 'converged' });
        continue;
      }
      const gap = [
        ...missing.map((t) => `lacks ${t.name}`),
        ...lingering.map((t) => `still has ${t.name}`),
      ].join(', ');
      if (waitsOnRunningJob(p)) {
        results.push({
          ...base(p),
          status: 'pending',
          code: p.failure.code,
          reason: `Zoho is still running a job on it, started elsewhere or earlier, and answers ALREADY_SCHEDULED until it ends (${gap})`,
        });
      } else if (p.failure) {
        results.push({
          ...base(p),
          status: 'failed',
          code: p.failure.code,
          reason: `${p.failure.reason} (${gap})`,
        });
      } else if (p.skipped) {
        results.push({ ...base(p), status: 'skipped', reason: `${p.skipped} (${gap})` });
      } else if (p.stillPending) {
        results.push({
          ...base(p),
          status: 'pending',
          reason: `its job had not finished when we stopped waiting (${gap})`,
        });
      } else if (p.attempts === 0) {
        results.push({ ...base(p), status: 'skipped', reason: `it was not sent (${gap})` });
      } else {
        results.push({
          ...base(p),
          status: 'failed',
          code: 'NOT_CONVERGED',
          reason: `Zoho accepted the change but the record ${gap}`,
        });
      }
    }
  }
  return results;
}

// The executor: runs a plan's waves through the API, reads every record's answer from data[],
// resubmits what Zoho asks to resubmit, waits for the assignment jobs and verifies by re-reading.
import type { ModuleName, Plan, RecordPlan, WriteAction } from '../core/model.js';
import { MANAGED_MODULES } from '../core/model.js';
import { TerritorySyncError } from '../errors.js';
import { APPLY_REPORT_FORMAT } from './apply-report.js';
import type { ApplyEvent, ApplyReport, RecordResult, RecordStatus } from './apply-report.js';
import { decide } from './entry-answer.js';
import type { ApplyPort, WriteEntryOutcome } from './ports.js';

export interface ExecuteOptions {
  readonly batchSize: number;
  /** Wait for the last wave's jobs and verify (false with --no-wait). */
  readonly waitForJobs: boolean;
  readonly jobTimeoutMs: number;
  /** How many times one record may be sent again (RECORD_LOCKED, ALREADY_SCHEDULED, ...). */
  readonly maxResubmissions: number;
  readonly lockedRetryDelayMs: number;
  readonly pollIntervalMs: number;
  readonly maxPollIntervalMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => Date;
  readonly onEvent?: (event: ApplyEvent) => void;
}

export const DEFAULT_EXECUTE_OPTIONS = {
  batchSize: 10,
  waitForJobs: true,
  jobTimeoutMs: 600_000,
  maxResubmissions: 4,
  lockedRetryDelayMs: 2_000,
  pollIntervalMs: 300,
  maxPollIntervalMs: 5_000,
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
  /** A job was scheduled for it and not yet seen finished. */
  scheduled: boolean;
  /** Its job was still running when we stopped waiting. */
  stillPending: boolean;
  skipped?: string;
}

const keyOf = (module: string, id: string) => `${module}:${id}`;

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function byModule<T extends { module: ModuleName }>(items: readonly T[]): Map<ModuleName, T[]> {
  const map = new Map<ModuleName, T[]>();
  for (const item of items) {
    const list = map.get(item.module);
    if (list) list.push(item);
    else map.set(item.module, [item]);
  }
  return map;
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
    progress.set(keyOf(record.module, record.id), {
      plan: record,
      attempts: 0,
      scheduled: false,
      stillPending: false,
    });
  }
  const counts = { writeCalls: 0, jobPolls: 0, verifyReads: 0, resubmissions: 0 };
  const retriesBefore = port.stats?.().retries ?? 0;
  const get = (module: string, id: string) => {
    const p = progress.get(keyOf(module, id));
    if (!p) throw new Error(`plan batch names ${module} ${id}, which has no change entry`);
    return p;
  };

  async function send(items: readonly WorkItem[]): Promise<Map<WorkItem, WriteEntryOutcome>> {
    const answers = new Map<WorkItem, WriteEntryOutcome>();
    const groups = new Map<string, WorkItem[]>();
    for (const item of items) {
      const k = `${item.module}/${item.action}`;
      const list = groups.get(k);
      if (list) list.push(item);
      else groups.set(k, [item]);
    }
    const calls = [...groups.values()].flatMap((group) => chunk(group, options.batchSize));
    await Promise.all(
      calls.map(async (call) => {
        const first = call[0] as WorkItem;
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
          outcomes = await port.write(
            first.module,
            first.action,
            call.map((item) => ({ id: item.id, territoryIds: item.territoryIds })),
          );
        } catch (error) {
          // Credentials and permissions will not get better by trying the next batch.
          if (error instanceof TerritorySyncError && error.code === 'AUTH') throw error;
          const code = error instanceof TerritorySyncError ? error.code : 'NETWORK';
          const message = error instanceof Error ? error.message : String(error);
          outcomes = call.map((item) => ({
            recordId: item.id,
            status: 'error',
            code,
            message: `no answer from Zoho (${message}); re-run apply to converge`,
          }));
        }
        call.forEach((item, index) => {
          const outcome = outcomes.find((o) => o.recordId === item.id) ?? outcomes[index];
          answers.set(
            item,
            outcome ?? {
              recordId: item.id,
              status: 'error',
              code: 'NO_ANSWER',
              message: 'Zoho returned no result for this record',
            },
          );
        });
      }),
    );
    return answers;
  }

  /** Polls job status until none of these records has a pending job, or the deadline passes. */
  async function waitForJobs(
    records: readonly { module: ModuleName; id: string }[],
  ): Promise<Set<string>> {
    let waiting = byModule(records);
    if (waiting.size === 0) return new Set();
    emit({
      kind: 'waiting-for-jobs',
      records: records.length,
      message: `waiting for ${records.length} jobs`,
    });
    const deadline = options.now().getTime() + options.jobTimeoutMs;
    let interval = options.pollIntervalMs;
    for (;;) {
      await options.sleep(interval);
      const next = new Map<ModuleName, { module: ModuleName; id: string }[]>();
      for (const [module, items] of waiting) {
        counts.jobPolls += Math.ceil(items.length / 100);
        const pending = await port.pendingRecords(
          module,
          items.map((i) => i.id),
        );
        const still = items.filter((i) => pending.has(i.id));
        if (still.length > 0) next.set(module, still);
      }
      waiting = next;
      if (waiting.size === 0) return new Set();
      if (options.now().getTime() >= deadline) {
        return new Set([...waiting.values()].flat().map((i) => keyOf(i.module, i.id)));
      }
      interval = Math.min(options.maxPollIntervalMs, Math.ceil(interval * 1.5));
    }
  }

  for (const wave of plan.waves) {
    let items: WorkItem[] = [];
    for (const batch of wave.batches) {
      for (const record of batch.records) {
        const p = get(batch.module, record.id);
        if (p.failure || p.stillPending) {
          p.skipped = p.failure
            ? `its ${batch.action} was not sent because an earlier step failed`
            : `its ${batch.action} was not sent: the earlier job had not finished`;
          continue;
        }
        items.push({
          module: batch.module,
          action: batch.action,
          id: record.id,
          territoryIds: [...record.territoryIds],
        });
      }
    }
    emit({
      kind: 'wave-start',
      wave: wave.index,
      records: items.length,
      message: `wave ${wave.index} of ${plan.waves.length}: ${items.length} records`,
    });
    const scheduledThisWave: { module: ModuleName; id: string }[] = [];
    for (let round = 0; items.length > 0; round += 1) {
      const answers = await send(items);
      const next: WorkItem[] = [];
      const waitJobsFor: WorkItem[] = [];
      let pause = false;
      for (const [item, outcome] of answers) {
        const p = get(item.module, item.id);
        const decision = decide(item.action, outcome);
        switch (decision.kind) {
          case 'scheduled':
            p.scheduled = true;
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
      if (round >= options.maxResubmissions) {
        // Out of patience: these keep the last answer Zoho gave as their failure.
        break;
      }
      for (const item of next) get(item.module, item.id).failure = undefined;
      counts.resubmissions += next.length;
      emit({
        kind: 'retry',
        wave: wave.index,
        records: next.length,
        message: `sending ${next.length} records again (round ${round + 2})`,
      });
      if (waitJobsFor.length > 0) await waitForJobs(waitJobsFor);
      if (pause) {
        await options.sleep(Math.min(60_000, options.lockedRetryDelayMs * 2 ** round));
      }
      items = next;
    }
    const isLast = wave.index === plan.waves[plan.waves.length - 1]?.index;
    if (!isLast || options.waitForJobs) {
      const pending = await waitForJobs(scheduledThisWave);
      for (const key of pending) {
        const p = progress.get(key);
        if (p) p.stillPending = true;
      }
    }
  }

  const results = options.waitForJobs
    ? await verify(plan, port, progress, counts)
    : [...progress.values()].map((p) => unverifiedResult(p));
  const summary: Record<RecordStatus, number> = { converged: 0, failed: 0, pending: 0, skipped: 0 };
  for (const r of results) summary[r.status] += 1;
  return {
    format: APPLY_REPORT_FORMAT,
    formatVersion: 1,
    planHash: plan.planHash,
    startedAt,
    finishedAt: options.now().toISOString(),
    verified: options.waitForJobs,
    records: results,
    summary,
    counts: { ...counts, transportRetries: (port.stats?.().retries ?? 0) - retriesBefore },
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

function unverifiedResult(p: RecordProgress): RecordResult {
  if (p.failure) return { ...base(p), status: 'failed', ...p.failure };
  if (p.skipped) return { ...base(p), status: 'skipped', reason: p.skipped };
  return { ...base(p), status: 'pending', reason: 'job scheduled; not waited for (--no-wait)' };
}

/** Re-reads every touched record: the CRM, not Zoho's answers, decides what converged. */
async function verify(
  plan: Plan,
  port: ApplyPort,
  progress: Map<string, RecordProgress>,
  counts: { verifyReads: number },
): Promise<RecordResult[]> {
  const results: RecordResult[] = [];
  for (const module of MANAGED_MODULES) {
    const records = plan.changes.filter((r) => r.module === module);
    if (records.length === 0) continue;
    counts.verifyReads += Math.ceil(records.length / 100);
    const { records: current } = await port.readRecords(
      module,
      records.map((r) => r.id),
    );
    const byId = new Map(current.map((r) => [r.id, r]));
    for (const record of records) {
      const p = progress.get(keyOf(module, record.id)) as RecordProgress;
      const now = byId.get(record.id);
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
      if (p.failure) {
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
          reason: `its job had not finished when the job timeout ran out (${gap})`,
        });
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

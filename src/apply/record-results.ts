// What the report says about each record, from what the apply did to it and, when the run
// verified, from the record as read back. Pure: the reads happen in read-back.ts.
import type { CurrentRecord, Plan, RecordPlan } from '../core/model.js';
import { MANAGED_MODULES } from '../core/model.js';
import type { RecordResult, RecordStatus } from './apply-report.js';
import type { Failure, Fate } from './next-round.js';
import { recordKey } from '../core/record-key.js';

/** One record's course through the apply, kept by the loop. */
export interface RecordProgress {
  readonly plan: RecordPlan;
  attempts: number;
  failure?: Failure;
  /** Its job was still running (or could not be checked) when we stopped waiting. */
  stillPending: boolean;
  skipped?: string;
}

/** Records what a round decided for one record; `scheduled` and `converged` clear old answers. */
export function recordFate(p: RecordProgress, fate: Fate): void {
  switch (fate.kind) {
    case 'scheduled':
    case 'converged':
      p.failure = undefined;
      break;
    case 'failed':
      p.failure = fate.failure;
      break;
    case 'pending':
      p.failure = fate.failure;
      p.stillPending = true;
      break;
    case 'not-sent':
      p.skipped = fate.reason;
      break;
  }
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
function waitsOnRunningJob(p: RecordProgress): p is RecordProgress & { failure: Failure } {
  return p.failure?.code === 'ALREADY_SCHEDULED';
}

export function unverifiedResult(p: RecordProgress, why: string): RecordResult {
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
export function notWaitedForResult(p: RecordProgress): RecordResult {
  const result = unverifiedResult(p, 'job scheduled; not waited for (--no-wait)');
  if (result.status !== 'pending' || result.code !== undefined) return result;
  if (p.stillPending) {
    return { ...result, reason: 'its job had not finished when we stopped waiting' };
  }
  return { ...result, notWaitedFor: true };
}

/** A record read back without what the plan wanted: why, from what happened to it. */
function unconverged(p: RecordProgress, gap: string): RecordResult {
  if (waitsOnRunningJob(p)) {
    return {
      ...base(p),
      status: 'pending',
      code: p.failure.code,
      reason: `Zoho is still running a job on it, started elsewhere or earlier, and answers ALREADY_SCHEDULED until it ends (${gap})`,
    };
  }
  if (p.failure) {
    return {
      ...base(p),
      status: 'failed',
      code: p.failure.code,
      reason: `${p.failure.reason} (${gap})`,
    };
  }
  if (p.skipped) return { ...base(p), status: 'skipped', reason: `${p.skipped} (${gap})` };
  if (p.stillPending) {
    return {
      ...base(p),
      status: 'pending',
      reason: `its job had not finished when we stopped waiting (${gap})`,
    };
  }
  if (p.attempts === 0)
    return { ...base(p), status: 'skipped', reason: `it was not sent (${gap})` };
  return {
    ...base(p),
    status: 'failed',
    code: 'NOT_CONVERGED',
    reason: `Zoho accepted the change but the record ${gap}`,
  };
}

/** The CRM, not Zoho's answers, decides what converged: judges each touched record as read back. */
export function verifiedResults(
  plan: Plan,
  progress: ReadonlyMap<string, RecordProgress>,
  current: ReadonlyMap<string, CurrentRecord>,
): RecordResult[] {
  const results: RecordResult[] = [];
  for (const module of MANAGED_MODULES) {
    for (const record of plan.changes.filter((r) => r.module === module)) {
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
      results.push(unconverged(p, gap));
    }
  }
  return results;
}

export function summarize(results: readonly RecordResult[]): Record<RecordStatus, number> {
  const summary: Record<RecordStatus, number> = { converged: 0, failed: 0, pending: 0, skipped: 0 };
  for (const r of results) summary[r.status] += 1;
  return summary;
}

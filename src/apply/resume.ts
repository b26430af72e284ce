// `apply --resume JOURNAL`: let the interrupted apply's jobs land, re-read its records, and
// make a plan of what is left. Records that already are as planned are not written again.
import type { CurrentRecord, Plan } from '../core/model.js';
import { MANAGED_MODULES } from '../core/model.js';
import { remainingPlan } from '../core/remaining-plan.js';
import type { ApplyPort } from './ports.js';
import { waitForJobs } from './wait-for-jobs.js';
import type { JobWaitOptions } from './wait-for-jobs.js';

export interface RemainingWork {
  readonly plan: Plan;
  /** Records whose job was still running when waiting stopped: they stay in the plan. */
  readonly stillPending: number;
}

export async function findRemainingWork(
  plan: Plan,
  port: Pick<ApplyPort, 'pendingRecords' | 'readRecords'>,
  options: JobWaitOptions,
): Promise<RemainingWork> {
  const pending = await waitForJobs(port, plan.changes, options);
  const current: CurrentRecord[] = [];
  for (const module of MANAGED_MODULES) {
    const ids = plan.changes.filter((r) => r.module === module).map((r) => r.id);
    if (ids.length === 0) continue;
    // A loop, not push(...records): a module of 100,000 records would pass the argument limit.
    for (const record of (await port.readRecords(module, ids)).records) current.push(record);
  }
  return { plan: remainingPlan(plan, current), stillPending: pending.size };
}

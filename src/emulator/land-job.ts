// What a job does when it lands (A9): it re-checks the record as it is now, because the org
// may have moved since the request (the admin route, another client).
import { MAX_TERRITORIES_PER_RECORD } from '../constants/zoho.js';
import type { Job, JobOutcome } from './job-board.js';
import type { OrgState } from './org-state.js';
import { zohoTime } from './zoho-time.js';

export function landJob(state: OrgState, job: Job, now: number): JobOutcome {
  const record = state.record(job.module, job.recordId);
  if (!record) return 'FAILED';
  const time = zohoTime(now);
  if (job.action === 'assign') {
    const missing = job.territoryIds.filter(
      (id) => state.territories.has(id) && !record.territories.some((a) => a.territoryId === id),
    );
    if (record.territories.length + missing.length > MAX_TERRITORIES_PER_RECORD[job.module]) {
      return 'FAILED';
    }
    record.territories = [
      ...record.territories,
      ...missing.map((territoryId) => ({
        territoryId,
        assigned: 'manually' as const,
        assignedTime: time,
      })),
    ];
  } else {
    const drop = new Set(job.territoryIds);
    record.territories = record.territories.filter(
      (a) => !(drop.has(a.territoryId) && a.assigned === 'manually'),
    );
  }
  record.modifiedTime = time;
  return 'COMPLETED';
}

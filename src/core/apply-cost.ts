// What `apply plan.json` will spend in API calls (each a credit) at best: a read of the org and
// of the territory catalogue (is this still the org and are these the names the plan was made
// with?), the stale-plan check re-reads every touched record, the writes are the plan's batches, each wave's jobs are checked
// once they land, and every touched record is read again to verify. Job checks repeat while
// Zoho's jobs run, so the real figure can be higher; never lower.
import type { ApplyCost, ModuleName, Plan } from './model.js';
import { MAX_IDS_PER_FEATURE_INFO, MAX_IDS_PER_GET_RECORDS } from './zoho-limits.js';

export type { ApplyCost };

export function applyCost(plan: Pick<Plan, 'changes' | 'waves'>): ApplyCost {
  const readsFor = (records: Iterable<{ readonly module: ModuleName }>, perCall: number) => {
    const perModule = new Map<ModuleName, number>();
    for (const { module } of records) perModule.set(module, (perModule.get(module) ?? 0) + 1);
    let calls = 0;
    for (const count of perModule.values()) calls += Math.ceil(count / perCall);
    return calls;
  };
  const touchedReads = readsFor(plan.changes, MAX_IDS_PER_GET_RECORDS);
  let writes = 0;
  let jobPolls = 0;
  for (const wave of plan.waves) {
    writes += wave.batches.length;
    // A record has one job per wave (Zoho refuses a second while one is pending).
    const inWave = new Map<string, { module: ModuleName }>();
    for (const batch of wave.batches) {
      for (const record of batch.records) {
        inWave.set(`${batch.module}:${record.id}`, { module: batch.module });
      }
    }
    jobPolls += readsFor(inWave.values(), MAX_IDS_PER_FEATURE_INFO);
  }
  // The org (is it the plan's?) and the territory catalogue (are its names still the plan's?):
  // one page of 2,000 territories, the size of nearly every org's catalogue.
  const checkReads = plan.changes.length > 0 ? 2 : 0;
  return {
    checkReads,
    staleCheckReads: touchedReads,
    writes,
    jobPolls,
    verifyReads: touchedReads,
    total: checkReads + 2 * touchedReads + writes + jobPolls,
  };
}

// A saved plan is only safe to apply if the records it touches still look as they did.
import type { CurrentRecord, Plan, RecordPlan, TerritoryAssignment } from '../core/model.js';
import { compareNamed, sortedCopy } from '../core/ordering.js';

/** Both sides' territories in one order (name, then id), so a reader compares like with like. */
export interface StaleRecord {
  readonly record: RecordPlan;
  readonly before: readonly TerritoryAssignment[];
  /** undefined when the record no longer exists. */
  readonly now: readonly TerritoryAssignment[] | undefined;
}

function signature(territories: readonly TerritoryAssignment[]): string {
  return territories
    .map((t) => `${t.id}:${t.assigned}`)
    .sort()
    .join(',');
}

export function findStaleRecords(plan: Plan, current: readonly CurrentRecord[]): StaleRecord[] {
  const byKey = new Map(current.map((r) => [`${r.module}:${r.id}`, r]));
  const stale: StaleRecord[] = [];
  for (const record of plan.changes) {
    const now = byKey.get(`${record.module}:${record.id}`);
    if (!now || signature(now.territories) !== signature(record.before)) {
      stale.push({
        record,
        before: sortedCopy(record.before, compareNamed),
        now: now === undefined ? undefined : sortedCopy(now.territories, compareNamed),
      });
    }
  }
  return stale;
}

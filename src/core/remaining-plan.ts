// What is left of a plan once part of it has been applied: the resume of an interrupted apply.
// It finishes the reviewed plan's intent record by record, and never re-diffs the YAML: a
// territory someone else added in the meantime is not this plan's business.
import type { CurrentRecord, Plan, RecordPlan } from './model.js';
import { computePlanHash } from './plan-hash.js';
import type { UnhashedPlan } from './plan-hash.js';
import { planWaves } from './waves.js';

const keyOf = (record: { readonly module: string; readonly id: string }) =>
  `${record.module}:${record.id}`;

/**
 * Per record: add = plan.add − current, remove = plan.remove ∩ current. Records with nothing
 * left drop out. A record missing from `current` keeps its whole change, so applying it ends
 * in an exact NOT_FOUND instead of a silent "done".
 */
export function remainingPlan(
  plan: Plan,
  current: readonly CurrentRecord[],
  batchSize: number,
): Plan {
  const now = new Map(current.map((record) => [keyOf(record), record]));
  const changes: RecordPlan[] = [];
  for (const change of plan.changes) {
    const record = now.get(keyOf(change));
    if (record === undefined) {
      changes.push(change);
      continue;
    }
    const has = new Set(record.territories.map((t) => t.id));
    const add = change.add.filter((t) => !has.has(t.id));
    const remove = change.remove.filter((t) => has.has(t.id));
    if (add.length === 0 && remove.length === 0) continue;
    changes.push({ ...change, before: record.territories, add, remove });
  }
  const toAssign = changes.reduce((n, c) => n + c.add.length, 0);
  const toRemove = changes.reduce((n, c) => n + c.remove.length, 0);
  // The guard judged the whole plan; what is left of it needs the same consent, no more.
  const tripped = plan.safety.tripped && toRemove > 0;
  const unhashed: UnhashedPlan = {
    format: plan.format,
    formatVersion: plan.formatVersion,
    desiredHash: plan.desiredHash,
    desiredFiles: plan.desiredFiles,
    changes,
    waves: planWaves(changes, batchSize),
    summary: {
      toAssign,
      toRemove,
      changedRecords: changes.length,
      unchangedRecords: plan.summary.unchangedRecords + plan.changes.length - changes.length,
      keptByRules: plan.summary.keptByRules,
    },
    safety: {
      removals: toRemove,
      managedAssignments: plan.safety.managedAssignments,
      threshold: plan.safety.threshold,
      absolute: plan.safety.absolute,
      ratio: plan.safety.ratio,
      tripped,
      ...(tripped && plan.safety.reason !== undefined ? { reason: plan.safety.reason } : {}),
    },
    warnings: plan.warnings,
  };
  return { ...unhashed, planHash: computePlanHash(unhashed) };
}

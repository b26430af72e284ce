// What is left of a plan once part of it has been applied: the resume of an interrupted apply.
// It finishes the reviewed plan's intent record by record, and never re-diffs the YAML: a
// territory someone else added in the meantime is not this plan's business.
import { completePlan } from './derive-plan.js';
import { priorState } from './diff-record.js';
import { narrowHierarchy } from './plan-hierarchy.js';
import type { CurrentRecord, Plan, RecordPlan } from './model.js';
import { checkSafety, safetyInputOf } from './safety.js';

const keyOf = (record: { readonly module: string; readonly id: string }) =>
  `${record.module}:${record.id}`;

/**
 * Per record: add = plan.add − current, remove = plan.remove ∩ current manual. Records with nothing
 * left drop out. A record missing from `current` keeps its whole change, so applying it ends
 * in an exact NOT_FOUND instead of a silent "done".
 */
export function remainingPlan(plan: Plan, current: readonly CurrentRecord[]): Plan {
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
    const manual = new Set(
      record.territories.filter((t) => t.assigned !== 'automatically').map((t) => t.id),
    );
    const remove = change.remove.filter((t) => manual.has(t.id));
    if (add.length === 0 && remove.length === 0) continue;
    // Rule-assigned territories are reported as they are now: rules may have moved too.
    const byRules = new Set(
      record.territories.filter((t) => t.assigned === 'automatically').map((t) => t.id),
    );
    const keptByRules = change.keptByRules.filter((t) => byRules.has(t.id));
    changes.push({ ...change, before: priorState(record), add, remove, keptByRules });
  }
  const toAssign = changes.reduce((n, c) => n + c.add.length, 0);
  const toRemove = changes.reduce((n, c) => n + c.remove.length, 0);
  return completePlan({
    format: plan.format,
    formatVersion: plan.formatVersion,
    target: plan.target,
    batchSize: plan.batchSize,
    desiredHash: plan.desiredHash,
    desiredFiles: plan.desiredFiles,
    changes,
    summary: {
      toAssign,
      toRemove,
      changedRecords: changes.length,
      unchangedRecords: plan.summary.unchangedRecords + plan.changes.length - changes.length,
      keptByRules: plan.summary.keptByRules,
    },
    // The same guard as the whole plan's, on what is left of its removals.
    safety: checkSafety(safetyInputOf(plan.safety, toRemove), plan.safety),
    warnings: plan.warnings,
    ...narrowHierarchy(plan.hierarchy, changes),
  });
}

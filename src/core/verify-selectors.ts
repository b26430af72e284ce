// The selectors part of a saved plan, checked before it is applied (docs/SELECTORS.md §4, §5).
// Its causes only explain the changes, but its ledger updates decide what a later plan may take
// back: a territory the ledger calls a selector's gift can be removed when the selector stops
// matching. So an update may only remember a gift the ledger already held or a territory this
// very plan adds because of a selector; anything else is an altered plan.
import type { LedgerEntry, Plan, RecordPlan } from './model.js';
import { compareIds, compareRecordKeys } from './ordering.js';
import { keyOf } from './record-key.js';

/** What is wrong with the plan's causes and ledger updates, or undefined. Pure: no ledger read. */
export function selectorsProblem(plan: Plan): string | undefined {
  for (const change of plan.changes) {
    if (change.causes === undefined) continue;
    if (plan.selectors === undefined) {
      return `${change.module} ${change.id} has causes but the plan has no selectors part`;
    }
    const problem = causesProblem(change);
    if (problem !== undefined) return `${change.module} ${change.id}: ${problem}`;
  }
  const updates = plan.selectors?.ledger.updates ?? [];
  for (let i = 0; i < updates.length; i += 1) {
    const update = updates[i] as LedgerEntry;
    const previous = updates[i - 1];
    if (previous !== undefined && compareRecordKeys(previous, update) >= 0) {
      return `the ledger updates are not in order (${update.module} ${update.id})`;
    }
    const gifts = update.gifts.map((gift) => gift.territoryId);
    if (gifts.some((id, j) => j > 0 && compareIds(gifts[j - 1] as string, id) >= 0)) {
      return `the ledger update of ${update.module} ${update.id} repeats or misorders a territory`;
    }
  }
  return undefined;
}

function causesProblem(change: RecordPlan): string | undefined {
  const causes = change.causes ?? [];
  if (change.overrides !== undefined) return 'an explicit entry cannot have selector causes';
  const expected = [
    ...change.add.map((territory) => `assign ${territory.id}`),
    ...change.remove.map((territory) => `remove ${territory.id}`),
  ].sort();
  const given = causes.map((cause) => `${cause.action} ${cause.territoryId}`).sort();
  if (expected.join(',') !== given.join(',')) {
    return 'its causes do not name exactly the territories it adds and removes';
  }
  for (const cause of causes) {
    const kind = cause.action === 'assign' ? 'selector' : 'ledger';
    if (cause.cause.kind !== kind) return `a ${cause.action} caused by "${cause.cause.kind}"`;
  }
  return undefined;
}

/**
 * Against the ledger apply is about to update: every gift an update remembers was in that ledger
 * for the record, or is a territory the plan adds to it because of a selector. Returns the first
 * gift that is neither.
 */
export function unearnedGift(
  plan: Plan,
  base: readonly LedgerEntry[] | undefined,
): string | undefined {
  const held = new Map<string, ReadonlySet<string>>();
  for (const entry of base ?? []) {
    held.set(keyOf(entry), new Set(entry.gifts.map((gift) => gift.territoryId)));
  }
  const added = new Map<string, ReadonlySet<string>>();
  for (const change of plan.changes) {
    const ids = (change.causes ?? [])
      .filter((cause) => cause.action === 'assign' && cause.cause.kind === 'selector')
      .map((cause) => cause.territoryId);
    if (ids.length > 0) added.set(keyOf(change), new Set(ids));
  }
  for (const update of plan.selectors?.ledger.updates ?? []) {
    const key = keyOf(update);
    for (const gift of update.gifts) {
      if (held.get(key)?.has(gift.territoryId) || added.get(key)?.has(gift.territoryId)) continue;
      return `${update.module} ${update.id}: territory ${gift.territoryId}`;
    }
  }
  return undefined;
}

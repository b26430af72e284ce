// The check of a saved plan before it is shown or applied. Its planHash only proves the file is
// intact (anyone can recompute a sha256), so everything a plan says besides its changes is
// computed again from them here, exactly as the planner computed it, and must agree: the
// desired-file hash, the summary, the waves and their batches, the safety guard and the cost.
// Apply then sends what the changes say, and what the reviewer saw printed is what is sent.
import { canonicalJson } from './canonical-json.js';
import { derived } from './derive-plan.js';
import type { Batch, Plan, RecordPlan, Wave } from './model.js';
import { compareRecordKeys } from './ordering.js';
import { computeDesiredHash } from './plan-hash.js';
import { hierarchyProblem } from './plan-hierarchy.js';
import { checkSafety, safetyInputOf } from './safety.js';
import { MAX_TERRITORIES_PER_RECORD } from './zoho-limits.js';
import { selectorsProblem } from './verify-selectors.js';

/** The part of a plan file that disagrees with its changes. */
export type PlanPart =
  | 'desiredHash'
  | 'changes'
  | 'summary'
  | 'waves'
  | 'batches'
  | 'safety'
  | 'cost'
  | 'hierarchy'
  | 'selectors';

export interface PlanAlteration {
  readonly part: PlanPart;
  /** What differs, in one sentence. */
  readonly detail: string;
}

/** Every place the plan disagrees with what its changes give; empty for an intact plan. */
export function findPlanAlterations(plan: Plan): PlanAlteration[] {
  const found: PlanAlteration[] = [];
  const add = (part: PlanPart, detail: string) => found.push({ part, detail });

  if (computeDesiredHash(plan.desiredFiles) !== plan.desiredHash) {
    add('desiredHash', 'desiredHash is not the hash of the listed desired files');
  }
  const changeProblem = firstChangeProblem(plan.changes);
  if (changeProblem !== undefined) add('changes', changeProblem);

  const totals = countChanges(plan.changes);
  const summary = plan.summary;
  if (
    summary.toAssign !== totals.toAssign ||
    summary.toRemove !== totals.toRemove ||
    summary.changedRecords !== plan.changes.length ||
    summary.keptByRules < totals.keptByRules
  ) {
    add(
      'summary',
      `the summary says ${summary.changedRecords} records change (+${summary.toAssign} ` +
        `-${summary.toRemove}) but the changes hold ${plan.changes.length} ` +
        `(+${totals.toAssign} -${totals.toRemove})`,
    );
  }

  const expected = derived(plan);
  const waveProblem = compareWaves(plan.waves, expected.waves);
  if (waveProblem !== undefined) add(waveProblem.part, waveProblem.detail);

  const safetyProblem = checkSafetyAgrees(plan, totals);
  if (safetyProblem !== undefined) add('safety', safetyProblem);

  if (canonicalJson(plan.cost) !== canonicalJson(expected.cost)) {
    add(
      'cost',
      `the cost says ${plan.cost.writes} write calls and ${plan.cost.total} credits; the ` +
        `changes need ${expected.cost.writes} and ${expected.cost.total}`,
    );
  }
  // Optional: plans saved before it existed have none, and hash and verify as they did.
  const hierarchy =
    plan.hierarchy === undefined ? undefined : hierarchyProblem(plan.hierarchy, plan.changes);
  if (hierarchy !== undefined) add('hierarchy', hierarchy);
  const selectors = selectorsProblem(plan);
  if (selectors !== undefined) add('selectors', selectors);
  return found;
}

interface ChangeTotals {
  readonly toAssign: number;
  readonly toRemove: number;
  readonly keptByRules: number;
  /** Distinct manual assignments on the changed records before the plan. */
  readonly manualBefore: number;
  /**
   * The most of them the guard may count: a selector-managed record's guard counts only what
   * selectors want or gave (docs/SELECTORS.md §3 rule 8), which its change bounds from below by
   * what it removes and from above by all it held.
   */
  readonly manualMost: number;
}

function countChanges(changes: readonly RecordPlan[]): ChangeTotals {
  let toAssign = 0;
  let toRemove = 0;
  let keptByRules = 0;
  let manualBefore = 0;
  let manualMost = 0;
  for (const change of changes) {
    toAssign += change.add.length;
    toRemove += change.remove.length;
    keptByRules += change.keptByRules.length;
    const manual = new Set(change.before.filter((t) => t.assigned === 'manually').map((t) => t.id))
      .size;
    manualBefore += change.causes === undefined ? manual : change.remove.length;
    manualMost += manual;
  }
  return { toAssign, toRemove, keptByRules, manualBefore, manualMost };
}

/**
 * A change the planner could not have made: out of order or repeated, empty, adding what the
 * record has, removing what it does not have manually, or past Zoho's limit for the module.
 */
function firstChangeProblem(changes: readonly RecordPlan[]): string | undefined {
  for (let i = 0; i < changes.length; i += 1) {
    const change = changes[i] as RecordPlan;
    const what = `${change.module} ${change.id}`;
    const previous = changes[i - 1];
    if (previous !== undefined && compareRecordKeys(previous, change) >= 0) {
      return `${what} is out of order or listed twice`;
    }
    if (change.add.length === 0 && change.remove.length === 0) {
      return `${what} is listed as a change but neither gains nor loses a territory`;
    }
    const before = new Set(change.before.map((t) => t.id));
    const manual = new Set(change.before.filter((t) => t.assigned === 'manually').map((t) => t.id));
    const rules = new Set(
      change.before.filter((t) => t.assigned === 'automatically').map((t) => t.id),
    );
    if (hasRepeats(change.add) || hasRepeats(change.remove) || hasRepeats(change.keptByRules)) {
      return `${what} names a territory twice in one list`;
    }
    if (change.add.some((t) => before.has(t.id))) {
      return `${what} gains a territory it already had when the plan was made`;
    }
    if (change.remove.some((t) => !manual.has(t.id))) {
      return `${what} loses a territory it did not have manually when the plan was made`;
    }
    if (change.keptByRules.some((t) => !rules.has(t.id))) {
      return `${what} keeps by rules a territory that rules had not assigned`;
    }
    const removed = new Set(change.remove.map((t) => t.id));
    const resulting = [...before].filter((id) => !removed.has(id)).length + change.add.length;
    const limit = MAX_TERRITORIES_PER_RECORD[change.module];
    if (resulting > limit) {
      return `${what} would hold ${resulting} territories, more than Zoho's ${limit}`;
    }
  }
  return undefined;
}

function hasRepeats(list: readonly { readonly id: string }[]): boolean {
  return new Set(list.map((t) => t.id)).size !== list.length;
}

type WriteKey = string;

function writesOf(waves: readonly Wave[]): WriteKey[] {
  const keys: WriteKey[] = [];
  for (const wave of waves) {
    for (const batch of wave.batches) {
      for (const record of batch.records) {
        keys.push(
          `wave ${wave.index}: ${batch.action} ${batch.module} ${record.id} ` +
            `[${record.territoryIds.join(', ')}]`,
        );
      }
    }
  }
  return keys;
}

function compareWaves(
  stored: readonly Wave[],
  expected: readonly Wave[],
): { part: 'waves' | 'batches'; detail: string } | undefined {
  if (canonicalJson(stored) === canonicalJson(expected)) return undefined;
  const have = writesOf(stored);
  const want = writesOf(expected);
  const wanted = new Set(want);
  const extra = have.find((key) => !wanted.has(key));
  if (extra !== undefined) {
    return { part: 'waves', detail: `the waves write "${extra}", which no change asks for` };
  }
  const had = new Set(have);
  const missing = want.find((key) => !had.has(key));
  if (missing !== undefined) {
    return { part: 'waves', detail: `the waves leave out "${missing}", which a change asks for` };
  }
  if (have.length !== want.length || have.some((key, i) => key !== want[i])) {
    return { part: 'waves', detail: 'the waves send the changes in another order' };
  }
  const calls = (waves: readonly Wave[]) =>
    waves.reduce((n, wave: { readonly batches: readonly Batch[] }) => n + wave.batches.length, 0);
  return {
    part: 'batches',
    detail: `the waves cut the writes into ${calls(stored)} calls; the plan's batch size gives ${calls(expected)}`,
  };
}

function checkSafetyAgrees(plan: Plan, totals: ChangeTotals): string | undefined {
  const safety = plan.safety;
  const listed = plan.summary.changedRecords + plan.summary.unchangedRecords;
  if (safety.listedRecords !== listed) {
    return `the safety guard counts ${safety.listedRecords} listed records; the summary ${listed}`;
  }
  // Unchanged records are not in the file, so their manual assignments can only be bounded.
  const most = totals.manualMost + plan.summary.unchangedRecords * maxTerritories();
  if (safety.managedAssignments < totals.manualBefore || safety.managedAssignments > most) {
    return (
      `the safety guard counts ${safety.managedAssignments} manual assignments, which the ` +
      `changes and ${plan.summary.unchangedRecords} unchanged records cannot hold`
    );
  }
  const again = checkSafety(safetyInputOf(safety, totals.toRemove), safety);
  if (canonicalJson(again) !== canonicalJson(safety)) {
    return again.tripped !== safety.tripped
      ? `the safety guard says ${safety.tripped ? 'tripped' : 'not tripped'}, but ` +
          `${totals.toRemove} removals against a threshold of ${again.threshold} ` +
          `${again.tripped ? 'trip' : 'do not trip'} it`
      : `the safety guard's figures (threshold ${safety.threshold}) are not what its inputs give ` +
          `(threshold ${again.threshold})`;
  }
  return undefined;
}

function maxTerritories(): number {
  return Math.max(...Object.values(MAX_TERRITORIES_PER_RECORD));
}

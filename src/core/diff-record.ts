// The heart of plan semantics (docs/SEMANTICS.md §2) for one record:
//   add = D − (M ∪ R)     remove = M − D     keptByRules = R − D
// D: desired territory ids; M: assigned manually (or by the API); R: assigned by territory rules.
// Runs once per listed record (100,000 in a large org), so it allocates only for what differs.
import type { CurrentRecord, Territory, TerritoryAssignment, TerritoryBrief } from './model.js';
import { compareNamed } from './ordering.js';

export interface RecordDiff {
  readonly add: readonly TerritoryBrief[];
  readonly remove: readonly TerritoryBrief[];
  readonly keptByRules: readonly TerritoryBrief[];
  /** Territories the record will carry once applied: |D ∪ R|. */
  readonly resultingCount: number;
  /** Distinct manual assignments now: what the mass-removal guard measures removals against. */
  readonly manualBefore: number;
}

const NONE: readonly TerritoryBrief[] = [];

/** How a territory is named in a plan; a name shared by several territories needs its path. */
export type TerritoryLabel = (territory: { readonly id: string; readonly name: string }) => string;

const ownName: TerritoryLabel = (territory) => territory.name;

/** `desired` holds distinct territories (resolution drops repeats). */
export function diffRecord(
  desired: readonly Territory[],
  current: CurrentRecord,
  label: TerritoryLabel = ownName,
): RecordDiff {
  // Runs 100,000 times for a large org: plain loops and look-ups, no closures made per record.
  const assignments = current.territories;
  const desiredIds = idSet(desired);
  const currentIds = idSet(assignments);
  let add: TerritoryBrief[] | undefined;
  for (const territory of desired) {
    if (!hasId(assignments, currentIds, territory.id)) {
      (add ??= []).push({ id: territory.id, name: label(territory) });
    }
  }
  let remove: TerritoryBrief[] | undefined;
  let keptByRules: TerritoryBrief[] | undefined;
  let manualBefore = 0;
  for (let i = 0; i < assignments.length; i += 1) {
    const assignment = assignments[i] as TerritoryAssignment;
    // A territory read twice must not be removed, counted or reported twice.
    if (repeatsEarlier(assignments, i)) continue;
    const manual = assignment.assigned !== 'automatically';
    if (manual) manualBefore += 1;
    if (hasId(desired, desiredIds, assignment.id)) continue;
    const brief = { id: assignment.id, name: label(assignment) };
    if (manual) (remove ??= []).push(brief);
    else (keptByRules ??= []).push(brief);
  }
  return {
    add: add?.sort(compareNamed) ?? NONE,
    remove: remove?.sort(compareNamed) ?? NONE,
    keptByRules: keptByRules?.sort(compareNamed) ?? NONE,
    resultingCount: desired.length + (keptByRules?.length ?? 0),
    manualBefore,
  };
}

/** The record's territories as the plan records them: plain data, by name then id. */
export function priorState(current: CurrentRecord): TerritoryAssignment[] {
  return current.territories
    .map((t) => ({ id: t.id, name: t.name, assigned: t.assigned }))
    .sort((a, b) => compareNamed(a, b) || compareAssigned(a, b));
}

function compareAssigned(a: TerritoryAssignment, b: TerritoryAssignment): number {
  if (a.assigned === b.assigned) return 0;
  return a.assigned === 'manually' ? -1 : 1;
}

function repeatsEarlier(assignments: readonly TerritoryAssignment[], index: number): boolean {
  const assignment = assignments[index];
  for (let j = 0; j < index; j += 1) {
    const earlier = assignments[j];
    if (earlier?.id === assignment?.id && earlier?.assigned === assignment?.assigned) return true;
  }
  return false;
}

/**
 * Membership by id. Records carry at most a handful of territories (Zoho allows 10), where a
 * scan beats building a Set; a Set keeps an oversized list from going quadratic.
 */
function idSet(items: readonly { readonly id: string }[]): ReadonlySet<string> | undefined {
  return items.length > 16 ? new Set(items.map((item) => item.id)) : undefined;
}

function hasId(
  items: readonly { readonly id: string }[],
  ids: ReadonlySet<string> | undefined,
  id: string,
): boolean {
  if (ids !== undefined) return ids.has(id);
  for (const item of items) if (item.id === id) return true;
  return false;
}

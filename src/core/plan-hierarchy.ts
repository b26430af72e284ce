// The part of the territory catalogue a plan carries (`hierarchy`): every territory a change
// gains or loses, and their ancestors, with parent links. With it, `show` draws a saved plan per
// territory path, and names its reviewers, offline. It is context for readers, not something
// apply sends, but a saved plan is hostile input: verify-plan.ts refuses a hierarchy that is
// not exactly what the planner would carry for the plan's changes (hierarchyProblem below).
import type { CatalogueIndex } from './catalogue-index.js';
import { PATH_SEPARATOR } from './catalogue-index.js';
import type { RecordPlan, Territory } from './model.js';
import { compareIds } from './ordering.js';

/** The territories the changes gain or lose and all their ancestors, by id. */
export function planHierarchy(
  index: Pick<CatalogueIndex, 'byId'>,
  changes: readonly RecordPlan[],
): Territory[] {
  const included = new Map<string, Territory>();
  for (const change of changes) {
    for (const brief of [...change.add, ...change.remove]) {
      let cursor = index.byId.get(brief.id);
      // Stops at the root, at a parent the catalogue lacks, or where a (corrupt) cycle closes.
      while (cursor !== undefined && !included.has(cursor.id)) {
        included.set(cursor.id, {
          id: cursor.id,
          name: cursor.name,
          parentId: cursor.parentId,
        });
        cursor = cursor.parentId === null ? undefined : index.byId.get(cursor.parentId);
      }
    }
  }
  return [...included.values()].sort((a, b) => compareIds(a.id, b.id));
}

/**
 * Why a plan's hierarchy cannot be the planner's for its changes, or undefined when it can:
 * ids in order and unique, exactly the changed territories and their ancestors, and each
 * change naming its territory as the hierarchy does (its name, or its path where the planner
 * used one because the name is shared).
 */
export function hierarchyProblem(
  hierarchy: readonly Territory[],
  changes: readonly RecordPlan[],
): string | undefined {
  const byId = new Map<string, Territory>();
  for (let i = 0; i < hierarchy.length; i += 1) {
    const entry = hierarchy[i] as Territory;
    const previous = hierarchy[i - 1];
    if (previous !== undefined && compareIds(previous.id, entry.id) >= 0) {
      return `territory ${entry.id} is out of order or listed twice`;
    }
    byId.set(entry.id, entry);
  }
  for (const change of changes) {
    for (const brief of [...change.add, ...change.remove]) {
      const entry = byId.get(brief.id);
      if (entry === undefined) {
        return `${change.module} ${change.id} changes territory ${brief.id}, which the hierarchy lacks`;
      }
      if (!namesTerritory(brief.name, entry, byId)) {
        return `${change.module} ${change.id} names territory ${brief.id} "${brief.name}", but the hierarchy calls it "${entry.name}"`;
      }
    }
  }
  const expected = planHierarchy({ byId }, changes);
  if (expected.length !== hierarchy.length) {
    const needed = new Set(expected.map((t) => t.id));
    const extra = hierarchy.find((t) => !needed.has(t.id));
    return `territory ${extra?.id ?? '?'} is neither changed nor an ancestor of a changed territory`;
  }
  return undefined;
}

/**
 * The planner names a territory by its name, or by its path when the name is shared. The path
 * is matched from the end, segment by segment, so the work is bounded by the label's length
 * however deep (or cyclic) the hierarchy is.
 */
function namesTerritory(
  label: string,
  entry: Territory,
  byId: ReadonlyMap<string, Territory>,
): boolean {
  if (label === entry.name) return true;
  let rest = label;
  let cursor: Territory | undefined = entry;
  while (cursor !== undefined) {
    // Where the planner's path began (the root, a missing parent, a cut cycle) is not checked:
    // any true tail of the path names the same territory to a reader.
    if (rest === cursor.name) return true;
    const suffix = `${PATH_SEPARATOR}${cursor.name}`;
    if (!rest.endsWith(suffix)) return false;
    rest = rest.slice(0, rest.length - suffix.length);
    cursor = cursor.parentId === null ? undefined : byId.get(cursor.parentId);
  }
  return false;
}

/**
 * A plan's hierarchy for a subset of its changes (what is left to apply): the part they need,
 * so the smaller plan verifies, and is the same plan, hash and all, when nothing was left out.
 */
export function narrowHierarchy(
  hierarchy: readonly Territory[] | undefined,
  changes: readonly RecordPlan[],
): { hierarchy?: Territory[] } {
  if (hierarchy === undefined) return {};
  return { hierarchy: planHierarchy({ byId: new Map(hierarchy.map((t) => [t.id, t])) }, changes) };
}

// A plan seen per territory, as the people who approve it ask: "what happens to MY territory?"
// The same changes as the per-record plan, regrouped: each territory with the records that gain
// it and the records that lose it, the territories with most changes first.
import type { ModuleName, Plan } from './model.js';
import { compareIds, compareText } from './ordering.js';
import { buildForest, pathOf } from './territory-forest.js';
import type { Forest, ForestNode } from './territory-forest.js';

export interface RecordRef {
  readonly module: ModuleName;
  readonly id: string;
  readonly name?: string;
}

export interface TerritoryImpact {
  /** The territory's id: its key in the forest. */
  readonly key: string;
  /** `Organization/EMEA/DACH` (shortened past MAX_PATH_SEGMENTS). */
  readonly path: string;
  /** Records that gain the territory, in plan order. */
  readonly gained: readonly RecordRef[];
  /** Records that lose it, in plan order. */
  readonly lost: readonly RecordRef[];
}

export interface PlanTerritories {
  /** The plan's hierarchy, plus any changed territory it lacks (a plan saved before it had one). */
  readonly forest: Forest;
  /** Territories with a change: most records gained and lost first, then by path, then id. */
  readonly impacts: readonly TerritoryImpact[];
}

export function planTerritories(plan: Pick<Plan, 'changes' | 'hierarchy'>): PlanTerritories {
  const gained = new Map<string, RecordRef[]>();
  const lost = new Map<string, RecordRef[]>();
  const labels = new Map<string, string>();
  const note = (into: Map<string, RecordRef[]>, id: string, ref: RecordRef) => {
    const list = into.get(id);
    if (list === undefined) into.set(id, [ref]);
    else list.push(ref);
  };
  for (const change of plan.changes) {
    const ref: RecordRef = {
      module: change.module,
      id: change.id,
      ...(change.name === undefined ? {} : { name: change.name }),
    };
    for (const t of change.add) {
      note(gained, t.id, ref);
      if (!labels.has(t.id)) labels.set(t.id, t.name);
    }
    for (const t of change.remove) {
      note(lost, t.id, ref);
      if (!labels.has(t.id)) labels.set(t.id, t.name);
    }
  }
  const nodes: ForestNode[] = (plan.hierarchy ?? []).map((t) => ({
    key: t.id,
    name: t.name,
    parent: t.parentId,
  }));
  const known = new Set(nodes.map((node) => node.key));
  // Without a hierarchy, a territory stands alone under the name the plan shows it by.
  for (const [id, label] of labels) {
    if (!known.has(id)) nodes.push({ key: id, name: label, parent: null });
  }
  const forest = buildForest(nodes);
  const impacts = [...labels.keys()].map((key): TerritoryImpact => ({
    key,
    path: pathOf(forest, key),
    gained: gained.get(key) ?? [],
    lost: lost.get(key) ?? [],
  }));
  impacts.sort(
    (a, b) =>
      b.gained.length + b.lost.length - (a.gained.length + a.lost.length) ||
      compareText(a.path, b.path) ||
      compareIds(a.key, b.key),
  );
  return { forest, impacts };
}

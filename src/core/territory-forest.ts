// A territory hierarchy as the views draw it: the part of the catalogue a saved plan carries,
// the whole catalogue (`tree --online`), or the paths the desired files write (`tree` offline).
// Every input may be partial or hostile (a plan file, a CRM answer): a parent that is missing
// makes its child a root, a cycle is cut, and nothing walks a chain recursively or without bound.
import { PATH_SEPARATOR } from './catalogue-index.js';
import { compareText } from './ordering.js';

export interface ForestNode {
  /** A territory id, or a path when the hierarchy comes from the desired files alone. */
  readonly key: string;
  readonly name: string;
  readonly parent: string | null;
}

export interface Forest {
  readonly byKey: ReadonlyMap<string, ForestNode>;
  /** The parent as drawn: null for a root, a node whose parent is missing, or a cut cycle. */
  readonly parentOf: ReadonlyMap<string, string | null>;
  /** Children by parent (null: the roots), each list by name then key. */
  readonly childrenOf: ReadonlyMap<string | null, readonly string[]>;
  /** Every node once, depth first, siblings by name then key: the order a tree is printed in. */
  readonly order: readonly string[];
  readonly depthOf: ReadonlyMap<string, number>;
}

/** Segments a path shows before it is shortened to `…/` and its last ones. */
export const MAX_PATH_SEGMENTS = 8;

export function buildForest(nodes: readonly ForestNode[]): Forest {
  const byKey = new Map<string, ForestNode>();
  // The first node for a key wins; a sorted input makes that independent of arrival order.
  for (const node of [...nodes].sort((a, b) => compareText(a.key, b.key))) {
    if (!byKey.has(node.key)) byKey.set(node.key, node);
  }
  const parentOf = drawnParents(byKey);
  const childrenOf = new Map<string | null, string[]>();
  for (const [key, parent] of parentOf) {
    const siblings = childrenOf.get(parent);
    if (siblings === undefined) childrenOf.set(parent, [key]);
    else siblings.push(key);
  }
  const byName = (a: string, b: string) =>
    compareText(byKey.get(a)?.name ?? '', byKey.get(b)?.name ?? '') || compareText(a, b);
  for (const siblings of childrenOf.values()) siblings.sort(byName);

  const order: string[] = [];
  const depthOf = new Map<string, number>();
  // Iterative depth-first walk: a chain thousands deep must not overflow the stack.
  const stack: { key: string; depth: number }[] = [...(childrenOf.get(null) ?? [])]
    .reverse()
    .map((key) => ({ key, depth: 0 }));
  while (stack.length > 0) {
    const { key, depth } = stack.pop() as { key: string; depth: number };
    order.push(key);
    depthOf.set(key, depth);
    const children = childrenOf.get(key) ?? [];
    for (let i = children.length - 1; i >= 0; i -= 1) {
      stack.push({ key: children[i] as string, depth: depth + 1 });
    }
  }
  return { byKey, parentOf, childrenOf, order, depthOf };
}

/**
 * Each node's parent where it can be drawn: a parent that is not among the nodes makes a root,
 * and a cycle is cut at its member with the smallest key, the same whatever order nodes came in.
 */
function drawnParents(byKey: ReadonlyMap<string, ForestNode>): Map<string, string | null> {
  const parentOf = new Map<string, string | null>();
  for (const start of byKey.keys()) {
    if (parentOf.has(start)) continue;
    const chain: string[] = [];
    const onChain = new Map<string, number>();
    let cursor: string | null = start;
    while (cursor !== null && !parentOf.has(cursor) && !onChain.has(cursor)) {
      onChain.set(cursor, chain.length);
      chain.push(cursor);
      const parent: string | null = byKey.get(cursor)?.parent ?? null;
      cursor = parent !== null && byKey.has(parent) ? parent : null;
    }
    const cycleStart = cursor === null ? undefined : onChain.get(cursor);
    const cutAt =
      cycleStart === undefined ? undefined : chain.slice(cycleStart).sort(compareText)[0];
    for (const key of chain) {
      const parent = byKey.get(key)?.parent ?? null;
      parentOf.set(key, key === cutAt || parent === null || !byKey.has(parent) ? null : parent);
    }
  }
  return parentOf;
}

/** The node's ancestors, nearest first (bounded by the forest's size: its chains are acyclic). */
export function ancestorsOf(forest: Forest, key: string): string[] {
  const out: string[] = [];
  let parent = forest.parentOf.get(key) ?? null;
  while (parent !== null && out.length < forest.byKey.size) {
    out.push(parent);
    parent = forest.parentOf.get(parent) ?? null;
  }
  return out;
}

/**
 * `Organization/EMEA/DACH`; past MAX_PATH_SEGMENTS, `…/` and the last ones, so a hierarchy
 * hundreds deep (or a hostile plan) cannot make one label megabytes long.
 */
export function pathOf(forest: Forest, key: string, maxSegments = MAX_PATH_SEGMENTS): string {
  const names = [forest.byKey.get(key)?.name ?? key];
  let parent = forest.parentOf.get(key) ?? null;
  while (parent !== null && names.length <= maxSegments) {
    names.push(forest.byKey.get(parent)?.name ?? parent);
    parent = forest.parentOf.get(parent) ?? null;
  }
  const shown = names.slice(0, maxSegments).reverse();
  return names.length > maxSegments
    ? `…${PATH_SEPARATOR}${shown.join(PATH_SEPARATOR)}`
    : shown.join(PATH_SEPARATOR);
}

/** Sums a value per node over its subtree (the node and everything below it). */
export function subtreeTotals<T>(
  forest: Forest,
  own: (key: string) => T,
  add: (a: T, b: T) => T,
): Map<string, T> {
  const totals = new Map<string, T>();
  // Reverse depth-first order visits every child before its parent.
  for (let i = forest.order.length - 1; i >= 0; i -= 1) {
    const key = forest.order[i] as string;
    let total = own(key);
    for (const child of forest.childrenOf.get(key) ?? []) {
      const below = totals.get(child);
      if (below !== undefined) total = add(total, below);
    }
    totals.set(key, total);
  }
  return totals;
}

export interface RecordCounts {
  /** Distinct records on the node itself. */
  readonly own: ReadonlyMap<string, number>;
  /** Distinct records on the node or anywhere below it: a record in two of its territories counts once. */
  readonly inSubtree: ReadonlyMap<string, number>;
}

/** How many records each node holds, itself and with its subtree; keys outside the forest are ignored. */
export function recordCounts(
  forest: Forest,
  pairs: Iterable<{ readonly key: string; readonly record: string }>,
): RecordCounts {
  const sets = new Map<string, Set<string>>();
  for (const { key, record } of pairs) {
    if (!forest.byKey.has(key)) continue;
    const set = sets.get(key);
    if (set === undefined) sets.set(key, new Set([record]));
    else set.add(record);
  }
  const own = new Map([...sets].map(([key, set]) => [key, set.size]));
  // Each node's distinct records are its own and its children's, merged smaller into larger:
  // a record moves O(log n) times in all, where walking every record up to the root would cost
  // records x depth (a CRM answer may make the hierarchy thousands deep). Reverse depth-first
  // order finishes every child before its parent; a child's set is handed on, not copied.
  const inSubtree = new Map<string, number>();
  const finished = new Map<string, Set<string>>();
  for (let i = forest.order.length - 1; i >= 0; i -= 1) {
    const key = forest.order[i] as string;
    const parts: Set<string>[] = [];
    const mine = sets.get(key);
    if (mine !== undefined) parts.push(mine);
    for (const child of forest.childrenOf.get(key) ?? []) {
      const below = finished.get(child);
      if (below === undefined) continue;
      finished.delete(child);
      parts.push(below);
    }
    let largest = parts[0];
    if (largest === undefined) continue;
    for (const part of parts) if (part.size > largest.size) largest = part;
    for (const part of parts) {
      if (part === largest) continue;
      for (const record of part) largest.add(record);
    }
    inSubtree.set(key, largest.size);
    finished.set(key, largest);
  }
  return { own, inSubtree };
}

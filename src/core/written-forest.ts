// The hierarchy as far as the desired files alone tell it, with no catalogue (`tree` and
// `owners` offline): a path names its ancestors segment by segment, so `Organization/EMEA/DACH`
// places DACH under EMEA under Organization. A name is placed where exactly one written path
// ends with it: wherever a plan succeeds a name is unique in the catalogue, so that path names
// the same territory (two such paths mean the name is ambiguous, and it is left alone). Any
// other name, and every id, says nothing of where the territory sits: it stays a root of its
// own, marked unplaced, until the CRM is asked.
import { PATH_SEPARATOR } from './catalogue-index.js';
import type { TerritoryRef } from './model.js';
import { buildForest } from './territory-forest.js';
import type { Forest, ForestNode } from './territory-forest.js';

export interface WrittenHierarchy {
  readonly forest: Forest;
  /** The node a reference stands for: equal keys are the same territory as written. */
  readonly keyOf: (ref: TerritoryRef) => string;
}

const PATH_PREFIX = 'path:';

/** True for a node whose place in the hierarchy the files tell (a path or one of its prefixes). */
export function isPlaced(key: string): boolean {
  return key.startsWith(PATH_PREFIX);
}

export function writtenHierarchy(refs: Iterable<TerritoryRef>): WrittenHierarchy {
  const nodes = new Map<string, ForestNode>();
  const others: TerritoryRef[] = [];
  /** Path keys by their last segment: where a name may be placed. */
  const endingIn = new Map<string, Set<string>>();
  for (const ref of refs) {
    if (ref.kind !== 'path') {
      others.push(ref);
      continue;
    }
    let parent: string | null = null;
    let prefix = '';
    for (const segment of ref.value.split(PATH_SEPARATOR)) {
      prefix = prefix === '' ? segment : `${prefix}${PATH_SEPARATOR}${segment}`;
      const key = `${PATH_PREFIX}${prefix}`;
      if (!nodes.has(key)) {
        nodes.set(key, { key, name: segment, parent });
        const same = endingIn.get(segment);
        if (same === undefined) endingIn.set(segment, new Set([key]));
        else same.add(key);
      }
      parent = key;
    }
  }
  const keyOf = (ref: TerritoryRef): string => {
    if (ref.kind === 'path') return `${PATH_PREFIX}${ref.value}`;
    const placed = ref.kind === 'name' ? endingIn.get(ref.value) : undefined;
    if (placed?.size === 1) return [...placed][0] as string;
    return `${ref.kind}:${ref.value}`;
  };
  for (const ref of others) {
    const key = keyOf(ref);
    if (!nodes.has(key)) nodes.set(key, { key, name: ref.value, parent: null });
  }
  return { forest: buildForest([...nodes.values()]), keyOf };
}

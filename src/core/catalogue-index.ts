// The territory catalogue indexed once per plan, so resolving 100,000 references is a few map
// look-ups each rather than a scan of the catalogue.
import type { Catalogue, Territory } from './model.js';
import { compareIds, compareNamed, compareText } from './ordering.js';

export const PATH_SEPARATOR = '/';

export interface CatalogueIndex {
  /** Every territory, by name then id. */
  readonly territories: readonly Territory[];
  readonly byId: ReadonlyMap<string, Territory>;
  /** Exact names; a name may belong to several territories in different branches. */
  readonly byName: ReadonlyMap<string, readonly Territory[]>;
  readonly byLowerName: ReadonlyMap<string, readonly Territory[]>;
  /** Hierarchy paths from the root territory's name, e.g. `Organization/EMEA/DACH`. */
  readonly byPath: ReadonlyMap<string, readonly Territory[]>;
  readonly pathById: ReadonlyMap<string, string>;
}

/**
 * How a plan names a territory: its name, or its path when another territory shares the name
 * ("+ Enterprise" means nothing to a reviewer when two branches have an Enterprise).
 */
export function territoryLabel(
  index: CatalogueIndex,
  territory: { readonly id: string; readonly name: string },
): string {
  return (index.byName.get(territory.name)?.length ?? 0) > 1
    ? (index.pathById.get(territory.id) ?? territory.name)
    : territory.name;
}

export function buildCatalogueIndex(catalogue: Catalogue): CatalogueIndex {
  // Sorting first makes every map below independent of the order Zoho listed the territories.
  const territories = [...catalogue.territories].sort(
    (a, b) => compareNamed(a, b) || compareText(a.parentId ?? '', b.parentId ?? ''),
  );
  const byId = new Map<string, Territory>();
  for (const territory of territories) {
    if (!byId.has(territory.id)) byId.set(territory.id, territory);
  }
  const unique = territories.filter((territory) => byId.get(territory.id) === territory);
  const pathById = computePaths(byId);
  return {
    territories: unique,
    byId,
    byName: groupBy(unique, (territory) => territory.name),
    byLowerName: groupBy(unique, (territory) => territory.name.toLowerCase()),
    byPath: groupBy(unique, (territory) => pathById.get(territory.id) ?? territory.name),
    pathById,
  };
}

/** The territory's hierarchy path, or undefined when the id is not in the catalogue. */
export function territoryPath(index: CatalogueIndex, id: string): string | undefined {
  return index.pathById.get(id);
}

/**
 * Walks each territory up to its root once, reusing the paths of ancestors already known.
 * A parent missing from the catalogue ends the walk there; a cycle (a corrupt catalogue) is
 * cut where it closes instead of looping forever.
 */
function computePaths(byId: ReadonlyMap<string, Territory>): Map<string, string> {
  const paths = new Map<string, string>();
  for (const start of [...byId.keys()].sort(compareIds)) {
    if (paths.has(start)) continue;
    const chain: Territory[] = [];
    const onChain = new Set<string>();
    let prefix = '';
    let cursor = byId.get(start);
    while (cursor !== undefined && !onChain.has(cursor.id)) {
      const known = paths.get(cursor.id);
      if (known !== undefined) {
        prefix = known;
        break;
      }
      chain.push(cursor);
      onChain.add(cursor.id);
      cursor = cursor.parentId === null ? undefined : byId.get(cursor.parentId);
    }
    for (let i = chain.length - 1; i >= 0; i -= 1) {
      const territory = chain[i];
      if (territory === undefined) continue;
      prefix = prefix === '' ? territory.name : `${prefix}${PATH_SEPARATOR}${territory.name}`;
      paths.set(territory.id, prefix);
    }
  }
  return paths;
}

function groupBy(
  territories: readonly Territory[],
  keyOf: (territory: Territory) => string,
): Map<string, Territory[]> {
  const groups = new Map<string, Territory[]>();
  for (const territory of territories) {
    const key = keyOf(territory);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [territory]);
    else group.push(territory);
  }
  return groups;
}

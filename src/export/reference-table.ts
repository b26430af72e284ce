// How the exported file refers to each territory: an alias for the ones many records use, else
// the name, else the hierarchy path (names repeat across branches), else the id. Every choice
// must resolve back to the same territory when `plan` reads the file, so a name is used only
// when it is unique in the catalogue and reads back unchanged.
import type { CatalogueIndex } from '../core/catalogue-index.js';
import { PATH_SEPARATOR, territoryPath } from '../core/catalogue-index.js';
import type { Territory, TerritoryRef } from '../core/model.js';
import { compareIds, compareText } from '../core/ordering.js';
import { uniqueSlug } from './slug.js';
import { yamlScalar } from './yaml-text.js';

/** Territories used by at least this many records get an alias. */
export const DEFAULT_ALIAS_THRESHOLD = 3;

export interface ExportAlias {
  readonly alias: string;
  readonly territoryId: string;
  readonly target: TerritoryRef;
  /** The territory's name when the target does not show it (an id). */
  readonly comment?: string;
}

export interface ReferenceTable {
  /** Sorted by alias name. */
  readonly aliases: readonly ExportAlias[];
  /** The YAML text a record's list carries for this territory: alias, name, path or id. */
  yamlReference(territoryId: string): string;
  /** For comments: the territory's name, or its id when the catalogue does not know it. */
  label(territoryId: string): string;
}

export interface ReferenceOptions {
  /** Default DEFAULT_ALIAS_THRESHOLD; Infinity writes no aliases. */
  readonly aliasThreshold?: number;
}

/**
 * A name or path segment that the desired-state reader takes back verbatim as a name: no
 * surrounding blanks (it trims), no '/' (a path), not digits an id check would claim.
 */
function readsBackAsName(text: string): boolean {
  if (text === '' || text.trim() !== text || text.includes(PATH_SEPARATOR)) return false;
  if (/^[0-9]{10,}$/.test(text)) return false;
  return !/^[0-9OoIl]{18,19}$/.test(text);
}

/** The most readable reference that resolves to exactly this territory. */
function directTarget(index: CatalogueIndex, territory: Territory): TerritoryRef {
  if (readsBackAsName(territory.name) && index.byName.get(territory.name)?.length === 1) {
    return { kind: 'name', value: territory.name };
  }
  const path = territoryPath(index, territory.id);
  if (
    path !== undefined &&
    path.includes(PATH_SEPARATOR) &&
    index.byPath.get(path)?.length === 1 &&
    ancestry(index, territory).every((t) => readsBackAsName(t.name))
  ) {
    return { kind: 'path', value: path };
  }
  return { kind: 'id', value: territory.id };
}

/** The territory and its ancestors, root last; stops at a missing parent or a cycle. */
function ancestry(index: CatalogueIndex, territory: Territory): Territory[] {
  const chain: Territory[] = [];
  const seen = new Set<string>();
  let cursor: Territory | undefined = territory;
  while (cursor !== undefined && !seen.has(cursor.id)) {
    chain.push(cursor);
    seen.add(cursor.id);
    cursor = cursor.parentId === null ? undefined : index.byId.get(cursor.parentId);
  }
  return chain;
}

/** "Enterprise" under "EMEA" is aliased emea-enterprise: the bare name would repeat. */
function aliasBase(index: CatalogueIndex, territory: Territory): string {
  const unique = index.byName.get(territory.name)?.length === 1;
  const parent = territory.parentId === null ? undefined : index.byId.get(territory.parentId);
  return unique || parent === undefined ? territory.name : `${parent.name} ${territory.name}`;
}

function targetText(target: TerritoryRef): string {
  return yamlScalar(target.value);
}

export function buildReferenceTable(
  index: CatalogueIndex,
  usage: ReadonlyMap<string, number>,
  options: ReferenceOptions = {},
): ReferenceTable {
  const threshold = options.aliasThreshold ?? DEFAULT_ALIAS_THRESHOLD;
  const often = [...usage.entries()]
    .filter(([id, count]) => count >= threshold && index.byId.has(id))
    .map(([id]) => index.byId.get(id) as Territory)
    .sort(
      (a, b) =>
        compareText(territoryPath(index, a.id) ?? '', territoryPath(index, b.id) ?? '') ||
        compareIds(a.id, b.id),
    );
  // A bare name in a list is looked up as an alias first: no alias may equal a territory name.
  const taken = new Set(index.territories.map((territory) => territory.name));
  const aliases: ExportAlias[] = [];
  const written = new Map<string, string>();
  for (const territory of often) {
    const alias = uniqueSlug(aliasBase(index, territory), taken);
    taken.add(alias);
    const target = directTarget(index, territory);
    aliases.push({
      alias,
      territoryId: territory.id,
      target,
      ...(target.kind === 'id' ? { comment: territory.name } : {}),
    });
    written.set(territory.id, yamlScalar(alias));
  }
  aliases.sort((a, b) => compareText(a.alias, b.alias));

  return {
    aliases,
    yamlReference(territoryId) {
      let text = written.get(territoryId);
      if (text === undefined) {
        const territory = index.byId.get(territoryId);
        text =
          territory === undefined
            ? yamlScalar(territoryId)
            : targetText(directTarget(index, territory));
        written.set(territoryId, text);
      }
      return text;
    },
    label: (territoryId) => index.byId.get(territoryId)?.name ?? territoryId,
  };
}

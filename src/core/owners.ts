// Who reviews a change to a territory: the config's `owners`, territory -> GitHub handles. A
// territory without an entry of its own inherits the nearest ancestor's; the nearest entry
// replaces what is above it (like CODEOWNERS, where the most specific matching line wins), so a
// region can hand its subtree to another team without the whole chain above being asked too.
// Owners come from the repository's config only: nothing here reads a CRM name as a handle.
import type { CatalogueIndex } from './catalogue-index.js';
import { PLAN_DIAGNOSTIC } from './diagnostic-codes.js';
import type { DesiredTerritory, Diagnostic, SourceLocation, TerritoryRef } from './model.js';
import { resolveTerritoryRef } from './resolve-territories.js';
import { compareText } from './ordering.js';
import type { Forest } from './territory-forest.js';

export interface OwnersRule {
  /** The territory as the config writes it: an alias, a path, a name or an id. */
  readonly territory: string;
  /** GitHub users and teams (`@user`, `@org/team`), checked by the config schema. */
  readonly owners: readonly string[];
  /** Where the entry is written in the config file. */
  readonly location: SourceLocation;
}

/** A rule and the reference its key makes, aliases expanded (as the desired files read it). */
export interface OwnersKey {
  readonly rule: OwnersRule;
  readonly reference: DesiredTerritory;
}

export interface PlacedOwners {
  /** Territory id -> the entry written for that territory itself. */
  readonly own: ReadonlyMap<string, OwnersRule>;
  /** Entries that name no territory, or several, or one another entry already names. */
  readonly warnings: readonly Diagnostic[];
}

const CONSEQUENCE = 'Until it is fixed, this entry asks nobody to review anything.';

/**
 * Places each entry on the territory its key names. `complete` says the index is the whole
 * catalogue: only then is a key that names nothing reported (a saved plan's hierarchy is only
 * the part of the catalogue its changes touch).
 */
export function placeOwners(
  keys: readonly OwnersKey[],
  index: CatalogueIndex,
  options: { readonly complete: boolean },
): PlacedOwners {
  const own = new Map<string, OwnersRule>();
  const warnings: Diagnostic[] = [];
  for (const { rule, reference } of keys) {
    // In a partial catalogue (a saved plan's hierarchy) an entry naming nothing is expected,
    // and not reported: skip the search for close names an unknown reference starts, whose
    // cost grows with the paths of a hierarchy a plan file may make thousands deep.
    if (!options.complete && !matchesExactly(index, reference.ref)) continue;
    // A name unique among a saved plan's territories may be shared in the CRM (two
    // "Enterprise"s, one unchanged): only a path or an id surely names one territory there. A
    // root's name is its path of one segment, and the plan holds every changed territory's root.
    if (!options.complete && reference.ref.kind === 'name' && !namesRoot(index, reference.ref)) {
      warnings.push({
        code: PLAN_DIAGNOSTIC.ambiguousTerritory,
        severity: 'warning',
        message:
          `owners: "${rule.territory}" is a name, and a saved plan holds only the territories ` +
          'it changes, so it cannot tell whether the name is one territory in the CRM.',
        hint: `Write the key as a path (e.g. "Organization/EMEA/Enterprise") or an id. ${CONSEQUENCE}`,
        location: rule.location,
      });
      continue;
    }
    const result = resolveTerritoryRef(index, reference);
    if (!result.ok) {
      const ambiguous = result.diagnostic.code === PLAN_DIAGNOSTIC.ambiguousTerritory;
      if (ambiguous || options.complete) {
        warnings.push({
          ...result.diagnostic,
          severity: 'warning',
          message: `owners: ${result.diagnostic.message}`,
          hint: [result.diagnostic.hint, CONSEQUENCE].filter(Boolean).join(' '),
        });
      }
      continue;
    }
    const earlier = own.get(result.territory.id);
    if (earlier !== undefined) {
      warnings.push({
        code: PLAN_DIAGNOSTIC.duplicateTerritory,
        severity: 'warning',
        message:
          `owners: "${rule.territory}" and "${earlier.territory}" name the same territory ` +
          `(${index.pathById.get(result.territory.id) ?? result.territory.name}); the first applies.`,
        hint: 'Keep one entry, with every owner in its list.',
        location: rule.location,
        related: [earlier.location],
      });
      continue;
    }
    own.set(result.territory.id, rule);
  }
  return { own, warnings };
}

/** Whether the catalogue has what the reference names exactly (one or several territories). */
function namesRoot(index: CatalogueIndex, ref: TerritoryRef): boolean {
  const named = index.byName.get(ref.value) ?? [];
  return named.length > 0 && named.every((territory) => territory.parentId === null);
}

function matchesExactly(index: CatalogueIndex, ref: TerritoryRef): boolean {
  switch (ref.kind) {
    case 'id':
      return index.byId.has(ref.value);
    case 'name':
      return index.byName.has(ref.value);
    case 'path':
      return index.byPath.has(ref.value);
  }
}

export interface EffectiveOwners {
  readonly owners: readonly string[];
  /** The territory whose entry applies: the territory itself, or the ancestor it inherits from. */
  readonly from?: string;
  readonly rule?: OwnersRule;
}

const NOBODY: EffectiveOwners = { owners: [] };

/** Each territory's owners: its own entry, else the nearest ancestor's, else nobody. */
export function ownersResolver(
  forest: Forest,
  own: ReadonlyMap<string, OwnersRule>,
): (key: string) => EffectiveOwners {
  const memo = new Map<string, EffectiveOwners>();
  return (key) => {
    const chain: string[] = [];
    let cursor: string | null = key;
    let found: EffectiveOwners = NOBODY;
    // The forest's chains are acyclic; the bound is a second guard.
    while (cursor !== null && chain.length <= forest.byKey.size) {
      const known = memo.get(cursor);
      if (known !== undefined) {
        found = known;
        break;
      }
      const rule = own.get(cursor);
      if (rule !== undefined) {
        found = { owners: rule.owners, from: cursor, rule };
        memo.set(cursor, found);
        break;
      }
      chain.push(cursor);
      cursor = forest.parentOf.get(cursor) ?? null;
    }
    for (const link of chain) memo.set(link, found);
    return found;
  };
}

/** Every owner once, in a stable order: teams and users as the config spells them. */
export function uniqueOwners(lists: Iterable<readonly string[]>): string[] {
  const seen = new Map<string, string>();
  for (const list of lists) {
    // GitHub handles are case-insensitive: @Kim and @kim are one reviewer.
    for (const owner of list)
      if (!seen.has(owner.toLowerCase())) seen.set(owner.toLowerCase(), owner);
  }
  return [...seen.entries()].sort(([a], [b]) => compareText(a, b)).map(([, o]) => o);
}

// The config's `owners` put on territories, for plan, show, tree and owners. A key is read like a
// reference in the desired files (an alias they define, a path, an id or a name), so one
// spelling means one territory everywhere. Owners come from the config only: CRM text and plan
// files never name a reviewer.
import { buildCatalogueIndex } from '../core/catalogue-index.js';
import type { Catalogue, DesiredState, Plan, Territory, TerritoryRef } from '../core/model.js';
import { ownersResolver, placeOwners } from '../core/owners.js';
import type { OwnersKey, OwnersRule, PlacedOwners } from '../core/owners.js';
import { planTerritories } from '../core/territory-impact.js';
import type { Forest } from '../core/territory-forest.js';
import { parseReference } from '../desired/references.js';
import type { PlanContext } from '../render/view-model/plan-context.js';

/** The aliases the desired files define or use, each with the reference it stands for. */
export function aliasesOf(desired: DesiredState | undefined): Map<string, TerritoryRef> {
  const aliases = new Map<string, TerritoryRef>();
  for (const alias of desired?.aliases ?? []) aliases.set(alias.name, alias.ref);
  for (const record of desired?.records ?? []) {
    for (const territory of record.territories) {
      if (territory.alias !== undefined) aliases.set(territory.alias, territory.ref);
    }
  }
  return aliases;
}

/** Each entry's key as the desired files would read it: an alias first, else a reference. */
export function ownersKeys(
  rules: readonly OwnersRule[],
  aliases: ReadonlyMap<string, TerritoryRef>,
): OwnersKey[] {
  return rules.map((rule) => {
    const key = rule.territory.trim();
    const alias = aliases.get(key);
    return {
      rule,
      reference: {
        ref: alias ?? parseReference(key),
        written: rule.territory,
        ...(alias === undefined ? {} : { alias: key }),
        location: rule.location,
      },
    };
  });
}

/** A forest's nodes as a catalogue, so keys resolve against what a saved plan carries. */
export function catalogueOf(forest: Forest): Catalogue {
  const territories: Territory[] = [...forest.byKey.values()].map((node) => ({
    id: node.key,
    name: node.name,
    parentId: node.parent,
  }));
  return { territories };
}

/**
 * PlanContext.owners: the owners of every territory the plan changes, own or inherited. With the
 * whole `catalogue` (read by this run), an entry that names no territory is a warning; without
 * it, entries resolve against the plan's hierarchy and one outside it concerns another plan.
 */
export function planOwners(
  plan: Pick<Plan, 'changes' | 'hierarchy'>,
  rules: readonly OwnersRule[],
  aliases: ReadonlyMap<string, TerritoryRef>,
  catalogue?: Catalogue,
): PlanContext['owners'] {
  if (rules.length === 0) return undefined;
  const { forest, impacts } = planTerritories(plan);
  const placed: PlacedOwners = placeOwners(
    ownersKeys(rules, aliases),
    buildCatalogueIndex(catalogue ?? catalogueOf(forest)),
    { complete: catalogue !== undefined },
  );
  const ownersOf = ownersResolver(forest, placed.own);
  const byTerritory = new Map<string, readonly string[]>();
  for (const impact of impacts) byTerritory.set(impact.key, ownersOf(impact.key).owners);
  return { byTerritory, warnings: placed.warnings };
}

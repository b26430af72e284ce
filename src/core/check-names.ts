// A reviewer reads territory names; apply writes ids. Before a saved plan is applied, every name
// it shows must still be what the CRM calls that id, or the plan is refused: a territory renamed
// or deleted since the plan was made, or a plan file whose names were edited to mislead.
import { buildCatalogueIndex, territoryLabel } from './catalogue-index.js';
import type { Catalogue, Plan } from './model.js';

/** One line per territory the plan names otherwise than the catalogue does; empty when none. */
export function territoryNameMismatches(plan: Plan, catalogue: Catalogue): string[] {
  const index = buildCatalogueIndex(catalogue);
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const change of plan.changes) {
    for (const territory of [...change.add, ...change.remove, ...change.keptByRules]) {
      const key = `${territory.id}\0${territory.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const live = index.byId.get(territory.id);
      if (live === undefined) {
        problems.push(`territory ${territory.id} ("${territory.name}") no longer exists`);
        continue;
      }
      const now = territoryLabel(index, live);
      if (now !== territory.name) {
        problems.push(
          `territory ${territory.id} is shown as "${territory.name}" but the CRM calls it "${now}"`,
        );
      }
    }
  }
  return problems;
}

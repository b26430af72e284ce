// A list of territory references as `records:` entries and selectors write it (docs/SELECTORS.md
// §1: "references exactly as in `records:`"): aliases expanded, ids and paths checked, a
// territory listed twice refused. One reader for both, so a reference means the same wherever
// it is written.
import type {
  DesiredTerritory,
  Diagnostic,
  ModuleName,
  RecordKey,
  SourceLocation,
  TerritoryRef,
} from '../core/model.js';
import { DESIRED_DIAGNOSTIC } from '../core/diagnostic-codes.js';
import { aliasSpelling } from './aliases.js';
import type { AliasDefinition } from './aliases.js';
import { excerpt, problem } from './diagnostics.js';
import { asText } from './plain-data.js';
import { describeReference, parseReference, pathProblem, referenceKey } from './references.js';
import type { YamlTree } from './located-tree.js';
import { territoryIdProblem } from './zoho-ids.js';

/** A reference as written, and the list (or map) and key it sits under, to locate it. */
export interface Written {
  readonly text: string;
  readonly container: object;
  readonly key: string;
}

/** The text items of a list, each with where it sits. */
export function listReferences(list: unknown): Written[] {
  const written: Written[] = [];
  if (!Array.isArray(list)) return written;
  for (let i = 0; i < list.length; i += 1) {
    const text = asText(list[i]);
    if (text !== undefined) written.push({ text, container: list, key: String(i) });
  }
  return written;
}

/**
 * The territories of one list so far, to find one listed twice. Lists are short: a scan
 * comparing kind and value (what referenceKey joins), and a Map keyed by referenceKey only
 * when one is long, so a file of 100,000 records makes no key text per territory.
 */
class ListedRefs {
  readonly territories: DesiredTerritory[] = [];
  private lookup: Map<string, DesiredTerritory> | undefined;

  /** The territory listed earlier for the same reference, if any. */
  earlier(ref: TerritoryRef): DesiredTerritory | undefined {
    if (this.lookup !== undefined) return this.lookup.get(referenceKey(ref));
    for (const territory of this.territories) {
      if (territory.ref.kind === ref.kind && territory.ref.value === ref.value) return territory;
    }
    return undefined;
  }

  add(territory: DesiredTerritory): void {
    this.territories.push(territory);
    if (this.lookup !== undefined) this.lookup.set(referenceKey(territory.ref), territory);
    else if (this.territories.length > 32) {
      this.lookup = new Map(this.territories.map((t) => [referenceKey(t.ref), t]));
    }
  }
}

/** Who a list belongs to, for messages and the Diagnostic's record. */
export interface ListOwner {
  /** "Accounts record 554023000003635023", "Accounts selector 'dach-enterprise'". */
  readonly subject: string;
  readonly record?: RecordKey;
}

export class TerritoryListReader {
  private readonly nearAliases: ReturnType<typeof aliasSpelling>;

  constructor(
    private readonly aliases: ReadonlyMap<string, AliasDefinition>,
    private readonly diagnostics: Diagnostic[],
  ) {
    this.nearAliases = aliasSpelling(aliases);
  }

  /** The list's territories, each once, in the order written; every problem reported. */
  read(tree: YamlTree, owner: ListOwner, written: readonly Written[]): DesiredTerritory[] {
    const listed = new ListedRefs();
    for (const item of written) {
      const territory = this.territory(tree, owner, item);
      if (territory === undefined) continue;
      const earlier = listed.earlier(territory.ref);
      if (earlier !== undefined) {
        this.diagnostics.push(
          problem({
            code: DESIRED_DIAGNOSTIC.duplicateTerritory,
            message:
              earlier.written === territory.written
                ? `${owner.subject} lists '${excerpt(territory.written)}' twice.`
                : `${owner.subject} lists the same territory twice: '${excerpt(earlier.written)}' and '${excerpt(territory.written)}' both mean ${describeReference(territory.ref)}.`,
            hint: 'Remove one of them.',
            location: territory.location,
            related: [earlier.location],
            ...(owner.record ? { record: owner.record } : {}),
          }),
        );
        continue;
      }
      listed.add(territory);
    }
    // Held to its size: the list built by push has room for 16, and the state keeps 100,000.
    return listed.territories.slice();
  }

  private territory(
    tree: YamlTree,
    owner: ListOwner,
    written: Written,
  ): DesiredTerritory | undefined {
    const location = tree.locateChild(written.container, written.key, 'value');
    const alias = this.aliases.get(written.text.trim());
    if (alias !== undefined) {
      // A broken alias was reported where it is defined.
      if (alias.ref === undefined) return undefined;
      return { ref: alias.ref, written: written.text, alias: alias.name, location };
    }
    const badId = territoryIdProblem(written.text);
    if (badId !== undefined) {
      this.diagnostics.push(
        problem({
          code: DESIRED_DIAGNOSTIC.badTerritoryId,
          message: `${owner.subject}: territory id '${written.text}' ${badId.reason}.`,
          hint: badId.hint,
          location,
        }),
      );
      return undefined;
    }
    const ref = parseReference(written.text);
    const badPath = ref.kind === 'path' ? pathProblem(written.text) : undefined;
    if (badPath !== undefined) {
      this.diagnostics.push(
        problem({
          code: DESIRED_DIAGNOSTIC.badTerritoryPath,
          message: `${owner.subject}: path '${excerpt(written.text)}' ${badPath}.`,
          hint: 'Write the path from the root territory, one name per segment: Organization/EMEA/DACH.',
          location,
        }),
      );
      return undefined;
    }
    const nearAliases = ref.kind === 'name' ? this.nearAliases(ref) : undefined;
    return nearAliases === undefined
      ? { ref, written: written.text, location }
      : { ref, written: written.text, nearAliases, location };
  }
}

/** A section for a module the org has not opted into (Leads), with how to opt in. */
export function notOptedIn(module: ModuleName, location: SourceLocation): Diagnostic {
  return problem({
    code: DESIRED_DIAGNOSTIC.moduleNotEnabled,
    message:
      `${module} are not managed in this configuration: Zoho assigns territories to ${module} through ` +
      `the API only where Zoho support has enabled it for the org (TERRITORY_NOT_ENABLED otherwise).`,
    hint:
      `Run \`territory-sync doctor\` to see whether your org accepts it; if it does, set ` +
      `\`modules: { ${module}: true }\` in your territory-sync config. Otherwise remove the ${module} section.`,
    location,
  });
}

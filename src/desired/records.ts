// Turns the records sections of every file into DesiredRecords, expanding aliases, and checks
// Zoho's rules on them: modules the org did not opt into refused, per-module territory limits, no territory listed twice,
// no record listed in two places. One pass, with maps: 100,000 records stay fast.
import { MAX_TERRITORIES_PER_RECORD } from '../constants/zoho.js';
import { MANAGED_MODULES } from '../core/model.js';
import type {
  DesiredRecord,
  DesiredTerritory,
  Diagnostic,
  ModuleName,
  RecordKey,
  SourceLocation,
  TerritoryRef,
} from '../core/model.js';
import { aliasSpelling } from './aliases.js';
import type { AliasDefinition } from './aliases.js';
import { recordSubject } from './document-path.js';
import { DESIRED_DIAGNOSTIC } from '../core/diagnostic-codes.js';
import { excerpt, formatLocation, problem } from './diagnostics.js';
import { asMap, asText } from './plain-data.js';
import type { PlainMap } from './plain-data.js';
import { describeReference, parseReference, pathProblem, referenceKey } from './references.js';
import type { YamlTree } from './located-tree.js';
import { describeBadId, isZeroLedId, isZohoId, territoryIdProblem } from './zoho-ids.js';

export interface CollectedRecords {
  /** In file order; the caller sorts. */
  readonly records: readonly DesiredRecord[];
  readonly diagnostics: readonly Diagnostic[];
}

const SINGULAR: Readonly<Record<ModuleName, string>> = {
  Accounts: 'Account',
  Contacts: 'Contact',
  Deals: 'Deal',
  Leads: 'Lead',
};

/** A reference as written, and the list (or map) and key it sits under, to locate it. */
interface Written {
  readonly text: string;
  readonly container: object;
  readonly key: string;
}

/** The text items of a list, each with where it sits. */
function listReferences(list: unknown): Written[] {
  const written: Written[] = [];
  if (!Array.isArray(list)) return written;
  for (let i = 0; i < list.length; i += 1) {
    const text = asText(list[i]);
    if (text !== undefined) written.push({ text, container: list, key: String(i) });
  }
  return written;
}

/** The references an entry lists, in any of its three forms. */
function writtenReferences(entry: unknown, records: PlainMap, id: string): Written[] {
  if (Array.isArray(entry)) return listReferences(entry);
  const single = asText(entry);
  if (single !== undefined) return [{ text: single, container: records, key: id }];
  return listReferences(asMap(entry)?.territories);
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

class RecordCollector {
  readonly records: DesiredRecord[] = [];
  readonly diagnostics: Diagnostic[] = [];
  private readonly seen: Readonly<Record<ModuleName, Map<string, SourceLocation>>> = {
    Accounts: new Map(),
    Contacts: new Map(),
    Deals: new Map(),
    Leads: new Map(),
  };

  private readonly nearAliases: ReturnType<typeof aliasSpelling>;

  constructor(
    private readonly aliases: ReadonlyMap<string, AliasDefinition>,
    private readonly modules: readonly ModuleName[],
  ) {
    this.nearAliases = aliasSpelling(aliases);
  }

  collect(tree: YamlTree): void {
    const section = asMap(asMap(tree.value)?.records);
    if (section === undefined) return;
    for (const module of MANAGED_MODULES) {
      if (Object.hasOwn(section, module) && !this.modules.includes(module)) {
        this.diagnostics.push(notOptedIn(module, tree.locate(['records', module], 'key')));
      }
    }
    for (const module of this.modules) {
      const records = asMap(section[module]);
      if (records === undefined) continue;
      for (const id of Object.keys(records)) {
        if (isZohoId(id)) this.collectRecord(tree, module, records, id, records[id]);
        // The schema reported every other malformed id (BAD_RECORD_ID); it takes a leading 0.
        else if (isZeroLedId(id)) this.zeroLedId(tree, module, records, id);
      }
    }
  }

  private zeroLedId(tree: YamlTree, module: ModuleName, records: PlainMap, id: string): void {
    const bad = describeBadId(id, 'record');
    this.diagnostics.push(
      problem({
        code: DESIRED_DIAGNOSTIC.badRecordId,
        message: `${module} record id '${id}' ${bad.reason}.`,
        hint: bad.hint,
        location: tree.locateChild(records, id, 'key'),
      }),
    );
  }

  private collectRecord(
    tree: YamlTree,
    module: ModuleName,
    records: PlainMap,
    id: string,
    entry: unknown,
  ): void {
    const location = tree.locateChild(records, id, 'key');
    const record: RecordKey = { module, id };
    const first = this.seen[module].get(id);
    if (first !== undefined) {
      const subject = recordSubject(module, id);
      this.diagnostics.push(
        problem({
          code: DESIRED_DIAGNOSTIC.duplicateRecord,
          message: `${subject} is listed twice: at ${formatLocation(first)} and at ${formatLocation(location)}.`,
          hint: "Keep one entry: a record's territories must be listed in one place.",
          location,
          related: [first],
          record,
        }),
      );
      return;
    }
    this.seen[module].set(id, location);

    const listed = new ListedRefs();
    for (const written of writtenReferences(entry, records, id)) {
      const territory = this.territory(tree, record, written);
      if (territory === undefined) continue;
      const earlier = listed.earlier(territory.ref);
      if (earlier !== undefined) {
        const subject = recordSubject(module, id);
        this.diagnostics.push(
          problem({
            code: DESIRED_DIAGNOSTIC.duplicateTerritory,
            message:
              earlier.written === territory.written
                ? `${subject} lists '${excerpt(territory.written)}' twice.`
                : `${subject} lists the same territory twice: '${excerpt(earlier.written)}' and '${excerpt(territory.written)}' both mean ${describeReference(territory.ref)}.`,
            hint: 'Remove one of them.',
            location: territory.location,
            related: [earlier.location],
            record,
          }),
        );
        continue;
      }
      listed.add(territory);
    }
    // Held to its size: the list built by push has room for 16, and the state keeps 100,000.
    const territories = listed.territories.slice();
    this.checkLimit(record, territories.length, location);
    const note = asMap(entry)?.note;
    this.records.push(
      typeof note === 'string'
        ? { module, id, territories, note, location }
        : { module, id, territories, location },
    );
  }

  private territory(
    tree: YamlTree,
    record: RecordKey,
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
          message: `${recordSubject(record.module, record.id)}: territory id '${written.text}' ${badId.reason}.`,
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
          message: `${recordSubject(record.module, record.id)}: path '${excerpt(written.text)}' ${badPath}.`,
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

  private checkLimit(record: RecordKey, count: number, location: SourceLocation): void {
    const { module } = record;
    const max = MAX_TERRITORIES_PER_RECORD[module];
    if (count <= max) return;
    const subject = recordSubject(module, record.id);
    this.diagnostics.push(
      module === 'Deals'
        ? problem({
            code: DESIRED_DIAGNOSTIC.dealSingleTerritory,
            message: `${subject} lists ${count} territories; a Deal carries at most ${max}.`,
            hint: 'Keep one territory. To move a Deal, replace its territory instead of adding one.',
            location,
            record,
          })
        : problem({
            code: DESIRED_DIAGNOSTIC.tooManyTerritories,
            message: `${subject} lists ${count} territories; Zoho allows at most ${max} per ${SINGULAR[module]}.`,
            hint: `Remove at least ${count - max}. Territories Zoho's rules assign count toward the limit too.`,
            location,
            record,
          }),
    );
  }
}

/** A section for a module the org has not opted into (Leads), with how to opt in. */
function notOptedIn(module: ModuleName, location: SourceLocation): Diagnostic {
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

/** `modules`: the modules the configuration manages; a section for any other is refused. */
export function collectRecords(
  trees: readonly YamlTree[],
  aliases: ReadonlyMap<string, AliasDefinition>,
  modules: readonly ModuleName[],
): CollectedRecords {
  const collector = new RecordCollector(aliases, modules);
  for (const tree of trees) collector.collect(tree);
  return collector;
}

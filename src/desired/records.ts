// Turns the records sections of every file into DesiredRecords, expanding aliases, and checks
// Zoho's rules on them: modules the org did not opt into refused, per-module territory limits, no territory listed twice,
// no record listed in two places. One pass, with maps: 100,000 records stay fast.
import { MAX_TERRITORIES_PER_RECORD } from '../constants/zoho.js';
import { MANAGED_MODULES } from '../core/model.js';
import type {
  DesiredRecord,
  Diagnostic,
  ModuleName,
  RecordKey,
  SourceLocation,
} from '../core/model.js';
import type { AliasDefinition } from './aliases.js';
import { recordSubject } from './document-path.js';
import { DESIRED_DIAGNOSTIC } from '../core/diagnostic-codes.js';
import { formatLocation, problem } from './diagnostics.js';
import { asMap, asText } from './plain-data.js';
import type { PlainMap } from './plain-data.js';
import type { YamlTree } from './located-tree.js';
import { listReferences, notOptedIn, TerritoryListReader } from './territory-list.js';
import type { Written } from './territory-list.js';
import { describeBadId, isZeroLedId, isZohoId } from './zoho-ids.js';

export interface CollectedRecords {
  /** In file order; the caller sorts. */
  readonly records: readonly DesiredRecord[];
  readonly diagnostics: readonly Diagnostic[];
}

export const SINGULAR: Readonly<Record<ModuleName, string>> = {
  Accounts: 'Account',
  Contacts: 'Contact',
  Deals: 'Deal',
  Leads: 'Lead',
};

/** The references an entry lists, in any of its three forms. */
function writtenReferences(entry: unknown, records: PlainMap, id: string): Written[] {
  if (Array.isArray(entry)) return listReferences(entry);
  const single = asText(entry);
  if (single !== undefined) return [{ text: single, container: records, key: id }];
  return listReferences(asMap(entry)?.territories);
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

  private readonly lists: TerritoryListReader;

  constructor(
    aliases: ReadonlyMap<string, AliasDefinition>,
    private readonly modules: readonly ModuleName[],
  ) {
    this.lists = new TerritoryListReader(aliases, this.diagnostics);
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

    const territories = this.lists.read(
      tree,
      { subject: recordSubject(module, id), record },
      writtenReferences(entry, records, id),
    );
    this.checkLimit(record, territories.length, location);
    const note = asMap(entry)?.note;
    this.records.push(
      typeof note === 'string'
        ? { module, id, territories, note, location }
        : { module, id, territories, location },
    );
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

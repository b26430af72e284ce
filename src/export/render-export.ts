// Pure: catalogue + records -> the text of a territories.yaml, in chunks. The header and the
// aliases come first; each module's records follow as a lazy sequence of chunks, so a caller
// can stream a 150,000-record module to a file without holding its text at once.
import {
  MAX_TERRITORIES_PER_RECORD,
  PAGE_TOKEN_PAGINATION_LIMIT,
  SCOPES,
} from '../constants/zoho.js';
import { buildCatalogueIndex } from '../core/catalogue-index.js';
import type { CatalogueIndex } from '../core/catalogue-index.js';
import type { Catalogue, ModuleName } from '../core/model.js';
import { compareIds, compareText } from '../core/ordering.js';
import type { ExportRecord, ModuleExport } from './export-record.js';
import { buildReferenceTable } from './reference-table.js';
import type { ExportAlias, ReferenceTable } from './reference-table.js';
import { DEFAULT_ALIAS_THRESHOLD } from './reference-table.js';
import { formatCount } from '../render/words.js';
import { commentText, doubleQuoted, yamlScalar } from './yaml-text.js';

export const SCHEMA_COMMENT = '# yaml-language-server: $schema=./schemas/territories.schema.json';

/** Records per chunk: big enough to keep writes few, small enough to keep chunks small. */
const RECORDS_PER_CHUNK = 1000;

export interface ExportInput {
  readonly catalogue: Catalogue;
  /** In the order they are to appear (MANAGED_MODULES order); records sorted by id. */
  readonly modules: readonly ModuleExport[];
  /** Territories used by at least this many records get an alias (default 3). */
  readonly aliasThreshold?: number;
  /** Where the records came from, for the header (an org, a data centre). */
  readonly source?: string;
}

export interface UnknownTerritory {
  readonly module: ModuleName;
  readonly recordId: string;
  readonly territoryId: string;
}

export interface ModuleSummary {
  readonly module: ModuleName;
  readonly records: number;
  /** Territories assigned manually: listed. */
  readonly assignments: number;
  /** Territories assigned by rules: named in "by rules" comments. */
  readonly byRulesInComments: number;
  /** Of those, listed as well (all but the unknown ones and those past the module's limit). */
  readonly byRulesListed: number;
  readonly onlyByRules: number;
  readonly withoutTerritories: number;
  readonly scanned: number;
  /** Zoho's listing limit was reached without COQL to read on: records past it are missing. */
  readonly atListingLimit: boolean;
}

export interface ExportDocument {
  /** The file's text: write the chunks in order. Iterate once. */
  readonly chunks: Iterable<string>;
  readonly modules: readonly ModuleSummary[];
  readonly aliases: readonly ExportAlias[];
  /** Manually assigned territories the catalogue does not list: written by id. */
  readonly unknownTerritories: readonly UnknownTerritory[];
}

export function renderExport(input: ExportInput): ExportDocument {
  const index = buildCatalogueIndex(input.catalogue);
  const usage = new Map<string, number>();
  const unknownTerritories: UnknownTerritory[] = [];
  for (const { module, records } of input.modules) {
    for (const record of records) {
      for (const id of record.manual) {
        if (!index.byId.has(id)) {
          unknownTerritories.push({ module, recordId: record.id, territoryId: id });
        }
      }
      for (const id of listedIds(record, module, index)) usage.set(id, (usage.get(id) ?? 0) + 1);
    }
  }
  const threshold = input.aliasThreshold ?? DEFAULT_ALIAS_THRESHOLD;
  const table = buildReferenceTable(index, usage, { aliasThreshold: threshold });
  return {
    chunks: documentChunks(input, index, table, threshold),
    modules: input.modules.map((moduleExport) => summarise(moduleExport, index)),
    aliases: table.aliases,
    unknownTerritories,
  };
}

/**
 * The territory ids a record's list carries: every manually assigned one, then the ones rules
 * assigned. Listing a rule-assigned territory makes it expected: plan neither assigns it (it is
 * there) nor warns that the file leaves it out (KEPT_BY_RULES), so an export plans clean. A
 * rule-assigned territory stays out of the list (in the comment only) when the catalogue does
 * not know it (it would not resolve) or when listing it would pass the module's limit (a Deal
 * lists one territory): plan then reports the record as it is.
 */
function listedIds(record: ExportRecord, module: ModuleName, index: CatalogueIndex): string[] {
  const listed = [...new Set(record.manual)];
  const fromRules = [...new Set(record.byRules)].filter(
    (id) => index.byId.has(id) && !listed.includes(id),
  );
  if (listed.length + fromRules.length > MAX_TERRITORIES_PER_RECORD[module]) return listed;
  return [...listed, ...fromRules];
}

function summarise(moduleExport: ModuleExport, index: CatalogueIndex): ModuleSummary {
  let assignments = 0;
  let byRulesInComments = 0;
  let byRulesListed = 0;
  for (const record of moduleExport.records) {
    assignments += record.manual.length;
    byRulesInComments += record.byRules.length;
    byRulesListed +=
      listedIds(record, moduleExport.module, index).length - new Set(record.manual).size;
  }
  return {
    module: moduleExport.module,
    records: moduleExport.records.length,
    assignments,
    byRulesInComments,
    byRulesListed,
    onlyByRules: moduleExport.onlyByRules,
    withoutTerritories: moduleExport.withoutTerritories,
    scanned: moduleExport.scanned,
    atListingLimit: moduleExport.atListingLimit,
  };
}

function* documentChunks(
  input: ExportInput,
  index: CatalogueIndex,
  table: ReferenceTable,
  threshold: number,
): Generator<string> {
  yield header(input, table.aliases, threshold);
  if (input.modules.length === 0) {
    yield 'records: {}\n';
    return;
  }
  yield 'records:\n';
  for (const { module, records, atListingLimit } of input.modules) {
    if (atListingLimit) {
      const limit = formatCount(PAGE_TOKEN_PAGINATION_LIMIT);
      yield (
        `  # INCOMPLETE: Zoho lists at most ${limit} ${module} without COQL, and the\n` +
        `  # token lacks ${SCOPES.coqlRead}: any records past them are not in this file (they\n` +
        '  # are left untouched). Add that scope to the token and export again.\n'
      );
    }
    if (records.length === 0) {
      yield `  ${module}: {} # no record has manually assigned territories\n`;
      continue;
    }
    let lines = [`  ${module}:`];
    for (const record of records) {
      lines.push(recordLine(record, listedIds(record, module, index), table));
      if (lines.length >= RECORDS_PER_CHUNK) {
        yield `${lines.join('\n')}\n`;
        lines = [];
      }
    }
    if (lines.length > 0) yield `${lines.join('\n')}\n`;
  }
}

function header(input: ExportInput, aliases: readonly ExportAlias[], threshold: number): string {
  const modules = input.modules.map((m) => m.module).join(', ') || 'no modules';
  const from = input.source === undefined ? 'Zoho CRM' : commentText(input.source);
  const lines = [
    SCHEMA_COMMENT,
    '#',
    `# Exported from ${from} by \`territory-sync export\` (${modules}).`,
    '# Each list holds the territories assigned manually and those territory rules assigned, named',
    '# in a "by rules" comment. Listing a rule-assigned territory changes nothing while the rules',
    '# assign it; if they stop, plan assigns it manually: drop it from the list to leave it to the',
    '# rules. Records without manually assigned territories are left out; records not listed here',
    '# are never touched.',
    'version: 1',
    '',
  ];
  if (aliases.length > 0) {
    lines.push(`# Aliases for the territories ${threshold} or more records use.`, 'territories:');
    for (const alias of aliases) lines.push(aliasLine(alias));
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

function aliasLine(alias: ExportAlias): string {
  const line = `  ${yamlScalar(alias.alias)}: { ${alias.target.kind}: ${
    alias.target.kind === 'id' ? doubleQuoted(alias.target.value) : yamlScalar(alias.target.value)
  } }`;
  return alias.comment === undefined ? line : `${line} # ${commentText(alias.comment)}`;
}

/** Zoho's order within a record is not stable; by name (then id) keeps re-exports diffable. */
function byLabel(table: ReferenceTable, ids: readonly string[]): readonly string[] {
  if (ids.length < 2) return ids;
  return [...ids].sort((a, b) => compareText(table.label(a), table.label(b)) || compareIds(a, b));
}

function recordLine(
  record: ExportRecord,
  listed: readonly string[],
  table: ReferenceTable,
): string {
  const list = `[${byLabel(table, listed)
    .map((id) => table.yamlReference(id))
    .join(', ')}]`;
  const note = record.name === undefined ? '' : commentText(record.name);
  const entry = note === '' ? list : `{ territories: ${list}, note: ${yamlScalar(note)} }`;
  const line = `    ${doubleQuoted(record.id)}: ${entry}`;
  if (record.byRules.length === 0) return line;
  const names = byLabel(table, record.byRules)
    .map((id) => commentText(table.label(id)))
    .join(', ');
  return `${line} # by rules: ${names}`;
}

// Turns every territory reference of the desired state (id, name or path) into a catalogue
// territory, or into a located Diagnostic that says what was meant. All problems are reported
// together; nothing stops at the first.
import type { CatalogueIndex } from './catalogue-index.js';
import { PATH_SEPARATOR } from './catalogue-index.js';
import {
  copyLocation,
  describeRecord,
  describeReference,
  joinWords,
  quoteAll,
} from './describe.js';
import { PLAN_DIAGNOSTIC } from './diagnostic-codes.js';
import { closestNames } from './levenshtein.js';
import type { DesiredRecord, DesiredTerritory, Diagnostic, RecordKey, Territory } from './model.js';
import { compareText } from './ordering.js';

export type RefResolution =
  | { readonly ok: true; readonly territory: Territory }
  | { readonly ok: false; readonly diagnostic: Diagnostic };

export interface ResolvedRecord {
  readonly record: DesiredRecord;
  /** One per distinct territory, in the order written. */
  readonly territories: readonly Territory[];
}

export interface Resolution {
  readonly records: readonly ResolvedRecord[];
  readonly diagnostics: readonly Diagnostic[];
}

export function resolveTerritories(
  records: readonly DesiredRecord[],
  index: CatalogueIndex,
): Resolution {
  const diagnostics: Diagnostic[] = [];
  const resolved = records.map((record) => {
    const territories: Territory[] = [];
    const sources: DesiredTerritory[] = [];
    for (const desired of record.territories) {
      const result = resolveTerritoryRef(index, desired, record);
      if (!result.ok) {
        diagnostics.push(result.diagnostic);
        continue;
      }
      // Lists are short (Zoho allows 10), so a scan is cheaper than a Set per record.
      let earlier = -1;
      for (let i = 0; i < territories.length && earlier < 0; i += 1) {
        if (territories[i]?.id === result.territory.id) earlier = i;
      }
      const earlierSource = earlier >= 0 ? sources[earlier] : undefined;
      if (earlierSource !== undefined) {
        diagnostics.push(duplicateTerritory(record, result.territory, earlierSource, desired));
        continue;
      }
      territories.push(result.territory);
      sources.push(desired);
    }
    // Held to its size (a list built by push has room for 16): a plan keeps one per record.
    return { record, territories: territories.slice() };
  });
  return { records: resolved, diagnostics };
}

export function resolveTerritoryRef(
  index: CatalogueIndex,
  desired: DesiredTerritory,
  record?: RecordKey,
): RefResolution {
  const { ref } = desired;
  switch (ref.kind) {
    case 'id': {
      const territory = index.byId.get(ref.value);
      if (territory !== undefined) return { ok: true, territory };
      return unknown(desired, record, `no territory has the id ${ref.value}`, [
        'Check the id in Zoho CRM (Setup > Territory Management), or refer to the territory by name or path.',
      ]);
    }
    case 'name': {
      const matches = index.byName.get(ref.value);
      // The usual case, 100,000 times in a large file: one territory of that name.
      const only = matches?.length === 1 ? matches[0] : undefined;
      if (only !== undefined) return { ok: true, territory: only };
      return pickOne(matches, index, desired, record, () => unknownName(index, desired, record));
    }
    case 'path':
      return pickOne(index.byPath.get(ref.value), index, desired, record, () =>
        unknownPath(index, desired, record),
      );
  }
}

function pickOne(
  matches: readonly Territory[] | undefined,
  index: CatalogueIndex,
  desired: DesiredTerritory,
  record: RecordKey | undefined,
  whenNone: () => RefResolution,
): RefResolution {
  const first = matches?.[0];
  if (matches === undefined || first === undefined) return whenNone();
  if (matches.length === 1) return { ok: true, territory: first };
  return { ok: false, diagnostic: ambiguous(index, desired, record, matches) };
}

/** When nothing close was found: how to write a reference at all. */
const HOW_TO_REFER =
  'Refer to a territory by its name, its path from the root (e.g. "Organization/EMEA") or its ' +
  'id, as Zoho CRM shows them (Setup > Territory Management), or by an alias from the ' +
  'territories: section.';

/**
 * Catalogue names and, when `written` is no alias, the aliases the desired files define that
 * are spelled like it (src/desired found them): the same text in another case first.
 */
function unknownName(
  index: CatalogueIndex,
  desired: DesiredTerritory,
  record: RecordKey | undefined,
): RefResolution {
  const written = desired.ref.value;
  const lower = written.toLowerCase();
  const aliases = desired.alias === undefined ? (desired.nearAliases ?? []) : [];
  const aliasesByCase = aliases.filter((alias) => alias.toLowerCase() === lower);
  const otherAliases = aliases.filter((alias) => alias.toLowerCase() !== lower);
  const sameButCase = index.byLowerName.get(lower) ?? [];
  const names =
    sameButCase.length > 0
      ? [...new Set(sameButCase.map((territory) => territory.name))].sort(compareText)
      : closestNames(
          written,
          index.territories.map((territory) => territory.name),
        );
  const suggestions = [
    ...aliasWords(aliasesByCase),
    ...quoteAll(names),
    ...aliasWords(otherAliases),
  ];
  const caseSensitive = [
    ...(sameButCase.length > 0 ? ['names'] : []),
    ...(aliasesByCase.length > 0 ? ['aliases'] : []),
  ];
  const problem =
    caseSensitive.length === 0
      ? `no territory is named "${written}"`
      : `no territory is named "${written}" (${joinWords(caseSensitive)} are case-sensitive)`;
  return unknown(
    desired,
    record,
    problem,
    suggestions.length === 0 ? [HOW_TO_REFER] : [`Did you mean ${joinWords(suggestions, 'or')}?`],
  );
}

/** `the alias "west"`, `the aliases "west" or "east"`: one item of a "did you mean" list. */
function aliasWords(aliases: readonly string[]): string[] {
  if (aliases.length === 0) return [];
  if (aliases.length === 1) return [`the alias "${aliases[0] ?? ''}"`];
  return [`the aliases ${joinWords(quoteAll(aliases), 'or')}`];
}

function unknownPath(
  index: CatalogueIndex,
  desired: DesiredTerritory,
  record: RecordKey | undefined,
): RefResolution {
  const written = desired.ref.value;
  const lower = written.toLowerCase();
  const paths = [...index.byPath.keys()];
  // A path that skips the root ("EMEA/DACH") is the usual mistake: suggest the full path first.
  const completions = paths
    .filter((path) => path.toLowerCase().endsWith(`${PATH_SEPARATOR}${lower}`))
    .sort(compareText);
  const close = closestNames(written, paths);
  const suggestions = [...new Set([...completions, ...close])].slice(0, 3);
  return unknown(desired, record, `no territory has the path "${written}"`, [
    ...didYouMean(suggestions),
    'A path starts at the root territory, e.g. "Organization/EMEA".',
  ]);
}

function didYouMean(suggestions: readonly string[]): string[] {
  return suggestions.length === 0
    ? []
    : [`Did you mean ${joinWords(quoteAll(suggestions), 'or')}?`];
}

function unknown(
  desired: DesiredTerritory,
  record: RecordKey | undefined,
  problem: string,
  fixes: readonly string[],
): RefResolution {
  const subject = record === undefined ? '' : `${describeRecord(record)}: `;
  // The reference is right; the alias's target is what to fix, where the alias is defined.
  const hints =
    desired.alias === undefined
      ? fixes
      : [...fixes, `Correct the target of alias "${desired.alias}" in the territories: section.`];
  return {
    ok: false,
    diagnostic: {
      code: PLAN_DIAGNOSTIC.unknownTerritory,
      severity: 'error',
      message: `${subject}unknown territory ${describeReference(desired)}: ${problem}.`,
      ...(hints.length > 0 ? { hint: hints.join(' ') } : {}),
      location: copyLocation(desired.location),
      ...(record === undefined ? {} : { record: { module: record.module, id: record.id } }),
    },
  };
}

function ambiguous(
  index: CatalogueIndex,
  desired: DesiredTerritory,
  record: RecordKey | undefined,
  matches: readonly Territory[],
): Diagnostic {
  const described = matches
    .map((territory) => ({ territory, path: index.pathById.get(territory.id) ?? territory.name }))
    .sort((a, b) => compareText(a.path, b.path));
  const listing = described.map(({ territory, path }) => `${path} (id ${territory.id})`);
  const pathsDiffer = new Set(described.map(({ path }) => path)).size === described.length;
  const example = described[0];
  const hint =
    pathsDiffer && desired.ref.kind === 'name' && example !== undefined
      ? `Refer to it by path (e.g. "${example.path}") or by id (e.g. "${example.territory.id}").`
      : `Refer to it by id (e.g. "${example?.territory.id ?? ''}").`;
  const subject = record === undefined ? '' : `${describeRecord(record)}: `;
  return {
    code: PLAN_DIAGNOSTIC.ambiguousTerritory,
    severity: 'error',
    message: `${subject}territory ${describeReference(desired)} is ambiguous: it matches ${joinWords(listing)}.`,
    hint,
    location: copyLocation(desired.location),
    ...(record === undefined ? {} : { record: { module: record.module, id: record.id } }),
  };
}

function duplicateTerritory(
  record: DesiredRecord,
  territory: Territory,
  earlier: DesiredTerritory,
  later: DesiredTerritory,
): Diagnostic {
  return {
    code: PLAN_DIAGNOSTIC.duplicateTerritory,
    severity: 'error',
    message:
      `${describeRecord(record, record.note)} lists territory "${territory.name}" twice: ` +
      `${describeReference(earlier)} and ${describeReference(later)}.`,
    hint: 'Keep one of them.',
    location: copyLocation(later.location),
    related: [copyLocation(earlier.location)],
    record: { module: record.module, id: record.id },
  };
}

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
      const earlier = territories.findIndex((territory) => territory.id === result.territory.id);
      const earlierSource = sources[earlier];
      if (earlierSource !== undefined) {
        diagnostics.push(duplicateTerritory(record, result.territory, earlierSource, desired));
        continue;
      }
      territories.push(result.territory);
      sources.push(desired);
    }
    return { record, territories };
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
    case 'name':
      return pickOne(index.byName.get(ref.value), index, desired, record, () =>
        unknownName(index, desired, record),
      );
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

function unknownName(
  index: CatalogueIndex,
  desired: DesiredTerritory,
  record: RecordKey | undefined,
): RefResolution {
  const written = desired.ref.value;
  const sameButCase = index.byLowerName.get(written.toLowerCase()) ?? [];
  if (sameButCase.length > 0) {
    const exact = [...new Set(sameButCase.map((territory) => territory.name))];
    return unknown(
      desired,
      record,
      `no territory is named "${written}" (names are case-sensitive)`,
      [`Did you mean ${joinWords(quoteAll(exact), 'or')}?`],
    );
  }
  const suggestions = closestNames(
    written,
    index.territories.map((territory) => territory.name),
  );
  return unknown(desired, record, `no territory is named "${written}"`, didYouMean(suggestions));
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
  hints: readonly string[],
): RefResolution {
  const subject = record === undefined ? '' : `${describeRecord(record)}: `;
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

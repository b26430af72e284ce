// One place decides the order of everything the planner emits, so a plan never depends on the
// order its inputs arrived in. Plain code-unit comparison: locale-aware collation differs
// between machines, and a plan made on a laptop must hash the same in CI.
import { MANAGED_MODULES } from './model.js';
import type { Diagnostic, ModuleName, RecordKey, SourceLocation } from './model.js';

export function compareText(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

/** Zoho ids are digit strings too long for a number: shorter is smaller, then digit by digit. */
export function compareIds(a: string, b: string): number {
  return a.length - b.length || compareText(a, b);
}

const MODULE_RANK: ReadonlyMap<ModuleName, number> = new Map(
  MANAGED_MODULES.map((module, rank) => [module, rank]),
);

export function compareModules(a: ModuleName, b: ModuleName): number {
  return (MODULE_RANK.get(a) ?? 0) - (MODULE_RANK.get(b) ?? 0);
}

/** Module order (Accounts, Contacts, Deals), then id. */
export function compareRecordKeys(a: RecordKey, b: RecordKey): number {
  return compareModules(a.module, b.module) || compareIds(a.id, b.id);
}

/** Territories inside a change: by name, then id (names may repeat in a hierarchy). */
export function compareNamed(
  a: { readonly name: string; readonly id: string },
  b: { readonly name: string; readonly id: string },
): number {
  return compareText(a.name, b.name) || compareIds(a.id, b.id);
}

export function compareLocations(
  a: SourceLocation | undefined,
  b: SourceLocation | undefined,
): number {
  if (a === undefined || b === undefined)
    return (a === undefined ? 1 : 0) - (b === undefined ? 1 : 0);
  return compareText(a.file, b.file) || a.line - b.line || a.column - b.column;
}

/** Sorts a copy, skipping the work when the input is already in order (the usual case). */
export function sortedCopy<T>(items: readonly T[], compare: (a: T, b: T) => number): T[] {
  const inOrder = items.every((item, i) => {
    const previous = items[i - 1];
    return i === 0 || previous === undefined || compare(previous, item) <= 0;
  });
  return inOrder ? [...items] : [...items].sort(compare);
}

/**
 * The order a plan's diagnostics are shown in: errors first, then by place, code, message and
 * record, so the order they were found in (which depends on how the CRM answered) never shows.
 */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const rank = (diagnostic: Diagnostic): number => (diagnostic.severity === 'error' ? 0 : 1);
  return [...diagnostics].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      compareLocations(a.location, b.location) ||
      compareText(a.code, b.code) ||
      compareText(a.message, b.message) ||
      compareIds(a.record?.id ?? '', b.record?.id ?? ''),
  );
}

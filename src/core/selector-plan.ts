// Selectors inside a plan (docs/SELECTORS.md §3 to §5): the planner hands the records no
// `records:` entry lists to this module, which diffs them with selectorTargets/targetChange,
// counts each selector's matches against the last apply's, and says what the ledger will
// remember once apply confirms the writes. Pure, like the rest of the planner.
import { MAX_COQL_LIMIT } from '../constants/zoho.js';
import type { CatalogueIndex } from './catalogue-index.js';
import { priorState } from './diff-record.js';
import type { TerritoryLabel } from './diff-record.js';
import type {
  CurrentRecord,
  DesiredState,
  Diagnostic,
  LedgerEntry,
  LedgerGift,
  ModuleName,
  PlanSelectors,
  RecordKey,
  RecordPlan,
  SelectorReport,
  Territory,
  TerritoryChangeCause,
} from './model.js';
import { compareIds, compareRecordKeys, compareText } from './ordering.js';
import { PLAN_DIAGNOSTIC } from './diagnostic-codes.js';
import { resolveTerritoryRef } from './resolve-territories.js';
import { ledgerMissing, ledgerUnknownTerritories } from './selector-diagnostics.js';
import { recordKey, keyOf } from './record-key.js';
import {
  selectorKey,
  selectorLimitError,
  selectorTargets,
  targetChange,
} from './selector-targets.js';
import type {
  CausedTerritory,
  RecordTarget,
  SelectorMatch,
  TargetSelector,
} from './selector-targets.js';

/** What the reads gave a plan with selectors: every selector's matches, and the ledger. */
export interface SelectionInput {
  readonly matches: readonly SelectorMatch[];
  /** The ledger as read; undefined when there is none (selectors then only add). */
  readonly ledger:
    { readonly sha256: string; readonly records: readonly LedgerEntry[] } | undefined;
  /** What the online check of the selectors' fields warned of: carried into the plan's warnings. */
  readonly warnings?: readonly Diagnostic[];
  /** Where the ledger was looked for, for the warning when there is none. */
  readonly ledgerShownAs?: string;
}

/** How many ids of newly and no longer matching records a plan keeps per selector. */
export const SELECTOR_SAMPLE_IDS = 20;

/** True when a plan must take selectors into account: the files have some, or the ledger does. */
export function hasSelection(
  desired: DesiredState,
  selection: SelectionInput | undefined,
): boolean {
  return (desired.selectors?.length ?? 0) > 0 || (selection?.ledger?.records.length ?? 0) > 0;
}

/**
 * The records selectors manage that a plan must read: matched now (not excluded, not listed in
 * `records:`) or holding a ledger gift (a record that stopped matching must be read to lose it).
 * By module, then id.
 */
export function selectorReadKeys(desired: DesiredState, selection: SelectionInput): RecordKey[] {
  const manages = selectorManages(desired);
  const keys = new Map<string, RecordKey>();
  for (const match of selection.matches) {
    for (const id of match.ids) {
      if (manages(match, id)) keys.set(recordKey(match.module, id), { module: match.module, id });
    }
  }
  const explicit = new Set(desired.records.map(keyOf));
  for (const entry of selection.ledger?.records ?? []) {
    const key = keyOf(entry);
    if (entry.gifts.length > 0 && !explicit.has(key)) {
      keys.set(key, { module: entry.module, id: entry.id });
    }
  }
  return [...keys.values()].sort(compareRecordKeys);
}

/**
 * Whether a selector of the files manages a record it matches: not excluded by it, not listed in
 * `records:` (docs/SELECTORS.md §3 rule 1). The one rule for which matched records a plan reads,
 * whole (selectorReadKeys) or page by page as the matches arrive (src/cli/early-reads.ts).
 */
export function selectorManages(
  desired: DesiredState,
): (selector: { readonly module: ModuleName; readonly name: string }, id: string) => boolean {
  const explicit = new Set(desired.records.map(keyOf));
  const excluded = new Map<string, ReadonlySet<string>>();
  for (const selector of desired.selectors ?? []) {
    excluded.set(
      selectorKey(selector.module, selector.name),
      new Set(selector.exclude.map((exclusion) => exclusion.id)),
    );
  }
  return (selector, id) => {
    const skip = excluded.get(selectorKey(selector.module, selector.name));
    return skip !== undefined && !skip.has(id) && !explicit.has(recordKey(selector.module, id));
  };
}

/** COQL calls one selector's matches cost: a page of 2,000 ids each, at least one. */
export function selectorReads(matches: number): number {
  return Math.max(1, Math.ceil(matches / MAX_COQL_LIMIT));
}

interface Managed {
  readonly target: RecordTarget;
  current: CurrentRecord | undefined;
  change:
    | { readonly add: readonly CausedTerritory[]; readonly remove: readonly CausedTerritory[] }
    | undefined;
}

export interface SelectionTotals {
  readonly toAssign: number;
  readonly toRemove: number;
  readonly unchanged: number;
  /** Manual assignments of the records read: what the mass-removal guard measures against. */
  readonly managed: number;
  /** Records selectors manage that the CRM answered for. */
  readonly listed: number;
}

export interface SelectionResult {
  readonly changes: readonly RecordPlan[];
  readonly totals: SelectionTotals;
  readonly errors: readonly Diagnostic[];
  readonly warnings: readonly Diagnostic[];
  readonly selectors: PlanSelectors;
  /** For an explicit record: the selectors its entry overrides, if any. */
  overrides(key: RecordKey): readonly string[] | undefined;
}

/** The planner's side of selectors, fed as the CRM answers (like PlanBuilder). */
export interface SelectionBuilder {
  /** Takes the records it manages out of a batch; returns true for a record it took. */
  examine(record: CurrentRecord): boolean;
  finish(): SelectionResult;
}

export function startSelection(
  desired: DesiredState,
  selection: SelectionInput,
  index: CatalogueIndex,
  label: TerritoryLabel,
): SelectionBuilder {
  const errors: Diagnostic[] = [];
  const selectors = resolveSelectors(desired, index, errors);
  const targets = selectorTargets({
    explicit: desired.records.map((record) => ({
      module: record.module,
      id: record.id,
      territories: [],
      location: record.location,
    })),
    selectors,
    matches: selection.matches,
    ledger: selection.ledger === undefined ? undefined : { records: selection.ledger.records },
  });
  // Limits are checked as each record arrives, on what it will carry; the targets' own check
  // (on D alone) would only repeat the stricter one.
  const warnings = targets.diagnostics
    .filter((diagnostic) => diagnostic.code !== PLAN_DIAGNOSTIC.tooManyTerritories)
    .map((diagnostic) =>
      diagnostic.code === PLAN_DIAGNOSTIC.ledgerMissing
        ? ledgerMissing(selection.ledgerShownAs)
        : diagnostic,
    );
  const unknown = unknownGifts(selection, index);
  if (unknown !== undefined) warnings.push(unknown);
  warnings.push(...(selection.warnings ?? []));
  const managed = new Map<string, Managed>();
  const overridden = new Map<string, readonly string[]>();
  for (const target of targets.records) {
    if (target.managedBy === 'explicit') {
      if (target.overridden.length > 0) overridden.set(keyOf(target), target.overridden);
    } else {
      managed.set(keyOf(target), { target, current: undefined, change: undefined });
    }
  }
  return {
    examine(record) {
      const entry = managed.get(keyOf(record));
      if (entry === undefined) return false;
      entry.current = record;
      entry.change = targetChange(entry.target, record, label);
      return true;
    },
    finish() {
      for (const entry of managed.values()) {
        const limit = selectorLimitError(entry.target, entry.current, selectors);
        if (entry.current !== undefined && limit !== undefined) errors.push(limit);
      }
      return {
        ...finishSelection(desired, selection, managed, errors, warnings),
        overrides: (key) => {
          const names = overridden.get(keyOf(key));
          return names === undefined ? undefined : [...names];
        },
      };
    },
  };
}

function finishSelection(
  desired: DesiredState,
  selection: SelectionInput,
  managed: ReadonlyMap<string, Managed>,
  errors: readonly Diagnostic[],
  warnings: readonly Diagnostic[],
): Omit<SelectionResult, 'overrides'> {
  const changes: RecordPlan[] = [];
  const totals = { toAssign: 0, toRemove: 0, unchanged: 0, managed: 0, listed: 0 };
  for (const { target, current, change } of managed.values()) {
    // A record the CRM no longer has (deleted, merged) has nothing to change; the ledger forgets it.
    if (current === undefined || change === undefined) continue;
    totals.listed += 1;
    totals.managed += managedCount(target, current);
    totals.toAssign += change.add.length;
    totals.toRemove += change.remove.length;
    if (change.add.length === 0 && change.remove.length === 0) {
      totals.unchanged += 1;
      continue;
    }
    changes.push({
      module: target.module,
      id: target.id,
      ...(current.name === undefined ? {} : { name: current.name }),
      before: priorState(current),
      add: change.add.map((caused) => caused.territory),
      remove: change.remove.map((caused) => caused.territory),
      keptByRules: [],
      causes: [...causesOf('assign', change.add), ...causesOf('remove', change.remove)],
    });
  }
  changes.sort(compareRecordKeys);
  return {
    changes,
    totals,
    errors,
    warnings,
    selectors: {
      ...selectorReports(desired, selection),
      ledger: {
        base: selection.ledger?.sha256 ?? null,
        updates: ledgerUpdates(selection, managed),
      },
    },
  };
}

function causesOf(
  action: 'assign' | 'remove',
  caused: readonly CausedTerritory[],
): TerritoryChangeCause[] {
  const causes: TerritoryChangeCause[] = [];
  for (const { territory, cause } of caused) {
    // A selector-managed record's causes are selectors (adds) or the ledger (removals) only.
    if (cause.kind !== 'explicit') causes.push({ territoryId: territory.id, action, cause });
  }
  return causes.sort((a, b) => compareIds(a.territoryId, b.territoryId));
}

/**
 * What the mass-removal guard counts for a selector-managed record (docs/SELECTORS.md §3 rule 8):
 * the manual assignments selectors want or gave, not every territory it carries. Deleting a
 * selector takes back all it gave, which the guard must see as all of what selectors manage,
 * however many other territories those records hold.
 */
function managedCount(target: RecordTarget, current: CurrentRecord): number {
  const managed = new Set<string>();
  for (const assignment of current.territories) {
    if (assignment.assigned === 'automatically') continue;
    const wanted = target.desired.some((desired) => desired.territory.id === assignment.id);
    const given = target.removable.some((removable) => removable.territoryId === assignment.id);
    if (wanted || given) managed.add(assignment.id);
  }
  return managed.size;
}

/** One warning for the ledger's gifts of territories the catalogue lacks, if there are any. */
function unknownGifts(selection: SelectionInput, index: CatalogueIndex): Diagnostic | undefined {
  const territories = new Set<string>();
  let records = 0;
  for (const entry of selection.ledger?.records ?? []) {
    const missing = entry.gifts.filter((gift) => !index.byId.has(gift.territoryId));
    for (const gift of missing) territories.add(gift.territoryId);
    if (missing.length > 0) records += 1;
  }
  return territories.size === 0 ? undefined : ledgerUnknownTerritories(territories.size, records);
}

/** The desired files' selectors with their territories resolved; unresolved ones are errors. */
function resolveSelectors(
  desired: DesiredState,
  index: CatalogueIndex,
  errors: Diagnostic[],
): TargetSelector[] {
  return (desired.selectors ?? []).map((selector) => {
    const territories: Territory[] = [];
    for (const reference of selector.territories) {
      const resolved = resolveTerritoryRef(index, reference);
      if (!resolved.ok) {
        errors.push(resolved.diagnostic);
      } else if (!territories.some((territory) => territory.id === resolved.territory.id)) {
        territories.push(resolved.territory);
      }
    }
    return {
      module: selector.module,
      name: selector.name,
      location: selector.location,
      territories,
      exclude: selector.exclude,
    };
  });
}

/**
 * What the ledger will say of each record whose entry changes: who manages it now, and what
 * selectors gave it (kept gifts still wanted, plus what this plan adds because of selectors).
 * A gift that goes is dropped whether or not the record still held it.
 */
function ledgerUpdates(
  selection: SelectionInput,
  managed: ReadonlyMap<string, Managed>,
): LedgerEntry[] {
  const previous = new Map<string, LedgerEntry>();
  for (const entry of selection.ledger?.records ?? []) previous.set(keyOf(entry), entry);
  const updates: LedgerEntry[] = [];
  for (const [key, { target, current, change }] of managed) {
    const before = previous.get(key);
    previous.delete(key);
    const next: LedgerEntry =
      current === undefined || change === undefined
        ? { module: target.module, id: target.id, matchedBy: [], gifts: [] }
        : nextEntry(target, change.add, before);
    if (!sameEntry(before, next)) updates.push(next);
  }
  // Entries of records no selector manages any more (listed explicitly, or nothing left to
  // give or take): forgotten.
  for (const entry of previous.values()) {
    updates.push({ module: entry.module, id: entry.id, matchedBy: [], gifts: [] });
  }
  return updates.sort(compareRecordKeys);
}

function nextEntry(
  target: RecordTarget,
  added: readonly CausedTerritory[],
  before: LedgerEntry | undefined,
): LedgerEntry {
  const given = new Set(before?.gifts.map((gift) => gift.territoryId));
  const adding = new Set(added.map((caused) => caused.territory.id));
  const gifts: LedgerGift[] = [];
  for (const desired of target.desired) {
    const id = desired.territory.id;
    if (desired.cause.kind !== 'selector' || (!given.has(id) && !adding.has(id))) continue;
    gifts.push({ territoryId: id, selectors: [...desired.cause.selectors] });
  }
  return {
    module: target.module,
    id: target.id,
    matchedBy: [...target.matchedBy],
    gifts: gifts.sort((a, b) => compareIds(a.territoryId, b.territoryId)),
  };
}

function sameEntry(before: LedgerEntry | undefined, next: LedgerEntry): boolean {
  if (before === undefined) return next.matchedBy.length === 0 && next.gifts.length === 0;
  return (
    sameList(before.matchedBy, next.matchedBy) &&
    before.gifts.length === next.gifts.length &&
    before.gifts.every((gift, i) => {
      const other = next.gifts[i];
      return (
        other !== undefined &&
        gift.territoryId === other.territoryId &&
        sameList(gift.selectors, other.selectors)
      );
    })
  );
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

/** Each selector's figures: managed now, excluded, overridden, and against the last apply. */
function selectorReports(
  desired: DesiredState,
  selection: SelectionInput,
): Pick<PlanSelectors, 'reports' | 'deleted'> {
  const explicit = new Set(desired.records.map(keyOf));
  const matched = new Map<string, Set<string>>();
  for (const match of selection.matches) {
    const key = selectorKey(match.module, match.name);
    const ids = matched.get(key) ?? new Set<string>();
    for (const id of match.ids) ids.add(id);
    matched.set(key, ids);
  }
  // What each selector managed at the last apply, the ledger's matchedBy.
  const lastApply = new Map<string, { module: ModuleName; name: string; ids: Set<string> }>();
  for (const entry of selection.ledger?.records ?? []) {
    for (const name of entry.matchedBy) {
      const key = selectorKey(entry.module, name);
      const found = lastApply.get(key) ?? { module: entry.module, name, ids: new Set<string>() };
      found.ids.add(entry.id);
      lastApply.set(key, found);
    }
  }
  const present = new Set((desired.selectors ?? []).map((s) => selectorKey(s.module, s.name)));
  const gone = [...lastApply.entries()]
    .filter(([key]) => !present.has(key))
    .map(([, last]) => last)
    .sort((a, b) => compareText(a.module, b.module) || compareText(a.name, b.name));
  const reports = (desired.selectors ?? []).map((selector): SelectorReport => {
    const key = selectorKey(selector.module, selector.name);
    const ids = matched.get(key) ?? new Set<string>();
    const excludedIds = new Set(selector.exclude.map((exclusion) => exclusion.id));
    const managed = new Set<string>();
    let excluded = 0;
    let overridden = 0;
    for (const id of ids) {
      if (excludedIds.has(id)) excluded += 1;
      else if (explicit.has(recordKey(selector.module, id))) overridden += 1;
      else managed.add(id);
    }
    const before = lastApply.get(key)?.ids ?? new Set<string>();
    const newly = [...managed].filter((id) => !before.has(id)).sort(compareIds);
    // Stopped matching: not among the matches at all. One still matched but now excluded or
    // listed explicitly is counted there, not here.
    const stopped = [...before].filter((id) => !ids.has(id)).sort(compareIds);
    const takenOver = gone
      .filter((other) => other.module === selector.module)
      .map((other) => ({
        from: other.name,
        records: [...other.ids].filter((id) => managed.has(id)).length,
      }))
      .filter((taken) => taken.records > 0);
    return {
      module: selector.module,
      name: selector.name,
      criteriaHash: selector.criteriaHash,
      matched: managed.size,
      excluded,
      overridden,
      ...(selection.ledger === undefined ? {} : { lastApply: before.size }),
      newlyMatching: newly.length,
      noLongerMatching: stopped.length,
      newlyMatchingIds: newly.slice(0, SELECTOR_SAMPLE_IDS),
      noLongerMatchingIds: stopped.slice(0, SELECTOR_SAMPLE_IDS),
      reads: selectorReads(ids.size),
      ...(takenOver.length === 0 ? {} : { takenOver }),
    };
  });
  const deleted = gone.map((last) => ({
    module: last.module,
    name: last.name,
    lastApply: last.ids.size,
  }));
  return { reports, ...(deleted.length === 0 ? {} : { deleted }) };
}

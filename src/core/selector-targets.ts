// What each record should carry once selectors are counted (docs/SELECTORS.md §3, §4): the
// desired manual territories D, the territories a removal may touch, and why each one is there.
// Pure: the matches are read (COQL) and the ledger fetched (git) by the callers, and the same
// inputs in any order give the same result.
//
// For a record not listed in `records:`, with S the selectors matching it now and not excluding
// it, D = ⋃ territories(S), and G what selectors gave it at earlier applies (the ledger):
//     removable = G − D         (so remove = (G ∩ M) − D once M is read: never outside G)
// A record listed in `records:` takes exactly its list (D), whatever selectors match it; its
// removals are SEMANTICS §2's M − D, as for every explicit record (targetChange, diffRecord).
import { copyLocation } from './describe.js';
import { diffRecord } from './diff-record.js';
import type { TerritoryLabel } from './diff-record.js';
import type {
  ChangeCause,
  CurrentRecord,
  Diagnostic,
  LedgerGift,
  LedgerReason,
  ModuleName,
  RecordKey,
  SourceLocation,
  Territory,
  TerritoryAssignment,
  TerritoryBrief,
} from './model.js';
import {
  compareIds,
  compareLocations,
  compareModules,
  compareNamed,
  compareRecordKeys,
  compareText,
  sortDiagnostics,
} from './ordering.js';
import { ledgerMissing, selectorLimit, staleExclusion } from './selector-diagnostics.js';
import { MAX_TERRITORIES_PER_RECORD } from './zoho-limits.js';

export type { LedgerGift, LedgerReason };

/** A record's gifts as the ledger holds them (its LedgerEntry, without matchedBy). */
export type LedgerRecord = RecordKey & { readonly gifts: readonly LedgerGift[] };

/** A record listed in `records:`, its territories resolved against the catalogue. */
export interface ExplicitTarget extends RecordKey {
  readonly territories: readonly Territory[];
  /** The location of the record's id key. */
  readonly location: SourceLocation;
}

export interface SelectorExclusion {
  readonly id: string;
  readonly location: SourceLocation;
}

/** A selector of the desired files, its territories resolved against the catalogue. */
export interface TargetSelector {
  readonly module: ModuleName;
  /** Unique per module (the loader refuses a repeat); the selector's identity in the ledger. */
  readonly name: string;
  /** Where the selector is written (its `name:`), for the messages that name it. */
  readonly location: SourceLocation;
  readonly territories: readonly Territory[];
  readonly exclude: readonly SelectorExclusion[];
}

/** The record ids a selector's criteria match now, as read. A selector with none matches none. */
export interface SelectorMatch {
  readonly module: ModuleName;
  readonly name: string;
  readonly ids: readonly string[];
}

/** G for every record (docs/SELECTORS.md §4), as the ledger reader validated it. */
export interface SelectorLedger {
  readonly records: readonly LedgerRecord[];
}

export interface SelectorTargetsInput {
  readonly explicit: readonly ExplicitTarget[];
  readonly selectors: readonly TargetSelector[];
  readonly matches: readonly SelectorMatch[];
  /** Absent when the ledger is lost or never written: selectors then only add, with a warning. */
  readonly ledger: SelectorLedger | undefined;
  /**
   * The records' current territories, where read. The limit on a selector-managed record counts
   * what it will carry, D ∪ R ∪ (M − remove), so it needs them; a record not given here is
   * checked on D alone (a lower bound: a union past the limit fails whatever the record holds).
   */
  readonly current?: readonly CurrentRecord[];
}

/** Why a record should carry a territory: its explicit entry, or what a plan's change says. */
export type TerritoryCause =
  { readonly kind: 'explicit'; readonly location: SourceLocation } | ChangeCause;

export interface DesiredTarget {
  readonly territory: Territory;
  readonly cause: TerritoryCause;
}

export interface RemovableTarget {
  readonly territoryId: string;
  readonly cause: TerritoryCause & { readonly kind: 'ledger' };
}

interface TargetBase extends RecordKey {
  /** D, by name then id; one list shared by the records the same selectors match (read-only). */
  readonly desired: readonly DesiredTarget[];
  /** G − D, by id: the only territories a removal may touch. Empty for an explicit record. */
  readonly removable: readonly RemovableTarget[];
  /** Selectors matching the record now and not excluding it, by name. */
  readonly matchedBy: readonly string[];
  /** For an explicit record, the selectors its entry overrides (matchedBy); else empty. */
  readonly overridden: readonly string[];
}

export type RecordTarget = TargetBase &
  (
    | {
        readonly managedBy: 'explicit';
        /** The explicit entry's location. */
        readonly location: SourceLocation;
      }
    | { readonly managedBy: 'selectors' }
  );

export interface SelectorTargets {
  /** Every record explicit, matched or in the ledger, in plan order (module, then id). */
  readonly records: readonly RecordTarget[];
  /** Errors (limits) and warnings (a lost ledger, stale exclusions), sorted. */
  readonly diagnostics: readonly Diagnostic[];
}

/** A record and everything the inputs say about it. */
interface Concerned {
  readonly module: ModuleName;
  readonly id: string;
  explicit: ExplicitTarget | undefined;
  /** Ranks (canonical order) of the selectors matching it now and not excluding it, ascending. */
  readonly matching: number[];
  readonly excludedBy: number[];
  /** G: territory id -> names of the selectors that gave it; absent when the ledger has none. */
  gifts: Map<string, Set<string>> | undefined;
}

/**
 * What every record matched by the same selectors shares: at 100,000 matched records there are
 * a handful of combinations, so D, its causes and its ids are made once per combination and the
 * records' targets share them (read-only).
 */
interface Combination {
  readonly matchedBy: readonly string[];
  readonly desired: readonly DesiredTarget[];
  readonly desiredIds: ReadonlySet<string>;
}

/** The selectors in one order whatever the input's, and look-ups into it. */
interface Ranked {
  readonly selectors: readonly TargetSelector[];
  readonly rank: ReadonlyMap<TargetSelector, number>;
  /** By module and name: several only when the loader's uniqueness was broken. */
  readonly byName: ReadonlyMap<string, readonly TargetSelector[]>;
  readonly combinations: Map<string, Combination>;
}

const NONE: readonly never[] = [];

/**
 * Every record the selectors, the explicit entries or the ledger concern, with D, what a removal
 * may touch and their causes (docs/SELECTORS.md §3 items 10 to 16), plus the stale exclusions,
 * the lost-ledger warning and the limit errors of the records whose state `current` gives.
 */
export function selectorTargets(input: SelectorTargetsInput): SelectorTargets {
  const diagnostics: Diagnostic[] = [];
  const concerned = new ByRecord<Concerned>();
  const entry = (module: ModuleName, id: string): Concerned => {
    let found = concerned.get(module, id);
    if (found === undefined) {
      found = { module, id, explicit: undefined, matching: [], excludedBy: [], gifts: undefined };
      concerned.set(module, id, found);
    }
    return found;
  };

  const ranked = rankSelectors(input.selectors);
  const matched = matchedIds(input.matches, ranked);
  // In rank order, so each record's `matching` comes out sorted.
  ranked.selectors.forEach((selector, rank) => {
    const ids = matched[rank] ?? new Set<string>();
    const excluded = new Set(selector.exclude.map((exclusion) => exclusion.id));
    for (const id of ids) {
      const record = entry(selector.module, id);
      (excluded.has(id) ? record.excludedBy : record.matching).push(rank);
    }
    diagnostics.push(...staleExclusions(selector, ids));
  });

  for (const record of input.explicit) {
    const found = entry(record.module, record.id);
    // A record listed twice is the planner's DUPLICATE_RECORD; the first written stands here.
    if (
      found.explicit === undefined ||
      compareLocations(record.location, found.explicit.location) < 0
    ) {
      found.explicit = record;
    }
  }

  if (input.ledger === undefined) {
    if (input.selectors.length > 0) diagnostics.push(ledgerMissing());
  } else {
    for (const record of input.ledger.records) {
      const found = entry(record.module, record.id);
      for (const gift of record.gifts) {
        found.gifts ??= new Map();
        let givers = found.gifts.get(gift.territoryId);
        if (givers === undefined) found.gifts.set(gift.territoryId, (givers = new Set()));
        for (const name of gift.selectors) givers.add(name);
      }
    }
  }

  const current = new ByRecord<CurrentRecord>();
  for (const record of input.current ?? NONE) current.set(record.module, record.id, record);

  const records: RecordTarget[] = [];
  for (const record of concerned.values()) {
    const combination = combinationOf(record.matching, ranked);
    const target = targetOf(record, combination, ranked);
    if (target === undefined) continue;
    records.push(target);
    const read = current.get(record.module, record.id);
    const limitError = selectorLimitError(target, read, input.selectors);
    if (limitError !== undefined) diagnostics.push(limitError);
  }
  records.sort(compareRecordKeys);
  return { records, diagnostics: sortDiagnostics(diagnostics) };
}

/** A territory a change adds or removes, and why. */
export interface CausedTerritory {
  readonly territory: TerritoryBrief;
  readonly cause: TerritoryCause;
}

export interface TargetChange {
  /** D − (M ∪ R), by name then id. */
  readonly add: readonly CausedTerritory[];
  /** Selector-managed: removable ∩ M, that is (G ∩ M) − D; explicit: M − D. By name then id. */
  readonly remove: readonly CausedTerritory[];
}

/**
 * What the plan writes for one target once its record is read: diffRecord's
 * `add = D − (M ∪ R)` for every record, its `remove = M − D` for an explicit one (SEMANTICS §2),
 * and SELECTORS §3's `remove = (G ∩ M) − D` for a selector-managed one, which keeps whatever else
 * it carries (so nothing is reported as kept by rules, §3 item 7). `label` names territories as
 * the plan does.
 */
export function targetChange(
  target: RecordTarget,
  current: CurrentRecord,
  label?: TerritoryLabel,
): TargetChange {
  const diff = diffRecord(
    target.desired.map((desired) => desired.territory),
    current,
    label,
  );
  const causeOf = new Map<string, TerritoryCause>();
  for (const desired of target.desired) causeOf.set(desired.territory.id, desired.cause);
  const add = diff.add.map((territory) => ({
    territory,
    cause: causeOf.get(territory.id) as TerritoryCause,
  }));
  if (target.managedBy === 'explicit') {
    const cause: TerritoryCause = { kind: 'explicit', location: target.location };
    return { add, remove: diff.remove.map((territory) => ({ territory, cause })) };
  }
  const remove: CausedTerritory[] = [];
  for (const removable of target.removable) {
    const held = current.territories.find(
      (assignment) =>
        assignment.id === removable.territoryId && assignment.assigned !== 'automatically',
    );
    if (held === undefined) continue;
    const territory = { id: held.id, name: label === undefined ? held.name : label(held) };
    remove.push({ territory, cause: removable.cause });
  }
  return { add, remove: remove.sort((a, b) => compareNamed(a.territory, b.territory)) };
}

/** Why a selector that gave `territoryId` no longer keeps it on the record. */
function reasonFor(
  record: Concerned,
  territoryId: string,
  named: readonly TargetSelector[],
  ranked: Ranked,
): LedgerReason {
  if (named.length === 0) return 'selector-deleted';
  const giving = named.filter((selector) =>
    selector.territories.some((territory) => territory.id === territoryId),
  );
  if (giving.length === 0) return 'territory-dropped';
  return giving.some((selector) => record.excludedBy.includes(ranked.rank.get(selector) ?? -1))
    ? 'excluded'
    : 'no-longer-matches';
}

function targetOf(
  record: Concerned,
  combination: Combination,
  ranked: Ranked,
): RecordTarget | undefined {
  const { module, id } = record;
  const { matchedBy } = combination;
  if (record.explicit !== undefined) {
    const location = copyLocation(record.explicit.location);
    const desired = new Map<string, DesiredTarget>();
    for (const territory of record.explicit.territories) {
      if (!desired.has(territory.id)) {
        desired.set(territory.id, { territory, cause: { kind: 'explicit', location } });
      }
    }
    return {
      module,
      id,
      managedBy: 'explicit',
      location,
      desired: [...desired.values()].sort(byTerritory),
      removable: NONE,
      matchedBy,
      overridden: matchedBy,
    };
  }

  let removable: RemovableTarget[] | undefined;
  for (const [territoryId, givers] of record.gifts ?? NONE) {
    if (combination.desiredIds.has(territoryId)) continue;
    const causes = [...givers].sort(compareText).map((selector) => ({
      selector,
      reason: reasonFor(
        record,
        territoryId,
        ranked.byName.get(selectorKey(module, selector)) ?? NONE,
        ranked,
      ),
    }));
    (removable ??= []).push({ territoryId, cause: { kind: 'ledger', givers: causes } });
  }
  if (combination.desired.length === 0 && removable === undefined) return undefined;
  return {
    module,
    id,
    managedBy: 'selectors',
    desired: combination.desired,
    removable: removable?.sort((x, y) => compareIds(x.territoryId, y.territoryId)) ?? NONE,
    matchedBy,
    overridden: NONE,
  };
}

/**
 * SELECTORS §3 item 11: what a selector-managed record will carry, D ∪ R ∪ (M − removable),
 * within Zoho's limit, as a TOO_MANY_TERRITORIES error naming every selector that gives it a
 * territory (`selectors`: the desired files' selectors; those matching it are picked out).
 * Without `current`, D alone is counted. `selectorTargets` runs it for the records it is given
 * the state of; a planner that reads records in batches runs it as each one arrives. An explicit
 * record is the planner's to check, as it always was: undefined here.
 *
 * Counted without allocating (it runs for every matched record); names are gathered only for an
 * error.
 */
export function selectorLimitError(
  target: RecordTarget,
  current: CurrentRecord | undefined,
  selectors: readonly TargetSelector[],
): Diagnostic | undefined {
  if (target.managedBy === 'explicit' || target.desired.length === 0) return undefined;
  const limit = MAX_TERRITORIES_PER_RECORD[target.module];
  const assignments = current?.territories ?? NONE;
  const stays = (assignment: TerritoryAssignment): boolean =>
    !target.desired.some((desired) => desired.territory.id === assignment.id) &&
    (assignment.assigned === 'automatically' ||
      !target.removable.some((removable) => removable.territoryId === assignment.id));
  let count = target.desired.length;
  for (let i = 0; i < assignments.length; i += 1) {
    const assignment = assignments[i] as TerritoryAssignment;
    if (!stays(assignment)) continue;
    let repeat = false;
    for (let j = 0; j < i && !repeat; j += 1) {
      const earlier = assignments[j] as TerritoryAssignment;
      repeat = earlier.id === assignment.id && stays(earlier);
    }
    if (!repeat) count += 1;
  }
  if (count <= limit) return undefined;
  const others = new Map<string, string>();
  const rules = new Map<string, string>();
  for (const assignment of assignments) {
    if (!stays(assignment)) continue;
    (assignment.assigned === 'automatically' ? rules : others).set(assignment.id, assignment.name);
  }
  for (const id of rules.keys()) others.delete(id);
  const involved = selectors
    .filter(
      (selector) => selector.module === target.module && target.matchedBy.includes(selector.name),
    )
    .sort((a, b) => compareLocations(a.location, b.location) || compareText(a.name, b.name));
  return selectorLimit({
    record: { module: target.module, id: target.id },
    ...(current?.name === undefined ? {} : { name: current.name }),
    limit,
    count,
    selectors: involved,
    desired: target.desired,
    others: namesOf(others),
    rules: namesOf(rules),
  });
}

function namesOf(territories: ReadonlyMap<string, string>): string[] {
  return [...territories]
    .map(([id, name]) => ({ id, name }))
    .sort(compareNamed)
    .map((territory) => territory.name);
}

function rankSelectors(selectors: readonly TargetSelector[]): Ranked {
  const ordered = [...selectors].sort(
    (a, b) =>
      compareModules(a.module, b.module) ||
      compareText(a.name, b.name) ||
      compareLocations(a.location, b.location) ||
      compareText(fingerprint(a), fingerprint(b)),
  );
  const byName = new Map<string, TargetSelector[]>();
  for (const selector of ordered) {
    const key = selectorKey(selector.module, selector.name);
    byName.set(key, [...(byName.get(key) ?? NONE), selector]);
  }
  return {
    selectors: ordered,
    rank: new Map(ordered.map((selector, rank) => [selector, rank])),
    byName,
    combinations: new Map(),
  };
}

/** Tells apart selectors equal in module, name and location (only in hand-made input). */
function fingerprint(selector: TargetSelector): string {
  const territories = selector.territories.map((territory) => territory.id).sort(compareIds);
  const exclude = selector.exclude.map((exclusion) => exclusion.id).sort(compareIds);
  return `${territories.join(',')} ${exclude.join(',')}`;
}

/** Per rank, the ids its selector matches now; matches for a name no selector has are ignored. */
function matchedIds(matches: readonly SelectorMatch[], ranked: Ranked): Set<string>[] {
  const matched: Set<string>[] = [];
  for (const match of matches) {
    for (const selector of ranked.byName.get(selectorKey(match.module, match.name)) ?? NONE) {
      const rank = ranked.rank.get(selector) ?? 0;
      const ids = (matched[rank] ??= new Set());
      for (const id of match.ids) ids.add(id);
    }
  }
  return matched;
}

function combinationOf(matching: readonly number[], ranked: Ranked): Combination {
  const key = matching.join(',');
  const known = ranked.combinations.get(key);
  if (known !== undefined) return known;
  const selectors = matching.map((rank) => ranked.selectors[rank] as TargetSelector);
  const wanted = new Map<string, { territory: Territory; selectors: Set<string> }>();
  for (const selector of selectors) {
    for (const territory of selector.territories) {
      const found = wanted.get(territory.id);
      if (found === undefined) {
        wanted.set(territory.id, { territory, selectors: new Set([selector.name]) });
        continue;
      }
      found.selectors.add(selector.name);
      // The same id read through two selectors: keep one spelling whatever their order.
      if (compareNamed(territory, found.territory) < 0) found.territory = territory;
    }
  }
  const desired: DesiredTarget[] = [...wanted.values()]
    .map(({ territory, selectors: names }) => ({
      territory,
      cause: { kind: 'selector' as const, selectors: [...names].sort(compareText) },
    }))
    .sort(byTerritory);
  const combination: Combination = {
    matchedBy: [...new Set(selectors.map((selector) => selector.name))].sort(compareText),
    desired,
    desiredIds: new Set(wanted.keys()),
  };
  ranked.combinations.set(key, combination);
  return combination;
}

/** One warning per excluded id the selector does not match now, at the id written first. */
function staleExclusions(selector: TargetSelector, matched: ReadonlySet<string>): Diagnostic[] {
  const first = new Map<string, SelectorExclusion>();
  for (const exclusion of selector.exclude) {
    if (matched.has(exclusion.id)) continue;
    const earlier = first.get(exclusion.id);
    if (earlier === undefined || compareLocations(exclusion.location, earlier.location) < 0) {
      first.set(exclusion.id, exclusion);
    }
  }
  return [...first.values()].map((exclusion) => staleExclusion(selector, exclusion));
}

function byTerritory(a: DesiredTarget, b: DesiredTarget): number {
  return compareNamed(a.territory, b.territory);
}

/**
 * Records by module, then id: the ids are used as they came, with no key string made per look-up
 * (100,000 records, several look-ups each).
 */
class ByRecord<T> {
  private readonly modules = new Map<ModuleName, Map<string, T>>();

  get(module: ModuleName, id: string): T | undefined {
    return this.modules.get(module)?.get(id);
  }

  set(module: ModuleName, id: string, value: T): void {
    let byId = this.modules.get(module);
    if (byId === undefined) this.modules.set(module, (byId = new Map()));
    byId.set(id, value);
  }

  *values(): IterableIterator<T> {
    for (const byId of this.modules.values()) yield* byId.values();
  }
}

/**
 * One key per selector across modules. A module name holds no space, so the first space ends
 * it: the key is one-to-one whatever the selector name holds.
 */
export const selectorKey = (module: ModuleName, name: string): string => `${module} ${name}`;

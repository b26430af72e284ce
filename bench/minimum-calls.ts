// The fewest API calls each job can take, from Zoho's documented limits alone: 100 ids per Get
// Records call (ASSUMPTION A4), 10 records per assign/remove call, 2,000 territories per
// catalogue page, 100 ids per job-status call, 2,000 rows per COQL call. Computed from the
// fixture, not from the tool's plan, so a planner that batches badly shows up as a ratio above 1.
import {
  MAX_COQL_LIMIT,
  MAX_IDS_PER_FEATURE_INFO,
  MAX_IDS_PER_GET_RECORDS,
  MAX_RECORDS_PER_WRITE,
  MAX_TERRITORIES_PER_PAGE,
} from '../src/constants/zoho.js';
import type { ModuleName } from '../src/core/model.js';
import type { EmulatorStats } from '../src/emulator/index.js';
import type { FixtureChange } from './org-fixture.js';

const MODULES = ['Accounts', 'Contacts', 'Deals'] as const;

/** One line of a breakdown: what was measured against its minimum. */
export interface CallKind {
  readonly kind: string;
  readonly minimum: number;
}

const pages = (n: number, size: number) => Math.ceil(n / size);

/** How the emulator counts each kind of call a plan makes, by the names planMinimum gives them. */
const PLAN_COUNTERS: Readonly<Record<string, (stats: EmulatorStats) => number>> = {
  token: (stats) => stats.tokenCalls,
  org: (stats) => stats.byRoute['GET /crm/v7/org'] ?? 0,
  catalogue: (stats) => stats.territoryCalls,
  fields: (stats) => stats.byRoute['GET /crm/v7/settings/fields'] ?? 0,
  coql: (stats) => stats.coqlCalls,
  reads: (stats) => stats.readCalls,
};

/** The calls a plan made, kind by kind: what a bench row or a test sets against planMinimum. */
export function planCalls(stats: EmulatorStats, kinds: readonly string[]): Record<string, number> {
  return Object.fromEntries(kinds.map((kind) => [kind, PLAN_COUNTERS[kind]?.(stats) ?? 0]));
}

/** The kinds a breakdown names, in its order. */
export const kindsOf = (kinds: readonly CallKind[]): string[] => kinds.map((k) => k.kind);

export function sumMinimum(kinds: readonly CallKind[]): number {
  return kinds.reduce((sum, k) => sum + k.minimum, 0);
}

/**
 * plan: one token, the org (the plan's target), the catalogue, the records read 100 at a time
 * per module. With selectors (docs/SELECTORS.md §2, §6) come first the fields of each module
 * they filter (one metadata call per module, for the online check of the criteria; the bench's
 * criteria follow no lookup, which would add the looked-up module's), then each selector's
 * matches by COQL keyset pages of 2,000 ids (one page even when nothing matches, to learn so);
 * `moduleCounts` is then the distinct records read: the listed ones and every selector's
 * matches, each once.
 */
export function planMinimum(
  moduleCounts: Readonly<Record<ModuleName, number>>,
  territories: number,
  selectors: readonly { readonly module: ModuleName; readonly matches: number }[] = [],
): CallKind[] {
  const reads = MODULES.reduce(
    (sum, m) => sum + pages(moduleCounts[m], MAX_IDS_PER_GET_RECORDS),
    0,
  );
  const coql = selectors.reduce((sum, s) => sum + Math.max(1, pages(s.matches, MAX_COQL_LIMIT)), 0);
  return [
    { kind: 'token', minimum: 1 },
    { kind: 'org', minimum: 1 },
    { kind: 'catalogue', minimum: Math.max(1, pages(territories, MAX_TERRITORIES_PER_PAGE)) },
    ...(selectors.length > 0
      ? [
          { kind: 'fields', minimum: new Set(selectors.map((s) => s.module)).size },
          { kind: 'coql', minimum: coql },
        ]
      : []),
    { kind: 'reads', minimum: reads },
  ];
}

interface WaveCounts {
  /** Wave 1: records losing territories (removals) and records only gaining (assigns). */
  readonly removals: number;
  readonly gainsOnly: number;
  /** Wave 2: records that lost one in wave 1 and gain one now. */
  readonly swaps: number;
  readonly changed: number;
}

function waveCounts(changes: readonly FixtureChange[], module: ModuleName): WaveCounts {
  const inModule = changes.filter((c) => c.module === module);
  return {
    removals: inModule.filter((c) => c.remove.length > 0).length,
    gainsOnly: inModule.filter((c) => c.remove.length === 0 && c.add.length > 0).length,
    swaps: inModule.filter((c) => c.remove.length > 0 && c.add.length > 0).length,
    changed: inModule.length,
  };
}

function perModule(changes: readonly FixtureChange[], count: (w: WaveCounts) => number): number {
  return MODULES.reduce((sum, m) => sum + count(waveCounts(changes, m)), 0);
}

/** Write calls: per wave, per module, per action, 10 records a call. */
export function writeMinimum(changes: readonly FixtureChange[]): number {
  const size = MAX_RECORDS_PER_WRITE;
  return perModule(
    changes,
    (w) => pages(w.removals, size) + pages(w.gainsOnly, size) + pages(w.swaps, size),
  );
}

/** One job-status round per wave once its jobs have landed, 100 records a call per module. */
function pollMinimum(changes: readonly FixtureChange[], waves: 'all' | 'between'): number {
  const size = MAX_IDS_PER_FEATURE_INFO;
  return perModule(
    changes,
    (w) =>
      (waves === 'all' ? pages(w.removals + w.gainsOnly, size) : 0) +
      (w.swaps > 0 ? pages(w.swaps, size) : 0),
  );
}

/**
 * apply plan.json: a token, the org (is it the plan's?), the catalogue (are the names?), the stale-plan check (re-read every touched record), the writes,
 * a status check per wave, and the verification read of every touched record.
 */
export function applyMinimum(changes: readonly FixtureChange[]): CallKind[] {
  const touchedReads = perModule(changes, (w) => pages(w.changed, MAX_IDS_PER_GET_RECORDS));
  return [
    { kind: 'token', minimum: changes.length > 0 ? 1 : 0 },
    { kind: 'org', minimum: changes.length > 0 ? 1 : 0 },
    { kind: 'catalogue', minimum: changes.length > 0 ? 1 : 0 },
    { kind: 'stale-check reads', minimum: touchedReads },
    { kind: 'writes', minimum: writeMinimum(changes) },
    { kind: 'job polls', minimum: pollMinimum(changes, 'all') },
    { kind: 'verify reads', minimum: touchedReads },
  ];
}

/**
 * The same job without the checks the naive and sequential scripts skip (no stale-plan check, no
 * final wait, no verification): the plan's reads, the writes, and one status check before wave 2.
 */
export function naiveJobMinimum(
  moduleCounts: Readonly<Record<ModuleName, number>>,
  territories: number,
  changes: readonly FixtureChange[],
): CallKind[] {
  return [
    // The scripts bind nothing to an org: they skip the plan's org read.
    ...planMinimum(moduleCounts, territories).filter((k) => k.kind !== 'org'),
    { kind: 'writes', minimum: writeMinimum(changes) },
    { kind: 'job polls', minimum: pollMinimum(changes, 'between') },
  ];
}

// The benchmark's scenarios, as data: one entry per org size, each measured by the listed
// scenarios on a fresh emulator. Adding a size or a setting is one entry here.

export const SCENARIO_KINDS = [
  'plan',
  'floor',
  'apply',
  'sequential',
  'naive',
  'local',
  'emulator',
  'selectors',
] as const;
/**
 * plan: `plan --out plan.json`. floor: plan's calls sent by a bare HTTP client (what the
 * emulator and machine allow). apply: `apply plan.json` (stale check, writes, job waits,
 * verification). sequential: the same job in batched calls, one call at a time (as Zoho's SDK
 * examples loop). naive: the same job one record per call. local: parse+validate+diff+render
 * with the CRM state already in memory (no API calls). emulator: the emulator's own start-up
 * and calls per second with no latency (what the other rows stand on). selectors: `plan --out
 * plan.json` of a file whose selectors match N records, then its baseline, the same records
 * listed by id (row `selector-ids`).
 */
export type ScenarioKind = (typeof SCENARIO_KINDS)[number];

/** A table row: a scenario, or the baseline a scenario measures beside itself. */
export type RowName = ScenarioKind | 'selector-ids';

export interface ScenarioSet {
  /** Records listed in territories.yaml (and held by the org). */
  readonly records: number;
  /** Share of them whose territories change. */
  readonly changeShare: number;
  /** Fixed latency the emulator adds to every call, the token call included. */
  readonly latencyMs: number;
  /** The emulator's concurrency cap, and territory-sync's `concurrency` setting. */
  readonly concurrency: number;
  /** How long an assign/remove job takes to land in the emulator. */
  readonly jobDelayMs: number;
  /** The emulator's daily API credits; default 100,000. */
  readonly dailyCredits?: number;
  readonly kinds: readonly ScenarioKind[];
  /**
   * The org: `mixed` (org-fixture.ts: Accounts, Contacts and Deals listed by id) or `selectors`
   * (selector-fixture.ts: N Accounts matched by two overlapping selectors).
   */
  readonly org: 'mixed' | 'selectors';
  /** Only with --full: too long for the default run (about 4 minutes on 2 cores). */
  readonly fullOnly: boolean;
}

/** Catalogue size and generator seed shared by every org. */
export const ORG_TERRITORIES = 50;
export const ORG_SEED = 1;

const ZOHO_LIKE = { changeShare: 0.1, latencyMs: 100, concurrency: 10, jobDelayMs: 100 } as const;

const BOTH_SCRIPTS = ['plan', 'apply', 'sequential', 'naive', 'local'] as const;

export const SCENARIO_SETS: readonly ScenarioSet[] = [
  { records: 1_000, ...ZOHO_LIKE, org: 'mixed', kinds: BOTH_SCRIPTS, fullOnly: false },
  { records: 10_000, ...ZOHO_LIKE, org: 'mixed', kinds: BOTH_SCRIPTS, fullOnly: false },
  {
    records: 100_000,
    ...ZOHO_LIKE,
    org: 'mixed',
    kinds: ['plan', 'floor', 'apply', 'local', 'emulator'],
    fullOnly: false,
  },
  // Issue #17: a plan whose selectors match N Accounts, beside the same records listed by id.
  { records: 10_000, ...ZOHO_LIKE, org: 'selectors', kinds: ['selectors'], fullOnly: false },
  { records: 100_000, ...ZOHO_LIKE, org: 'selectors', kinds: ['selectors'], fullOnly: false },
  // One GET per record is 100,000 calls: about 20 minutes at these settings, and more than the
  // emulator's default daily credits (a real org would stop the script with 429s), so the
  // credits are raised for this one run. The sequential script's 2,250 calls one at a time take
  // about 4 minutes: at 1,000 and 10,000 records it shows the same ratios in 30 s.
  {
    records: 100_000,
    ...ZOHO_LIKE,
    dailyCredits: 1_000_000,
    org: 'mixed',
    kinds: ['sequential', 'naive'],
    fullOnly: true,
  },
];

// What a rendered plan shows, computed once from a Plan. Text and markdown walk this value and
// decide only layout, so the two can never disagree about what the plan says.
import type { Diagnostic, ModuleName, RecordKey } from '../../core/model.js';
import type { Forest } from '../../core/territory-forest.js';

export type LineKind = 'add' | 'remove' | 'kept';

export interface LineView {
  readonly kind: LineKind;
  readonly symbol: '+' | '-' | '=';
  /** "DACH", or "LATAM (kept, assigned by rules)". */
  readonly text: string;
}

export interface RecordView {
  readonly key: RecordKey;
  /** "Acme GmbH (554023000003635023)" or the id alone. */
  readonly label: string;
  /** In reading order: what the record gains and loses, then what rules keep. */
  readonly lines: readonly LineView[];
}

export interface ModuleView {
  readonly module: ModuleName;
  /** "Accounts: 12 records changed". */
  readonly summary: string;
  readonly records: readonly RecordView[];
  readonly toAssign: number;
  readonly toRemove: number;
}

export interface SafetyView {
  /** That the guard tripped and what that means for apply. */
  readonly headline: string;
  /** What tripped, by how much, and how to override. */
  readonly details: readonly string[];
}

export interface PlanView {
  /** "Plan: 3 to assign, 2 to remove, across 2 records (118 unchanged)." or "No changes. ..." */
  readonly headline: string;
  readonly hasChanges: boolean;
  readonly target?: string;
  readonly generatedBy?: string;
  /** Where the whole plan can be read when a rendering is cut short. */
  readonly fullPlanHint: string;
  /** Modules with at least one record, in MANAGED_MODULES order. */
  readonly modules: readonly ModuleView[];
  /** Record blocks across all modules. */
  readonly recordCount: number;
  /** The plan's warnings, then warnings about this run (API credits). */
  readonly warnings: readonly Diagnostic[];
  /** Present only when the safety guard tripped. */
  readonly safety?: SafetyView;
  /** "API: 12 reads done; apply needs ..." or, without API figures, "Apply: 2 waves, 4 calls." */
  readonly apiLine?: string;
  /** plan --base-ref: what changed in the YAML, and the records no longer managed. */
  readonly baseRef?: BaseRefView;
  /** "2 waves, 4 calls"; absent when nothing will be written. */
  readonly wavesSummary?: string;
  /** The same changes per territory, with their owners; absent when nothing changes. */
  readonly territories?: TerritoriesView;
  /** Each selector's figures (docs/SELECTORS.md §5); absent when the plan has no selectors part. */
  readonly selectors?: readonly SelectorView[];
  /** "Apply also records 12 records in the selectors' ledger." when it has entries to write. */
  readonly ledgerLine?: string;
}

/** One territory that gains or loses records. */
export interface TerritoryRowView {
  /** The territory's id. */
  readonly key: string;
  /** "Organization/EMEA/DACH", on one line and shortened when very deep. */
  readonly path: string;
  readonly gained: number;
  readonly lost: number;
  /** gained - lost. */
  readonly net: number;
  /** "gains 3 records, loses 1". */
  readonly summary: string;
  /** Its owners from the config (its own entry or the nearest ancestor's); validated handles. */
  readonly owners: readonly string[];
  /** "+ Accounts Acme GmbH (5540...)" for each record gained, then "- ..." for each lost. */
  readonly lines: readonly LineView[];
}

export interface TerritoriesView {
  /** Most records gained and lost first, then by path. */
  readonly rows: readonly TerritoryRowView[];
  /** The rows' territories with their ancestors, and each one's gains and losses. */
  readonly forest: Forest;
  readonly counts: ReadonlyMap<string, { readonly gained: number; readonly lost: number }>;
  /** True when the config has an owners setting at all. */
  readonly ownersConfigured: boolean;
  /** The owners of every territory that gains or loses a record, each once. */
  readonly reviewers: readonly string[];
  /** Paths of changed territories nobody owns (only when owners are configured). */
  readonly unowned: readonly string[];
  /** Record lines across all rows. */
  readonly lineCount: number;
}

export interface SelectorView {
  /**
   * "Accounts dach-enterprise: manages 4,980 records (last apply 4,952: 40 new, 12 no longer),
   * 1 excluded; 3 COQL reads".
   */
  readonly summary: string;
  /** "newly matching (first 20 of 40): 5540..., ...", then the same for no longer matching. */
  readonly details: readonly string[];
}

export interface BaseRefView {
  /** "Since origin/main: 2 records added, 1 list changed, 1 record no longer managed." */
  readonly summary: string;
  /** "Accounts Vandelay Industries (5540...)", capped; the last line says how many more. */
  readonly released: readonly string[];
}

// The shared vocabulary of territory-sync. Every layer (desired, zoho, apply, render) speaks
// these plain-data types; nothing here does I/O.
import type { DiagnosticCode } from './diagnostic-codes.js';

/** Modules whose records can carry territories through the API, in the order plans list them. */
export const MANAGED_MODULES = ['Accounts', 'Contacts', 'Deals', 'Leads'] as const;
export type ModuleName = (typeof MANAGED_MODULES)[number];

/**
 * Modules an org must opt into (config `modules`): Zoho assigns Lead territories through the API
 * only where Zoho support enabled it for the org, and answers TERRITORY_NOT_ENABLED elsewhere.
 */
export const OPT_IN_MODULES: readonly ModuleName[] = ['Leads'];

/** What every org manages when its config names no `modules`. */
export const DEFAULT_MODULES: readonly ModuleName[] = MANAGED_MODULES.filter(
  (module) => !OPT_IN_MODULES.includes(module),
);

/** Where something was written: 1-based line and column, as editors show them. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/**
 * A problem found anywhere before a write: a located, actionable message with a stable code.
 * Validation collects every Diagnostic it can instead of stopping at the first.
 *
 * Every Diagnostic made carries a DiagnosticCode, so a misspelt code fails the typecheck. What
 * only shows diagnostics (text, GitHub annotations) takes `Diagnostic<string>`: the CLI shows an
 * error's code (an ErrorCode, src/errors.ts) and an apply record's the same way.
 */
export interface Diagnostic<Code extends string = DiagnosticCode> {
  readonly code: Code;
  readonly severity: 'error' | 'warning';
  /** What is wrong, in one sentence a sales-ops admin understands. */
  readonly message: string;
  /** What to do about it. */
  readonly hint?: string;
  readonly location?: SourceLocation;
  /** Other places involved (the first definition of a duplicate, the other file ...). */
  readonly related?: readonly SourceLocation[];
  /** The record concerned, when there is one. */
  readonly record?: RecordKey;
}

export interface RecordKey {
  readonly module: ModuleName;
  readonly id: string;
}

// ---------------------------------------------------------------------------------------------
// Desired state: what src/desired produces after parsing, schema and rule validation.

/** How a territory is referred to once aliases are expanded. Resolved against the catalogue. */
export type TerritoryRef =
  | { readonly kind: 'id'; readonly value: string }
  | { readonly kind: 'name'; readonly value: string }
  /** A hierarchy path, segments joined by '/', starting at the root territory. */
  | { readonly kind: 'path'; readonly value: string };

export interface DesiredTerritory {
  readonly ref: TerritoryRef;
  /** The text as the user wrote it in the record's list (an alias, a name, a path or an id). */
  readonly written: string;
  /** Set when `written` is an alias from the `territories:` section. */
  readonly alias?: string;
  /**
   * Aliases spelled like `written` (a typo, another case) when it is no alias: the resolver
   * suggests them if the reference names no territory. Absent when there are none.
   */
  readonly nearAliases?: readonly string[];
  readonly location: SourceLocation;
}

export interface DesiredRecord extends RecordKey {
  readonly territories: readonly DesiredTerritory[];
  readonly note?: string;
  /** The location of the record's id key. */
  readonly location: SourceLocation;
}

export interface DesiredFile {
  readonly path: string;
  /** sha256 hex of the file's bytes, so a plan can say exactly what it was computed from. */
  readonly sha256: string;
}

/** An id a selector never takes (docs/SELECTORS.md §1). */
export interface DesiredExclusion {
  readonly id: string;
  readonly location: SourceLocation;
}

/**
 * A `selectors:` entry (docs/SELECTORS.md §1): the records whose fields match `criteria` take
 * `territories`, unless listed in `records:` or excluded.
 */
export interface DesiredSelector {
  readonly module: ModuleName;
  /** Unique per module across the desired files; the selector's identity in the ledger. */
  readonly name: string;
  /**
   * The criteria in canonical COQL (src/selectors/render-criteria.ts), as the reads send them:
   * parsed and written back by the loader, so every quote inside text is doubled.
   */
  readonly criteria: string;
  /** sha256 hex of `criteria`: the ledger and the plan say which criteria matched. */
  readonly criteriaHash: string;
  readonly territories: readonly DesiredTerritory[];
  /** Sorted by id. */
  readonly exclude: readonly DesiredExclusion[];
  /** The location of the selector's `name:` value. */
  readonly location: SourceLocation;
  /**
   * Every field the criteria name, in the order written (the order of the criteria in
   * `criteria`), each at its character in the `where`: the online check of the module's fields
   * (docs/SELECTORS.md §2) reports there. Absent where the selector was not read from a file.
   */
  readonly fields?: readonly { readonly name: string; readonly location: SourceLocation }[];
}

export interface DesiredState {
  readonly files: readonly DesiredFile[];
  /** Sorted by module (MANAGED_MODULES order) then id. */
  readonly records: readonly DesiredRecord[];
  /** Sorted by module (MANAGED_MODULES order) then name; absent or empty when none is written. */
  readonly selectors?: readonly DesiredSelector[];
  /**
   * The `territories:` sections' aliases that define one territory, used by records or not
   * (the config's owners keys may name them). Sorted by name.
   */
  readonly aliases?: readonly { readonly name: string; readonly ref: TerritoryRef }[];
}

// ---------------------------------------------------------------------------------------------
// CRM state: what src/zoho reads.

export interface Territory {
  readonly id: string;
  readonly name: string;
  readonly parentId: string | null;
}

/** The territory catalogue, as read from GET /settings/territories (all pages). */
export interface Catalogue {
  readonly territories: readonly Territory[];
}

/** Zoho's `$assigned`: set by a person or the API, or by territory assignment rules. */
export type AssignedBy = 'manually' | 'automatically';

export interface TerritoryAssignment {
  readonly id: string;
  readonly name: string;
  readonly assigned: AssignedBy;
}

export interface CurrentRecord extends RecordKey {
  /** The record's display name (Account_Name, Full_Name, Deal_Name), when read. */
  readonly name?: string;
  readonly territories: readonly TerritoryAssignment[];
}

/** Current state of the listed records; a listed record missing here does not exist in the CRM. */
export interface CurrentState {
  readonly records: readonly CurrentRecord[];
}

// ---------------------------------------------------------------------------------------------
// Plan: one value, computed once, rendered, saved and applied.

export interface TerritoryBrief {
  readonly id: string;
  readonly name: string;
}

export type WriteAction = 'remove' | 'assign';

export interface RecordPlan extends RecordKey {
  readonly name?: string;
  readonly location?: SourceLocation;
  /** The record's territories when the plan was made: a saved plan is stale if these moved. */
  readonly before: readonly TerritoryAssignment[];
  readonly add: readonly TerritoryBrief[];
  readonly remove: readonly TerritoryBrief[];
  /** Assigned by rules, not listed in the YAML: they stay (the API cannot remove them). */
  readonly keptByRules: readonly TerritoryBrief[];
  /**
   * A record no `records:` entry lists, managed by selectors (docs/SELECTORS.md §3): why each
   * territory is added or removed, by action then territory id. Absent for explicit records.
   */
  readonly causes?: readonly TerritoryChangeCause[];
  /** An explicit record some selectors also match: their names (the entry wins, §3 rule 1). */
  readonly overrides?: readonly string[];
}

/** Why a selector that gave a territory no longer keeps it (docs/SELECTORS.md §3). */
export type LedgerReason =
  /** The selector still gives the territory but no longer matches the record. */
  | 'no-longer-matches'
  /** The selector still gives the territory and matches, but excludes the record. */
  | 'excluded'
  /** No selector of that name exists any more (deleted, or renamed and not matching). */
  | 'selector-deleted'
  /** The selector exists but no longer names the territory. */
  | 'territory-dropped';

/** What a selector-managed record's change comes from. */
export type ChangeCause =
  /** Added because these selectors match the record and give the territory. */
  | { readonly kind: 'selector'; readonly selectors: readonly string[] }
  /** Removed because the selectors that gave it (the ledger) no longer keep it, each with why. */
  | {
      readonly kind: 'ledger';
      readonly givers: readonly { readonly selector: string; readonly reason: LedgerReason }[];
    };

export interface TerritoryChangeCause {
  readonly territoryId: string;
  readonly action: WriteAction;
  readonly cause: ChangeCause;
}

/** One territory selectors gave a record, and which selectors (docs/SELECTORS.md §4). */
export interface LedgerGift {
  readonly territoryId: string;
  /** Sorted, unique. */
  readonly selectors: readonly string[];
}

/** A record's line in the selectors' ledger: who matched it at the last apply, what they gave. */
export interface LedgerEntry extends RecordKey {
  /** Sorted, unique. */
  readonly matchedBy: readonly string[];
  /** By territory id. */
  readonly gifts: readonly LedgerGift[];
}

/** One selector's figures in a plan (docs/SELECTORS.md §5). */
export interface SelectorReport {
  readonly module: ModuleName;
  readonly name: string;
  readonly criteriaHash: string;
  /** Records it manages now: matched, not excluded, not listed in `records:`. */
  readonly matched: number;
  /** Records it matches that its `exclude` takes out. */
  readonly excluded: number;
  /** Records it matches that a `records:` entry lists (the entry wins). */
  readonly overridden: number;
  /** Records it managed at the last apply (the ledger); absent when there is no ledger. */
  readonly lastApply?: number;
  /** Records it manages now and did not at the last apply. */
  readonly newlyMatching: number;
  /**
   * Records it managed at the last apply that it matches no more (edited in the CRM, criteria
   * changed, deleted); one still matched but excluded or listed since counts there instead.
   */
  readonly noLongerMatching: number;
  /** The first ids (at most SELECTOR_SAMPLE_IDS) of each, for the drift report. */
  readonly newlyMatchingIds: readonly string[];
  readonly noLongerMatchingIds: readonly string[];
  /** COQL calls its matches cost: one per 2,000 ids, at least one. */
  readonly reads: number;
  /**
   * Selectors no longer in the files whose records (at the last apply) this one manages now: a
   * rename, or one selector replacing another. Absent when there are none.
   */
  readonly takenOver?: readonly { readonly from: string; readonly records: number }[];
}

/** What a plan with selectors adds (docs/SELECTORS.md §4, §5). */
export interface PlanSelectors {
  readonly reports: readonly SelectorReport[];
  /**
   * Selectors the ledger remembers that the files no longer have, with the records they managed
   * at the last apply: what they gave goes, unless a selector still gives it. Absent when none.
   */
  readonly deleted?: readonly {
    readonly module: ModuleName;
    readonly name: string;
    readonly lastApply: number;
  }[];
  readonly ledger: {
    /** sha256 of the ledger the plan was made from; null when there was none. */
    readonly base: string | null;
    /**
     * The ledger entries apply writes once their records' writes are confirmed: each replaces
     * the record's entry; one with no matchedBy and no gifts removes it. By module, then id.
     */
    readonly updates: readonly LedgerEntry[];
  };
}

/** One API call: POST /crm/v7/{module}/actions/{action}_territories with these records. */
export interface Batch {
  readonly module: ModuleName;
  readonly action: WriteAction;
  readonly records: readonly { readonly id: string; readonly territoryIds: readonly string[] }[];
}

/**
 * Batches in one wave run concurrently; a wave starts only after the previous wave's jobs
 * finished, because Zoho answers ALREADY_SCHEDULED while a record's job is pending.
 */
export interface Wave {
  readonly index: number;
  readonly batches: readonly Batch[];
}

export interface SafetyCheck {
  readonly removals: number;
  readonly managedAssignments: number;
  /** Records listed in the desired files (changed and unchanged). */
  readonly listedRecords: number;
  /** max(absolute, ratio x managedAssignments) */
  readonly threshold: number;
  readonly absolute: number;
  readonly ratio: number;
  readonly tripped: boolean;
  readonly reason?: string;
}

export interface PlanSummary {
  readonly toAssign: number;
  readonly toRemove: number;
  readonly changedRecords: number;
  readonly unchangedRecords: number;
  readonly keptByRules: number;
}

/** What `apply` will spend in API calls (each a credit), at best; see apply-cost.ts. */
export interface ApplyCost {
  /**
   * GET /crm/v7/org and the territory catalogue: apply checks it talks to the org the plan was
   * made for, and that the territories still have the names the plan shows.
   */
  readonly checkReads: number;
  readonly staleCheckReads: number;
  readonly writes: number;
  readonly jobPolls: number;
  readonly verifyReads: number;
  readonly total: number;
}

/** The org a plan was made for: apply refuses to run it against any other. */
export interface PlanTarget {
  /** The API domain every read went to, e.g. https://www.zohoapis.eu (no trailing slash). */
  readonly apiDomain: string;
  readonly accountsUrl: string;
  /** Zoho's org id (GET /crm/v7/org). */
  readonly orgId: string;
  /** The org's company name, for people; CRM text, never trusted for decisions. */
  readonly orgName?: string;
}

export const PLAN_FORMAT = 'territory-sync/plan';
export const PLAN_FORMAT_VERSION = 2;

export interface Plan {
  readonly format: typeof PLAN_FORMAT;
  readonly formatVersion: typeof PLAN_FORMAT_VERSION;
  readonly target: PlanTarget;
  /** Records per write call the waves were cut with: apply sends exactly these batches. */
  readonly batchSize: number;
  /** sha256 over the desired files' hashes, in path order. */
  readonly desiredHash: string;
  readonly desiredFiles: readonly DesiredFile[];
  /** Only records with a change, in deterministic order (module order, then id). */
  readonly changes: readonly RecordPlan[];
  readonly waves: readonly Wave[];
  readonly summary: PlanSummary;
  readonly safety: SafetyCheck;
  readonly cost: ApplyCost;
  readonly warnings: readonly Diagnostic[];
  /**
   * The territories the changes gain or lose and their ancestors, with parent links, so a saved
   * plan can be shown per territory path offline (plan-hierarchy.ts). Absent from plans saved
   * before it existed; hashed like every other field when present.
   */
  readonly hierarchy?: readonly Territory[];
  /** Present when the desired files have selectors or the ledger remembers some. */
  readonly selectors?: PlanSelectors;
  /**
   * sha256 of the canonical JSON of every field above. A corruption check, not a signature:
   * anyone can recompute it. Waves, summary, safety and cost are re-derived from `changes`
   * before apply (verify-plan.ts), so editing them alone changes nothing but a refusal.
   */
  readonly planHash: string;
  /** `hmac-sha256:<hex>` of planHash with TERRITORY_SYNC_PLAN_KEY, when a key was set. */
  readonly signature?: string;
}

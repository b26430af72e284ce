import type { Diagnostic } from '../../core/model.js';

/** What the command knows beyond the Plan itself, for the reader of a rendered plan. */
export interface PlanContext {
  /** e.g. "production (https://www.zohoapis.eu)". */
  readonly target?: string;
  readonly api?: {
    /** Absent when the plan was not made by this run (show, apply of a saved plan). */
    readonly readsDone?: number;
    readonly writesNeeded: number;
    readonly creditsNeeded: number;
    readonly creditsRemaining?: number;
  };
  /** Where the full plan is, e.g. "the plan-json artifact" or "plan.json". */
  readonly fullPlanHint?: string;
  /** e.g. "territory-sync 0.1.0". */
  readonly generatedBy?: string;
  /** apply --allow-mass-removal: a tripped guard is overridden, not a reason to refuse. */
  readonly massRemovalAllowed?: boolean;
  /**
   * The config's owners of the plan's territories: never the plan file's or the CRM's words.
   * Absent when the config has no owners setting.
   */
  readonly owners?: {
    /** Territory id -> its owners, own or inherited; a territory missing here has none. */
    readonly byTerritory: ReadonlyMap<string, readonly string[]>;
    /** Entries that name no territory, or several: shown with the plan's warnings. */
    readonly warnings: readonly Diagnostic[];
  };
  /** plan --base-ref: how the desired state changed since the ref. */
  readonly baseRef?: {
    readonly ref: string;
    readonly added: number;
    readonly changed: number;
    readonly released: readonly {
      readonly module: string;
      readonly id: string;
      readonly note?: string;
    }[];
    /** Records that left `records:` and that selectors manage now (not in `released`). */
    readonly toSelectors?: number;
  };
}

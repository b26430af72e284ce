/** What the command knows beyond the Plan itself, for the reader of a rendered plan. */
export interface PlanContext {
  /** e.g. "production (https://www.zohoapis.eu)". */
  readonly target?: string;
  readonly api?: {
    readonly readsDone: number;
    readonly writesNeeded: number;
    readonly creditsNeeded: number;
    readonly creditsRemaining?: number;
  };
  /** Where the full plan is, e.g. "the plan-json artifact" or "plan.json". */
  readonly fullPlanHint?: string;
  /** e.g. "territory-sync 0.1.0". */
  readonly generatedBy?: string;
}

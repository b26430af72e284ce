// Typed errors with stable codes. Only src/cli maps them to exit codes.
import type { Diagnostic } from './core/model.js';

export type ErrorCode =
  | 'INVALID_INPUT'
  | 'INVALID_CONFIG'
  | 'USAGE'
  | 'SAFETY_GUARD'
  | 'STALE_PLAN'
  /** A saved plan whose derived parts (waves, safety, cost ...) do not follow from its changes. */
  | 'PLAN_ALTERED'
  /** TERRITORY_SYNC_PLAN_KEY is set and the plan is unsigned or signed otherwise. */
  | 'PLAN_SIGNATURE'
  /** A plan made for another API domain or org. */
  | 'PLAN_TARGET_MISMATCH'
  /** apply --expect-plan: the fresh plan's changes are not the reviewed ones. */
  | 'PLAN_CHANGED'
  | 'ZOHO_API'
  /** Territory management, or assignment through the API for a module (Leads), is off. */
  | 'FEATURE_NOT_ENABLED'
  | 'AUTH'
  | 'NETWORK'
  | 'CREDITS_EXHAUSTED'
  /** The selectors' ledger file is unreadable, not UTF-8 JSON, or breaks its format (docs/SELECTORS.md §4). */
  | 'LEDGER_INVALID'
  /** The selectors' ledger was written for another API domain or org: it is never used. */
  | 'LEDGER_OTHER_ORG'
  /** The ledger file is not the one the plan was made from (compare and swap failed). */
  | 'LEDGER_CHANGED'
  | 'INTERNAL';

export class TerritorySyncError extends Error {
  override readonly name: string = 'TerritorySyncError';
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly diagnostics: readonly Diagnostic[];

  constructor(
    code: ErrorCode,
    message: string,
    options: { hint?: string; diagnostics?: readonly Diagnostic[]; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options.hint;
    this.diagnostics = options.diagnostics ?? [];
  }
}

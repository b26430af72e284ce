// The selectors' ledger (docs/SELECTORS.md §4) as a value: its types and the bounds of its
// format. schemas/ledger.schema.json says the same; test/unit/ledger/ledger-schema.test.ts keeps
// the two in step.
import type { LedgerEntry, PlanTarget } from '../core/model.js';

export const LEDGER_FORMAT = 'territory-sync/ledger';
export const LEDGER_FORMAT_VERSION = 1;

/** A selector's name (docs/SELECTORS.md §1): inert in a terminal, markdown and a workflow command. */
export const SELECTOR_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;
/** A record's or territory's id: Zoho's are 18 or 19 digits and never start with 0. */
export const LEDGER_ID = /^[1-9][0-9]{0,29}$/;
/**
 * The most selectors or gifts one record's entry may list. Zoho lets a record carry 10
 * territories; the bound is far above that and keeps a hostile file's schema errors (one per
 * item) from filling memory.
 */
export const MAX_LEDGER_LIST_ITEMS = 1000;

/** The org a ledger belongs to: a plan's target without what does not identify the org. */
export type LedgerTarget = Pick<PlanTarget, 'apiDomain' | 'orgId'>;

/** One record's line: the selectors that matched it at the last apply, and what they gave. */
export type LedgerRecordEntry = LedgerEntry;

export interface LedgerFile {
  readonly format: typeof LEDGER_FORMAT;
  readonly formatVersion: typeof LEDGER_FORMAT_VERSION;
  readonly target: LedgerTarget;
  /**
   * The planHash of the plan whose apply wrote the file: a resume of that apply may write it
   * again, since nothing else did since. Absent from a ledger written by hand.
   */
  readonly writtenBy?: string;
  /** By module (MANAGED_MODULES order), then id; never one with no matchedBy and no gifts. */
  readonly records: readonly LedgerRecordEntry[];
}

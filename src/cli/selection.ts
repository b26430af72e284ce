// What a plan with selectors reads before the records (docs/SELECTORS.md §6): every selector's
// matches by COQL, and the ledger of what selectors gave. Both decide which records are read.
import path from 'node:path';
import { escapeInvisible } from '../core/escape-invisible.js';
import type { DesiredSelector, DesiredState, PlanTarget } from '../core/model.js';
import type { SelectionInput } from '../core/selector-plan.js';
import type { SelectorMatch } from '../core/selector-targets.js';
import { TerritorySyncError } from '../errors.js';
import { readLedger } from '../ledger/ledger-file.js';
import { ledgerTargetMismatch, otherOrgError } from '../ledger/ledger-format.js';
import type { LedgerFile } from '../ledger/ledger-types.js';
import type { ZohoClient } from '../zoho/index.js';

/** Where the ledger is, and how messages name it (relative to the working folder). */
export interface LedgerLocation {
  readonly file: string;
  readonly shownAs: string;
}

export interface ReadSelection {
  readonly input: SelectionInput;
  /** The ledger as read, for apply to update; undefined when there is none. */
  readonly ledger: LedgerFile | undefined;
}

export function ledgerLocation(file: string, cwd: string): LedgerLocation {
  const relative = path.relative(cwd, file);
  const shownAs =
    relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
  return { file, shownAs: escapeInvisible(shownAs) };
}

/**
 * The selection a plan needs, or undefined when neither the files nor the ledger have selectors.
 * The ledger is read even when the files have no selector left: deleting the last selector must
 * still take back what it gave.
 */
export async function readSelection(
  client: ZohoClient,
  desired: DesiredState,
  ledger: LedgerLocation,
): Promise<ReadSelection | undefined> {
  const selectors = desired.selectors ?? [];
  const [matches, read] = await Promise.all([
    Promise.all(selectors.map((selector) => readMatches(client, selector))),
    readLedger(ledger.file, undefined, ledger.shownAs),
  ]);
  if (read.state === 'absent') {
    return selectors.length === 0
      ? undefined
      : { input: { matches, ledger: undefined }, ledger: undefined };
  }
  if (selectors.length === 0 && read.ledger.records.length === 0) return undefined;
  return {
    input: { matches, ledger: { sha256: read.sha256, records: read.ledger.records } },
    ledger: read.ledger,
  };
}

/** Refuses a ledger written for another org: its gifts say nothing of this one's records. */
export function checkLedgerOrg(
  selection: ReadSelection | undefined,
  target: PlanTarget,
  ledger: LedgerLocation,
): void {
  if (selection?.ledger === undefined) return;
  const mismatch = ledgerTargetMismatch(selection.ledger.target, target);
  if (mismatch !== undefined) throw otherOrgError(ledger.shownAs, mismatch);
}

async function readMatches(client: ZohoClient, selector: DesiredSelector): Promise<SelectorMatch> {
  try {
    const ids = await client.readSelectorMatches(selector.module, selector.criteria);
    return { module: selector.module, name: selector.name, ids };
  } catch (error) {
    if (!(error instanceof TerritorySyncError)) throw error;
    // Zoho's words say what is wrong with the criteria; the selector says where to fix them.
    const { file, line, column } = selector.location;
    throw new TerritorySyncError(
      error.code,
      `Selector ${selector.name} (${selector.module}, ${escapeInvisible(file)}:${line}:${column}): ${error.message}`,
      { ...(error.hint === undefined ? {} : { hint: error.hint }), cause: error },
    );
  }
}

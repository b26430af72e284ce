// What a plan with selectors reads before the records (docs/SELECTORS.md §6): every selector's
// matches by COQL, and the ledger of what selectors gave. Both decide which records are read.
import path from 'node:path';
import { escapeInvisible } from '../core/escape-invisible.js';
import type { DesiredSelector, DesiredState, Diagnostic, PlanTarget } from '../core/model.js';
import type { SelectionInput } from '../core/selector-plan.js';
import type { SelectorMatch } from '../core/selector-targets.js';
import { TerritorySyncError } from '../errors.js';
import { readLedger } from '../ledger/ledger-file.js';
import type { LedgerRead } from '../ledger/ledger-file.js';
import { ledgerTargetMismatch, otherOrgError } from '../ledger/ledger-format.js';
import type { ZohoClient } from '../zoho/index.js';
import { ZohoApiError } from '../zoho/index.js';
import { checkSelectorFields } from './selector-fields.js';

/** Where the ledger is, and how messages name it (relative to the working folder). */
export interface LedgerLocation {
  readonly file: string;
  readonly shownAs: string;
}

export interface ReadSelection {
  readonly input: SelectionInput;
  /** The ledger as read: what apply updates, without reading it again. */
  readonly ledger: LedgerRead;
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
 *
 * The selectors' fields are checked against the modules' metadata before any COQL read
 * (docs/SELECTORS.md §2): criteria on a field the module lacks would be refused by Zoho one
 * query at a time, and a value of the wrong type may match nothing, which the plan would read
 * as every record having stopped matching. Without selectors, no metadata is read.
 */
export async function readSelection(
  client: ZohoClient,
  desired: DesiredState,
  ledger: LedgerLocation,
  onMatches?: (selector: DesiredSelector, ids: readonly string[]) => void,
): Promise<ReadSelection | undefined> {
  const selectors = desired.selectors ?? [];
  const [checked, read] = await Promise.all([
    checkSelectorFields((module) => client.readFields(module), selectors),
    readLedger(ledger.file, undefined, ledger.shownAs),
  ]);
  refuseFieldProblems(checked);
  const matches = await Promise.all(
    selectors.map((selector) => readMatches(client, selector, onMatches)),
  );
  // Carried in the plan, so the PR comment shows them beside the changes.
  const warnings = checked.length === 0 ? {} : { warnings: checked };
  if (read.state === 'absent') {
    return selectors.length === 0
      ? undefined
      : {
          input: { matches, ledger: undefined, ledgerShownAs: ledger.shownAs, ...warnings },
          ledger: read,
        };
  }
  if (selectors.length === 0 && read.ledger.records.length === 0) return undefined;
  return {
    input: {
      matches,
      ledger: { sha256: read.sha256, records: read.ledger.records },
      ...warnings,
    },
    ledger: read,
  };
}

/** Errors among the fields' problems stop the plan before a selector is queried. */
function refuseFieldProblems(found: readonly Diagnostic[]): void {
  const errors = found.filter((diagnostic) => diagnostic.severity === 'error').length;
  if (errors === 0) return;
  throw new TerritorySyncError(
    'INVALID_INPUT',
    `${errors} ${errors === 1 ? 'problem' : 'problems'} found in the selectors' criteria against the CRM's fields; no selector was queried and nothing was sent to Zoho.`,
    {
      diagnostics: found,
      hint: "Fix each selector's `where` at the place shown, then run again.",
    },
  );
}

/** Refuses a ledger written for another org: its gifts say nothing of this one's records. */
export function checkLedgerOrg(
  selection: ReadSelection | undefined,
  target: PlanTarget,
  ledger: LedgerLocation,
): void {
  if (selection?.ledger.state !== 'present') return;
  const mismatch = ledgerTargetMismatch(selection.ledger.ledger.target, target);
  if (mismatch !== undefined) throw otherOrgError(ledger.shownAs, mismatch);
}

async function readMatches(
  client: ZohoClient,
  selector: DesiredSelector,
  onMatches: ((selector: DesiredSelector, ids: readonly string[]) => void) | undefined,
): Promise<SelectorMatch> {
  try {
    const ids = await client.readSelectorMatches(
      selector.module,
      selector.criteria,
      onMatches === undefined ? undefined : (page) => onMatches(selector, page),
    );
    return { module: selector.module, name: selector.name, ids };
  } catch (error) {
    // Only Zoho's refusal of these criteria (it names them in details.criteria) is the
    // selector's to fix; a network, token or credit failure is not, and reads as it is.
    if (!(error instanceof ZohoApiError) || error.details['criteria'] !== selector.criteria) {
      throw error;
    }
    // Zoho's words say what is wrong with the criteria; the selector says where to fix them.
    const { file, line, column } = selector.location;
    throw new TerritorySyncError(
      error.code,
      `Selector ${selector.name} (${selector.module}, ${escapeInvisible(file)}:${line}:${column}): ${error.message}`,
      { ...(error.hint === undefined ? {} : { hint: error.hint }), cause: error },
    );
  }
}

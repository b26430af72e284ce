// apply's part of the selectors' ledger (docs/SELECTORS.md §4): before any write, the ledger
// must be the one the plan was made from (or apply refuses, as it refuses a moved record); after
// the writes, it learns what Zoho confirmed, and only that.
import type { ApplyReport } from '../apply/apply-report.js';
import type { LedgerEntry, Plan } from '../core/model.js';
import { keyOf } from '../core/record-key.js';
import { unearnedGift } from '../core/verify-selectors.js';
import { TerritorySyncError } from '../errors.js';
import { readLedger, writeLedger } from '../ledger/ledger-file.js';
import type { LedgerRead } from '../ledger/ledger-file.js';
import { updateLedger } from '../ledger/ledger-format.js';
import type { LedgerFile } from '../ledger/ledger-types.js';
import { plural } from '../render/words.js';
import type { LedgerLocation } from './selection.js';

export interface LedgerStep {
  readonly location: LedgerLocation;
  /** The plan whose ledger updates are written (for a resume, the journal's original plan). */
  readonly plan: Plan;
  readonly previous: LedgerFile | undefined;
  /** sha256 of the ledger read now: what the write swaps out. */
  readonly base: string | null;
}

/**
 * Reads the ledger a plan with selectors will update, before anything is written, and refuses
 * one of another org, one that moved since the plan was made, and updates remembering a gift the
 * plan never gave. A resume (`resuming`) also accepts the ledger its own first run wrote
 * (`writtenBy`), and no other: resuming an old journal must not lay its entries over a newer
 * apply's. Undefined for a plan without selectors.
 */
export async function prepareLedgerStep(
  plan: Plan,
  location: LedgerLocation,
  shownAs: string,
  options: {
    readonly resuming?: boolean;
    /** The ledger the plan was just made from (checked for its org then): not read again. */
    readonly read?: LedgerRead;
  } = {},
): Promise<LedgerStep | undefined> {
  if (plan.selectors === undefined) return undefined;
  const resuming = options.resuming === true;
  const read = options.read ?? (await readLedger(location.file, plan.target, location.shownAs));
  const previous = read.state === 'present' ? read.ledger : undefined;
  const base = read.state === 'present' ? read.sha256 : null;
  const writtenByThisPlan = resuming && previous?.writtenBy === plan.planHash;
  if (base !== plan.selectors.ledger.base && !writtenByThisPlan) {
    throw new TerritorySyncError(
      'LEDGER_CHANGED',
      `${shownAs} was made from ${describeLedger(plan.selectors.ledger.base)}, but ` +
        `${location.shownAs} is now ${describeLedger(base)}` +
        `${resuming ? ', written since by another apply' : ''}. Nothing was written.`,
      {
        hint:
          "Make a new plan from the selectors' ledger as it is now (territory-sync plan --out " +
          'plan.json), review it and apply that one.',
      },
    );
  }
  const unearned = unearnedGift(plan, previous?.records);
  if (unearned !== undefined) {
    throw new TerritorySyncError(
      'PLAN_ALTERED',
      `${shownAs} would record, as a selector's gift, a territory neither the ledger nor the plan ` +
        `gives (${unearned}); a later plan could then remove it. Nothing was written.`,
      { hint: 'Do not edit saved plans: make a new plan, review it and apply that one.' },
    );
  }
  return { location, plan, previous, base };
}

/**
 * Writes what this run confirmed into the ledger: the updates of records it wrote and saw
 * converge, and of records the plan writes nothing to (their updates never add a gift). Any
 * other record keeps its entry: one that failed, waits, was not sent, or that a resume found
 * already as planned (someone else may have made it so), so that nothing another person gave is
 * ever taken for a selector's gift. Returns a line for the output, or undefined when nothing
 * changes.
 */
export async function writeLedgerStep(
  step: LedgerStep,
  report: ApplyReport | undefined,
): Promise<string | undefined> {
  const written = new Set(
    (report?.records ?? [])
      .filter((record) => record.status === 'converged' && record.attempts > 0)
      .map(keyOf),
  );
  const changed = new Set(step.plan.changes.map(keyOf));
  const updates = (step.plan.selectors?.ledger.updates ?? []).filter((update: LedgerEntry) => {
    const key = keyOf(update);
    return !changed.has(key) || written.has(key);
  });
  if (updates.length === 0 && step.previous !== undefined) return undefined;
  const next = updateLedger(step.previous, step.plan.target, updates, step.plan.planHash);
  try {
    await writeLedger(step.location.file, next, step.base, step.location.shownAs);
  } catch (error) {
    if (!(error instanceof TerritorySyncError) || error.code !== 'LEDGER_CHANGED') throw error;
    // The CRM writes are done: say so, and what is lost, instead of advising a plan that will
    // show nothing to do.
    throw new TerritorySyncError(
      'LEDGER_CHANGED',
      `${error.message.replace(/: plan again\.$/, '')} during this apply. The CRM writes above ` +
        `were made, but the ledger was not updated: the ${plural(updates.length, 'record')} ` +
        "it would have recorded are not remembered as selectors' gifts, so their territories " +
        'will not be taken back when they stop matching.',
      {
        hint:
          'Find out who changed the ledger during the apply (applies must run one at a time). ' +
          'The journal in .territory-sync/ lists what this apply gave; until the ledger holds it, ' +
          'those territories stay when their records stop matching.',
      },
    );
  }
  const kept = (step.plan.selectors?.ledger.updates.length ?? 0) - updates.length;
  const unconfirmed =
    kept === 0
      ? ''
      : ` ${plural(kept, 'record')} this run did not write and see converge (failed, not sent, ` +
        'or already as planned when a resume came to it) keep their old entries: what this ' +
        "plan meant to give them is not remembered as a selector's gift, so it is never taken " +
        'back automatically (one that failed is given it again, and remembered, by the next ' +
        'apply).';
  return (
    `Selectors' ledger ${step.location.shownAs}: ${plural(updates.length, 'record')} updated.` +
    `${unconfirmed} The next plan reads it: keep it (the apply workflow keeps it on the ` +
    'territory-sync-ledger branch, docs/github-actions.md).'
  );
}

function describeLedger(sha256: string | null): string {
  return sha256 === null ? "no selectors' ledger" : `the ledger ${sha256.slice(0, 12)}`;
}

// apply's part of the selectors' ledger (docs/SELECTORS.md §4): before any write, the ledger
// must be the one the plan was made from (or apply refuses, as it refuses a moved record); after
// the writes, it learns what Zoho confirmed, and only that.
import type { ApplyReport } from '../apply/apply-report.js';
import type { LedgerEntry, Plan } from '../core/model.js';
import { unearnedGift } from '../core/verify-selectors.js';
import { TerritorySyncError } from '../errors.js';
import { readLedger, writeLedger } from '../ledger/ledger-file.js';
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
 * one of another org, one that moved since the plan was made (unless `resuming`: the first run
 * may have written it), and updates remembering a gift the plan never gave. Undefined for a plan
 * without selectors.
 */
export async function prepareLedgerStep(
  plan: Plan,
  location: LedgerLocation,
  shownAs: string,
  resuming = false,
): Promise<LedgerStep | undefined> {
  if (plan.selectors === undefined) return undefined;
  const read = await readLedger(location.file, plan.target, location.shownAs);
  const previous = read.state === 'present' ? read.ledger : undefined;
  const base = read.state === 'present' ? read.sha256 : null;
  if (!resuming && base !== plan.selectors.ledger.base) {
    throw new TerritorySyncError(
      'LEDGER_CHANGED',
      `${shownAs} was made from ${describeLedger(plan.selectors.ledger.base)}, but ` +
        `${location.shownAs} is now ${describeLedger(base)}. Nothing was written.`,
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
 * Writes what the apply confirmed into the ledger: the updates of records whose writes converged
 * (or had none to make). A record that failed, waits or was not sent keeps its entry, so its
 * territories are never taken for a selector's gift unseen. Returns a line for the output, or
 * undefined when nothing changes.
 */
export async function writeLedgerStep(
  step: LedgerStep,
  report: ApplyReport | undefined,
): Promise<string | undefined> {
  const unconfirmed = new Set(
    (report?.records ?? [])
      .filter((record) => record.status !== 'converged')
      .map((record) => `${record.module} ${record.id}`),
  );
  const updates = (step.plan.selectors?.ledger.updates ?? []).filter(
    (update: LedgerEntry) => !unconfirmed.has(`${update.module} ${update.id}`),
  );
  if (updates.length === 0 && step.previous !== undefined) return undefined;
  const next = updateLedger(step.previous, step.plan.target, updates);
  await writeLedger(step.location.file, next, step.base, step.location.shownAs);
  const kept = (step.plan.selectors?.ledger.updates.length ?? 0) - updates.length;
  return (
    `Selectors' ledger ${step.location.shownAs}: ${plural(updates.length, 'record')} updated` +
    `${kept > 0 ? `, ${plural(kept, 'record')} left as they were (not confirmed)` : ''}. ` +
    'The next plan reads it: keep it (the apply workflow keeps it on the territory-sync-ledger ' +
    'branch, docs/github-actions.md).'
  );
}

function describeLedger(sha256: string | null): string {
  return sha256 === null ? "no selectors' ledger" : `the ledger ${sha256.slice(0, 12)}`;
}

// How the executor reads one record's answer from data[]. Pure: Zoho's code in, decision out.
import type { WriteAction } from '../core/model.js';
import type { WriteEntryOutcome, WriteOutcomeCode } from './ports.js';

export type EntryDecision =
  /** A job was scheduled (or the change was made at once). */
  | { readonly kind: 'scheduled' }
  /** One territory of the entry already is as desired: drop it and send the rest again. */
  | { readonly kind: 'drop-territory'; readonly index: number }
  /** Try again once the record's pending job is done (ALREADY_SCHEDULED). */
  | { readonly kind: 'retry-after-job' }
  /** Try again after a pause (RECORD_LOCKED). */
  | { readonly kind: 'retry-later' }
  | { readonly kind: 'failed'; readonly code: WriteOutcomeCode; readonly reason: string };

const TERRITORY_PATH = /Territories\[(\d+)\]/;

/** The index of the territory an error points at, from details.json_path ("$.data[0].Territories[1].id"). */
export function territoryIndex(
  details: Readonly<Record<string, unknown>> | undefined,
): number | undefined {
  const jsonPath = details?.json_path;
  if (typeof jsonPath !== 'string') return undefined;
  const match = TERRITORY_PATH.exec(jsonPath);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

export function decide(action: WriteAction, outcome: WriteEntryOutcome): EntryDecision {
  if (outcome.status === 'success') return { kind: 'scheduled' };
  const index = territoryIndex(outcome.details);
  switch (outcome.code) {
    case 'DUPLICATE_DATA':
      // Assigning a territory the record already has: that part has converged.
      if (action === 'assign' && index !== undefined) return { kind: 'drop-territory', index };
      break;
    case 'INVALID_DATA':
      // Removing a territory the record no longer has answers INVALID_DATA on that territory.
      // (An INVALID_DATA on the record id itself is a real failure: the record is gone.)
      if (action === 'remove' && index !== undefined) return { kind: 'drop-territory', index };
      break;
    case 'ALREADY_SCHEDULED':
      return { kind: 'retry-after-job' };
    case 'RECORD_LOCKED':
      return { kind: 'retry-later' };
    default:
      break;
  }
  return { kind: 'failed', code: outcome.code, reason: outcome.message };
}

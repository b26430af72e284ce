// What the executor needs from the Zoho client. ZohoClient satisfies it structurally; tests and
// the executor never need got.
import type { ZohoAnswerCode } from '../constants/zoho.js';
import type { CurrentRecord, ModuleName, WriteAction } from '../core/model.js';
import type { ErrorCode } from '../errors.js';

/** A record the port's answer says nothing about: the executor's one code for it. */
export const NO_ANSWER = 'NO_ANSWER';

/**
 * A record's code after a write call: Zoho's (checked at the zoho edge), the error code of a
 * call that failed as a whole, or NO_ANSWER.
 */
export type WriteOutcomeCode = ZohoAnswerCode | ErrorCode | typeof NO_ANSWER;

export interface WriteEntry {
  readonly id: string;
  readonly territoryIds: readonly string[];
}

export interface WriteEntryOutcome {
  readonly recordId: string;
  readonly status: 'success' | 'error';
  readonly code: WriteOutcomeCode;
  readonly message: string;
  /** Zoho's job for this record (`details.job_id`), when it scheduled one. */
  readonly jobId?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface ApplyPort {
  /** Answers by record id; a record may be missing from them (it is then NO_ANSWER). */
  write(
    module: ModuleName,
    action: WriteAction,
    entries: readonly WriteEntry[],
  ): Promise<WriteEntryOutcome[]>;
  pendingRecords(module: ModuleName, ids: readonly string[]): Promise<Set<string>>;
  readRecords(
    module: ModuleName,
    ids: readonly string[],
  ): Promise<{ records: CurrentRecord[]; missing: string[] }>;
  /** Transport counters (429/5xx/network retries), when the port keeps them. */
  stats?(): { readonly retries: number };
}

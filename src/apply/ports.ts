// What the executor needs from the Zoho client. ZohoClient satisfies it structurally; tests and
// the executor never need got.
import type { CurrentRecord, ModuleName, WriteAction } from '../core/model.js';

export interface WriteEntry {
  readonly id: string;
  readonly territoryIds: readonly string[];
}

export interface WriteEntryOutcome {
  readonly recordId: string;
  readonly status: 'success' | 'error';
  readonly code: string;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface ApplyPort {
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

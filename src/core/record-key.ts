// One key per record across modules: ids are only unique within a module. Every map or set of
// records keyed by text uses it, so two keys for one record can never disagree.
import type { ModuleName, RecordKey } from './model.js';

export const recordKey = (module: ModuleName | string, id: string): string => `${module}:${id}`;

/** recordKey of anything that carries its module and id (a change, a ledger entry, a read). */
export const keyOf = (record: RecordKey): string => recordKey(record.module, record.id);

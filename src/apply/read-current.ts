// The current territories of the given records, every module read side by side (100 ids a
// call inside the reader). Plan's read, apply's stale-plan check and its verification all read
// through here.
import type { CurrentRecord, ModuleName } from '../core/model.js';
import { MANAGED_MODULES } from '../core/model.js';

export interface RecordReader {
  /** `onRecords` sees each call's records as they arrive, when the reader can say. */
  readRecords(
    module: ModuleName,
    ids: readonly string[],
    onRecords?: (records: readonly CurrentRecord[]) => void,
  ): Promise<{ records: CurrentRecord[]; missing: string[] }>;
}

export async function readCurrent(
  reader: RecordReader,
  records: readonly { module: ModuleName; id: string }[],
  onRecords?: (records: readonly CurrentRecord[]) => void,
): Promise<CurrentRecord[]> {
  // One pass over the records (100,000 for a large plan), not one per module.
  const idsByModule = new Map<ModuleName, string[]>();
  for (const record of records) {
    const ids = idsByModule.get(record.module);
    if (ids === undefined) idsByModule.set(record.module, [record.id]);
    else ids.push(record.id);
  }
  const reads = MANAGED_MODULES.map(async (module) => {
    const ids = idsByModule.get(module) ?? [];
    if (ids.length === 0) return [];
    return (await reader.readRecords(module, ids, onRecords)).records;
  });
  // concat copies each module's list at once; flat() walks 100,000 records one by one.
  return ([] as CurrentRecord[]).concat(...(await Promise.all(reads)));
}

// What changed in the desired state itself between two versions of the YAML (a PR's base and
// head): for reviewers, and to say which records are no longer managed.
import type { DesiredRecord, DesiredState, RecordKey } from './model.js';
import { compareRecordKeys } from './ordering.js';

const keyOf = (r: RecordKey) => `${r.module}:${r.id}`;

export interface DesiredChanges {
  readonly added: readonly RecordKey[];
  /** Listed before, not now: the tool stops managing them and leaves them as they are. */
  readonly released: readonly (RecordKey & { readonly note?: string })[];
  /** Listed in both, with a different list of references. */
  readonly changed: readonly RecordKey[];
}

function refsOf(record: DesiredRecord): string {
  return record.territories
    .map((t) => `${t.ref.kind}:${t.ref.value}`)
    .sort()
    .join('\n');
}

export function compareDesired(before: DesiredState, after: DesiredState): DesiredChanges {
  const old = new Map(before.records.map((r) => [keyOf(r), r]));
  const now = new Map(after.records.map((r) => [keyOf(r), r]));
  const added: RecordKey[] = [];
  const changed: RecordKey[] = [];
  for (const [key, record] of now) {
    const previous = old.get(key);
    if (previous === undefined) added.push({ module: record.module, id: record.id });
    else if (refsOf(previous) !== refsOf(record))
      changed.push({ module: record.module, id: record.id });
  }
  const released = [...old]
    .filter(([key]) => !now.has(key))
    .map(([, r]) => ({
      module: r.module,
      id: r.id,
      ...(r.note === undefined ? {} : { note: r.note }),
    }));
  return {
    added: added.sort(compareRecordKeys),
    released: released.sort(compareRecordKeys),
    changed: changed.sort(compareRecordKeys),
  };
}

// Did the job do what territories.yaml asks? Compares the emulator's records with the fixture's
// desired territories, so a scenario that finishes fast but wrong is reported as wrong.
import type { EmulatorStateSnapshot } from '../src/emulator/index.js';
import type { DesiredEntry } from './org-fixture.js';

/** Listed records whose territories differ from the desired ones (missing records count). */
export function countMismatches(
  state: EmulatorStateSnapshot,
  desired: readonly DesiredEntry[],
): number {
  const actual = new Map<string, ReadonlySet<string>>();
  for (const module of ['Accounts', 'Contacts', 'Deals'] as const) {
    for (const record of state.records[module]) {
      actual.set(`${module}:${record.id}`, new Set(record.territories.map((t) => t.id)));
    }
  }
  let mismatches = 0;
  for (const entry of desired) {
    const held = actual.get(`${entry.module}:${entry.id}`);
    const same =
      held !== undefined &&
      held.size === entry.territoryIds.length &&
      entry.territoryIds.every((id) => held.has(id));
    if (!same) mismatches += 1;
  }
  return mismatches;
}

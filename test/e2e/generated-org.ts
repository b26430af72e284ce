// Generated orgs for end-to-end tests that need many records.
import { generateOrg, generatedRecordId, generatedTerritoryId } from '../../src/emulator/index.js';
import type { EmulatorSeed } from '../../src/emulator/index.js';

/**
 * n Accounts with no territories, and a YAML giving each one territory (by id): every record
 * gains, nothing is removed, so the whole apply is one wave of ⌈n/10⌉ assign calls.
 */
export function accountsToAssign(
  n: number,
  territories = 20,
): { seed: EmulatorSeed; yaml: string } {
  const seed = generateOrg({ territories, records: { Accounts: n }, maxTerritoriesPerRecord: 0 });
  const lines = ['version: 1', 'records:', '  Accounts:'];
  for (let i = 0; i < n; i += 1) {
    const territory = generatedTerritoryId(1 + (i % (territories - 1)));
    lines.push(`    "${generatedRecordId('Accounts', i)}": ["${territory}"]`);
  }
  return { seed, yaml: `${lines.join('\n')}\n` };
}

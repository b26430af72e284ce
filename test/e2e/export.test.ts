// The acceptance of `export`: against a live (emulated) org, export -> plan shows "No changes".
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateOrg, generatedRecordId } from '../../src/emulator/index.js';
import type { SeedRecord } from '../../src/emulator/index.js';
import { startTestOrg } from '../helpers/org.js';
import type { TestOrg } from '../helpers/org.js';
import { runCli } from '../helpers/run-cli.js';
import { smallOrg } from './small-org.js';

let org: TestOrg | undefined;
afterEach(async () => {
  await org?.close();
  org = undefined;
});

/** Records with a manually assigned territory (generateOrg writes those as plain ids). */
function countManual(records: readonly SeedRecord[] | undefined): number {
  return (records ?? []).filter((r) => (r.territories ?? []).some((t) => typeof t === 'string'))
    .length;
}

async function setUp(seed: Parameters<typeof startTestOrg>[0]) {
  org = await startTestOrg(seed);
  const o = org;
  const cli = (argv: readonly string[]) => runCli(argv, { cwd: o.dir, env: o.env });
  return { org: o, cli };
}

describe('territory-sync export', () => {
  it('exports 2,500 Accounts past the 2,000-record page limit, and plan reads them back unchanged', async () => {
    const seed = generateOrg({ records: { Accounts: 2_500, Contacts: 300, Deals: 200 }, seed: 3 });
    const { org, cli } = await setUp({ seed });

    const exported = await cli(['export', '--out', 'territories.yaml']);
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    expect(exported.stdout).toMatch(
      /^Exported [\d,]+ records \(Accounts [\d,]+, Contacts [\d,]+, Deals [\d,]+\)/,
    );
    // page/per_page stop at 2,000 records: the rest came through page_token.
    const stats = org.emulator.stats();
    expect(stats.writeCalls).toBe(0);
    expect(stats.byRoute['GET /crm/v7/{module}']).toBeGreaterThanOrEqual(13 + 2 + 1);

    const text = await readFile(path.join(org.dir, 'territories.yaml'), 'utf8');
    expect(text.split('\n')[0]).toBe(
      '# yaml-language-server: $schema=./schemas/territories.schema.json',
    );
    expect(text).toContain('\nterritories:\n');
    const manual = (seed.records?.Accounts ?? []).filter((r) => countManual([r]) === 1);
    // Records beyond the 2,000th are in the file, and every one with a manual territory is.
    const beyond = manual.filter(
      (r) => BigInt(r.id) >= BigInt(generatedRecordId('Accounts', 2_000)),
    );
    expect(beyond.length).toBeGreaterThan(300);
    for (const record of beyond) expect(text).toContain(`\n    "${record.id}": `);
    expect(text.match(/^ {4}"\d+": /gm)?.length).toBe(
      manual.length + countManual(seed.records?.Contacts) + countManual(seed.records?.Deals),
    );

    const plan = await cli(['plan', '--detailed-exitcode']);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('No changes');
  });

  it('writes to stdout, one module when asked, with rule-assigned territories as comments', async () => {
    const { org, cli } = await setUp({ seed: smallOrg() });
    const exported = await cli(['export', '--module', 'Accounts']);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain('version: 1');
    expect(exported.stdout).toContain(
      '"554023000003600001": { territories: [East], note: Acme Corp }',
    );
    // Initech's only territory comes from rules: not listed, so never managed.
    expect(exported.stdout).not.toContain('554023000003600003');
    expect(exported.stdout).not.toContain('Contacts');
    expect(exported.stderr).toContain('Exported 1 record (Accounts 1)');
    expect(exported.stderr).toContain('Left out 2 records without manually assigned territories');
    expect(org.emulator.stats().writeCalls).toBe(0);
  });

  it("refuses Leads with Zoho's reason before calling the CRM", async () => {
    const { org, cli } = await setUp({ seed: smallOrg() });
    const exported = await cli(['export', '--module', 'Leads']);
    expect(exported.code).toBe(1);
    expect(exported.stderr).toContain('TERRITORY_NOT_ENABLED');
    expect(org.emulator.stats().calls).toBe(0);
  });
});

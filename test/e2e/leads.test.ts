// Leads are opt-in: Zoho assigns Lead territories through the API only where Zoho support has
// enabled it for the org. With `modules: { Leads: true }` they are validated, planned, applied,
// exported and verified like Accounts; without it the Leads section is refused, located, with
// how to opt in. Both settings of the emulator's per-org switch are driven through the CLI.
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_SEED } from '../../src/emulator/index.js';
import { startOrgWith } from '../helpers/org.js';
import type { TestOrg } from '../helpers/org.js';

let org: TestOrg | undefined;
afterEach(async () => {
  await org?.close();
  org = undefined;
});

const EMMA = '554023000003640004'; // no territories
const JOHN = '554023000003640001'; // US East, by rules
const OPT_IN = JSON.stringify({ modules: { Leads: true } });

const LEADS_YAML = [
  'version: 1',
  'records:',
  '  Accounts:',
  '    "554023000003635004": [DACH]',
  '  Leads:',
  `    "${EMMA}": [DACH, France]`,
  `    "${JOHN}": [US East, Nordics]`,
  '',
].join('\n');

async function orgWith(options: { enabled: boolean; optIn: boolean; yaml?: string }) {
  const started = await startOrgWith(options.yaml ?? LEADS_YAML, {
    seed: { ...DEMO_SEED, org: { ...DEMO_SEED.org, leadAssignmentEnabled: options.enabled } },
  });
  org = started.org;
  if (options.optIn) await started.org.write('territory-sync.config.json', OPT_IN);
  return started;
}

describe('Leads without `modules: { Leads: true }`', () => {
  it('refuses the Leads section, located, says how to opt in, and calls nothing', async () => {
    const { org, cli } = await orgWith({ enabled: true, optIn: false });
    for (const command of [['validate'], ['plan']]) {
      const result = await cli(command);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('territories.yaml:5:3');
      expect(result.stderr).toContain('MODULE_NOT_ENABLED');
      expect(result.stderr).toContain(
        'set `modules: { Leads: true }` in your territory-sync config',
      );
      expect(result.stderr).toContain('territory-sync doctor');
    }
    expect(org.emulator.stats().calls).toBe(0);
  });

  it('refuses `export --module Leads` before any call', async () => {
    const { org, cli } = await orgWith({ enabled: true, optIn: false });
    const result = await cli(['export', '--module', 'leads']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Leads are not managed in this configuration');
    expect(result.stderr).toContain('modules: { Leads: true }');
    expect(org.emulator.stats().calls).toBe(0);
  });

  it('doctor reports whether the org would accept Leads, as information', async () => {
    for (const enabled of [true, false]) {
      const { cli } = await orgWith({ enabled, optIn: false });
      const result = await cli(['doctor']);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(
        enabled
          ? /^\[info\] Leads: assignment through the API \(A26\) - enabled: .*set `modules: \{ Leads: true \}`/m
          : /^\[info\] Leads: assignment through the API \(A26\) - not enabled \(TERRITORY_NOT_ENABLED\)/m,
      );
      await org?.close();
      org = undefined;
    }
  });

  it('refuses apply --expect-plan of a reviewed plan with Lead changes before reading the CRM', async () => {
    const { org, cli } = await orgWith({ enabled: true, optIn: true });
    expect((await cli(['plan', '--out', 'plan.json'])).code).toBe(0);
    await org.write('territory-sync.config.json', '{}');
    org.emulator.resetStats();
    const applied = await cli(['apply', '--expect-plan', 'plan.json', '--auto-approve']);
    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain('but this configuration does not manage Leads');
    expect(applied.stderr).not.toContain('the CRM or the YAML changed');
    expect(org.emulator.stats().calls).toBe(0);
  });

  it('refuses a saved plan with Lead changes, before any write', async () => {
    const { org, cli } = await orgWith({ enabled: true, optIn: true });
    expect((await cli(['plan', '--out', 'plan.json'])).code).toBe(0);
    await org.write('territory-sync.config.json', '{}');
    const writesBefore = org.emulator.stats().writeCalls;
    const applied = await cli(['apply', 'plan.json', '--auto-approve']);
    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain(
      'plan.json changes 2 Leads records, but this configuration does not manage Leads',
    );
    expect(applied.stderr).toContain('Nothing was written.');
    expect(org.emulator.stats().writeCalls).toBe(writesBefore);
  });
});

describe('Leads with `modules: { Leads: true }`', () => {
  it('plans, applies and verifies Leads like Accounts where Zoho enabled them', async () => {
    const { org, cli } = await orgWith({ enabled: true, optIn: true });
    const validated = await cli(['validate']);
    expect(validated.stdout).toContain('3 records (1 Accounts, 0 Contacts, 0 Deals, 2 Leads)');
    expect(validated.stdout).toContain('at most 10 territories per Account/Contact/Lead');

    const planned = await cli(['plan', '--out', 'plan.json']);
    expect(planned.code).toBe(0);
    expect(planned.stdout).toContain('Leads');
    expect(planned.stdout).toContain(EMMA);

    const applied = await cli(['apply', 'plan.json']);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    const leads = org.emulator.state().records.Leads ?? [];
    const territoriesOf = (id: string) =>
      (leads.find((r) => r.id === id)?.territories ?? []).map((t) =>
        typeof t === 'string' ? t : t.id,
      );
    // DACH and France; US East (kept by rules) and Nordics.
    expect(territoriesOf(EMMA).sort()).toEqual(['554023000000430423', '554023000000430429']);
    expect(territoriesOf(JOHN)).toHaveLength(2);

    const again = await cli(['plan', '--detailed-exitcode']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('No changes');
  });

  it('counts rule-assigned territories against the limit of 10 per Lead', async () => {
    const ten = ['DACH', 'France', 'Nordics', 'UK & Ireland', 'ANZ', 'Japan', 'India', 'Canada'];
    const yaml = [
      'version: 1',
      'records:',
      '  Leads:',
      // 9 listed plus US East by rules: 10, allowed; Partners makes 11.
      `    "${JOHN}": [${[...ten, 'LATAM', 'Partners'].map((t) => JSON.stringify(t)).join(', ')}]`,
      '',
    ].join('\n');
    const { org, cli } = await orgWith({ enabled: true, optIn: true, yaml });
    const planned = await cli(['plan']);
    expect(planned.code).toBe(1);
    expect(planned.stderr).toMatch(
      /territories\.yaml:4:5: error TOO_MANY_TERRITORIES: Leads "John Doe" \(554023000003640001\) would carry 11 territories, counting "US East" assigned by territory rules/,
    );
    expect(org.emulator.stats().writeCalls).toBe(0);
  });

  it('exports Leads with the other modules, and the export plans as no changes', async () => {
    const { cli } = await orgWith({ enabled: true, optIn: true });
    expect((await cli(['apply', '--auto-approve'])).code).toBe(0);
    const exported = await cli(['export', '--out', 'exported.yaml']);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toMatch(/Exported \d+ records \(.*Leads \d+\)/);
    const planned = await cli(['plan', 'exported.yaml', '--detailed-exitcode']);
    expect(planned.stderr).toBe('');
    expect(planned.code).toBe(0);
  });

  it('where Zoho did not enable Leads: apply stops at the first Lead call with what to ask Zoho for, doctor fails', async () => {
    const { org, cli } = await orgWith({ enabled: false, optIn: true });
    // One record per call, one call at a time: after the first refused Lead call none is sent.
    await org.write(
      'territory-sync.config.json',
      JSON.stringify({ modules: { Leads: true }, batchSize: 1, concurrency: 1 }),
    );
    const applied = await cli(['apply', '--auto-approve']);
    expect(applied.code).toBe(4);
    const said = applied.stdout + applied.stderr;
    expect(said).toContain('Zoho answered 403 TERRITORY_NOT_ENABLED');
    expect(said).not.toContain('no answer from Zoho');
    expect(said).toContain('Apply stopped early (FEATURE_NOT_ENABLED)');
    // The Account's call, then one Lead call: the second Lead is not sent.
    expect(org.emulator.stats().writeCalls).toBe(2);
    expect(said).toContain(
      'Ask Zoho support to enable assigning territories to Leads through the API for this org',
    );
    const doctor = await cli(['doctor']);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toMatch(
      /^\[fail\] Leads: assignment through the API \(A26\) - not enabled \(TERRITORY_NOT_ENABLED\), but the config manages Leads/m,
    );
  });

  it('doctor does not probe where the probe ids exist in the org, and changes nothing', async () => {
    const started = await startOrgWith(LEADS_YAML, {
      seed: {
        ...DEMO_SEED,
        org: { ...DEMO_SEED.org, leadAssignmentEnabled: true },
        records: {
          ...DEMO_SEED.records,
          Leads: [
            ...(DEMO_SEED.records?.Leads ?? []),
            { id: '999999999999999999', name: 'Probe Lead' },
          ],
        },
      },
    });
    org = started.org;
    const before = org.emulator.state();
    const result = await started.cli(['doctor']);
    expect(result.stdout).toMatch(
      /^\[skip\] Leads: assignment through the API \(A26\) - not probed: the probe's record or territory id exists/m,
    );
    expect(org.emulator.stats().writeCalls).toBe(0);
    expect(org.emulator.state()).toEqual(before);
  });
});

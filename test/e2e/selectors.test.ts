// Selectors end to end (issue #17, docs/SELECTORS.md): a selector over 5,000 emulator Accounts
// plans, applies and converges through the CLI over HTTP; a record edited in the CRM to stop
// matching loses only the selector's territory; an explicit entry wins; limits name every
// selector; bad criteria are located; reads stay at the minimum.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import {
  generateOrg,
  generatedRecordId,
  generatedTerritoryId,
  readSeedFile,
} from '../../src/emulator/index.js';
import type { EmulatorSeed } from '../../src/emulator/index.js';
import { startOrgWith } from '../helpers/org.js';
import type { TestOrg } from '../helpers/org.js';

let org: TestOrg | undefined;
afterEach(async () => {
  await org?.close();
  org = undefined;
});

const N = 5_000;
const COUNTRIES = ['Germany', 'Austria', 'Switzerland', 'France', 'Italy', 'Spain'] as const;
const DACH = new Set<string>(['Germany', 'Austria', 'Switzerland']);
const country = (i: number): string => COUNTRIES[i % COUNTRIES.length] as string;
const employees = (i: number): number => (i * 37) % 1000;
const T1 = generatedTerritoryId(1);
const T2 = generatedTerritoryId(2);
const T3 = generatedTerritoryId(3);

/** N Accounts with no territories, a billing country and a head count each. */
function selectorSeed(): EmulatorSeed {
  const seed = generateOrg({
    territories: 20,
    records: { Accounts: N },
    maxTerritoriesPerRecord: 0,
  });
  const accounts = (seed.records?.Accounts ?? []).map((record, i) => ({
    ...record,
    fields: { ...record.fields, Billing_Country: country(i), Employees: employees(i) },
  }));
  return { ...seed, records: { ...seed.records, Accounts: accounts } };
}

/** The indexes the selector matches, computed from the seed as Zoho would. */
const matching = Array.from({ length: N }, (_, i) => i).filter(
  (i) => DACH.has(country(i)) && employees(i) > 500,
);

const SELECTOR_YAML = `version: 1
selectors:
  Accounts:
    - name: dach-enterprise
      where: "Billing_Country in ('Germany', 'Austria', 'Switzerland') and Employees > 500"
      territories: ["${T1}"]
`;

async function setUp(yaml: string) {
  const started = await startOrgWith(yaml, { seed: selectorSeed() });
  org = started.org;
  return started;
}

function territoriesOf(o: TestOrg, id: string): string[] {
  const record = o.emulator.state().records.Accounts?.find((r) => r.id === id);
  return (record?.territories ?? []).map((t) => t.id).sort();
}

async function editRecord(o: TestOrg, id: string, body: unknown): Promise<void> {
  const response = await fetch(`${o.emulator.url}/__emulator/records/Accounts/${id}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
}

describe('a selector over 5,000 Accounts', () => {
  it('plans at the minimum reads, applies, converges, and takes back only what it gave', async () => {
    const { org, cli } = await setUp(SELECTOR_YAML);
    const m = matching.length;
    expect(m).toBeGreaterThan(1000);

    org.emulator.resetStats();
    const plan = await cli(['plan', '--detailed-exitcode']);
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain(`Plan: ${m.toLocaleString('en-US')} to assign, 0 to remove`);
    expect(plan.stdout).toContain('(selector dach-enterprise)');
    expect(plan.stdout).toContain(
      `Accounts dach-enterprise: manages ${m.toLocaleString('en-US')} records (no ledger: first apply)`,
    );
    expect(plan.stdout).toContain('SELECTOR_LEDGER_MISSING');
    // Reads at the minimum: one COQL call per 2,000 matches, one Get Records call per 100.
    const stats = org.emulator.stats();
    expect(stats.coqlCalls).toBe(Math.ceil(m / 2000));
    expect(stats.byRoute['GET /crm/v7/{module}']).toBe(Math.ceil(m / 100));
    expect(stats.writeCalls).toBe(0);

    const apply = await cli(['apply', '--auto-approve']);
    expect(apply.stderr).toBe('');
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain(
      `Apply complete: ${m.toLocaleString('en-US')} records converged`,
    );
    expect(apply.stdout).toContain(
      `Selectors' ledger .territory-sync/ledger.json: ${m.toLocaleString('en-US')} records updated`,
    );
    for (const i of matching.slice(0, 50)) {
      expect(territoriesOf(org, generatedRecordId('Accounts', i))).toEqual([T1]);
    }
    const ledger = JSON.parse(
      await readFile(path.join(org.dir, '.territory-sync/ledger.json'), 'utf8'),
    ) as { records: unknown[] };
    expect(ledger.records).toHaveLength(m);

    const converged = await cli(['plan', '--detailed-exitcode']);
    expect(converged.code).toBe(0);
    expect(converged.stdout).toContain('No changes');
    expect(converged.stdout).toContain(
      `(last apply ${m.toLocaleString('en-US')}: 0 new, 0 no longer)`,
    );

    // Someone moves one matched Account to France, and gives it T2 by hand: it stops matching
    // and loses T1, the selector's gift, and only that.
    const moved = generatedRecordId('Accounts', matching[0] as number);
    await editRecord(org, moved, {
      fields: { Billing_Country: 'France' },
      territories: [T1, T2],
    });
    // Another was given T1 by hand before any selector existed: never the selector's to take.
    const unmatched = Array.from({ length: N }, (_, i) => i).find((i) => !matching.includes(i));
    const byHand = generatedRecordId('Accounts', unmatched as number);
    await editRecord(org, byHand, { territories: [T1] });

    const drift = await cli(['plan', '--detailed-exitcode']);
    expect(drift.code).toBe(2);
    expect(drift.stdout).toContain('Plan: 0 to assign, 1 to remove, across 1 record');
    expect(drift.stdout).toMatch(/given by selector dach-enterprise, which no longer matches/);
    expect(drift.stdout).toContain(moved);
    expect(drift.stdout).not.toContain(byHand);
    expect(drift.stdout).toContain('1 no longer');
    // What the drift run reports: which records stopped matching.
    expect(drift.stdout).toContain(`no longer matching: ${moved}`);
    const markdown = await cli(['plan', '--format', 'markdown']);
    expect(markdown.stdout).toContain(`  - no longer matching: ${moved}`);

    expect((await cli(['apply', '--auto-approve'])).code).toBe(0);
    expect(territoriesOf(org, moved)).toEqual([T2]);
    expect(territoriesOf(org, byHand)).toEqual([T1]);
    expect((await cli(['plan', '--detailed-exitcode'])).code).toBe(0);
  }, 240_000);
});

describe('selectors with explicit entries, unions and limits', () => {
  it('lets an explicit entry win and names the selectors it overrides', async () => {
    const first = generatedRecordId('Accounts', matching[0] as number);
    const { cli } = await setUp(
      `${SELECTOR_YAML}records:\n  Accounts:\n    "${first}": ["${T2}"]\n`,
    );
    const plan = await cli(['plan']);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain(`(explicit entry; overrides selector dach-enterprise)`);
    expect(plan.stdout).toContain('1 listed explicitly');
    const block = plan.stdout.slice(plan.stdout.indexOf(first));
    expect(block.split('\n').slice(0, 2).join('\n')).toContain(`+ `);
    expect(block.split('\n')[1]).not.toContain('selector');
  }, 120_000);

  it('gives a record matched by two selectors the union, with both named', async () => {
    const { cli } = await setUp(`${SELECTOR_YAML}    - name: germany
      where: "Billing_Country = 'Germany'"
      territories: ["${T1}", "${T3}"]
`);
    const plan = await cli(['plan']);
    expect(plan.stderr).toBe('');
    expect(plan.stdout).toMatch(/\(selectors dach-enterprise, germany\)/);
    expect(plan.stdout).toMatch(/\(selector germany\)/);
  }, 120_000);

  it('refuses a union past the limit, naming every selector and its line, and writes nothing', async () => {
    const many = Array.from({ length: 6 }, (_, i) => `"${generatedTerritoryId(4 + i)}"`).join(', ');
    const more = Array.from({ length: 5 }, (_, i) => `"${generatedTerritoryId(10 + i)}"`).join(
      ', ',
    );
    const { org, cli } = await setUp(`version: 1
selectors:
  Accounts:
    - name: wide-a
      where: "Billing_Country = 'Germany'"
      territories: [${many}]
    - name: wide-b
      where: "Employees > 900"
      territories: [${more}]
`);
    const apply = await cli(['apply', '--auto-approve']);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain('TOO_MANY_TERRITORIES');
    expect(apply.stderr).toContain('wide-a');
    expect(apply.stderr).toContain('wide-b');
    expect(apply.stderr).toMatch(/territories\.yaml:4/);
    expect(org.emulator.stats().writeCalls).toBe(0);
  }, 120_000);

  it('locates bad criteria at their line and column, before any call', async () => {
    const { org, cli } = await setUp(`version: 1
selectors:
  Accounts:
    - name: broken
      where: "Billing_Country = 'Germany' and Employees >> 500"
      territories: ["${T1}"]
`);
    const validate = await cli(['validate']);
    expect(validate.code).toBe(1);
    expect(validate.stderr + validate.stdout).toMatch(/territories\.yaml:5:\d+/);
    expect(validate.stderr + validate.stdout).toContain('BAD_CRITERIA');
    const plan = await cli(['plan']);
    expect(plan.code).toBe(1);
    expect(org.emulator.stats().coqlCalls).toBe(0);
    expect(org.emulator.stats().writeCalls).toBe(0);
  }, 120_000);

  it('refuses a saved plan once the ledger moved, before any write', async () => {
    const { org, cli } = await setUp(SELECTOR_YAML);
    expect((await cli(['plan', '--out', 'plan.json'])).code).toBe(0);
    const saved = JSON.parse(await readFile(path.join(org.dir, 'plan.json'), 'utf8')) as {
      target: { apiDomain: string; orgId: string };
    };
    // A ledger of the same org appeared after the plan was made without one.
    await mkdir(path.join(org.dir, '.territory-sync'), { recursive: true });
    await writeFile(
      path.join(org.dir, '.territory-sync', 'ledger.json'),
      JSON.stringify({
        format: 'territory-sync/ledger',
        formatVersion: 1,
        target: { apiDomain: saved.target.apiDomain, orgId: saved.target.orgId },
        records: [],
      }),
    );
    org.emulator.resetStats();
    const apply = await cli(['apply', 'plan.json']);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain("plan.json was made from no selectors' ledger");
    expect(org.emulator.stats().writeCalls).toBe(0);
  }, 120_000);
});

describe("the README's selectors example", () => {
  it('plans as the README shows, against the shipped seed', async () => {
    const seed = await readSeedFile(
      fileURLToPath(new URL('../../examples/emulator/selectors-seed.json', import.meta.url)),
    );
    const yaml = await readFile(
      new URL('../../examples/selectors/territories.yaml', import.meta.url),
      'utf8',
    );
    const started = await startOrgWith(yaml, { seed });
    org = started.org;
    const plan = await started.cli(['plan']);
    expect(plan.code).toBe(0);
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    // Every line of the README's first plan, but the emulator's port, is what plan prints.
    const shown = readme
      .slice(readme.indexOf('$ territory-sync plan\nTarget:'))
      .split('\n')
      .slice(2, 17);
    for (const line of shown) expect(plan.stdout).toContain(line);
  }, 60_000);
});

describe('plan --base-ref with selectors', () => {
  it("counts a record that left records: for a selector as the selector's, not as released", async () => {
    const first = generatedRecordId('Accounts', matching[0] as number);
    const unmatched = generatedRecordId(
      'Accounts',
      Array.from({ length: N }, (_, i) => i).find((i) => !matching.includes(i)) as number,
    );
    const listed = `records:\n  Accounts:\n    "${first}": ["${T2}"]\n    "${unmatched}": ["${T2}"]\n`;
    const { org, cli } = await setUp(`${SELECTOR_YAML}${listed}`);
    const git = (...args: string[]) =>
      execa('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.invalid', ...args], {
        cwd: org.dir,
        env: { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
      });
    await git('init', '-q', '-b', 'main');
    await git('add', 'territories.yaml');
    await git('commit', '-q', '-m', 'base');
    // Both records leave records:; the selector matches the first one.
    await org.write('territories.yaml', SELECTOR_YAML);
    const plan = await cli(['plan', '--base-ref', 'main']);
    expect(plan.stderr).toBe('');
    expect(plan.stdout).toContain(
      'Since main: 0 records added, 0 lists changed, 1 record no longer managed, 1 record now managed by selectors.',
    );
    expect(plan.stdout).toContain(`Accounts ${unmatched}`);
    expect(plan.stdout).not.toContain(`  Accounts ${first}`);
  }, 120_000);
});

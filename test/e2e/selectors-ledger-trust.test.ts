// The selectors' ledger may only remember what this tool gave and Zoho confirmed (docs/SELECTORS.md
// §4): a resume, --no-wait and --expect-plan must never let a territory someone else gave pass
// for a selector's gift, nor lose the memory without review. Each case was found by trying to
// break it; CLI -> emulator over HTTP.
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_SEED, DEMO_TERRITORY } from '../../src/emulator/index.js';
import type { EmulatorSeed } from '../../src/emulator/index.js';
import { startOrgWith } from '../helpers/org.js';
import type { TestOrg } from '../helpers/org.js';

let org: TestOrg | undefined;
afterEach(async () => {
  await org?.close();
  org = undefined;
});

const SOYLENT = '554023000003635019';
const CYBERDYNE = '554023000003635020'; // locked in the demo seed: its writes fail
const IN_DACH = new Set([SOYLENT, CYBERDYNE, '554023000003635003']);

/** The demo org, its Accounts billed in Germany or France, 1,000 employees each. */
function seed(): EmulatorSeed {
  const accounts = (DEMO_SEED.records?.Accounts ?? []).map((record) => ({
    ...record,
    fields: {
      ...record.fields,
      Billing_Country: IN_DACH.has(record.id) ? 'Germany' : 'France',
      Employees: 1000,
    },
  }));
  return { ...DEMO_SEED, records: { ...DEMO_SEED.records, Accounts: accounts } };
}

const YAML = `version: 1
territories:
  dach: { path: Organization/EMEA/DACH }
  ent: { path: Organization/EMEA/Enterprise }
selectors:
  Accounts:
    - name: dach-enterprise
      where: "Billing_Country = 'Germany' and Employees > 500"
      territories: [dach, ent]
`;

async function setUp() {
  const started = await startOrgWith(YAML, { seed: seed() });
  org = started.org;
  // A locked record fails at once instead of after the retries' pauses.
  await started.org.write(
    'territory-sync.config.yaml',
    'recordRetries: { attempts: 0, delaySeconds: 0 }\n',
  );
  return started;
}

async function edit(o: TestOrg, id: string, body: unknown): Promise<void> {
  const response = await fetch(`${o.emulator.url}/__emulator/records/Accounts/${id}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
}

async function ledgerLine(o: TestOrg, id: string): Promise<string | undefined> {
  const text = await readFile(path.join(o.dir, '.territory-sync', 'ledger.json'), 'utf8');
  return text.split('\n').find((line) => line.includes(`"${id}"`));
}

async function journal(o: TestOrg): Promise<string> {
  const names = await readdir(path.join(o.dir, '.territory-sync'));
  const found = names.filter((name) => name.startsWith('journal-')).sort();
  return path.join('.territory-sync', found.at(-1) as string);
}

describe("the selectors' ledger only remembers what this tool gave", () => {
  it('a resume does not take a territory someone gave by hand for the selector gift', async () => {
    const { org, cli } = await setUp();
    const first = await cli(['apply', '--auto-approve']);
    expect(first.code).toBe(4); // Cyberdyne is locked
    expect(await ledgerLine(org, CYBERDYNE)).toBeUndefined();
    // An admin gives Cyberdyne Enterprise by hand and unlocks it: the journal's record now
    // looks "as planned", but not because of this tool.
    await edit(org, CYBERDYNE, {
      territories: [DEMO_TERRITORY.DACH, DEMO_TERRITORY.EMEAEnterprise],
      locked: false,
    });
    const resume = await cli(['apply', '--resume', await journal(org)]);
    expect(resume.code).toBe(0);
    expect((await ledgerLine(org, CYBERDYNE)) ?? '').not.toContain(DEMO_TERRITORY.EMEAEnterprise);
    // Moved to France: nothing the selector gave to take back, so nothing is removed.
    await edit(org, CYBERDYNE, { fields: { Billing_Country: 'France' } });
    const plan = await cli(['plan', '--detailed-exitcode']);
    expect(plan.stdout).not.toContain(CYBERDYNE + ')\n      -');
    expect(plan.code).toBe(0);
  }, 60_000);

  it('resuming an older journal over a ledger a later apply wrote is refused before any write', async () => {
    const { org, cli } = await setUp();
    expect((await cli(['apply', '--auto-approve'])).code).toBe(4);
    const old = await journal(org);
    // A later plan and apply move the ledger on (Soylent stops matching and loses DACH).
    await edit(org, SOYLENT, { fields: { Billing_Country: 'France' } });
    await edit(org, CYBERDYNE, { locked: false });
    expect((await cli(['apply', '--auto-approve'])).code).toBe(0);
    org.emulator.resetStats();
    const resume = await cli(['apply', '--resume', old]);
    expect(resume.code).toBe(1);
    expect(resume.stderr).toContain('written since by another apply');
    expect(org.emulator.stats().writeCalls).toBe(0);
    expect(await ledgerLine(org, SOYLENT)).toBeUndefined();
  }, 60_000);

  it('apply --no-wait refuses a plan with selectors instead of forgetting what it gives', async () => {
    const { org, cli } = await setUp();
    const apply = await cli(['apply', '--auto-approve', '--no-wait']);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain('--no-wait cannot record what selectors give');
    expect(org.emulator.stats().writeCalls).toBe(0);
  }, 60_000);

  it('apply --expect-plan refuses when the ledger the plan was reviewed with is gone', async () => {
    const { org, cli } = await setUp();
    await edit(org, CYBERDYNE, { locked: false });
    expect((await cli(['apply', '--auto-approve'])).code).toBe(0);
    // A change reviewed with the ledger in place ...
    await edit(org, SOYLENT, { fields: { Billing_Country: 'France' } });
    expect((await cli(['plan', '--out', 'reviewed.json'])).code).toBe(0);
    // ... then the ledger is lost before the merge's apply.
    await rm(path.join(org.dir, '.territory-sync', 'ledger.json'));
    org.emulator.resetStats();
    const apply = await cli(['apply', '--expect-plan', 'reviewed.json', '--auto-approve']);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain("the selectors' ledger: the reviewed plan was made from");
    expect(org.emulator.stats().writeCalls).toBe(0);
  }, 60_000);

  it('a plan with only ledger entries to record says so', async () => {
    const { org, cli } = await setUp();
    await edit(org, CYBERDYNE, { locked: false });
    // Every matched record already holds both territories: nothing to write to the CRM.
    for (const id of IN_DACH) {
      await edit(org, id, { territories: [DEMO_TERRITORY.DACH, DEMO_TERRITORY.EMEAEnterprise] });
    }
    const plan = await cli(['plan']);
    expect(plan.stdout).toContain('No changes');
    expect(plan.stdout).toContain(
      "Apply also records 3 records in the selectors' ledger (what they match and were given), with no change to the CRM.",
    );
  }, 60_000);
});

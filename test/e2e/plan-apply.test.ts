// The core loop end to end: CLI -> client -> emulator over HTTP on 127.0.0.1.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { desiredYaml, startOrgWith } from '../helpers/org.js';
import type { TestOrg } from '../helpers/org.js';
import { R, T, smallOrg } from './small-org.js';

let org: TestOrg | undefined;
afterEach(async () => {
  await org?.close();
  org = undefined;
});

async function setUp(yaml: string, seed = smallOrg()) {
  const started = await startOrgWith(yaml, { seed });
  org = started.org;
  return started;
}

function territoriesOf(o: TestOrg, module: string, id: string): string[] {
  const record = o.emulator.state().records[module as 'Accounts']?.find((r) => r.id === id);
  return (record?.territories ?? []).map((t) => t.id).sort();
}

describe('plan and apply against the emulator', () => {
  it('moves a Deal from West to East: remove wave, wait for the job, assign wave', async () => {
    const { org, cli } = await setUp(desiredYaml({ Deals: { [R.renewal]: ['East'] } }));
    const plan = await cli(['plan', '--detailed-exitcode']);
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('~ Big Renewal (554023000003600901)');
    expect(plan.stdout).toMatch(/- West\n\s+\+ East/);
    expect(plan.stdout).toContain('Plan: 1 to assign, 1 to remove, across 1 record');

    org.emulator.resetStats();
    const apply = await cli(['apply', '--auto-approve']);
    expect(apply.stderr).toBe('');
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('Apply complete: 1 record converged');
    expect(territoriesOf(org, 'Deals', R.renewal)).toEqual([T.east]);
    const stats = org.emulator.stats();
    expect(stats.writeCalls).toBe(2);
    // Zoho would have answered ALREADY_SCHEDULED or LIMIT_EXCEEDED had we not waited.
    expect(stats.writeEntries.errors).toEqual({});

    const again = await cli(['plan', '--detailed-exitcode']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('No changes');
  });

  it('keeps a rule-assigned territory, warns about it, and never tries to remove it', async () => {
    const { org, cli } = await setUp(desiredYaml({ Accounts: { [R.initech]: ['Partners'] } }));
    const apply = await cli(['apply', '--auto-approve']);
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('KEPT_BY_RULES');
    expect(apply.stdout).toContain('+ Partners');
    expect(territoriesOf(org, 'Accounts', R.initech)).toEqual([T.dach, T.partners].sort());
    expect(org.emulator.stats().writeEntries.errors).toEqual({});
  });

  it('applies a saved plan exactly, and refuses it once a touched record moved', async () => {
    const { org, cli } = await setUp(
      desiredYaml({ Accounts: { [R.acme]: ['East', 'DACH'], [R.globex]: ['West'] } }),
    );
    expect((await cli(['plan', '--out', 'plan.json'])).code).toBe(0);
    const saved = JSON.parse(await readFile(path.join(org.dir, 'plan.json'), 'utf8')) as {
      changes: unknown[];
    };
    expect(saved.changes).toHaveLength(2);

    // Someone edits Globex in the CRM after the plan was reviewed.
    const response = await fetch(`${org.emulator.url}/__emulator/records/Accounts/${R.globex}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ territories: [T.partners] }),
    });
    expect(response.ok).toBe(true);
    org.emulator.resetStats();
    const stale = await cli(['apply', 'plan.json']);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('plan.json is stale: 1 record has changed');
    expect(stale.stderr).toContain('Globex (554023000003600002): (none) -> Partners');
    expect(org.emulator.stats().writeCalls).toBe(0);

    // A fresh plan of the same YAML applies cleanly.
    expect((await cli(['plan', '--out', 'plan.json'])).code).toBe(0);
    const applied = await cli(['apply', 'plan.json']);
    expect(applied.code).toBe(0);
    expect(territoriesOf(org, 'Accounts', R.globex)).toEqual([T.west]);
  });

  it('refuses a saved plan that was edited after it was made', async () => {
    const { org, cli } = await setUp(desiredYaml({ Accounts: { [R.globex]: ['West'] } }));
    await cli(['plan', '--out', 'plan.json']);
    const file = path.join(org.dir, 'plan.json');
    const text = await readFile(file, 'utf8');
    await org.write('plan.json', text.replace(T.west, T.east));
    org.emulator.resetStats();
    const result = await cli(['apply', 'plan.json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('does not match its planHash');
    expect(org.emulator.stats().calls).toBe(0);
  });

  it('a permanently locked record ends in exit 4, named with its reason; the rest converge', async () => {
    const { org, cli } = await setUp(
      desiredYaml({ Accounts: { [R.acme]: ['East', 'West'], [R.globex]: ['West'] } }),
      smallOrg({ locked: [R.acme] }),
    );
    await org.write(
      'territory-sync.config.json',
      JSON.stringify({ recordRetries: { attempts: 2, delaySeconds: 0.05 } }),
    );
    const apply = await cli(['apply', '--auto-approve']);
    expect(apply.code).toBe(4);
    expect(apply.stdout).toMatch(
      /FAILED\s+Accounts Acme Corp \(554023000003600001\) — RECORD_LOCKED/,
    );
    expect(apply.stdout).toContain('Apply finished partially: 1 of 2 records converged, 1 failed');
    expect(territoriesOf(org, 'Accounts', R.globex)).toEqual([T.west]);
  });

  it('mass removal over the threshold: plan shown, exit 3, zero writes; passes with --allow-mass-removal', async () => {
    const { org, cli } = await setUp(
      desiredYaml({
        Accounts: { [R.acme]: [] },
        Contacts: { [R.anna]: [] },
        Deals: { [R.renewal]: [] },
      }),
    );
    await org.write(
      'territory-sync.config.json',
      JSON.stringify({ safety: { maxRemovals: 2, maxRemovalRatio: 0 } }),
    );
    org.emulator.resetStats();
    const refused = await cli(['apply', '--auto-approve']);
    expect(refused.code).toBe(3);
    expect(refused.stdout).toContain('Plan: 0 to assign, 3 to remove');
    expect(refused.stderr).toContain(
      'Error: Refused: 3 removals exceed the safety threshold of 2 by 1',
    );
    // The advice once, in the hint; one full stop.
    expect(refused.stderr.match(/--allow-mass-removal/g)).toHaveLength(1);
    expect(refused.stderr).not.toContain('..');
    expect(org.emulator.stats().writeCalls).toBe(0);

    const allowed = await cli(['apply', '--auto-approve', '--allow-mass-removal']);
    expect(allowed.code).toBe(0);
    expect(territoriesOf(org, 'Deals', R.renewal)).toEqual([]);
  });

  it('needs --auto-approve without a terminal, says so before reading anything', async () => {
    const { org, cli } = await setUp(desiredYaml({ Accounts: { [R.globex]: ['West'] } }));
    org.emulator.resetStats();
    const result = await cli(['apply']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('apply needs --auto-approve');
    expect(result.stderr).toContain('territory-sync plan --out plan.json');
    expect(org.emulator.stats().calls).toBe(0);
  });

  it('names a record that does not exist at its YAML line, and an unknown territory with suggestions', async () => {
    const { org, cli } = await setUp(
      desiredYaml({ Accounts: { [R.acme]: ['Eats'], '554023000003699999': ['West'] } }),
    );
    org.emulator.resetStats();
    const result = await cli(['plan']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/territories\.yaml:5:5: error RECORD_NOT_FOUND/);
    expect(result.stderr).toMatch(/territories\.yaml:4:28: error UNKNOWN_TERRITORY: .*"Eats"/);
    expect(result.stderr).toContain('East');
    expect(org.emulator.stats().writeCalls).toBe(0);
  });
});

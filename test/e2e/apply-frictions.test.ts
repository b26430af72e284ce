// Issue #12, end to end against the emulator on 127.0.0.1: --no-wait exits 0 when Zoho took
// everything, counted words agree with their numbers, old journals do not pile up, a stale
// plan's lists read in one order, and --allow-mass-removal is not told apply will refuse.
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JOURNAL_FORMAT, JOURNAL_FORMAT_VERSION } from '../../src/apply/journal-entry.js';
import { runCli } from '../helpers/run-cli.js';
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

async function setTerritories(o: TestOrg, module: string, id: string, territories: string[]) {
  const response = await fetch(`${o.emulator.url}/__emulator/records/${module}/${id}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ territories }),
  });
  expect(response.ok).toBe(true);
}

interface ReportJson {
  verified: boolean;
  summary: Record<string, number>;
  scheduledNotVerified?: number;
  records: { id: string; status: string; notWaitedFor?: boolean }[];
}

describe('apply --no-wait', () => {
  it('exits 0 when Zoho scheduled every record, says so, and keeps the JSON report honest', async () => {
    const { org, cli } = await setUp(
      desiredYaml({ Accounts: { [R.acme]: ['East', 'DACH'], [R.globex]: ['West'] } }),
    );
    const apply = await cli(['apply', '--auto-approve', '--no-wait', '--report', 'r.json']);
    expect(apply.stderr).toBe('');
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain(
      'Apply sent: 2 records scheduled in Zoho, not verified (--no-wait). Run `territory-sync plan` later to confirm.',
    );
    expect(apply.stdout).not.toContain('finished partially');
    expect(apply.stdout).not.toContain('PENDING');
    const report = JSON.parse(await readFile(path.join(org.dir, 'r.json'), 'utf8')) as ReportJson;
    expect(report.verified).toBe(false);
    expect(report.summary).toEqual({ converged: 0, failed: 0, pending: 2, skipped: 0 });
    expect(report.scheduledNotVerified).toBe(2);
    expect(report.records.map((r) => [r.status, r.notWaitedFor])).toEqual([
      ['pending', true],
      ['pending', true],
    ]);

    await org.emulator.waitForIdle();
    const later = await cli(['plan', '--detailed-exitcode']);
    expect(later.code).toBe(0);
  });

  it('still exits 4 when Zoho refused a record, naming it', async () => {
    const { org, cli } = await setUp(
      desiredYaml({ Accounts: { [R.acme]: ['East', 'West'], [R.globex]: ['West'] } }),
      smallOrg({ locked: [R.acme] }),
    );
    await org.write(
      'territory-sync.config.json',
      JSON.stringify({ recordRetries: { attempts: 0, delaySeconds: 0 } }),
    );
    const apply = await cli(['apply', '--auto-approve', '--no-wait']);
    expect(apply.code).toBe(4);
    expect(apply.stdout).toMatch(
      /FAILED\s+Accounts Acme Corp \(554023000003600001\) — RECORD_LOCKED/,
    );
    expect(apply.stdout).toContain(
      'Apply finished partially: 1 of 2 records scheduled in Zoho, not verified (--no-wait), 1 failed.',
    );
  });
});

describe("apply's counted words", () => {
  it('one record: "1 record", "1 job", never "1 records" or "1 jobs"', async () => {
    const { cli } = await setUp(desiredYaml({ Deals: { [R.renewal]: ['East'] } }));
    const apply = await cli(['apply', '--auto-approve']);
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('wave 1 of 2: 1 record\n');
    expect(apply.stdout).toContain('waiting for 1 job\n');
    expect(apply.stdout).toContain('verifying 1 record\n');
    expect(apply.stdout).toContain('Apply complete: 1 record converged');
    expect(apply.stdout).not.toMatch(/\b1 (records|jobs)\b/);
  });
});

describe('old journals', () => {
  const start = (planHash: string) =>
    JSON.stringify({
      type: 'start',
      format: JOURNAL_FORMAT,
      formatVersion: JOURNAL_FORMAT_VERSION,
      at: '2025-01-01T00:00:00.000Z',
      planHash,
      plan: {},
    });
  const finish = (at: string, pending = 0) =>
    JSON.stringify({
      type: 'finish',
      at,
      verified: true,
      summary: { converged: 1 - pending, failed: 0, pending, skipped: 0 },
      records: [],
    });
  const old = (n: number) => `journal-${String(n).padStart(12, '0')}.jsonl`;

  async function seedJournals(dir: string): Promise<void> {
    const folder = path.join(dir, '.territory-sync');
    await mkdir(folder, { recursive: true });
    for (let n = 1; n <= 3; n += 1) {
      const at = `2025-01-0${n}T00:00:00.000Z`;
      await writeFile(path.join(folder, old(n)), `${start('0'.repeat(64))}\n${finish(at)}\n`);
    }
    // Not finished clean, and not a default journal's name: both stay whatever their age.
    await writeFile(
      path.join(folder, old(9)),
      `${start('0'.repeat(64))}\n${finish('2024-01-01T00:00:00.000Z', 1)}\n`,
    );
    await writeFile(
      path.join(folder, 'kept-by-hand.jsonl'),
      `${start('0'.repeat(64))}\n${finish('2024-01-01T00:00:00.000Z')}\n`,
    );
  }

  it('journalsKept: a new apply deletes clean journals beyond the newest N, nothing else', async () => {
    const { org, cli } = await setUp(desiredYaml({ Accounts: { [R.globex]: ['West'] } }));
    await org.write('territory-sync.config.json', JSON.stringify({ journalsKept: 2 }));
    await seedJournals(org.dir);
    const apply = await runCli(['apply', '--auto-approve', '--verbose'], {
      cwd: org.dir,
      env: org.env,
    });
    expect(apply.code).toBe(0);
    expect(apply.stderr).toContain(
      `Deleted 1 old journal of applies that finished clean (journalsKept: 2): ${old(1)}`,
    );
    const files = (await readdir(path.join(org.dir, '.territory-sync'))).sort();
    const mine = files.filter((f) => !f.startsWith('journal-0000') && f !== 'kept-by-hand.jsonl');
    expect(mine).toHaveLength(1);
    expect(files).toEqual([old(2), old(3), old(9), 'kept-by-hand.jsonl', ...mine].sort());
    // The next apply counts this one among the newest: 2025's old(2) goes.
    await setTerritories(org, 'Accounts', R.globex, []);
    expect((await cli(['apply', '--auto-approve'])).code).toBe(0);
    const after = await readdir(path.join(org.dir, '.territory-sync'));
    expect(after).not.toContain(old(2));
    expect(after).toContain(old(9));
    expect(after).toContain('kept-by-hand.jsonl');
  });

  it('the default keeps 20; --journal FILE deletes nothing in the default folder', async () => {
    const { org, cli } = await setUp(desiredYaml({ Accounts: { [R.globex]: ['West'] } }));
    await seedJournals(org.dir);
    await org.write('territory-sync.config.json', JSON.stringify({ journalsKept: 0 }));
    const before = (await readdir(path.join(org.dir, '.territory-sync'))).sort();
    expect((await cli(['apply', '--auto-approve', '--journal', 'mine.jsonl'])).code).toBe(0);
    expect((await readdir(path.join(org.dir, '.territory-sync'))).sort()).toEqual(before);

    await writeFile(path.join(org.dir, 'territory-sync.config.json'), '{}');
    await setTerritories(org, 'Accounts', R.globex, []);
    expect((await cli(['apply', '--auto-approve'])).code).toBe(0);
    const after = await readdir(path.join(org.dir, '.territory-sync'));
    expect(after).toEqual(expect.arrayContaining(before));
    expect(after).toHaveLength(before.length + 1);
  });

  it('journalsKept must be a whole number, 0 or more', async () => {
    const { org, cli } = await setUp(desiredYaml({ Accounts: { [R.globex]: ['West'] } }));
    await org.write('territory-sync.config.json', JSON.stringify({ journalsKept: -1 }));
    const result = await cli(['apply', '--auto-approve']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('/journalsKept');
    expect(org.emulator.stats().writeCalls).toBe(0);
  });
});

describe('messages before anything is written', () => {
  it('a stale plan lists each side territories in the same order', async () => {
    const { org, cli } = await setUp(desiredYaml({ Accounts: { [R.acme]: ['East', 'DACH'] } }));
    await setTerritories(org, 'Accounts', R.acme, [T.west, T.east]);
    expect((await cli(['plan', '--out', 'plan.json'])).code).toBe(0);
    await setTerritories(org, 'Accounts', R.acme, [T.west, T.partners, T.east]);
    const stale = await cli(['apply', 'plan.json']);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain(
      'Accounts Acme Corp (554023000003600001): East, West -> East, Partners, West',
    );
  });

  it('--allow-mass-removal: the plan shown does not say apply will refuse it', async () => {
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
    const refused = await cli(['apply', '--auto-approve']);
    expect(refused.code).toBe(3);
    expect(refused.stdout).toContain('Safety guard tripped: apply will refuse this plan.');

    const allowed = await cli(['apply', '--auto-approve', '--allow-mass-removal']);
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).not.toContain('apply will refuse');
    expect(allowed.stdout).toContain(
      'Safety guard tripped: applying anyway (--allow-mass-removal).',
    );
    expect(allowed.stdout).toContain('3 removals exceed the safety threshold of 2 by 1');
    expect(allowed.stdout).not.toContain('Re-run with --allow-mass-removal');
  });
});

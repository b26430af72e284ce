// The fault matrix, record side: what Zoho answers per record, jobs that take their time, and
// someone else writing at the same moment.
import { readdir } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { accountsToAssign } from '../e2e/generated-org.js';
import { R, T, smallOrg } from '../e2e/small-org.js';
import { DEMO_CREDENTIALS, desiredYaml } from '../helpers/org.js';
import { accessToken, expectNoDoubleWrites, startFaultOrg } from './fault-org.js';
import type { FaultOrg } from './fault-org.js';

let current: FaultOrg | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});

async function orgWith(...args: Parameters<typeof startFaultOrg>) {
  current = await startFaultOrg(...args);
  return current;
}

const GAINS = desiredYaml({
  Accounts: { [R.acme]: ['East', 'West'], [R.globex]: ['West'] },
  Contacts: { [R.anna]: ['DACH', 'Partners'] },
});

describe('fault matrix: records and jobs', () => {
  it('RECORD_LOCKED that clears: the locked records are sent again after a pause and converge', async () => {
    const o = await orgWith(GAINS, {
      seed: smallOrg(),
      // Every entry of the first write call answers RECORD_LOCKED; later calls go through.
      faults: { schedule: [{ kind: 'recordLocked', calls: [1] }] },
    });
    const apply = await o.cli(['apply', '--auto-approve', '--report', 'r.json']);
    expect(apply.code, apply.stdout + apply.stderr).toBe(0);
    const stats = o.emulator.stats();
    expect(stats.writeEntries.errors.RECORD_LOCKED).toBeGreaterThanOrEqual(1);
    const report = await o.readReport('r.json');
    expect(report.counts.resubmissions).toBe(stats.writeEntries.errors.RECORD_LOCKED);
    expect(o.territoriesOf('Accounts', R.acme)).toEqual([T.east, T.west].sort());
    expect(o.territoriesOf('Contacts', R.anna)).toEqual([T.dach, T.partners].sort());
  });

  it('RECORD_LOCKED that never clears: exit 4 after the configured retries, the record untouched, the rest converged', async () => {
    const o = await orgWith(GAINS, {
      seed: smallOrg({ locked: [R.acme] }),
      config: { recordRetries: { attempts: 2, delaySeconds: 0.02 } },
    });
    const apply = await o.cli(['apply', '--auto-approve', '--report', 'r.json']);
    expect(apply.code).toBe(4);
    const report = await o.readReport('r.json');
    expect(report.records.find((r) => r.id === R.acme)).toMatchObject({
      status: 'failed',
      code: 'RECORD_LOCKED',
      attempts: 3,
    });
    expect(report.summary).toEqual({ converged: 2, failed: 1, pending: 0, skipped: 0 });
    expect(o.territoriesOf('Accounts', R.acme)).toEqual([T.east]);
    expect(o.emulator.stats().writeEntries.errors).toEqual({ RECORD_LOCKED: 3 });
  });

  it('ALREADY_SCHEDULED from a job started elsewhere: waits for it, sends again, converged without a second job', async () => {
    const o = await orgWith(
      desiredYaml({ Accounts: { [R.globex]: ['West'], [R.acme]: ['East', 'Partners'] } }),
      {
        seed: smallOrg(),
        jobDelayMs: 500,
      },
    );
    // Someone else assigns West to Globex through the API; the job is still pending.
    const token = await accessToken(o.emulator, DEMO_CREDENTIALS.ZOHO_REFRESH_TOKEN);
    const elsewhere = await fetch(`${o.emulator.url}/crm/v7/Accounts/actions/assign_territories`, {
      method: 'POST',
      headers: { authorization: `Zoho-oauthtoken ${token}` },
      body: JSON.stringify({ data: [{ id: R.globex, Territories: [{ id: T.west }] }] }),
    });
    expect(elsewhere.status).toBe(202);

    const apply = await o.cli(['apply', '--auto-approve']);
    expect(apply.code, apply.stdout + apply.stderr).toBe(0);
    const stats = o.emulator.stats();
    expect(stats.writeEntries.errors).toEqual({ ALREADY_SCHEDULED: 1, DUPLICATE_DATA: 1 });
    const globexJobs = o.emulator.state().jobs.filter((j) => j.recordId === R.globex);
    expect(globexJobs).toHaveLength(1);
    expect(o.territoriesOf('Accounts', R.globex)).toEqual([T.west]);
    expectNoDoubleWrites(o.emulator, stats);
  });

  it('a job that outlasts the job timeout: exit 4 with the record PENDING; a re-run while it still runs converges', async () => {
    const o = await orgWith(desiredYaml({ Accounts: { [R.globex]: ['West'] } }), {
      seed: smallOrg(),
      jobDelayMs: 3_000,
      config: { jobTimeoutSeconds: 0.4 },
    });
    const first = await o.cli(['apply', '--auto-approve']);
    expect(first.code).toBe(4);
    expect(first.stdout).toMatch(
      /PENDING\s+Accounts Globex \(554023000003600002\) — its job had not finished when we stopped waiting \(lacks West\)/,
    );
    expect(first.stdout).toContain('1 still pending');
    // Exactly what the report says: Zoho has the job, the record does not have West yet.
    expect(o.emulator.state().jobs.filter((j) => j.status === 'SCHEDULED')).toHaveLength(1);
    expect(o.territoriesOf('Accounts', R.globex)).toEqual([]);

    await o.writeConfig({ jobTimeoutSeconds: 10 });
    const again = await o.cli(['apply', '--auto-approve']);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(o.territoriesOf('Accounts', R.globex)).toEqual([T.west]);
    expect(o.emulator.stats().writeEntries.errors).toEqual({
      ALREADY_SCHEDULED: 1,
      DUPLICATE_DATA: 1,
    });
    expectNoDoubleWrites(o.emulator, o.emulator.stats());
  });

  it('two applies of the same plan at once: both converge, each with its own journal, no record written twice', async () => {
    const { seed, yaml } = accountsToAssign(40);
    const o = await orgWith(yaml, { seed, latencyMs: 10 });
    const [a, b] = await Promise.all([
      o.cli(['apply', '--auto-approve']),
      o.cli(['apply', '--auto-approve']),
    ]);
    expect(a.code, a.stdout + a.stderr).toBe(0);
    expect(b.code, b.stdout + b.stderr).toBe(0);
    expect(a.stdout).toContain('Apply complete: 40 records converged');
    expect(b.stdout).toContain('Apply complete: 40 records converged');
    const journals = await readdir(o.path('.territory-sync'));
    expect(journals).toHaveLength(2);
    const stats = o.emulator.stats();
    // One apply's writes were scheduled; the other's were answered "already".
    expect(stats.writeEntries.scheduled).toBe(40);
    expect(stats.writeEntries.total).toBeGreaterThan(40);
    expectNoDoubleWrites(o.emulator, stats);
    const again = await o.cli(['plan', '--detailed-exitcode']);
    expect(again.code).toBe(0);
  });
});

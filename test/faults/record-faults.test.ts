// The fault matrix, record side: what Zoho answers per record, jobs that take their time, and
// someone else writing at the same moment.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { accountsToAssign } from '../e2e/generated-org.js';
import { R, T, smallOrg } from '../e2e/small-org.js';
import { DEMO_CREDENTIALS, desiredYaml } from '../helpers/org.js';
import { accessToken, expectNoDoubleWrites, journalLines, startFaultOrg } from './fault-org.js';
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

  it('a job that outlasts the job timeout but lands later: exit 4 with the record PENDING; a re-run while it still runs waits for it and converges without a second job', async () => {
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

  it('a job that never finishes: exit 4 with that record PENDING and the others converged; a re-run is answered ALREADY_SCHEDULED, waits the job timeout once, sends no more and reports it still pending', async () => {
    const o = await orgWith(GAINS, {
      seed: smallOrg(),
      // Globex's job takes three hours: within this test it never finishes.
      faults: { jobDelayMsByRecord: { [R.globex]: 3 * 60 * 60 * 1000 } },
      config: { jobTimeoutSeconds: 0.4, recordRetries: { attempts: 2, delaySeconds: 0.02 } },
    });
    const first = await o.cli(['apply', '--auto-approve', '--report', 'r1.json']);
    expect(first.code, first.stdout + first.stderr).toBe(4);
    expect(first.stdout).toMatch(
      /PENDING\s+Accounts Globex \(554023000003600002\) — its job had not finished when we stopped waiting \(lacks West\)/,
    );
    expect(first.stdout).toContain(
      'Apply finished partially: 2 of 3 records converged, 1 still pending.',
    );
    const report = await o.readReport('r1.json');
    expect(report.summary).toEqual({ converged: 2, failed: 0, pending: 1, skipped: 0 });
    expect(report.records.find((r) => r.id === R.globex)).toMatchObject({
      status: 'pending',
      attempts: 1,
      reason: 'its job had not finished when we stopped waiting (lacks West)',
    });
    // Exactly what the report says: the others are done, Globex waits on its one job.
    expect(o.territoriesOf('Accounts', R.acme)).toEqual([T.east, T.west].sort());
    expect(o.territoriesOf('Contacts', R.anna)).toEqual([T.dach, T.partners].sort());
    expect(o.territoriesOf('Accounts', R.globex)).toEqual([]);
    const globexJobs = () => o.emulator.state().jobs.filter((j) => j.recordId === R.globex);
    expect(globexJobs()).toHaveLength(1);
    expect(globexJobs()[0]?.finishedTime).toBeUndefined();

    const again = await o.cli(['apply', '--auto-approve', '--report', 'r2.json']);
    expect(again.code, again.stdout + again.stderr).toBe(4);
    expect(again.stdout).toContain(
      'Plan: 1 to assign, 0 to remove, across 1 record (2 unchanged).',
    );
    // Still waiting on its one job, not failed: a later run finishes it.
    expect(again.stdout).toMatch(
      /PENDING\s+Accounts Globex \(554023000003600002\) — ALREADY_SCHEDULED: Zoho is still running a job on it, started elsewhere or earlier, and answers ALREADY_SCHEDULED until it ends \(lacks West\)/,
    );
    const rerun = await o.readReport('r2.json');
    expect(rerun.summary).toEqual({ converged: 0, failed: 0, pending: 1, skipped: 0 });
    // One send, refused; then it waited the whole job timeout for the running job and, as
    // that job was still running, sent nothing more: another send would be refused again.
    expect(rerun.records[0]).toMatchObject({
      status: 'pending',
      code: 'ALREADY_SCHEDULED',
      attempts: 1,
    });
    expect(rerun.counts.writeCalls).toBe(1);
    expect(rerun.counts.jobPolls).toBeGreaterThanOrEqual(1);
    const stats = o.emulator.stats();
    expect(stats.writeEntries).toEqual({
      total: 4,
      scheduled: 3,
      errors: { ALREADY_SCHEDULED: 1 },
    });
    expect(globexJobs()).toHaveLength(1);
    expect(stats.jobs).toMatchObject({ scheduled: 3, completed: 2, failed: 0, pending: 1 });
    expectNoDoubleWrites(o.emulator, stats);
  });

  it('a job that ends FAILED: exit 4 with that record FAILED NOT_CONVERGED, the others converged; a re-run sends only that record and converges', async () => {
    const { seed, yaml } = accountsToAssign(30);
    const o = await orgWith(yaml, {
      seed,
      // The third job to land ends FAILED without touching its record.
      faults: { schedule: [{ kind: 'jobFailure', calls: [3] }] },
    });
    const first = await o.cli(['apply', '--auto-approve', '--report', 'r.json']);
    expect(first.code, first.stdout + first.stderr).toBe(4);
    expect(first.stdout).toContain(
      'Apply finished partially: 29 of 30 records converged, 1 failed.',
    );
    const failedJobs = o.emulator.state().jobs.filter((j) => j.status === 'FAILED');
    expect(failedJobs).toHaveLength(1);
    const failedId = failedJobs[0]?.recordId ?? '';
    const report = await o.readReport('r.json');
    expect(report.summary).toEqual({ converged: 29, failed: 1, pending: 0, skipped: 0 });
    const failed = report.records.find((r) => r.status === 'failed');
    expect(failed).toMatchObject({ id: failedId, code: 'NOT_CONVERGED', attempts: 1 });
    expect(failed?.reason).toMatch(/^Zoho accepted the change but the record lacks .+$/);
    expect(o.territoriesOf('Accounts', failedId)).toEqual([]);
    expect(o.emulator.stats().writeEntries).toEqual({ total: 30, scheduled: 30, errors: {} });

    const again = await o.cli(['apply', '--auto-approve']);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toContain(
      'Plan: 1 to assign, 0 to remove, across 1 record (29 unchanged).',
    );
    expect(again.stdout).toContain('Apply complete: 1 record converged');
    // The failed job changed nothing, so its record got a second job and nothing else did.
    const jobs = o.emulator.state().jobs;
    expect(jobs).toHaveLength(31);
    expect(
      jobs
        .filter((j) => j.recordId === failedId)
        .map((j) => j.status)
        .sort(),
    ).toEqual(['COMPLETED', 'FAILED']);
    expect(new Set(jobs.filter((j) => j.status === 'COMPLETED').map((j) => j.recordId)).size).toBe(
      30,
    );
    expect(o.emulator.stats().writeEntries).toEqual({ total: 31, scheduled: 31, errors: {} });
  });

  it('a record holding more territories than Zoho allows: removing them all at once is FAILED LIMIT_EXCEEDED with what to do; done in two runs as advised, it converges', async () => {
    // Zoho never lets a record hold more than 10; an org read with 12 (a seed can say so) is the
    // one way a plan removes more than a record can hold, which Zoho refuses (A31).
    const extras = Array.from({ length: 8 }, (_, i) => ({
      id: String(554023000000900011n + 2n * BigInt(i)),
      name: `Extra ${i + 1}`,
    }));
    const base = smallOrg();
    const seed = {
      ...base,
      territories: [
        ...base.territories,
        ...extras.map((t) => ({ id: t.id, name: t.name, parent: T.root })),
      ],
      records: {
        ...base.records,
        Accounts: (base.records?.Accounts ?? []).map((r) =>
          r.id === R.acme
            ? {
                ...r,
                territories: [T.east, T.west, T.dach, T.partners, ...extras.map((t) => t.id)],
              }
            : r,
        ),
      },
    };
    const o = await orgWith(
      desiredYaml({ Accounts: { [R.acme]: ['East'], [R.globex]: ['West'] } }),
      { seed },
    );

    const first = await o.cli(['apply', '--auto-approve', '--report', 'r.json']);
    expect(first.code, first.stdout + first.stderr).toBe(4);
    expect(first.stdout).toMatch(
      /FAILED {2}Accounts Acme Corp .*LIMIT_EXCEEDED: Zoho refused to remove 11 territories from the record in one call: a record holds at most 10/,
    );
    expect(first.stdout).toContain('keep some of them in the desired file for this run');
    const report = await o.readReport('r.json');
    expect(report.records.find((r) => r.id === R.acme)).toMatchObject({
      status: 'failed',
      code: 'LIMIT_EXCEEDED',
      attempts: 1,
    });
    expect(report.records.find((r) => r.id === R.globex)).toMatchObject({ status: 'converged' });
    expect(o.territoriesOf('Accounts', R.acme)).toHaveLength(12);
    expect(o.emulator.stats().writeEntries.errors).toEqual({ LIMIT_EXCEEDED: 1 });

    // As the message says: keep two for this run (9 removed), remove them in the next.
    await o.org.write(
      'territories.yaml',
      desiredYaml({ Accounts: { [R.acme]: ['East', 'Extra 1', 'Extra 2'], [R.globex]: ['West'] } }),
    );
    const second = await o.cli(['apply', '--auto-approve']);
    expect(second.code, second.stdout + second.stderr).toBe(0);
    await o.org.write(
      'territories.yaml',
      desiredYaml({ Accounts: { [R.acme]: ['East'], [R.globex]: ['West'] } }),
    );
    const third = await o.cli(['apply', '--auto-approve']);
    expect(third.code, third.stdout + third.stderr).toBe(0);
    expect(o.territoriesOf('Accounts', R.acme)).toEqual([T.east]);
  });

  it('two fresh applies of the same desired file at once: both converge, each with its own journal, no record written twice', async () => {
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

  it('two applies of the same saved plan at once: both pass the staleness check, both converge, a journal each, one job per record', async () => {
    const { seed, yaml } = accountsToAssign(40);
    // Jobs take 300 ms: the second apply's staleness read sees the records as planned even
    // though the first apply's writes are already scheduled.
    const o = await orgWith(yaml, { seed, latencyMs: 10, jobDelayMs: 300 });
    const planned = await o.cli(['plan', '--out', 'plan.json']);
    expect(planned.code, planned.stdout + planned.stderr).toBe(0);
    const saved = JSON.parse(await readFile(o.path('plan.json'), 'utf8')) as { planHash: string };
    const [a, b] = await Promise.all([
      o.cli(['apply', 'plan.json', '--report', 'a.json']),
      o.cli(['apply', 'plan.json', '--report', 'b.json']),
    ]);
    for (const [run, report] of [
      [a, 'a.json'],
      [b, 'b.json'],
    ] as const) {
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).toContain('Apply complete: 40 records converged');
      expect((await o.readReport(report)).summary).toEqual({
        converged: 40,
        failed: 0,
        pending: 0,
        skipped: 0,
      });
    }
    // A journal each, both of the saved plan, both finished.
    const files = await readdir(o.path('.territory-sync'));
    expect(files).toHaveLength(2);
    for (const file of files) {
      const lines = await journalLines(path.join(o.path('.territory-sync'), file));
      expect(lines[0]).toMatchObject({ type: 'start', planHash: saved.planHash });
      expect(lines[lines.length - 1]).toMatchObject({
        type: 'finish',
        summary: { converged: 40, failed: 0, pending: 0, skipped: 0 },
      });
    }
    const stats = o.emulator.stats();
    // One apply's entries were scheduled; the other's answered "already scheduled" / "already
    // there", whichever reached Zoho first for each record.
    expect(stats.writeEntries.scheduled).toBe(40);
    expect(stats.writeEntries.total).toBeGreaterThan(40);
    expect(o.emulator.state().jobs).toHaveLength(40);
    expectNoDoubleWrites(o.emulator, stats);
    const again = await o.cli(['plan', '--detailed-exitcode']);
    expect(again.code).toBe(0);
  });
});

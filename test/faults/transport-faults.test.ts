// The fault matrix, transport side: what the API does to calls in flight. Each scenario ends
// converged, or with a report that says exactly what did and did not happen.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generatedRecordId, startEmulator } from '../../src/emulator/index.js';
import type { EmulatorStats, RunningEmulator, SnapshotJob } from '../../src/emulator/index.js';
import { accountsToAssign } from '../e2e/generated-org.js';
import { demoClient } from '../e2e/small-org.js';
import { DEMO_CREDENTIALS } from '../helpers/org.js';
import { runCli } from '../helpers/run-cli.js';
import {
  FAST_CONFIG,
  accessToken,
  expectNoDoubleWrites,
  expectNoDoubleWritesAcross,
  startFaultOrg,
  waitFor,
} from './fault-org.js';
import type { FaultOrg } from './fault-org.js';

let current: FaultOrg | undefined;
const extra: RunningEmulator[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await current?.close();
  current = undefined;
  await Promise.all(extra.splice(0).map((e) => e.stop()));
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function orgOf(n: number, options: Parameters<typeof startFaultOrg>[1] = {}) {
  const { seed, yaml } = accountsToAssign(n);
  current = await startFaultOrg(yaml, { seed, ...options });
  return current;
}

function allConverged(o: FaultOrg, n: number): boolean {
  return o.emulator
    .state()
    .records.Accounts.slice(0, n)
    .every((r) => r.territories.length === 1);
}

describe('fault matrix: transport', () => {
  it('a 429 storm on the writes is waited out with backoff: each 429 retried after a pause, converged, nothing written twice', async () => {
    const o = await orgOf(30, {
      faults: { schedule: [{ kind: 'tooManyRequests', calls: [1], burst: 4, routes: ['write'] }] },
    });
    const apply = await o.cli(['apply', '--auto-approve', '--verbose', '--report', 'report.json']);
    expect(apply.code, apply.stderr).toBe(0);
    const stats = o.emulator.stats();
    expect(stats.faultsInjected.tooManyRequests).toBe(4);
    expect(stats.writeEntries.scheduled).toBe(30);
    expect((await o.readReport('report.json')).counts.transportRetries).toBeGreaterThanOrEqual(4);
    // Every 429 was followed by a wait the client announced before retrying, not a resend at
    // once. Full jitter draws each wait from [0, 500 ms * 2^(retry-1)), so one may round to 0;
    // all four together may not.
    const waits = [
      ...apply.stderr.matchAll(
        /retrying POST \/crm\/v7\/Accounts\/actions\/assign_territories in (\d+) ms \(429 TOO_MANY_REQUESTS\)/g,
      ),
    ].map((m) => Number(m[1]));
    expect(waits).toHaveLength(4);
    expect(waits.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(Math.max(...waits)).toBeLessThan(20_000);
    expect(allConverged(o, 30)).toBe(true);
    expectNoDoubleWrites(o.emulator, stats);
  });

  it('an org whose other integrations leave room for 2 calls: the client narrows after 429s instead of retrying at full width, converged', async () => {
    // territory-sync is allowed 10 calls at once; the org (its other apps busy) takes 2.
    const o = await orgOf(400, { concurrencyLimit: 2, latencyMs: 15 });
    await o.writeConfig({ concurrency: 10 });
    const apply = await o.cli(['apply', '--auto-approve', '--verbose']);
    expect(apply.code, apply.stderr).toBe(0);
    const stats = o.emulator.stats();
    expect(stats.writeEntries.scheduled).toBe(400);
    // 429s cost no credit: 40 accepted write calls for 400 records.
    expect(stats.creditsByRoute['POST /crm/v7/{module}/actions/assign_territories']).toBe(40);
    // Measured: 4 answers 429 narrowed, 22 when the client kept retrying at full width.
    expect(stats.byStatus['429'] ?? 0).toBeLessThan(12);
    expect(apply.stderr).toMatch(/Zoho answered 429: now [1-5] call\(s\) at once \(of 10\)/);
    expect(allConverged(o, 400)).toBe(true);
    expectNoDoubleWrites(o.emulator, stats);
  });

  it('a burst of 5xx on writes, job polls and verification reads is retried: converged', async () => {
    const o = await orgOf(30, {
      faults: {
        schedule: [
          { kind: 'serverError', calls: [2], burst: 3, status: 503, routes: ['write'] },
          { kind: 'serverError', calls: [1], routes: ['jobStatus'] },
          // Records call 1 is the plan's read, call 2 the verification.
          { kind: 'serverError', calls: [2], status: 502, routes: ['records'] },
        ],
      },
    });
    const apply = await o.cli(['apply', '--auto-approve']);
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toContain('Apply complete: 30 records converged');
    const stats = o.emulator.stats();
    expect(stats.faultsInjected.serverError).toBe(5);
    expect(stats.byStatus['503']).toBe(3);
    expectNoDoubleWrites(o.emulator, stats);
  });

  it('connection resets, and a write whose answer is lost after it took effect: resent, answered idempotently, converged', async () => {
    const o = await orgOf(30, {
      config: { concurrency: 1 },
      faults: {
        schedule: [
          { kind: 'connectionReset', calls: [1], routes: ['write'] },
          { kind: 'responseLost', calls: [3], routes: ['write'] },
        ],
      },
    });
    const apply = await o.cli(['apply', '--auto-approve']);
    expect(apply.code, apply.stderr).toBe(0);
    const stats = o.emulator.stats();
    expect(stats.faultsInjected).toMatchObject({ connectionReset: 1, responseLost: 1 });
    // The lost call scheduled its 10 jobs; resending it got "already scheduled"/"already there".
    expect(stats.writeEntries.scheduled).toBe(30);
    const idempotent =
      (stats.writeEntries.errors.ALREADY_SCHEDULED ?? 0) +
      (stats.writeEntries.errors.DUPLICATE_DATA ?? 0);
    expect(idempotent).toBeGreaterThanOrEqual(10);
    expect(allConverged(o, 30)).toBe(true);
    expectNoDoubleWrites(o.emulator, stats);
  });

  it('responses slower than the request timeout are abandoned and retried; the late writes count as converged', async () => {
    const o = await orgOf(60, {
      latencyMs: 20,
      config: { concurrency: 1, requestTimeoutSeconds: 0.25 },
    });
    const running = o.cli(['apply', '--auto-approve', '--verbose', '--report', 'report.json']);
    await waitFor('the first write', () => (o.emulator.stats().writeCalls >= 1 ? true : undefined));
    const slowFrom = o.emulator.stats().writeCalls;
    o.emulator.setFaults({ latencyMs: 600 });
    // The next call is slow and is abandoned at 250 ms; once its retry arrives, the API recovers.
    await waitFor('a slow write and its retry', () =>
      o.emulator.stats().writeCalls >= slowFrom + 2 ? true : undefined,
    );
    o.emulator.setFaults({});
    const apply = await running;
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stderr).toMatch(/assign_territories -> ETIMEDOUT/);
    const report = await o.readReport('report.json');
    expect(report.counts.transportRetries).toBeGreaterThanOrEqual(1);
    expect(allConverged(o, 60)).toBe(true);
    expectNoDoubleWrites(o.emulator, o.emulator.stats());
  });

  it('an access token that expires mid-run is refreshed once and the call repeated: converged', async () => {
    const o = await orgOf(30, {
      faults: { schedule: [{ kind: 'tokenExpiry', calls: [2], routes: ['write'] }] },
    });
    const apply = await o.cli(['apply', '--auto-approve']);
    expect(apply.code, apply.stderr).toBe(0);
    const stats = o.emulator.stats();
    expect(stats.tokenRefreshes).toBe(2);
    // Calls in flight with the same token are refused too; one refresh serves them all.
    expect(stats.byStatus['401']).toBeGreaterThanOrEqual(1);
    expect(stats.writeEntries.scheduled).toBe(30);
    expectNoDoubleWrites(o.emulator, stats);
  });

  it('refresh-token rate limit mid-run: stops with an exact report (done, not applied, not sent), then resume converges', async () => {
    const { seed, yaml } = accountsToAssign(30);
    const second = '1000.second-refresh-token.territory-sync';
    const o = await startFaultOrg(yaml, {
      seed: {
        ...seed,
        oauthClients: [
          { ...demoClient(), refreshTokens: [DEMO_CREDENTIALS.ZOHO_REFRESH_TOKEN, second] },
        ],
      },
      config: { concurrency: 1 },
      faults: { schedule: [{ kind: 'tokenExpiry', calls: [2], routes: ['write'] }] },
    });
    current = o;
    // Nine refreshes elsewhere in the last ten minutes: the CLI gets the tenth and last one.
    for (let i = 0; i < 9; i += 1)
      await accessToken(o.emulator, DEMO_CREDENTIALS.ZOHO_REFRESH_TOKEN);

    const apply = await o.cli([
      'apply',
      '--auto-approve',
      '--journal',
      'j.jsonl',
      '--report',
      'r.json',
    ]);
    expect(apply.code).toBe(4);
    expect(apply.stdout).toContain('Apply stopped early (AUTH)');
    expect(apply.stdout).toContain('Zoho allows 10 refreshes per refresh token in 10 minutes');
    expect(apply.stdout).toContain('To finish it: territory-sync apply --resume j.jsonl');
    const report = await o.readReport('r.json');
    const byStatus = (s: string) => report.records.filter((r) => r.status === s).map((r) => r.id);
    const ids = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, i) => generatedRecordId('Accounts', from + i));
    // Call 1 was scheduled (not verifiable without a token), call 2 refused, call 3 never sent.
    expect(byStatus('pending')).toEqual(ids(0, 10));
    expect(byStatus('failed')).toEqual(ids(10, 20));
    expect(byStatus('skipped')).toEqual(ids(20, 30));
    expect(report.records[10]).toMatchObject({ code: 'AUTH' });
    expect(report.records[10]?.reason).toMatch(/^not applied: /);
    expect(report.records[20]?.reason).toBe(
      'its assign was not sent: the apply stopped early (AUTH)',
    );
    // Without a token nothing could be re-read: the scheduled ones say so instead of guessing.
    expect(report.records[0]?.reason).toBe(
      'Zoho scheduled it; not verified: the apply stopped early (AUTH)',
    );
    // And that is what the CRM shows.
    await o.emulator.waitForIdle();
    const assigned = o.emulator.state().records.Accounts.filter((r) => r.territories.length > 0);
    expect(assigned.map((r) => r.id)).toEqual(ids(0, 10));

    // The journal of a run that fought with credentials holds none of them.
    const journalText = await readFile(o.path('j.jsonl'), 'utf8');
    for (const secret of [
      DEMO_CREDENTIALS.ZOHO_CLIENT_SECRET,
      DEMO_CREDENTIALS.ZOHO_REFRESH_TOKEN,
      second,
    ]) {
      expect(journalText).not.toContain(secret);
    }
    expect(journalText).not.toMatch(/1000\.[0-9a-f]{64}/);

    const resumed = await o.cli(['apply', '--resume', 'j.jsonl'], { ZOHO_REFRESH_TOKEN: second });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain('Plan: 20 to assign');
    expect(allConverged(o, 30)).toBe(true);
    expectNoDoubleWrites(o.emulator, o.emulator.stats());
  });

  it("the org's daily API credits run out mid-apply: stops at the first refusal without retrying, reports exactly, and resume finishes the next day", async () => {
    const { seed, yaml } = accountsToAssign(50);
    // 1 org + 1 catalogue + 1 read for the plan, then 4 of the 5 write calls: the fifth is
    // refused. The same 7 credits the next day are enough for the resume (org, job check, read,
    // catalogue, 1 write, its job check, verification).
    const o = await startFaultOrg(yaml, {
      seed,
      dailyCredits: 7,
      config: { concurrency: 1 },
    });
    current = o;
    const apply = await o.cli([
      'apply',
      '--auto-approve',
      '--journal',
      'j.jsonl',
      '--report',
      'r.json',
    ]);
    expect(apply.code).toBe(4);
    expect(apply.stdout).toContain('Apply stopped early (CREDITS_EXHAUSTED)');
    expect(apply.stdout).toContain('To finish it: territory-sync apply --resume j.jsonl');
    const stats = o.emulator.stats();
    // One refused write, no retry of it, nothing after it: the backoff is not spent on 429s
    // that cannot succeed today.
    expect(stats.writeCalls).toBe(5);
    expect(stats.creditsByRoute['POST /crm/v7/{module}/actions/assign_territories']).toBe(4);
    const report = await o.readReport('r.json');
    const failed = report.records.filter((r) => r.status === 'failed');
    expect(failed).toHaveLength(10);
    expect(failed[0]?.reason).toBe(
      "not applied: the org's API credits for the last 24 hours are used up",
    );
    expect(report.stoppedEarly?.code).toBe('CREDITS_EXHAUSTED');
    await o.emulator.waitForIdle();
    const assigned = o.emulator.state().records.Accounts.filter((r) => r.territories.length > 0);
    expect(assigned).toHaveLength(40);

    // The next day (the emulator's window cleared): resume applies only what is left.
    o.emulator.resetStats();
    const resumed = await o.cli(['apply', '--resume', 'j.jsonl']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain('Plan: 10 to assign');
    expect(allConverged(o, 50)).toBe(true);
    // One job per record over both days, and the resume scheduled only the last 10.
    const jobs = o.emulator.state().jobs.map((job) => job.recordId);
    expect(new Set(jobs).size).toBe(50);
    expect(jobs).toHaveLength(50);
    expect(o.emulator.stats().writeEntries).toMatchObject({ scheduled: 10, errors: {} });
  });

  it('the emulator restarted mid-apply (same port, same state): ECONNREFUSED is retried, the token renewed, converged, nothing written twice', async () => {
    const { seed, yaml } = accountsToAssign(100);
    const dir = await mkdtemp(path.join(tmpdir(), 'territory-sync-restart-'));
    dirs.push(dir);
    const statePath = path.join(dir, 'org-state.json');
    let writes = 0;
    let restarted: Promise<void> | undefined;
    let emulator: RunningEmulator;
    let firstLife: { jobs: readonly SnapshotJob[]; stats: EmulatorStats } | undefined;
    const restart = async () => {
      // What the first process scheduled: its jobs land on stop and are not listed after it.
      firstLife = { jobs: emulator.state().jobs, stats: emulator.stats() };
      await emulator.stop();
      // Down for a moment: calls in between find nobody listening (ECONNREFUSED).
      await new Promise((resolve) => setTimeout(resolve, 300));
      emulator = await startEmulator({ port, statePath, jobDelayMs: 20 });
      extra.push(emulator);
    };
    emulator = await startEmulator({
      port: 0,
      seed,
      statePath,
      jobDelayMs: 20,
      // The second answered write triggers the restart, racing its own answer to the client.
      log: (line) => {
        if (line.includes('assign_territories 202') && (writes += 1) === 2) restarted = restart();
      },
    });
    extra.push(emulator);
    const port = Number(new URL(emulator.url).port);
    await writeFile(path.join(dir, 'territories.yaml'), yaml);
    await writeFile(
      path.join(dir, 'territory-sync.config.json'),
      JSON.stringify({ ...FAST_CONFIG, concurrency: 1 }),
    );
    const env = {
      ...DEMO_CREDENTIALS,
      ZOHO_API_DOMAIN: emulator.url,
      ZOHO_ACCOUNTS_URL: emulator.url,
    };
    const apply = await runCli(['apply', '--auto-approve', '--verbose', '--report', 'r.json'], {
      cwd: dir,
      env,
    });
    await restarted;
    expect(apply.code, apply.stderr).toBe(0);
    expect(writes).toBeGreaterThanOrEqual(2);
    // The write sent while nobody listened was refused at connect and sent again after a pause.
    expect(apply.stderr).toMatch(
      /POST \/crm\/v7\/Accounts\/actions\/assign_territories -> ECONNREFUSED/,
    );
    expect(apply.stderr).toMatch(
      /retrying POST \/crm\/v7\/Accounts\/actions\/assign_territories in \d+ ms \(ECONNREFUSED\)/,
    );
    const report = JSON.parse(await readFile(path.join(dir, 'r.json'), 'utf8')) as {
      counts: { transportRetries: number };
    };
    expect(report.counts.transportRetries).toBeGreaterThanOrEqual(1);
    const after = emulator.state().records.Accounts;
    expect(after.filter((r) => r.territories.length === 1)).toHaveLength(100);
    // The new process issued a new token: the old one was unknown to it.
    expect(emulator.stats().tokenRefreshes).toBe(1);
    // One job per record over both lives of the org.
    if (firstLife === undefined) throw new Error('the emulator was never restarted');
    const secondLife = { jobs: emulator.state().jobs, stats: emulator.stats() };
    expect(firstLife.jobs.length + secondLife.jobs.length).toBe(100);
    expectNoDoubleWritesAcross([firstLife, secondLife]);
  });
});

// Call counts and resilience, read from the emulator's own counters.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { startTestOrg } from '../helpers/org.js';
import type { TestOrg } from '../helpers/org.js';
import { accountsToAssign } from './generated-org.js';

let org: TestOrg | undefined;
afterEach(async () => {
  await org?.close();
  org = undefined;
});

describe('API calls against the emulator', () => {
  it('at N = 1,000: reads = ⌈N/100⌉ + catalogue + token; writes = ⌈N/10⌉', async () => {
    const n = 1000;
    const { seed, yaml } = accountsToAssign(n);
    org = await startTestOrg({ seed });
    await org.write('territories.yaml', yaml);
    const cli = (argv: string[]) =>
      runCli(argv, { cwd: (org as TestOrg).dir, env: (org as TestOrg).env });

    org.emulator.resetStats();
    const plan = await cli(['plan', '--out', 'plan.json', '--quiet']);
    expect(plan.code).toBe(0);
    const reads = org.emulator.stats();
    expect(reads.tokenCalls).toBe(1);
    expect(reads.territoryCalls).toBe(1);
    expect(reads.readCalls).toBe(Math.ceil(n / 100));
    expect(reads.writeCalls).toBe(0);
    // + token + catalogue + org (the plan's target)
    expect(reads.calls).toBe(Math.ceil(n / 100) + 1 + 1 + 1);

    org.emulator.resetStats();
    const apply = await cli(['apply', 'plan.json', '--report', 'report.json']);
    expect(apply.code).toBe(0);
    const stats = org.emulator.stats();
    expect(stats.writeCalls).toBe(Math.ceil(n / 10));
    expect(stats.writeEntries.total).toBe(n);
    // The saved plan's stale check reads the touched records once, and verification once more.
    expect(stats.readCalls).toBe(2 * Math.ceil(n / 100));
    const report = JSON.parse(await readFile(path.join(org.dir, 'report.json'), 'utf8')) as {
      summary: { converged: number };
    };
    expect(report.summary.converged).toBe(n);
  });

  it('converges through 20% injected 5xx, a 429 burst and a token expiry mid-run, and counts the retries', async () => {
    const n = 120;
    const { seed, yaml } = accountsToAssign(n);
    org = await startTestOrg({
      seed,
      randomSeed: 7,
      faults: {
        serverErrorRate: 0.2,
        schedule: [
          { kind: 'tooManyRequests', calls: [4], burst: 3 },
          { kind: 'tokenExpiry', calls: [9] },
        ],
      },
    });
    await org.write('territories.yaml', yaml);
    const apply = await runCli(['apply', '--auto-approve', '--report', 'report.json'], {
      cwd: org.dir,
      env: org.env,
    });
    expect(apply.stderr).toBe('');
    expect(apply.code).toBe(0);
    const stats = org.emulator.stats();
    expect(stats.faultsInjected.serverError).toBeGreaterThan(0);
    expect(stats.faultsInjected.tooManyRequests).toBe(3);
    expect(stats.faultsInjected.tokenExpiry).toBe(1);
    expect(stats.tokenRefreshes).toBe(2);
    const report = JSON.parse(await readFile(path.join(org.dir, 'report.json'), 'utf8')) as {
      summary: { converged: number };
      counts: { transportRetries: number };
    };
    expect(report.summary.converged).toBe(n);
    expect(report.counts.transportRetries).toBeGreaterThan(0);
    expect(apply.stdout).toMatch(/[1-9]\d* retr(y|ies) after 429\/5xx\/network errors/);
  });
});

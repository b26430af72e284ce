// Issue #6's call-count promise at N = 5,000, with no latency so it runs in seconds: plan and
// apply spend exactly the fewest API calls Zoho's limits allow, kind by kind. The org, the
// desired file and the minimums are the benchmark's own (bench/), so the test and `npm run
// bench` cannot drift apart.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { countMismatches } from '../../bench/end-state.js';
import { applyMinimum, planCalls, planMinimum } from '../../bench/minimum-calls.js';
import { buildFixture } from '../../bench/org-fixture.js';
import { IDS_FILE, buildSelectorFixture } from '../../bench/selector-fixture.js';
import { applyCost } from '../../src/core/apply-cost.js';
import type { Plan } from '../../src/core/model.js';
import { generateOrg } from '../../src/emulator/index.js';
import { startTestOrg } from '../helpers/org.js';
import type { TestOrg } from '../helpers/org.js';
import { runCli } from '../helpers/run-cli.js';

const N = 5_000;
const TERRITORIES = 50;

let org: TestOrg | undefined;
afterEach(async () => {
  await org?.close();
  org = undefined;
});

const minimumOf = (kinds: readonly { kind: string; minimum: number }[], kind: string) =>
  kinds.find((k) => k.kind === kind)?.minimum;

describe('API calls at N = 5,000 (Accounts, Contacts and Deals; 10% changing, some in two waves)', () => {
  it('plan and apply spend exactly the minimum, kind by kind, and the CRM ends as the file says', async () => {
    const fixture = buildFixture(generateOrg, {
      records: N,
      changeShare: 0.1,
      territories: TERRITORIES,
      seed: 1,
    });
    // Jobs land at once, so one status round per wave is enough, as the minimum assumes.
    org = await startTestOrg({ seed: fixture.seed, jobDelayMs: 0, concurrencyLimit: 10 });
    await org.write('territories.yaml', fixture.yaml);
    await org.write(
      'territory-sync.config.json',
      JSON.stringify({ desired: 'territories.yaml', concurrency: 10, batchSize: 10 }),
    );
    const { dir, emulator } = org;
    // Signed, as plans carried between CI jobs should be: signing costs no API call.
    const env = { ...org.env, TERRITORY_SYNC_PLAN_KEY: 'bench-and-test-key-0123456789abcdef' };

    emulator.resetStats();
    const plan = await runCli(['plan', '--out', 'plan.json', '--quiet'], { cwd: dir, env });
    expect(plan.code, plan.stderr).toBe(0);
    const planned = emulator.stats();
    const planKinds = planMinimum(fixture.moduleCounts, TERRITORIES);
    expect({
      ...planCalls(planned, ['token', 'org', 'catalogue', 'reads']),
      total: planned.calls,
    }).toEqual({
      token: minimumOf(planKinds, 'token'),
      org: minimumOf(planKinds, 'org'),
      catalogue: minimumOf(planKinds, 'catalogue'),
      reads: minimumOf(planKinds, 'reads'),
      total: planKinds.reduce((sum, k) => sum + k.minimum, 0),
    });
    expect(planned.readCalls).toBe(50); // 2,500 + 1,500 + 1,000 records, 100 ids a call

    // What the plan tells the reviewer apply will cost is that same minimum, less the token
    // call (Zoho charges no credit for it).
    const saved = JSON.parse(await readFile(path.join(dir, 'plan.json'), 'utf8')) as Plan;
    const applyKinds = applyMinimum(fixture.changes);
    const applyTotal = applyKinds.reduce((sum, k) => sum + k.minimum, 0);
    expect(applyCost(saved).total).toBe(applyTotal - 1);

    emulator.resetStats();
    const apply = await runCli(['apply', 'plan.json', '--report', 'report.json'], {
      cwd: dir,
      env,
    });
    expect(apply.code, apply.stderr).toBe(0);
    const applied = emulator.stats();
    const report = JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8')) as {
      counts: { verifyReads: number };
      summary: { converged: number };
    };
    expect({
      token: applied.tokenCalls,
      org: applied.byRoute['GET /crm/v7/org'] ?? 0,
      catalogue: applied.territoryCalls,
      'stale-check reads': applied.readCalls - report.counts.verifyReads,
      writes: applied.writeCalls,
      'job polls': applied.jobStatusCalls,
      'verify reads': report.counts.verifyReads,
      total: applied.calls,
      'answers 429': applied.tooManyRequests,
    }).toEqual({
      token: minimumOf(applyKinds, 'token'),
      org: minimumOf(applyKinds, 'org'),
      catalogue: minimumOf(applyKinds, 'catalogue'),
      'stale-check reads': minimumOf(applyKinds, 'stale-check reads'),
      writes: minimumOf(applyKinds, 'writes'),
      'job polls': minimumOf(applyKinds, 'job polls'),
      'verify reads': minimumOf(applyKinds, 'verify reads'),
      total: applyTotal,
      'answers 429': 0,
    });
    expect(report.summary.converged).toBe(fixture.changes.length);
    expect(countMismatches(emulator.state(), fixture.desired)).toBe(0);
  });
});

describe('API calls of a selector plan at N = 5,000 matched Accounts (two overlapping selectors)', () => {
  it('reads each selector by COQL keyset, then every matched record once: the minimum, as listed by id', async () => {
    const fixture = buildSelectorFixture(generateOrg, {
      records: N,
      changeShare: 0.1,
      territories: TERRITORIES,
      seed: 1,
    });
    const selectors = fixture.selectors ?? [];
    org = await startTestOrg({ seed: fixture.seed, concurrencyLimit: 10 });
    await org.write('territories.yaml', fixture.yaml);
    await org.write(IDS_FILE, fixture.extraFiles?.[IDS_FILE] ?? '');
    const { dir, emulator } = org;
    const measure = async (argv: readonly string[]) => {
      emulator.resetStats();
      const plan = await runCli([...argv, '--quiet'], { cwd: dir, env: org?.env ?? {} });
      expect(plan.code, plan.stderr).toBe(0);
      const stats = emulator.stats();
      const kinds = ['token', 'org', 'catalogue', 'fields', 'coql', 'reads'];
      return { ...planCalls(stats, kinds), total: stats.calls };
    };
    const expected = (kinds: readonly { kind: string; minimum: number }[]) => ({
      token: minimumOf(kinds, 'token'),
      org: minimumOf(kinds, 'org'),
      catalogue: minimumOf(kinds, 'catalogue'),
      fields: minimumOf(kinds, 'fields') ?? 0,
      coql: minimumOf(kinds, 'coql') ?? 0,
      reads: minimumOf(kinds, 'reads'),
      total: kinds.reduce((sum, k) => sum + k.minimum, 0),
    });

    // The selectors overlap: a record both match is read once.
    expect(selectors.map((s) => s.matches)).toEqual([3334, 3333]);
    const selectorKinds = planMinimum(fixture.moduleCounts, TERRITORIES, selectors);
    expect(await measure(['plan', '--out', 'plan.json'])).toEqual(expected(selectorKinds));
    expect(minimumOf(selectorKinds, 'fields')).toBe(1); // Accounts' fields, for the online check
    expect(minimumOf(selectorKinds, 'coql')).toBe(4); // 2 + 2 pages of 2,000 ids
    expect(minimumOf(selectorKinds, 'reads')).toBe(50);

    const idsKinds = planMinimum(fixture.moduleCounts, TERRITORIES);
    expect(await measure(['plan', IDS_FILE, '--out', 'plan-ids.json'])).toEqual(expected(idsKinds));
    const changed = async (file: string) =>
      (JSON.parse(await readFile(path.join(dir, file), 'utf8')) as Plan).changes
        .map((c) => c.id)
        .sort();
    expect(await changed('plan.json')).toEqual(await changed('plan-ids.json'));
    expect(await changed('plan.json')).toHaveLength(fixture.changes.length);
  });
});

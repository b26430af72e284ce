// plan and apply as a user runs them: `plan --out plan.json`, then `apply plan.json`, each in
// its own worker process against the emulator, counted by the emulator.
import path from 'node:path';
import type { ApplyReport } from '../src/apply/apply-report.js';
import type { RunningEmulator } from '../src/emulator/index.js';
import type { BenchRow } from './bench-row.js';
import { countMismatches } from './end-state.js';
import { applyMinimum, kindsOf, planCalls, planMinimum } from './minimum-calls.js';
import { runInWorker } from './run-in-worker.js';
import { ORG_TERRITORIES } from './scenarios.js';
import type { SetRun } from './set-run.js';
import {
  IDLE_TIMEOUT_MS,
  WORKER_TIMEOUT_MS,
  apiRow,
  demoCredentials,
  indent,
  readJson,
} from './set-run.js';

/** The environment a user's CI gives the binary: the emulator's demo client, no colour. */
export function cliEnv(run: SetRun, url: string): Record<string, string> {
  const credentials = demoCredentials(run);
  return {
    PATH: process.env.PATH ?? '',
    CI: 'true',
    NO_COLOR: '1',
    ZOHO_CLIENT_ID: credentials.clientId,
    ZOHO_CLIENT_SECRET: credentials.clientSecret,
    ZOHO_REFRESH_TOKEN: credentials.refreshToken,
    ZOHO_API_DOMAIN: url,
    ZOHO_ACCOUNTS_URL: url,
  };
}

export async function runCli(run: SetRun, emulator: RunningEmulator, argv: readonly string[]) {
  emulator.resetStats();
  const answer = await runInWorker(
    { kind: 'cli', argv, cwd: run.workspace.dir, env: cliEnv(run, emulator.url) },
    WORKER_TIMEOUT_MS,
  );
  await emulator.waitForIdle(IDLE_TIMEOUT_MS);
  const stats = emulator.stats();
  run.log(
    `  ${argv[0]}: exit ${answer.code}, ${Math.round(answer.wallMs)} ms, ${stats.calls} calls`,
  );
  if (answer.code !== 0) run.log(indent(answer.stderrTail || answer.stdoutTail));
  return { answer, stats };
}

export async function measurePlan(run: SetRun, emulator: RunningEmulator): Promise<BenchRow> {
  const { answer, stats } = await runCli(run, emulator, ['plan', '--out', 'plan.json']);
  const saved = await readJson<{ changes?: unknown[] }>(path.join(run.workspace.dir, 'plan.json'));
  const planned = saved?.changes?.length ?? -1;
  const expected = run.fixture.changes.length;
  const kinds = planMinimum(run.fixture.moduleCounts, ORG_TERRITORIES);
  return apiRow(run, 'plan', {
    stats,
    kinds,
    measured: planCalls(stats, kindsOf(kinds)),
    worker: answer,
    ok: answer.code === 0 && planned === expected,
    check: `exit ${answer.code}; ${planned} records to change (expected ${expected})`,
  });
}

/** Needs the plan.json that measurePlan left in the working folder. */
export async function measureApply(run: SetRun, emulator: RunningEmulator): Promise<BenchRow> {
  const argv = ['apply', 'plan.json', '--report', 'apply-report.json'];
  const { answer, stats } = await runCli(run, emulator, argv);
  const mismatches = countMismatches(emulator.state(), run.fixture.desired);
  const report = await readJson<ApplyReport>(path.join(run.workspace.dir, 'apply-report.json'));
  // The emulator counts reads, not why they were made; the report says which were verification.
  const verifyReads = report?.counts.verifyReads ?? 0;
  return apiRow(run, 'apply', {
    stats,
    kinds: applyMinimum(run.fixture.changes),
    measured: {
      token: stats.tokenCalls,
      org: stats.byRoute['GET /crm/v7/org'] ?? 0,
      catalogue: stats.territoryCalls,
      'stale-check reads': stats.readCalls - verifyReads,
      writes: stats.writeCalls,
      'job polls': stats.jobStatusCalls,
      'verify reads': verifyReads,
    },
    worker: answer,
    ok: answer.code === 0 && mismatches === 0,
    check: `exit ${answer.code}; ${mismatches} records differ from territories.yaml`,
  });
}

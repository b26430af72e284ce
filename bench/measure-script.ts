// The scripts territory-sync is measured against, each in a worker process on a fresh emulator
// holding the same org, checked against the same desired state: `naive` (bench/naive-sync.ts,
// one call per record, 10 at a time) and `sequential` (bench/sequential-sync.ts, batched calls
// one at a time).
import type { RunningEmulator } from '../src/emulator/index.js';
import type { BenchRow } from './bench-row.js';
import { countMismatches } from './end-state.js';
import { naiveJobMinimum } from './minimum-calls.js';
import { runInWorker } from './run-in-worker.js';
import { ORG_TERRITORIES } from './scenarios.js';
import type { SetRun } from './set-run.js';
import { IDLE_TIMEOUT_MS, WORKER_TIMEOUT_MS, apiRow, demoCredentials } from './set-run.js';

export async function measureScript(
  run: SetRun,
  emulator: RunningEmulator,
  kind: 'naive' | 'sequential',
): Promise<BenchRow> {
  const { set, fixture } = run;
  emulator.resetStats();
  const answer = await runInWorker(
    {
      kind,
      url: emulator.url,
      credentials: demoCredentials(run),
      // One call at a time is what makes the sequential script sequential.
      concurrency: kind === 'naive' ? set.concurrency : 1,
      inputPath: run.workspace.naiveInput,
      pollDelayMs: set.jobDelayMs,
    },
    WORKER_TIMEOUT_MS,
  );
  // Counted before the wait: neither script waits for its last jobs.
  const stats = emulator.stats();
  await emulator.waitForIdle(IDLE_TIMEOUT_MS);
  const mismatches = countMismatches(emulator.state(), fixture.desired);
  const errors = Object.entries(answer.writeErrors).map(([code, n]) => `${n} ${code}`);
  run.log(`  ${kind}: ${Math.round(answer.wallMs)} ms, ${stats.calls} calls`);
  return apiRow(run, kind, {
    stats,
    kinds: naiveJobMinimum(fixture.moduleCounts, ORG_TERRITORIES, fixture.changes),
    measured: {
      token: stats.tokenCalls,
      catalogue: stats.territoryCalls,
      reads: stats.readCalls,
      writes: stats.writeCalls,
      'job polls': stats.jobStatusCalls,
    },
    worker: answer,
    ok: mismatches === 0 && answer.gaveUp === 0 && errors.length === 0,
    check:
      `${mismatches} records differ from territories.yaml; ` +
      `write errors: ${errors.join(', ') || 'none'}; ${answer.gaveUp} gave up waiting for a job`,
  });
}

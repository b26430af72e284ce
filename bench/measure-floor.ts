// The floor under plan's wall time (bench/bare-reads.ts) in a worker process, on the emulator
// plan used: what this emulator, Node's HTTP stack and the machine cost for the same calls.
import type { RunningEmulator } from '../src/emulator/index.js';
import type { BenchRow } from './bench-row.js';
import { kindsOf, planCalls, planMinimum } from './minimum-calls.js';
import { runInWorker } from './run-in-worker.js';
import { ORG_TERRITORIES } from './scenarios.js';
import type { SetRun } from './set-run.js';
import { WORKER_TIMEOUT_MS, apiRow, demoCredentials } from './set-run.js';

/** plan's calls by a bare HTTP client (bench/bare-reads.ts), on the emulator plan used. */
export async function measureFloor(run: SetRun, emulator: RunningEmulator): Promise<BenchRow> {
  const { set, fixture } = run;
  emulator.resetStats();
  const answer = await runInWorker(
    {
      kind: 'floor',
      url: emulator.url,
      credentials: demoCredentials(run),
      concurrency: set.concurrency,
      inputPath: run.workspace.naiveInput,
    },
    WORKER_TIMEOUT_MS,
  );
  const stats = emulator.stats();
  run.log(`  floor: ${Math.round(answer.wallMs)} ms, ${stats.calls} calls`);
  const kinds = planMinimum(fixture.moduleCounts, ORG_TERRITORIES);
  return apiRow(run, 'floor', {
    stats,
    kinds,
    measured: planCalls(stats, kindsOf(kinds)),
    worker: answer,
    ok: answer.failures === 0,
    check: `${answer.failures} answers other than 200`,
  });
}

// The local work (bench/local-work.ts) in a worker process: no API calls, so no minimum or ideal.
import type { BenchRow } from './bench-row.js';
import { runInWorker } from './run-in-worker.js';
import type { SetRun } from './set-run.js';
import { WORKER_TIMEOUT_MS } from './set-run.js';

export async function measureLocal(run: SetRun): Promise<BenchRow> {
  const { set, workspace, fixture } = run;
  const answer = await runInWorker(
    {
      kind: 'local',
      cwd: workspace.dir,
      desiredFile: workspace.desiredFile,
      statePath: workspace.crmStateFile,
    },
    WORKER_TIMEOUT_MS,
  );
  const expected = fixture.changes.length;
  run.log(`  local: ${Math.round(answer.wallMs)} ms`);
  return {
    scenario: 'local',
    records: set.records,
    changed: expected,
    latencyMs: 0,
    concurrency: set.concurrency,
    wallMs: answer.wallMs,
    phases: answer.phases,
    peakRssMb: answer.peakRssMb,
    cpuMs: answer.cpuMs,
    ok: answer.changedRecords === expected,
    check:
      `${answer.changedRecords} records to change (expected ${expected}); ` +
      `text plan ${answer.textBytes} bytes, plan.json ${answer.jsonBytes} bytes`,
  };
}

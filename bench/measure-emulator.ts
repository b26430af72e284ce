// The emulator's own speed (bench/emulator-load.ts) on a fresh emulator holding the org, with no
// latency and no concurrency cap in the way: how long it takes to start with the org, and how
// many calls a second it answers, kind by kind, from a worker process.
import type { BenchRow } from './bench-row.js';
import { runInWorker } from './run-in-worker.js';
import type { SetRun } from './set-run.js';
import { WORKER_TIMEOUT_MS, demoCredentials } from './set-run.js';

/** Calls of each kind: enough to keep every lane busy for a while. */
const CALLS = 400;

export async function measureEmulator(run: SetRun): Promise<BenchRow> {
  const { set, fixture, emu } = run;
  const accounts = fixture.seed.records?.Accounts ?? [];
  const territoryId = fixture.seed.territories.find((t) => t.parent !== null)?.id ?? '';
  const writable = accounts
    .filter(
      (r) => !(r.territories ?? []).some((t) => (typeof t === 'string' ? t : t.id) === territoryId),
    )
    .map((r) => r.id);
  const calls = Math.min(CALLS, Math.floor(writable.length / 10));
  const step = Math.max(1, Math.floor(accounts.length / 100));
  const byIds = accounts
    .filter((_, n) => n % step === 0)
    .slice(0, 100)
    .map((r) => r.id);

  const started = performance.now();
  const emulator = await emu.startEmulator({
    seed: fixture.seed,
    concurrencyLimit: 1_000,
    jobDelayMs: set.jobDelayMs,
  });
  const startMs = performance.now() - started;
  try {
    const answer = await runInWorker(
      {
        kind: 'emulator',
        url: emulator.url,
        credentials: demoCredentials(run),
        concurrency: set.concurrency,
        calls,
        accounts: accounts.length,
        byIds,
        writable: writable.slice(0, calls * 10),
        territoryId,
      },
      WORKER_TIMEOUT_MS,
    );
    const stats = emulator.stats();
    run.log(
      `  emulator: started in ${Math.round(startMs)} ms, load ${Math.round(answer.wallMs)} ms`,
    );
    const failures = [...answer.failures];
    if (stats.writeEntries.scheduled !== calls * 10) {
      failures.push(`${stats.writeEntries.scheduled} records scheduled (expected ${calls * 10})`);
    }
    return {
      scenario: 'emulator',
      records: set.records,
      changed: calls * 10,
      latencyMs: 0,
      concurrency: set.concurrency,
      calls: stats.calls,
      wallMs: answer.wallMs,
      phases: { start: startMs, ...answer.phases },
      rates: answer.rates,
      peakRssMb: answer.peakRssMb,
      cpuMs: answer.cpuMs,
      tooManyRequests: stats.tooManyRequests,
      maxInFlight: stats.maxInFlight,
      ok: failures.length === 0,
      check:
        failures.length === 0
          ? `${stats.calls} calls answered 2xx; the last page held the org's last 200 Accounts`
          : failures.slice(0, 5).join('; '),
    };
  } finally {
    await emulator.stop();
  }
}

// What every measurement of one org size shares: the scenario set, the dist modules, the
// generated org and its working folder, and how a measured call count becomes a table row.
import { readFile } from 'node:fs/promises';
import type { EmulatorStats } from '../src/emulator/index.js';
import type { BenchRow, CallBreakdown } from './bench-row.js';
import { idealMs } from './bench-row.js';
import type { loadEmulator } from './dist-modules.js';
import type { CallKind } from './minimum-calls.js';
import { sumMinimum } from './minimum-calls.js';
import type { Fixture } from './org-fixture.js';
import type { ScenarioSet } from './scenarios.js';
import type { Workspace } from './workspace.js';

export type EmulatorModule = Awaited<ReturnType<typeof loadEmulator>>;

export interface SetRun {
  readonly set: ScenarioSet;
  readonly emu: EmulatorModule;
  readonly fixture: Fixture;
  readonly workspace: Workspace;
  readonly log: (line: string) => void;
}

/** Generous: the slowest default job (apply at 100,000 records) takes well under a minute. */
export const WORKER_TIMEOUT_MS = 60 * 60_000;
/** Jobs land jobDelayMs after their call; this only bounds a broken emulator. */
export const IDLE_TIMEOUT_MS = 60_000;

export const demoCredentials = (run: SetRun) => ({
  clientId: run.emu.DEMO_OAUTH_CLIENT.clientId,
  clientSecret: run.emu.DEMO_OAUTH_CLIENT.clientSecret,
  refreshToken: run.emu.DEMO_OAUTH_CLIENT.refreshToken,
});

export async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** Pairs measured calls with their minimums; calls of any other kind are listed as `other`. */
function breakdown(
  stats: EmulatorStats,
  kinds: readonly CallKind[],
  measured: Readonly<Record<string, number>>,
): CallBreakdown[] {
  const lines = kinds.map((k) => ({
    kind: k.kind,
    calls: measured[k.kind] ?? 0,
    minimum: k.minimum,
  }));
  const other = stats.calls - lines.reduce((sum, l) => sum + l.calls, 0);
  return other === 0 ? lines : [...lines, { kind: 'other', calls: other, minimum: 0 }];
}

export interface ApiMeasurement {
  readonly stats: EmulatorStats;
  /** The job's minimum, kind by kind. */
  readonly kinds: readonly CallKind[];
  /** Calls made, by the same kinds. */
  readonly measured: Readonly<Record<string, number>>;
  readonly worker: { readonly wallMs: number; readonly peakRssMb: number; readonly cpuMs: number };
  readonly ok: boolean;
  readonly check: string;
}

export function apiRow(run: SetRun, scenario: BenchRow['scenario'], m: ApiMeasurement): BenchRow {
  const { set } = run;
  return {
    scenario,
    records: set.records,
    changed: run.fixture.changes.length,
    latencyMs: set.latencyMs,
    concurrency: set.concurrency,
    calls: m.stats.calls,
    minimum: sumMinimum(m.kinds),
    breakdown: breakdown(m.stats, m.kinds, m.measured),
    wallMs: m.worker.wallMs,
    idealMs: idealMs(m.stats.calls, set.latencyMs, set.concurrency),
    peakRssMb: m.worker.peakRssMb,
    cpuMs: m.worker.cpuMs,
    tooManyRequests: m.stats.tooManyRequests,
    maxInFlight: m.stats.maxInFlight,
    ok: m.ok,
    check: m.check,
  };
}

export function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    | ${line}`)
    .join('\n');
}

// The emulator's public contract (re-exported by src/emulator/index.ts).
import type { FaultOptions, LatencyOption } from './fault-injector.js';
import type { SeedAssigned, SeedModule, EmulatorSeed } from './seed-types.js';
import type { EmulatorStats } from './stats.js';
import type { JobStatus } from '../constants/zoho.js';

export interface EmulatorOptions {
  /** 0 = any free port (default 0). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** A seed object, or the path of a seed JSON/YAML file; default: the demo seed. */
  seed?: EmulatorSeed | string;
  /** Persist changes there (atomic write: tmp + rename); loaded instead of the seed if it exists. */
  statePath?: string;
  /** How long a job waits before it lands. Default 300. */
  jobDelayMs?: number;
  /** Added to every API call. Default 0. */
  latencyMs?: LatencyOption;
  /** Simultaneous in-flight API calls before 429. Default 10 (Standard edition). */
  concurrencyLimit?: number;
  /** Credits per rolling 24 hours. Default 100000. */
  dailyCredits?: number;
  /** Access token lifetime. Default 3600. */
  tokenLifetimeSeconds?: number;
  faults?: FaultOptions;
  /** Seeds faults and latency so runs repeat. Default 1. */
  randomSeed?: number;
  /** Request log lines; never carry tokens or secrets. */
  log?: (line: string) => void;
}

export interface RunningEmulator {
  /** e.g. http://127.0.0.1:43123 — both the API domain and the accounts URL. */
  readonly url: string;
  stats(): EmulatorStats;
  resetStats(): void;
  state(): EmulatorStateSnapshot;
  setFaults(f: FaultOptions): void;
  /** Resolves when every job has landed; rejects after timeoutMs (default 10 s). */
  waitForIdle(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export interface SnapshotAssignment {
  readonly id: string;
  readonly name: string;
  readonly assigned: SeedAssigned;
}

export interface SnapshotRecord {
  readonly id: string;
  readonly name: string;
  readonly territories: readonly SnapshotAssignment[];
  readonly locked: boolean;
  /** The job the record waits on, if any. */
  readonly pendingJobId?: string;
}

export interface SnapshotJob {
  readonly jobId: string;
  readonly module: SeedModule;
  readonly recordId: string;
  readonly action: 'assign' | 'remove';
  readonly territoryIds: readonly string[];
  readonly status: JobStatus;
  readonly scheduledTime: string;
  readonly finishedTime?: string;
}

export interface EmulatorStateSnapshot {
  readonly territories: readonly { id: string; name: string; parentId: string | null }[];
  readonly records: Readonly<Record<SeedModule, readonly SnapshotRecord[]>>;
  /** Jobs still remembered (pending, or finished within the retention), newest first. */
  readonly jobs: readonly SnapshotJob[];
}

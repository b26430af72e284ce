// What the bench asks a worker process to do, and what the worker answers. One job per process,
// so the peak RSS a worker reports belongs to that job alone.
import type { BareReadsInput, BareReadsOutcome } from './bare-reads.js';
import type { EmulatorLoadInput, EmulatorLoadOutcome } from './emulator-load.js';
import type { LocalWorkResult } from './local-work.js';
import type { NaiveOutcome } from './naive-sync.js';

export type WorkerJob =
  | {
      readonly kind: 'cli';
      readonly argv: readonly string[];
      readonly cwd: string;
      readonly env: Readonly<Record<string, string>>;
    }
  | {
      /** naive: one call per record; sequential: batched calls one at a time (concurrency 1). */
      readonly kind: 'naive' | 'sequential';
      readonly url: string;
      readonly credentials: { clientId: string; clientSecret: string; refreshToken: string };
      readonly concurrency: number;
      /** JSON file holding NaiveRecord[]. */
      readonly inputPath: string;
      readonly pollDelayMs: number;
    }
  | ({ readonly kind: 'floor' } & Omit<BareReadsInput, 'records'> & { readonly inputPath: string })
  | ({ readonly kind: 'emulator' } & EmulatorLoadInput)
  | {
      readonly kind: 'local';
      readonly cwd: string;
      readonly desiredFile: string;
      readonly statePath: string;
    };

export interface Measured {
  /** Wall time of the job itself, modules already imported. */
  readonly wallMs: number;
  /** Peak resident set size of the worker process over its life, in MiB. */
  readonly peakRssMb: number;
  /** User + system CPU time of the worker process, in ms. */
  readonly cpuMs: number;
}

export interface CliOutcome {
  readonly code: number;
  readonly stdoutTail: string;
  readonly stderrTail: string;
}

export type WorkerAnswer =
  | ({ readonly kind: 'cli' } & Measured & CliOutcome)
  | ({ readonly kind: 'naive' | 'sequential'; readonly clientRetries: number } & Measured &
      NaiveOutcome)
  | ({ readonly kind: 'local' } & Measured & LocalWorkResult)
  | ({ readonly kind: 'floor' } & Measured & BareReadsOutcome)
  | ({ readonly kind: 'emulator' } & Measured & EmulatorLoadOutcome)
  | { readonly kind: 'error'; readonly message: string };

export type AnswerFor<J extends WorkerJob> = Extract<WorkerAnswer, { kind: J['kind'] }>;

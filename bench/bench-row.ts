// One line of the results table, as printed and as saved in bench/results/latest.json.
import type { RowName } from './scenarios.js';

export interface CallBreakdown {
  readonly kind: string;
  readonly calls: number;
  readonly minimum: number;
}

export interface BenchRow {
  readonly scenario: RowName;
  /** Records listed in territories.yaml, or matched by its selectors. */
  readonly records: number;
  /** Records whose territories the job changes. */
  readonly changed: number;
  readonly latencyMs: number;
  readonly concurrency: number;
  /** API calls the emulator counted, the token call included (none for local work). */
  readonly calls?: number;
  /** The fewest calls the job can take (bench/minimum-calls.ts). */
  readonly minimum?: number;
  readonly breakdown?: readonly CallBreakdown[];
  readonly wallMs: number;
  /** calls x latency / concurrency: the wall time if every call overlapped perfectly. */
  readonly idealMs?: number;
  /** Milliseconds per step (local work; the emulator's start-up and page reads). */
  readonly phases?: Readonly<Record<string, number>>;
  /** The emulator row only: calls per second, by kind of call. */
  readonly rates?: Readonly<Record<string, number>>;
  readonly peakRssMb: number;
  readonly cpuMs: number;
  readonly tooManyRequests?: number;
  readonly maxInFlight?: number;
  /** Whether the result was right (see `check`): a fast wrong answer is not a result. */
  readonly ok: boolean;
  readonly check: string;
}

export function idealMs(calls: number, latencyMs: number, concurrency: number): number {
  return (calls * latencyMs) / concurrency;
}

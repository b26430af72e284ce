// Faults on purpose, by rate or on a schedule. Rates draw from a seeded generator in a fixed
// order, so the same options and the same calls give the same faults every run.
import type { Random } from './seeded-random.js';
import { seededRandom } from './seeded-random.js';

export const FAULT_KINDS = [
  'serverError',
  'connectionReset',
  'responseLost',
  'tooManyRequests',
  'tokenExpiry',
  'recordLocked',
  'jobFailure',
] as const;
/**
 * serverError: 5xx INTERNAL_ERROR. connectionReset: the socket is destroyed before the call is
 * handled. responseLost: the call takes effect, then the socket is destroyed. tooManyRequests:
 * 429. tokenExpiry: the presented token expires now (401 INVALID_TOKEN). recordLocked: write
 * entries answer RECORD_LOCKED. jobFailure: a job ends FAILED without changing the record.
 */
export type FaultKind = (typeof FAULT_KINDS)[number];

export const FAULT_ROUTES = [
  'token',
  'territories',
  'records',
  'coql',
  'write',
  'jobStatus',
  'metadata',
] as const;
export type FaultRoute = (typeof FAULT_ROUTES)[number];

export type LatencyOption = number | { readonly min: number; readonly max: number };

export interface ScheduledFault {
  readonly kind: FaultKind;
  /** 1-based numbers of the eligible calls (counted from when faults were set) that get it. */
  readonly calls?: readonly number[];
  /** Every Nth eligible call gets it. */
  readonly every?: number;
  /** Each trigger also hits this many following eligible calls in a row: a burst. Default 1. */
  readonly burst?: number;
  /** Eligible routes; default every API route except the token endpoint. */
  readonly routes?: readonly FaultRoute[];
  /** serverError only: the status to answer (default 500). */
  readonly status?: number;
}

export interface FaultOptions {
  /** Probabilities per eligible call, 0..1. */
  readonly serverErrorRate?: number;
  readonly connectionResetRate?: number;
  readonly responseLostRate?: number;
  readonly tooManyRequestsRate?: number;
  readonly tokenExpiryRate?: number;
  /** Per write entry. */
  readonly recordLockedRate?: number;
  /** Per landing job. */
  readonly jobFailureRate?: number;
  /** Routes the rates apply to; default every API route except the token endpoint. */
  readonly routes?: readonly FaultRoute[];
  readonly schedule?: readonly ScheduledFault[];
  /** Record ids locked on top of those the seed locks. */
  readonly lockedRecords?: readonly string[];
  /** Replaces the emulator's latency option while these faults are set. */
  readonly latencyMs?: LatencyOption;
  /**
   * Record id -> how long its jobs take, in place of the emulator's job delay, for jobs
   * scheduled while these faults are set: hours make a job that never finishes.
   */
  readonly jobDelayMsByRecord?: Readonly<Record<string, number>>;
}

export type CallFault =
  | { readonly kind: 'serverError'; readonly status: number }
  | { readonly kind: Exclude<FaultKind, 'serverError' | 'jobFailure'> };

const DEFAULT_ROUTES: readonly FaultRoute[] = FAULT_ROUTES.filter((r) => r !== 'token');

interface RuleState {
  readonly rule: ScheduledFault;
  readonly calls: ReadonlySet<number>;
  count: number;
  burstLeft: number;
}

const RATE_ORDER = [
  ['connectionResetRate', 'connectionReset'],
  ['serverErrorRate', 'serverError'],
  ['tooManyRequestsRate', 'tooManyRequests'],
  ['tokenExpiryRate', 'tokenExpiry'],
  ['responseLostRate', 'responseLost'],
] as const;

export class FaultInjector {
  private options: FaultOptions = {};
  private rules: RuleState[] = [];
  private random: Random;
  private locked = new Set<string>();
  readonly injected: Record<FaultKind, number> = emptyCounts();

  constructor(private readonly randomSeed: number) {
    this.random = seededRandom(randomSeed);
  }

  /** Replaces every fault setting; schedules count again from call 1. */
  set(options: FaultOptions): void {
    this.options = options;
    this.random = seededRandom(this.randomSeed);
    this.locked = new Set(options.lockedRecords ?? []);
    this.rules = (options.schedule ?? []).map((rule) => ({
      rule,
      calls: new Set(rule.calls ?? []),
      count: 0,
      burstLeft: 0,
    }));
  }

  get current(): FaultOptions {
    return this.options;
  }

  /** The fault, if any, for one API call on this route. */
  forCall(route: FaultRoute): CallFault | undefined {
    let chosen: CallFault | undefined;
    for (const state of this.rules) {
      if (state.rule.kind === 'jobFailure') continue;
      const routes =
        state.rule.routes ?? (state.rule.kind === 'recordLocked' ? ['write'] : DEFAULT_ROUTES);
      if (!routes.includes(route)) continue;
      state.count++;
      const triggered =
        state.calls.has(state.count) ||
        (state.rule.every !== undefined &&
          state.rule.every > 0 &&
          state.count % state.rule.every === 0);
      let hit = false;
      if (triggered) {
        hit = true;
        state.burstLeft = Math.max(0, (state.rule.burst ?? 1) - 1);
      } else if (state.burstLeft > 0) {
        hit = true;
        state.burstLeft--;
      }
      if (hit && !chosen) {
        chosen =
          state.rule.kind === 'serverError'
            ? { kind: 'serverError', status: state.rule.status ?? 500 }
            : { kind: state.rule.kind };
      }
    }
    if (!(this.options.routes ?? DEFAULT_ROUTES).includes(route)) return this.count(chosen);
    for (const [option, kind] of RATE_ORDER) {
      const rate = this.options[option] ?? 0;
      if (rate > 0 && this.random() < rate && !chosen) {
        chosen = kind === 'serverError' ? { kind, status: 500 } : { kind };
      }
    }
    return this.count(chosen);
  }

  private count(fault: CallFault | undefined): CallFault | undefined {
    if (fault) this.injected[fault.kind]++;
    return fault;
  }

  /** Whether one write entry answers RECORD_LOCKED because of a fault. */
  entryLocked(recordId: string): boolean {
    const rate = this.options.recordLockedRate ?? 0;
    const locked = this.locked.has(recordId) || (rate > 0 && this.random() < rate);
    if (locked) this.injected.recordLocked++;
    return locked;
  }

  /** The job delay set for this record, if any. */
  jobDelayFor(recordId: string): number | undefined {
    const delays = this.options.jobDelayMsByRecord;
    return delays !== undefined && Object.hasOwn(delays, recordId) ? delays[recordId] : undefined;
  }

  /** Whether a landing job fails: by rate, or by a jobFailure schedule counting jobs. */
  jobFails(): boolean {
    let fails = false;
    for (const state of this.rules) {
      if (state.rule.kind !== 'jobFailure') continue;
      state.count++;
      if (
        state.calls.has(state.count) ||
        (state.rule.every !== undefined &&
          state.rule.every > 0 &&
          state.count % state.rule.every === 0)
      ) {
        fails = true;
      }
    }
    const rate = this.options.jobFailureRate ?? 0;
    if (rate > 0 && this.random() < rate) fails = true;
    if (fails) this.injected.jobFailure++;
    return fails;
  }

  resetCounts(): void {
    for (const kind of FAULT_KINDS) this.injected[kind] = 0;
  }
}

function emptyCounts(): Record<FaultKind, number> {
  return Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
}

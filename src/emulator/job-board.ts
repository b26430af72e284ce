// Asynchronous assign/remove jobs (assumptions A5, A9): one job per record per call; it lands
// after a delay; while it waits the record is "pending"; finished jobs stay listed a while.
import { FINISHED_JOB_RETENTION_SECONDS, type JobStatus } from '../constants/zoho.js';
import type { SeedModule } from './seed-types.js';

export type WriteKind = 'assign' | 'remove';
export type JobOutcome = 'COMPLETED' | 'FAILED';

export interface Job {
  readonly jobId: string;
  readonly module: SeedModule;
  readonly recordId: string;
  readonly action: WriteKind;
  readonly territoryIds: readonly string[];
  readonly scheduledAt: number;
  readonly landsAt: number;
  finishedAt?: number;
  outcome?: JobOutcome;
}

export interface JobBoardOptions {
  readonly delayMs: number;
  /** A delay of its own for a job on this record (a fault: a job that takes hours). */
  readonly delayFor?: (module: SeedModule, recordId: string) => number | undefined;
  /** Applies the job to the org; says whether it worked. */
  readonly land: (job: Job) => JobOutcome;
  readonly now?: () => number;
}

const FIRST_JOB_ID = 554023000003908007n;
/** setTimeout fires at once for longer delays, so a job of days would land immediately. */
const MAX_TIMER_MS = 2 ** 31 - 1;
const RETENTION_MS = FINISHED_JOB_RETENTION_SECONDS * 1000;

export class JobBoard {
  private nextId = FIRST_JOB_ID;
  private readonly pendingByRecord = new Map<string, Job>();
  private readonly historyByRecord = new Map<string, Job[]>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private idleWaiters: (() => void)[] = [];
  private readonly now: () => number;
  scheduledCount = 0;
  completedCount = 0;
  failedCount = 0;

  constructor(private readonly options: JobBoardOptions) {
    this.now = options.now ?? Date.now;
  }

  schedule(
    module: SeedModule,
    recordId: string,
    action: WriteKind,
    territoryIds: readonly string[],
  ): Job {
    const scheduledAt = this.now();
    const delayMs = Math.min(
      MAX_TIMER_MS,
      this.options.delayFor?.(module, recordId) ?? this.options.delayMs,
    );
    const job: Job = {
      jobId: String(this.nextId++),
      module,
      recordId,
      action,
      territoryIds,
      scheduledAt,
      landsAt: scheduledAt + delayMs,
    };
    this.pendingByRecord.set(recordId, job);
    this.history(recordId, scheduledAt);
    const history = this.historyByRecord.get(recordId);
    if (history) history.unshift(job);
    else this.historyByRecord.set(recordId, [job]);
    this.scheduledCount++;
    this.timers.set(
      job.jobId,
      setTimeout(() => this.finish(job), delayMs),
    );
    return job;
  }

  private finish(job: Job): void {
    this.timers.delete(job.jobId);
    let outcome: JobOutcome;
    try {
      outcome = this.options.land(job);
    } catch {
      outcome = 'FAILED';
    }
    job.outcome = outcome;
    job.finishedAt = this.now();
    if (outcome === 'COMPLETED') this.completedCount++;
    else this.failedCount++;
    if (this.pendingByRecord.get(job.recordId) === job) this.pendingByRecord.delete(job.recordId);
    if (this.pendingByRecord.size === 0) this.notifyIdle();
  }

  pending(recordId: string): Job | undefined {
    return this.pendingByRecord.get(recordId);
  }

  get pendingCount(): number {
    return this.pendingByRecord.size;
  }

  /** SCHEDULED for the first half of the delay, IN_PROGRESS for the second. */
  status(job: Job, now = this.now()): JobStatus {
    if (job.outcome) return job.outcome;
    return now - job.scheduledAt >= (job.landsAt - job.scheduledAt) / 2
      ? 'IN_PROGRESS'
      : 'SCHEDULED';
  }

  /** The record's jobs, newest first, without those finished longer ago than the retention. */
  history(recordId: string, now = this.now()): readonly Job[] {
    const jobs = this.historyByRecord.get(recordId);
    if (!jobs) return [];
    const kept = jobs.filter(
      (j) => j.finishedAt === undefined || now - j.finishedAt < RETENTION_MS,
    );
    if (kept.length !== jobs.length) {
      if (kept.length === 0) this.historyByRecord.delete(recordId);
      else this.historyByRecord.set(recordId, kept);
    }
    return kept;
  }

  /** Every job still remembered, newest first. */
  allJobs(now = this.now()): Job[] {
    const all: Job[] = [];
    for (const recordId of [...this.historyByRecord.keys()])
      all.push(...this.history(recordId, now));
    return all.sort((a, b) => b.scheduledAt - a.scheduledAt || (b.jobId < a.jobId ? -1 : 1));
  }

  waitForIdle(timeoutMs: number): Promise<void> {
    if (this.pendingByRecord.size === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.idleWaiters = this.idleWaiters.filter((w) => w !== done);
        reject(new Error(`emulator jobs still pending after ${timeoutMs} ms`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.idleWaiters.push(done);
    });
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const waiter of waiters) waiter();
  }

  /** Drops every job without landing it (reseed, stop). */
  clear(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.pendingByRecord.clear();
    this.historyByRecord.clear();
    this.notifyIdle();
  }

  /** Lands every pending job now (stop with a state file: nothing accepted is lost). */
  landAllNow(): void {
    for (const job of [...this.pendingByRecord.values()]) {
      const timer = this.timers.get(job.jobId);
      if (timer) clearTimeout(timer);
      this.finish(job);
    }
  }
}

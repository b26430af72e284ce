// The emulator's parts wired together, without HTTP: the org, jobs, tokens, limits, faults,
// counters and persistence. The server and the admin routes drive it.
import { CREDITS_PER_CALL } from '../constants/zoho.js';
import type { EmulatorParts } from './api-context.js';
import { ConcurrencyGate, CreditMeter } from './api-limits.js';
import type { EmulatorStateSnapshot, SnapshotJob, SnapshotRecord } from './emulator-types.js';
import { FaultInjector, type FaultOptions, type LatencyOption } from './fault-injector.js';
import { JobBoard, type Job } from './job-board.js';
import { landJob } from './land-job.js';
import { OrgState } from './org-state.js';
import { seededRandom, type Random } from './seeded-random.js';
import type { EmulatorSeed, SeedModule } from './seed-types.js';
import { SEED_MODULES } from './seed-types.js';
import { StateWriter } from './state-writer.js';
import { StatsRecorder, type EmulatorStats } from './stats.js';
import { TokenStore } from './token-store.js';
import { zohoTime } from './zoho-time.js';

export interface CoreOptions {
  readonly seed: EmulatorSeed;
  readonly statePath: string | undefined;
  readonly jobDelayMs: number;
  readonly latencyMs: LatencyOption;
  readonly concurrencyLimit: number;
  readonly dailyCredits: number;
  readonly tokenLifetimeSeconds: number;
  readonly faults: FaultOptions;
  readonly randomSeed: number;
  readonly apiDomain: () => string;
}

export class EmulatorCore implements EmulatorParts {
  state: OrgState;
  readonly jobs: JobBoard;
  readonly faults: FaultInjector;
  readonly tokens: TokenStore;
  readonly gate: ConcurrencyGate;
  readonly credits: CreditMeter;
  readonly counters = new StatsRecorder();
  readonly now = (): number => Date.now();
  private readonly baseLatency: LatencyOption;
  private latencyRandom: Random;
  private readonly writer: StateWriter | undefined;

  constructor(private readonly options: CoreOptions) {
    this.state = OrgState.fromSeed(options.seed);
    this.faults = new FaultInjector(options.randomSeed);
    this.faults.set(options.faults);
    this.jobs = new JobBoard({
      delayMs: options.jobDelayMs,
      delayFor: (_module, recordId) => this.faults.jobDelayFor(recordId),
      now: this.now,
      land: (job) => this.land(job),
    });
    this.tokens = new TokenStore(
      this.state.clients,
      options.tokenLifetimeSeconds,
      options.apiDomain,
      this.now,
    );
    this.gate = new ConcurrencyGate(options.concurrencyLimit);
    this.credits = new CreditMeter(options.dailyCredits, this.now);
    this.baseLatency = options.latencyMs;
    this.latencyRandom = seededRandom(options.randomSeed ^ 0x5bd1e995);
    this.writer = options.statePath
      ? new StateWriter(options.statePath, () => this.state.toSeed())
      : undefined;
  }

  readonly changed = (): void => {
    this.writer?.markDirty();
  };

  private land(job: Job): 'COMPLETED' | 'FAILED' {
    if (this.faults.jobFails()) return 'FAILED';
    const outcome = landJob(this.state, job, this.now());
    if (outcome === 'COMPLETED') this.changed();
    return outcome;
  }

  /** Milliseconds to wait before answering this call. */
  latency(): number {
    const option = this.faults.current.latencyMs ?? this.baseLatency;
    if (typeof option === 'number') return Math.max(0, option);
    const { min, max } = option;
    return Math.max(0, min + (max - min) * this.latencyRandom());
  }

  /** Spends the credit one API call costs; false when the day's credits are gone. */
  spendCredit(route: string): boolean {
    if (!this.credits.trySpend(CREDITS_PER_CALL)) return false;
    this.counters.credit(route, CREDITS_PER_CALL);
    return true;
  }

  setFaults(faults: FaultOptions): void {
    this.faults.set(faults);
    this.latencyRandom = seededRandom(this.options.randomSeed ^ 0x5bd1e995);
  }

  reseed(seed: EmulatorSeed): void {
    this.jobs.clear();
    this.state = OrgState.fromSeed(seed);
    this.tokens.setClients(this.state.clients);
    this.changed();
  }

  resetStats(): void {
    this.counters.reset();
    this.credits.reset();
    this.faults.resetCounts();
    this.tokens.refreshCount = 0;
    this.jobs.scheduledCount = 0;
    this.jobs.completedCount = 0;
    this.jobs.failedCount = 0;
    this.gate.maxInFlight = this.gate.inFlight;
  }

  stats(): EmulatorStats {
    const c = this.counters;
    const faultsInjected = { ...this.faults.injected };
    return {
      since: c.since,
      calls: c.calls,
      byRoute: { ...c.byRoute },
      creditsByRoute: { ...c.creditsByRoute },
      byStatus: { ...c.byStatus },
      tokenCalls: c.kind('token'),
      tokenRefreshes: this.tokens.refreshCount,
      readCalls: c.kind('records'),
      territoryCalls: c.kind('territories'),
      coqlCalls: c.kind('coql'),
      metadataCalls: c.kind('metadata'),
      writeCalls: c.kind('write'),
      jobStatusCalls: c.kind('jobStatus'),
      tooManyRequests: c.tooManyRequests,
      faultsInjected,
      faultsTotal: Object.values(faultsInjected).reduce((a, b) => a + b, 0),
      creditsUsed: this.credits.used(),
      creditsRemaining: this.credits.remaining(),
      writeEntries: {
        total: c.writeEntries,
        scheduled: c.writeScheduled,
        errors: { ...c.writeErrors },
      },
      jobs: {
        scheduled: this.jobs.scheduledCount,
        completed: this.jobs.completedCount,
        failed: this.jobs.failedCount,
        pending: this.jobs.pendingCount,
      },
      inFlight: this.gate.inFlight,
      maxInFlight: this.gate.maxInFlight,
    };
  }

  /** Territories, records (optionally one module, some ids) and remembered jobs. */
  snapshot(filter: { module?: SeedModule; ids?: ReadonlySet<string> } = {}): EmulatorStateSnapshot {
    const { state } = this;
    const records = {} as Record<SeedModule, SnapshotRecord[]>;
    for (const module of SEED_MODULES) {
      const table = state.modules[module];
      const ids =
        filter.module !== undefined && filter.module !== module
          ? []
          : filter.ids
            ? [...filter.ids].filter((id) => table.byId.has(id))
            : table.sortedIds;
      records[module] = ids.map((id) => {
        const r = table.byId.get(id);
        if (!r) throw new Error(`index out of step for ${module} ${id}`);
        const pending = this.jobs.pending(id);
        return {
          id: r.id,
          name: r.name,
          territories: r.territories.map((a) => ({
            id: a.territoryId,
            name: state.territories.get(a.territoryId)?.name ?? '',
            assigned: a.assigned,
          })),
          locked: r.locked,
          ...(pending ? { pendingJobId: pending.jobId } : {}),
        };
      });
    }
    const now = this.now();
    const jobs: SnapshotJob[] = this.jobs
      .allJobs(now)
      .filter((j) => !filter.ids || filter.ids.has(j.recordId))
      .map((j) => ({
        jobId: j.jobId,
        module: j.module,
        recordId: j.recordId,
        action: j.action,
        territoryIds: j.territoryIds,
        status: this.jobs.status(j, now),
        scheduledTime: zohoTime(j.scheduledAt),
        ...(j.finishedAt !== undefined ? { finishedTime: zohoTime(j.finishedAt) } : {}),
      }));
    return {
      territories: [...state.territories.values()].map((t) => ({
        id: t.id,
        name: t.name,
        parentId: t.parentId,
      })),
      records,
      jobs,
    };
  }

  /** Stops timers; with a state file, lands accepted jobs first so nothing answered 202 is lost. */
  async shutdown(): Promise<void> {
    if (this.writer) {
      this.jobs.landAllNow();
      this.changed();
      await this.writer.flush();
    }
    this.jobs.clear();
  }
}

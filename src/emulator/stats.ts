// Counters tests and benchmarks read (GET /__emulator/stats, RunningEmulator.stats()).
import type { FaultKind, FaultRoute } from './fault-injector.js';

export interface EmulatorStats {
  readonly since: string;
  /** Every call to the API and the token endpoint (admin routes not counted). */
  readonly calls: number;
  /** Calls per "METHOD /path/{template}", e.g. "GET /crm/v7/{module}". */
  readonly byRoute: Readonly<Record<string, number>>;
  readonly creditsByRoute: Readonly<Record<string, number>>;
  readonly byStatus: Readonly<Record<string, number>>;
  readonly tokenCalls: number;
  readonly tokenRefreshes: number;
  /** GET records by page, by ids and single-record GET. */
  readonly readCalls: number;
  readonly territoryCalls: number;
  readonly coqlCalls: number;
  readonly metadataCalls: number;
  /** assign_territories and remove_territories calls. */
  readonly writeCalls: number;
  readonly jobStatusCalls: number;
  readonly tooManyRequests: number;
  readonly faultsInjected: Readonly<Record<FaultKind, number>>;
  readonly faultsTotal: number;
  readonly creditsUsed: number;
  readonly creditsRemaining: number;
  readonly writeEntries: {
    readonly total: number;
    readonly scheduled: number;
    /** Error entries by Zoho code. */
    readonly errors: Readonly<Record<string, number>>;
  };
  readonly jobs: {
    readonly scheduled: number;
    readonly completed: number;
    readonly failed: number;
    readonly pending: number;
  };
  readonly inFlight: number;
  readonly maxInFlight: number;
}

export type RouteKind = FaultRoute | 'unknown';

export class StatsRecorder {
  since = new Date().toISOString();
  calls = 0;
  byRoute: Record<string, number> = {};
  creditsByRoute: Record<string, number> = {};
  byStatus: Record<string, number> = {};
  byKind: Record<string, number> = {};
  tooManyRequests = 0;
  writeEntries = 0;
  writeScheduled = 0;
  writeErrors: Record<string, number> = {};

  call(kind: RouteKind, route: string): void {
    this.calls++;
    this.byKind[kind] = (this.byKind[kind] ?? 0) + 1;
    this.byRoute[route] = (this.byRoute[route] ?? 0) + 1;
  }

  credit(route: string, credits: number): void {
    this.creditsByRoute[route] = (this.creditsByRoute[route] ?? 0) + credits;
  }

  status(status: number): void {
    this.byStatus[status] = (this.byStatus[status] ?? 0) + 1;
    if (status === 429) this.tooManyRequests++;
  }

  /** Tallies the entries of an assign/remove answer. */
  writeAnswer(body: unknown): void {
    const data = (body as { data?: unknown } | undefined)?.data;
    if (!Array.isArray(data)) return;
    for (const entry of data as { code?: unknown }[]) {
      this.writeEntries++;
      const code = String(entry.code);
      if (code === 'SCHEDULED') this.writeScheduled++;
      else this.writeErrors[code] = (this.writeErrors[code] ?? 0) + 1;
    }
  }

  kind(kind: RouteKind): number {
    return this.byKind[kind] ?? 0;
  }

  reset(): void {
    this.since = new Date().toISOString();
    this.calls = 0;
    this.byRoute = {};
    this.creditsByRoute = {};
    this.byStatus = {};
    this.byKind = {};
    this.tooManyRequests = 0;
    this.writeEntries = 0;
    this.writeScheduled = 0;
    this.writeErrors = {};
  }
}

// Counters behind ZohoClient.stats(): what a run cost, for reports and benchmarks.
import type { ClientStats } from './client-types.js';

export class StatsRecorder {
  #calls = 0;
  readonly #byKind: Record<string, number> = {};
  #retries = 0;
  #tokenRefreshes = 0;
  #creditsRemaining: number | undefined;
  #rateLimited = 0;
  #lowestConcurrency: number | undefined;

  call(kind: string): void {
    this.#calls += 1;
    this.#byKind[kind] = (this.#byKind[kind] ?? 0) + 1;
  }

  retry(): void {
    this.#retries += 1;
  }

  tokenRefresh(): void {
    this.#tokenRefreshes += 1;
  }

  rateLimited(): void {
    this.#rateLimited += 1;
  }

  limitChange(limit: number): void {
    this.#lowestConcurrency = Math.min(limit, this.#lowestConcurrency ?? limit);
  }

  /** The latest X-API-CREDITS-REMAINING (Zoho sends it once half the credits are used). */
  credits(remaining: number | undefined): void {
    if (remaining !== undefined) this.#creditsRemaining = remaining;
  }

  snapshot(): ClientStats {
    return {
      calls: this.#calls,
      byKind: { ...this.#byKind },
      retries: this.#retries,
      tokenRefreshes: this.#tokenRefreshes,
      rateLimited: this.#rateLimited,
      ...(this.#creditsRemaining === undefined ? {} : { creditsRemaining: this.#creditsRemaining }),
      ...(this.#lowestConcurrency === undefined
        ? {}
        : { lowestConcurrency: this.#lowestConcurrency }),
    };
  }
}

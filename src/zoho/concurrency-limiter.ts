// One limiter for every API call of a client. Zoho counts simultaneous calls per org and app
// (5 to 25 by edition, 10 for "heavy" APIs) and answers 429 beyond that — and the org's other
// integrations share the same count, so the configured `concurrency` is a ceiling, not a
// promise. The limiter adapts like TCP's congestion window (AIMD): a 429 halves the number of
// calls it lets out at once, and every 2 × ceiling successes let one more out, back up to the
// ceiling. Retrying 429s at full width would keep the org saturated and burn credits; climbing
// back slowly keeps a busy org from answering 429 on every step up.

/** How one call went, as far as the limit is concerned. */
export type CallSignal = 'ok' | 'throttled' | 'neutral';

export interface LimitChange {
  readonly limit: number;
  readonly ceiling: number;
  readonly reason: 'throttled' | 'recovered';
}

export class ConcurrencyLimiter {
  readonly #ceiling: number;
  #limit: number;
  #active = 0;
  readonly #waiting: (() => void)[] = [];
  /** Bumped on every decrease: a 429 from a call let out before it is old news. */
  #epoch = 0;
  #successes = 0;
  readonly #onChange: (change: LimitChange) => void;

  constructor(ceiling: number, onChange: (change: LimitChange) => void = () => undefined) {
    if (!Number.isInteger(ceiling) || ceiling < 1) {
      throw new RangeError(`concurrency must be a positive integer, got ${String(ceiling)}`);
    }
    this.#ceiling = ceiling;
    this.#limit = ceiling;
    this.#onChange = onChange;
  }

  /** Calls let out at once right now (between 1 and the ceiling). */
  get limit(): number {
    return this.#limit;
  }

  /**
   * Runs the task in a slot. `classify` says whether its result was a throttle (429), a success
   * or neither (a 5xx or network failure says nothing about concurrency).
   */
  async run<T>(
    task: () => Promise<T>,
    classify: (value: T) => CallSignal = () => 'ok',
  ): Promise<T> {
    await this.#acquire();
    const epoch = this.#epoch;
    try {
      const value = await task();
      this.#record(classify(value), epoch);
      return value;
    } finally {
      this.#release();
    }
  }

  #record(signal: CallSignal, epoch: number): void {
    if (signal === 'throttled') {
      // Calls that were already out when the limit dropped answer 429 too; one overload, one cut.
      if (epoch !== this.#epoch || this.#limit === 1) return;
      this.#epoch += 1;
      this.#successes = 0;
      this.#limit = Math.max(1, Math.floor(this.#limit / 2));
      this.#onChange({ limit: this.#limit, ceiling: this.#ceiling, reason: 'throttled' });
    } else if (signal === 'ok' && this.#limit < this.#ceiling) {
      this.#successes += 1;
      if (this.#successes < 2 * this.#ceiling) return;
      this.#successes = 0;
      this.#limit += 1;
      this.#onChange({ limit: this.#limit, ceiling: this.#ceiling, reason: 'recovered' });
      this.#wake();
    }
  }

  #acquire(): Promise<void> {
    if (this.#active < this.#limit && this.#waiting.length === 0) {
      this.#active += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  #release(): void {
    this.#active -= 1;
    this.#wake();
  }

  /** Hands free slots to waiters in arrival order. */
  #wake(): void {
    while (this.#active < this.#limit) {
      const next = this.#waiting.shift();
      if (!next) return;
      this.#active += 1;
      next();
    }
  }
}

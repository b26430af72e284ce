// An edition's limits: simultaneous in-flight calls, and API credits over a rolling 24 hours
// (Zoho's API-limits pages; assumption A6 in docs/ASSUMPTIONS.md for the header and the cost
// of a call).
import { CREDITS_HEADER_THRESHOLD } from '../constants/zoho.js';

export class ConcurrencyGate {
  inFlight = 0;
  maxInFlight = 0;

  constructor(public limit: number) {}

  tryEnter(): boolean {
    if (this.inFlight >= this.limit) return false;
    this.inFlight++;
    if (this.inFlight > this.maxInFlight) this.maxInFlight = this.inFlight;
    return true;
  }

  leave(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
  }
}

const DAY_MS = 24 * 3600 * 1000;
const BUCKET_MS = 60_000;

export class CreditMeter {
  /** Credits spent per minute, oldest first: the window slides a minute at a time. */
  private buckets: { minute: number; credits: number }[] = [];
  private usedInWindow = 0;

  constructor(
    readonly daily: number,
    private readonly now: () => number,
  ) {}

  private slide(): void {
    const oldest = Math.floor((this.now() - DAY_MS) / BUCKET_MS);
    while (this.buckets.length > 0 && (this.buckets[0] as { minute: number }).minute <= oldest) {
      this.usedInWindow -= (this.buckets.shift() as { credits: number }).credits;
    }
  }

  used(): number {
    this.slide();
    return this.usedInWindow;
  }

  remaining(): number {
    return Math.max(0, this.daily - this.used());
  }

  /** Spends credits if enough remain; false means the call is refused with 429. */
  trySpend(credits: number): boolean {
    if (this.remaining() < credits) return false;
    const minute = Math.floor(this.now() / BUCKET_MS);
    const last = this.buckets[this.buckets.length - 1];
    if (last && last.minute === minute) last.credits += credits;
    else this.buckets.push({ minute, credits });
    this.usedInWindow += credits;
    return true;
  }

  /** The X-API-CREDITS-REMAINING value, once half the credits are used. */
  headerValue(): string | undefined {
    return this.used() >= this.daily * CREDITS_HEADER_THRESHOLD
      ? String(this.remaining())
      : undefined;
  }

  reset(): void {
    this.buckets = [];
    this.usedInWindow = 0;
  }
}

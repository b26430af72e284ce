// Persists the org after changes (--state FILE). Changes are coalesced: one write at a time,
// and at most one more queued however many changes land meanwhile.
import type { EmulatorSeed } from './seed-types.js';
import { writeSeedFileAtomically } from './seed-file.js';

export class StateWriter {
  private writing: Promise<void> | undefined;
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private lastError: unknown;

  constructor(
    private readonly file: string,
    private readonly snapshot: () => EmulatorSeed,
    private readonly coalesceMs = 25,
  ) {}

  markDirty(): void {
    this.dirty = true;
    if (this.writing || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.writeLoop();
    }, this.coalesceMs);
  }

  private async writeLoop(): Promise<void> {
    if (this.writing) return this.writing;
    this.writing = (async () => {
      while (this.dirty) {
        this.dirty = false;
        try {
          await writeSeedFileAtomically(this.file, this.snapshot());
        } catch (error) {
          this.lastError = error;
        }
      }
    })();
    try {
      await this.writing;
    } finally {
      this.writing = undefined;
    }
  }

  /** Writes what is pending now; rejects with the last write error, if any. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.writing) await this.writing;
    if (this.dirty) await this.writeLoop();
    if (this.lastError !== undefined) {
      const error = this.lastError;
      this.lastError = undefined;
      throw error;
    }
  }
}

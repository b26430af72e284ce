import { describe, expect, it } from 'vitest';
import { ConcurrencyLimiter } from '../../../src/zoho/concurrency-limiter.js';
import type { LimitChange } from '../../../src/zoho/concurrency-limiter.js';

const tick = (ms = 1) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ConcurrencyLimiter', () => {
  it('runs at most `concurrency` tasks at once and all of them eventually', async () => {
    const limiter = new ConcurrencyLimiter(3);
    let active = 0;
    let most = 0;
    const done: number[] = [];
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        limiter.run(async () => {
          active += 1;
          most = Math.max(most, active);
          await tick(2);
          active -= 1;
          done.push(i);
        }),
      ),
    );
    expect(most).toBe(3);
    expect(done).toHaveLength(20);
  });

  it('frees the slot when a task fails', async () => {
    const limiter = new ConcurrencyLimiter(1);
    await expect(limiter.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limiter.run(() => Promise.resolve('next'))).resolves.toBe('next');
  });

  it('refuses a limit below 1', () => {
    expect(() => new ConcurrencyLimiter(0)).toThrow(RangeError);
  });

  it('halves its width once for a burst of 429s from calls that were out together', async () => {
    const changes: LimitChange[] = [];
    const limiter = new ConcurrencyLimiter(8, (change) => changes.push(change));
    await Promise.all(
      Array.from({ length: 8 }, () =>
        limiter.run(
          () => tick(),
          () => 'throttled',
        ),
      ),
    );
    expect(changes).toEqual([{ limit: 4, ceiling: 8, reason: 'throttled' }]);
    expect(limiter.limit).toBe(4);
  });

  it('lets out fewer calls at once after a 429, then climbs back one step per 2 × ceiling successes, never above the ceiling', async () => {
    const limiter = new ConcurrencyLimiter(6);
    await limiter.run(
      () => tick(),
      () => 'throttled',
    );
    expect(limiter.limit).toBe(3);
    let active = 0;
    const widths: number[] = [];
    await Promise.all(
      Array.from({ length: 60 }, () =>
        limiter.run(async () => {
          active += 1;
          widths.push(active);
          await tick();
          active -= 1;
        }),
      ),
    );
    expect(widths.slice(0, 3)).toEqual([1, 2, 3]);
    // 3 -> 4 after 12 successes: nothing before that runs 4 at once.
    expect(Math.max(...widths.slice(0, 12))).toBe(3);
    expect(Math.max(...widths)).toBe(6);
    expect(limiter.limit).toBe(6);
  });

  it('never goes below one call at a time, and 5xx or network failures do not narrow it', async () => {
    const limiter = new ConcurrencyLimiter(4);
    for (let i = 0; i < 5; i += 1) {
      await limiter.run(
        () => tick(),
        () => 'throttled',
      );
    }
    expect(limiter.limit).toBe(1);
    const neutral = new ConcurrencyLimiter(4);
    await neutral.run(
      () => tick(),
      () => 'neutral',
    );
    expect(neutral.limit).toBe(4);
  });
});

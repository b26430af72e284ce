import { describe, expect, it } from 'vitest';
import { Semaphore } from '../../../src/zoho/semaphore.js';

describe('Semaphore', () => {
  it('runs at most `limit` tasks at once and all of them eventually', async () => {
    const semaphore = new Semaphore(3);
    let active = 0;
    let most = 0;
    const done: number[] = [];
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        semaphore.run(async () => {
          active += 1;
          most = Math.max(most, active);
          await new Promise((resolve) => setTimeout(resolve, 2));
          active -= 1;
          done.push(i);
        }),
      ),
    );
    expect(most).toBe(3);
    expect(done).toHaveLength(20);
  });

  it('frees the slot when a task fails', async () => {
    const semaphore = new Semaphore(1);
    await expect(semaphore.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(semaphore.run(() => Promise.resolve('next'))).resolves.toBe('next');
  });

  it('refuses a limit below 1', () => {
    expect(() => new Semaphore(0)).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, retryDelay } from '../../../src/zoho/index.js';

describe('retryDelay: exponential backoff with full jitter', () => {
  const policy = { baseDelayMs: 500, maxDelayMs: 20_000 };

  it.each([
    { attempt: 1, random: 0.5, expected: 250 },
    { attempt: 2, random: 0.5, expected: 500 },
    { attempt: 3, random: 0.5, expected: 1000 },
    { attempt: 6, random: 0.5, expected: 8000 },
    { attempt: 7, random: 0.5, expected: 10_000 }, // 32 s ceiling capped at 20 s
    { attempt: 30, random: 0.999, expected: 19_980 },
    { attempt: 1, random: 0, expected: 0 },
    { attempt: 3, random: 0.25, expected: 500 },
  ])('attempt $attempt with draw $random waits $expected ms', ({ attempt, random, expected }) => {
    expect(retryDelay(attempt, random, policy)).toBe(expected);
  });

  it('never exceeds the cap nor goes negative, whatever the draw', () => {
    for (let attempt = 1; attempt <= 40; attempt += 1) {
      for (const random of [-1, 0, 0.3, 0.99999, 1, 7]) {
        const delay = retryDelay(attempt, random, policy);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(policy.maxDelayMs);
      }
    }
  });

  it('defaults to 6 retries, 500 ms base, 20 s cap, 120 s in all', () => {
    expect(DEFAULT_RETRY_POLICY).toEqual({
      maxRetries: 6,
      baseDelayMs: 500,
      maxDelayMs: 20_000,
      maxElapsedMs: 120_000,
    });
    expect(retryDelay(2, 0.5)).toBe(500);
  });
});

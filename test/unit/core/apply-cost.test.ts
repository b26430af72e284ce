import { describe, expect, it } from 'vitest';
import { applyCost } from '../../../src/core/apply-cost.js';
import { planOf } from './builders.js';
import type { RecordSpec } from './builders.js';

const id = (i: number) => `55402300000${String(i).padStart(8, '0')}`;

describe('applyCost: what the plan tells a reviewer apply will spend', () => {
  it('counts the stale-plan re-read, the writes, one job check per wave and the verification', () => {
    // 150 Accounts gain a territory; 5 Deals move (remove in wave 1, assign in wave 2).
    const records: RecordSpec[] = [
      ...Array.from({ length: 150 }, (_, i): RecordSpec => ({ id: id(i), want: ['EMEA'] })),
      ...Array.from({ length: 5 }, (_, i): RecordSpec => ({
        module: 'Deals',
        id: id(1000 + i),
        want: ['US East'],
        manual: ['US West'],
      })),
    ];
    const cost = applyCost(planOf(records, { safety: { absolute: 1e6 } }));
    expect(cost).toEqual({
      // Is this the org the plan was made for, and are the names still the plan's?
      checkReads: 2,
      // Accounts 150 -> 2 calls of 100 ids, Deals 5 -> 1.
      staleCheckReads: 3,
      // Wave 1: 15 Account assigns + 1 Deal removal; wave 2: 1 Deal assign.
      writes: 17,
      // Wave 1: Accounts (2 calls) + Deals (1); wave 2: Deals (1).
      jobPolls: 4,
      verifyReads: 3,
      total: 29,
    });
  });

  it('is zero for a plan with no changes', () => {
    expect(applyCost(planOf([{ id: id(1), want: ['EMEA'], manual: ['EMEA'] }])).total).toBe(0);
  });
});

// A job that never finishes (fault option jobDelayMsByRecord): the named record's job stays
// pending for hours and blocks further writes on it, while every other record's job lands.
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_TERRITORY as T, startEmulator } from '../../src/emulator/index.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { accessToken, at, call } from './helpers.js';

const ACME = '554023000003635001';
const INITECH = '554023000003635004';
const HOURS = 3 * 60 * 60 * 1000;
const ASSIGN = '/crm/v7/Accounts/actions/assign_territories';

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

describe('a job that never finishes', () => {
  it("keeps the named record's job pending (ALREADY_SCHEDULED to further writes) while the others land", async () => {
    const e = (emulator = await startEmulator({
      jobDelayMs: 20,
      faults: { jobDelayMsByRecord: { [INITECH]: HOURS } },
    }));
    const token = await accessToken(e);
    const first = await call(e, 'POST', ASSIGN, {
      token,
      body: {
        data: [
          { id: ACME, Territories: [{ id: T.Partners }] },
          { id: INITECH, Territories: [{ id: T.UKIreland }] },
        ],
      },
    });
    expect(first.status).toBe(202);
    // Acme's job lands; Initech's does not, so the board never goes idle.
    await expect(e.waitForIdle(300)).rejects.toThrow('still pending');
    const state = e.state();
    expect(state.records.Accounts.find((r) => r.id === ACME)?.territories.map((t) => t.id)).toEqual(
      expect.arrayContaining([T.Partners]),
    );
    const initech = state.records.Accounts.find((r) => r.id === INITECH);
    expect(initech?.territories).toEqual([]);
    expect(initech?.pendingJobId).toMatch(/^\d{18}$/);
    expect(state.jobs.find((j) => j.recordId === INITECH)?.status).toBe('SCHEDULED');
    expect(e.stats().jobs).toMatchObject({ completed: 1, pending: 1 });

    const again = await call(e, 'POST', ASSIGN, {
      token,
      body: { data: [{ id: INITECH, Territories: [{ id: T.UKIreland }] }] },
    });
    expect(at(again.body, 'data', 0, 'code')).toBe('ALREADY_SCHEDULED');
    expect(e.state().jobs.filter((j) => j.recordId === INITECH)).toHaveLength(1);
  });

  it('takes the option through the admin route and refuses delays no timer can hold', async () => {
    const e = (emulator = await startEmulator({ jobDelayMs: 20 }));
    const set = await call(e, 'POST', '/__emulator/faults', {
      body: { jobDelayMsByRecord: { [INITECH]: HOURS } },
    });
    expect(set.status).toBe(200);
    const token = await accessToken(e);
    await call(e, 'POST', ASSIGN, {
      token,
      body: { data: [{ id: INITECH, Territories: [{ id: T.UKIreland }] }] },
    });
    await expect(e.waitForIdle(200)).rejects.toThrow('still pending');

    const delay = `jobDelayMsByRecord["${INITECH}"] must be a whole number from 0 to 2147483647`;
    for (const [bad, why] of [
      [{ [INITECH]: 2 ** 31 }, `${delay} (it is 2147483648)`],
      [{ [INITECH]: -1 }, `${delay} (it is -1)`],
      [[HOURS], 'jobDelayMsByRecord must be an object (it is a list)'],
    ] as const) {
      const refused = await call(e, 'POST', '/__emulator/faults', {
        body: { jobDelayMsByRecord: bad },
      });
      expect(refused.status).toBe(400);
      expect(at(refused.body, 'error')).toBe(why);
    }
  });
});

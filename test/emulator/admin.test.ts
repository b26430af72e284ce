// The admin routes tests and benchmarks use: counters, state, reset, reseed, faults, and
// "someone changed it in the CRM".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SEED, DEMO_TERRITORY as T, startEmulator } from '../../src/emulator/index.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { accessToken, at, call } from './helpers.js';

describe('admin routes', () => {
  let emulator: RunningEmulator;
  let token: string;
  const logged: string[] = [];
  beforeAll(async () => {
    emulator = await startEmulator({ jobDelayMs: 5, log: (line) => logged.push(line) });
    token = await accessToken(emulator);
  });
  afterAll(() => emulator?.stop());

  it('counts calls per route and kind, without counting admin calls', async () => {
    await call(emulator, 'POST', '/__emulator/reset', {
      headers: { 'content-type': 'application/json' },
    });
    await call(emulator, 'GET', '/crm/v7/Accounts?fields=Account_Name&ids=554023000003635001', {
      token,
    });
    await call(emulator, 'GET', '/crm/v7/Accounts/554023000003635001', { token });
    await call(
      emulator,
      'GET',
      '/crm/v7/Accounts/actions/get_feature_specific_info?features=territory_scheduled_jobs&ids=554023000003635001',
      { token },
    );
    const stats = (await call(emulator, 'GET', '/__emulator/stats')).body;
    expect(stats).toMatchObject({
      calls: 3,
      readCalls: 2,
      jobStatusCalls: 1,
      writeCalls: 0,
      tokenCalls: 0,
      creditsUsed: 3,
      byRoute: {
        'GET /crm/v7/{module}': 1,
        'GET /crm/v7/{module}/{id}': 1,
        'GET /crm/v7/{module}/actions/get_feature_specific_info': 1,
      },
      byStatus: { '200': 3 },
    });
    expect(logged.join('\n')).not.toContain(token);
  });

  it('sets a record directly, creating it when missing, and serves it in reads', async () => {
    const set = await call(emulator, 'POST', '/__emulator/records/Accounts/554023000003635999', {
      body: {
        name: 'Brand New Ltd',
        territories: [T.EMEA, { id: T.LATAM, assigned: 'automatically' }],
      },
    });
    expect(set.body).toEqual({
      id: '554023000003635999',
      name: 'Brand New Ltd',
      territories: [
        { id: T.EMEA, name: 'EMEA', assigned: 'manually' },
        { id: T.LATAM, name: 'LATAM', assigned: 'automatically' },
      ],
      locked: false,
    });
    const first = await call(emulator, 'GET', '/crm/v7/Accounts?fields=Account_Name&per_page=1', {
      token,
    });
    expect(at(first.body, 'data', 0)).toEqual({
      id: '554023000003635999',
      Account_Name: 'Brand New Ltd',
    });
    const state = await call(
      emulator,
      'GET',
      '/__emulator/state?module=Accounts&ids=554023000003635999',
    );
    expect(at(state.body, 'records', 'Accounts')).toHaveLength(1);
    expect(at(state.body, 'records', 'Deals')).toEqual([]);
    const bad = await call(emulator, 'POST', '/__emulator/records/Accounts/554023000003635999', {
      body: { territories: ['1'] },
    });
    expect([bad.status, at(bad.body, 'error')]).toEqual([400, 'unknown territory 1']);
  });

  it('refuses fault options and seeds it cannot use, saying why', async () => {
    const faults = await call(emulator, 'POST', '/__emulator/faults', {
      body: { serverErrorRate: 3, schedule: [{ kind: 'meteor' }], extra: true },
    });
    expect(faults.status).toBe(400);
    expect(at(faults.body, 'error')).toEqual(
      expect.stringContaining('serverErrorRate must be a number from 0 to 1'),
    );
    expect(at(faults.body, 'error')).toEqual(expect.stringContaining('schedule[0].kind'));
    expect(at(faults.body, 'error')).toEqual(
      expect.stringContaining('unknown fault option "extra"'),
    );
    const reseed = await call(emulator, 'POST', '/__emulator/reseed', {
      body: { territories: [] },
    });
    expect(reseed.status).toBe(400);
    expect((await call(emulator, 'GET', '/__emulator/nothing')).status).toBe(404);
  });

  it('reseeds: pending jobs dropped, tokens of known clients kept', async () => {
    await call(emulator, 'POST', '/crm/v7/Accounts/actions/assign_territories', {
      token,
      body: { data: [{ id: '554023000003635004', Territories: [{ id: T.UKIreland }] }] },
    });
    const reseed = await call(emulator, 'POST', '/__emulator/reseed', { body: DEMO_SEED });
    expect(reseed.status).toBe(200);
    expect(emulator.stats().jobs.pending).toBe(0);
    const reply = await call(emulator, 'GET', '/crm/v7/Accounts/554023000003635004', { token });
    expect(at(reply.body, 'data', 0, 'Territories')).toBeNull();
    expect(
      (await call(emulator, 'GET', '/crm/v7/Accounts/554023000003635999', { token })).status,
    ).toBe(204);
  });
});

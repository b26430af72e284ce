// An edition's limits (concurrency, daily credits) and faults on purpose, by rate or on a
// schedule, seeded so that runs repeat.
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_TERRITORY as T, startEmulator } from '../../src/emulator/index.js';
import type { EmulatorOptions, FaultOptions, RunningEmulator } from '../../src/emulator/index.js';
import { accessToken, at, call, rawRequest } from './helpers.js';

const READ = '/crm/v7/settings/territories?per_page=1';

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

async function started(options: EmulatorOptions) {
  emulator = await startEmulator(options);
  return { e: emulator, token: await accessToken(emulator) };
}

async function statuses(e: RunningEmulator, token: string, count: number, path = READ) {
  const out: (number | string)[] = [];
  for (let i = 0; i < count; i++) {
    const reply = await rawRequest(`${e.url}${path}`, {
      method: 'GET',
      headers: { authorization: `Zoho-oauthtoken ${token}` },
    });
    out.push('status' in reply ? reply.status : reply.error);
  }
  return out;
}

describe('concurrency limit', () => {
  it('answers some of 20 simultaneous calls with 429 when the limit is 5', async () => {
    const { e, token } = await started({ concurrencyLimit: 5, latencyMs: 40 });
    const replies = await Promise.all(
      Array.from({ length: 20 }, () => call(e, 'GET', READ, { token })),
    );
    const limited = replies.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(replies.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(5);
    expect(limited[0]?.body).toEqual({
      code: 'TOO_MANY_REQUESTS',
      details: {},
      message: expect.any(String),
      status: 'error',
    });
    expect(limited[0]?.headers.get('retry-after')).toBeNull();
    expect(e.stats().tooManyRequests).toBe(limited.length);
    expect(e.stats().maxInFlight).toBe(5);
  });

  it('answers 20 sequential calls without any 429', async () => {
    const { e, token } = await started({ concurrencyLimit: 5, latencyMs: 5 });
    expect(new Set(await statuses(e, token, 20))).toEqual(new Set([200]));
  });
});

describe('daily credits', () => {
  it('charges one credit per API call, sends the remaining credits past half, then 429', async () => {
    const { e, token } = await started({ dailyCredits: 4 });
    const headers: (string | null)[] = [];
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const reply = await call(e, 'GET', READ, { token });
      codes.push(reply.status);
      headers.push(reply.headers.get('x-api-credits-remaining'));
    }
    expect(codes).toEqual([200, 200, 200, 200, 429]);
    expect(headers).toEqual([null, '2', '1', '0', '0']);
    expect(e.stats()).toMatchObject({ creditsUsed: 4, creditsRemaining: 0, tokenCalls: 1 });
    expect(e.stats().creditsByRoute).toEqual({ 'GET /crm/v7/settings/territories': 4 });
    e.resetStats();
    expect((await call(e, 'GET', READ, { token })).status).toBe(200);
  });
});

describe('faults', () => {
  it('injects 5xx, resets and 429s by rate, the same ones on every run', async () => {
    const faults: FaultOptions = {
      serverErrorRate: 0.2,
      connectionResetRate: 0.1,
      tooManyRequestsRate: 0.1,
    };
    const runs: (number | string)[][] = [];
    for (let run = 0; run < 2; run++) {
      const { e, token } = await started({ faults, randomSeed: 42 });
      runs.push(await statuses(e, token, 40));
      const injected = e.stats().faultsInjected;
      expect(injected.serverError + injected.connectionReset + injected.tooManyRequests).toBe(
        runs[run]?.filter((s) => s !== 200).length,
      );
      await e.stop();
      emulator = undefined;
    }
    expect(runs[0]).toEqual(runs[1]);
    expect(runs[0]).toContain(500);
    expect(runs[0]).toContain(429);
    expect(runs[0]).toContain('ECONNRESET');
    expect(runs[0]).toContain(200);
  });

  it('answers a scheduled burst of 429s, then recovers', async () => {
    const { e, token } = await started({
      faults: { schedule: [{ kind: 'tooManyRequests', calls: [2], burst: 3 }] },
    });
    expect(await statuses(e, token, 6)).toEqual([200, 429, 429, 429, 200, 200]);
    expect(e.stats().faultsInjected.tooManyRequests).toBe(3);
  });

  it('expires the token of a scheduled call (401 INVALID_TOKEN) and answers 503 when told', async () => {
    const { e, token } = await started({
      faults: {
        schedule: [
          { kind: 'tokenExpiry', calls: [2] },
          { kind: 'serverError', calls: [1], status: 503 },
        ],
      },
    });
    const first = await call(e, 'GET', READ, { token });
    expect([first.status, at(first.body, 'code')]).toEqual([503, 'INTERNAL_ERROR']);
    const second = await call(e, 'GET', READ, { token });
    expect(at(second.body, 'code')).toBe('INVALID_TOKEN');
    expect((await call(e, 'GET', READ, { token })).status).toBe(401);
    expect((await call(e, 'GET', READ, { token: await accessToken(e) })).status).toBe(200);
  });

  it('locks records on demand and fails jobs on schedule', async () => {
    const { e, token } = await started({
      jobDelayMs: 5,
      faults: {
        lockedRecords: ['554023000003635001'],
        schedule: [{ kind: 'jobFailure', calls: [1] }],
      },
    });
    const reply = await call(e, 'POST', '/crm/v7/Accounts/actions/assign_territories', {
      token,
      body: {
        data: [
          { id: '554023000003635001', Territories: [{ id: T.Partners }] },
          { id: '554023000003635004', Territories: [{ id: T.UKIreland }] },
        ],
      },
    });
    expect(reply.status).toBe(207);
    expect(at(reply.body, 'data', 0, 'code')).toBe('RECORD_LOCKED');
    await e.waitForIdle(2000);
    const initech = e.state().records.Accounts.find((r) => r.id === '554023000003635004');
    expect(initech?.territories).toEqual([]);
    expect(e.state().jobs[0]?.status).toBe('FAILED');
    expect(e.stats().faultsInjected).toMatchObject({ recordLocked: 1, jobFailure: 1 });
  });

  it('loses the response of a write that took effect (responseLost)', async () => {
    const { e, token } = await started({
      jobDelayMs: 5,
      faults: { schedule: [{ kind: 'responseLost', calls: [1], routes: ['write'] }] },
    });
    const body = JSON.stringify({
      data: [{ id: '554023000003635004', Territories: [{ id: T.UKIreland }] }],
    });
    const lost = await rawRequest(`${e.url}/crm/v7/Accounts/actions/assign_territories`, {
      method: 'POST',
      headers: { authorization: `Zoho-oauthtoken ${token}` },
      body,
    });
    expect(lost).toEqual({ error: 'ECONNRESET' });
    await e.waitForIdle(2000);
    const retried = await call(e, 'POST', '/crm/v7/Accounts/actions/assign_territories', {
      token,
      body,
    });
    expect(at(retried.body, 'data', 0, 'code')).toBe('DUPLICATE_DATA');
  });

  it('changes faults and latency at run time through setFaults and the admin route', async () => {
    const { e, token } = await started({ concurrencyLimit: 1 });
    e.setFaults({ serverErrorRate: 1 });
    expect((await call(e, 'GET', READ, { token })).status).toBe(500);
    const admin = await call(e, 'POST', '/__emulator/faults', { body: { latencyMs: 200 } });
    expect(admin.status).toBe(200);
    expect(admin.body).toEqual({ latencyMs: 200 });
    // The latency is seen without a clock: the first call holds the only slot while it waits,
    // so a second one sent with it is turned away (a call answered at once would free it).
    e.resetStats();
    const replies = await Promise.all([
      call(e, 'GET', READ, { token }),
      call(e, 'GET', READ, { token }),
    ]);
    expect(replies.map((r) => r.status).sort()).toEqual([200, 429]);
    expect(e.stats()).toMatchObject({ tooManyRequests: 1, maxInFlight: 1 });
  });
});

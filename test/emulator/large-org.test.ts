// An org of 100,000 Accounts, the size the benchmark runs at: the emulator loads it, pages to its
// far end through page_token, and answers every kind of call 10 at a time without a failure.
// How fast it starts and serves is measured by `npm run bench` (the `emulator` row,
// bench/emulator-load.ts), not asserted here, where a busy machine could fail a timed test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateOrg,
  generatedRecordId,
  generatedTerritoryId,
  startEmulator,
} from '../../src/emulator/index.js';
import type { EmulatorSeed, RunningEmulator } from '../../src/emulator/index.js';
import { accessToken, at, call } from './helpers.js';

const RECORDS = 100_000;
const IN_FLIGHT = 10;
/** Calls of each kind; enough to keep all 10 lanes busy, few enough to stay quick. */
const CALLS = 40;

const idsOf = (body: unknown) => ((at(body, 'data') ?? []) as { id: string }[]).map((r) => r.id);

describe('an org of 100,000 Accounts', () => {
  let seed: EmulatorSeed;
  let emulator: RunningEmulator;
  let token: string;
  beforeAll(async () => {
    seed = generateOrg({ territories: 500, records: { Accounts: RECORDS }, seed: 5 });
    emulator = await startEmulator({
      seed,
      concurrencyLimit: 100,
      jobDelayMs: 1,
    });
    token = await accessToken(emulator);
  });
  afterAll(() => emulator?.stop());

  it('loads every record: the first page holds the 200 newest ids (Zoho sorts by id, descending)', async () => {
    const reply = await call(emulator, 'GET', '/crm/v7/Accounts?fields=Account_Name,Territories', {
      token,
    });
    expect(reply.status).toBe(200);
    const ids = idsOf(reply.body);
    expect(ids).toHaveLength(200);
    expect(ids[0]).toBe(generatedRecordId('Accounts', RECORDS - 1));
    expect(ids.at(-1)).toBe(generatedRecordId('Accounts', RECORDS - 200));
    expect(at(reply.body, 'info', 'more_records')).toBe(true);
  });

  it('reads the last page through page_token', async () => {
    const first = await call(emulator, 'GET', '/crm/v7/Accounts?fields=Account_Name&page=10', {
      token,
    });
    const deep = at(first.body, 'info', 'next_page_token') as string;
    // The token is ours, so forge the one for the last page: its offset, the same query.
    const last = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(deep, 'base64url').toString()),
        o: RECORDS - 200,
      }),
    ).toString('base64url');

    const reply = await call(
      emulator,
      'GET',
      `/crm/v7/Accounts?fields=Account_Name&page_token=${last}`,
      { token },
    );

    expect(reply.status).toBe(200);
    const ids = idsOf(reply.body);
    expect(ids).toHaveLength(200);
    expect(ids[0]).toBe(generatedRecordId('Accounts', 199));
    expect(ids.at(-1)).toBe(generatedRecordId('Accounts', 0));
    expect(at(reply.body, 'info', 'more_records')).toBe(false);
    expect(at(reply.body, 'info', 'next_page_token')).toBeNull();
  });

  it('answers pages, reads by ids, catalogue pages and writes, 10 at a time, without a failure', async () => {
    const ids = Array.from({ length: 100 }, (_, n) => generatedRecordId('Accounts', n * 997));
    const territory = generatedTerritoryId(499);
    // Records that do not hold it yet, so that every entry is scheduled (not DUPLICATE_DATA).
    const writable = (seed.records?.Accounts ?? [])
      .filter(
        (r) => !(r.territories ?? []).some((t) => (typeof t === 'string' ? t : t.id) === territory),
      )
      .map((r) => r.id);
    const requests: { path: string; init?: RequestInit; answer: number }[] = [];
    for (let n = 0; n < CALLS; n++) {
      requests.push(
        { path: '/crm/v7/Accounts?fields=Account_Name,Territories', answer: 200 },
        {
          path: `/crm/v7/Accounts?fields=Account_Name,Territories&ids=${ids.join(',')}`,
          answer: 200,
        },
        { path: '/crm/v7/settings/territories?per_page=200', answer: 200 },
        {
          path: '/crm/v7/Accounts/actions/assign_territories',
          // Accepted: the assignment runs as a job.
          answer: 202,
          init: {
            method: 'POST',
            body: JSON.stringify({
              data: Array.from({ length: 10 }, (_, k) => ({
                id: writable[n * 10 + k],
                Territories: [{ id: territory }],
              })),
            }),
          },
        },
      );
    }
    emulator.resetStats();
    const unexpected: string[] = [];
    let answered = 0;
    let next = 0;
    const lane = async () => {
      while (next < requests.length) {
        const { path, init, answer } = requests[next++] as (typeof requests)[number];
        const response = await fetch(`${emulator.url}${path}`, {
          ...init,
          headers: { authorization: `Zoho-oauthtoken ${token}` },
        });
        await response.arrayBuffer();
        answered++;
        if (response.status !== answer) unexpected.push(`${response.status} ${path}`);
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, lane));

    expect(answered).toBe(4 * CALLS);
    expect(unexpected).toEqual([]);
    const stats = emulator.stats();
    expect(stats.calls).toBe(4 * CALLS);
    expect(stats.tooManyRequests).toBe(0);
    expect(stats.maxInFlight).toBeLessThanOrEqual(IN_FLIGHT);
    // Every one of the 400 records written is a job of its own.
    expect(stats.writeEntries).toEqual({ total: 10 * CALLS, scheduled: 10 * CALLS, errors: {} });
  });
});

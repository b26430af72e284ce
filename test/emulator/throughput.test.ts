// The emulator serves a 100,000-record org fast enough for benchmarks: work per request is
// proportional to the request (a page deep in the org costs what page 1 costs), and it prints
// the requests per second it managed on this machine (10 in flight, keep-alive).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateOrg, generatedRecordId, startEmulator } from '../../src/emulator/index.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { accessToken, at, call } from './helpers.js';

const RECORDS = 100_000;
const IN_FLIGHT = 10;

async function measure(
  emulator: RunningEmulator,
  token: string,
  total: number,
  request: (n: number) => { path: string; init?: RequestInit },
): Promise<number> {
  let next = 0;
  let failures = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < total) {
      const { path, init } = request(next++);
      const response = await fetch(`${emulator.url}${path}`, {
        ...init,
        headers: { authorization: `Zoho-oauthtoken ${token}` },
      });
      await response.arrayBuffer();
      if (response.status >= 400) failures++;
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  expect(failures).toBe(0);
  return Math.round(total / ((performance.now() - started) / 1000));
}

describe('throughput on 100,000 Accounts', () => {
  let emulator: RunningEmulator;
  let token: string;
  beforeAll(async () => {
    emulator = await startEmulator({
      seed: generateOrg({ territories: 500, records: { Accounts: RECORDS }, seed: 5 }),
      concurrencyLimit: 100,
      dailyCredits: 10_000_000,
      jobDelayMs: 1,
    });
    token = await accessToken(emulator);
  });
  afterAll(() => emulator?.stop());

  it('reads the last page through page_token as fast as the first', async () => {
    const time = async (path: string) => {
      const started = performance.now();
      for (let i = 0; i < 20; i++)
        expect((await call(emulator, 'GET', path, { token })).status).toBe(200);
      return performance.now() - started;
    };
    const first = await call(emulator, 'GET', '/crm/v7/Accounts?fields=Account_Name&page=10', {
      token,
    });
    const deep = at(first.body, 'info', 'next_page_token') as string;
    // Walk the token's offset to the end of the org: the token is ours, so forge the last page.
    const last = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(deep, 'base64url').toString()),
        o: RECORDS - 200,
      }),
    ).toString('base64url');
    const firstMs = await time('/crm/v7/Accounts?fields=Account_Name');
    const lastMs = await time(`/crm/v7/Accounts?fields=Account_Name&page_token=${last}`);
    expect(lastMs).toBeLessThan(firstMs * 5 + 100);
  });

  it('serves hundreds of requests per second', async () => {
    const ids = Array.from({ length: 100 }, (_, n) => generatedRecordId('Accounts', n * 997)).join(
      ',',
    );
    const pages = await measure(emulator, token, 400, () => ({
      path: '/crm/v7/Accounts?fields=Account_Name,Territories',
    }));
    const byIds = await measure(emulator, token, 400, () => ({
      path: `/crm/v7/Accounts?fields=Account_Name,Territories&ids=${ids}`,
    }));
    const catalogue = await measure(emulator, token, 400, () => ({
      path: '/crm/v7/settings/territories?per_page=200',
    }));
    const writes = await measure(emulator, token, 400, (n) => ({
      path: '/crm/v7/Accounts/actions/assign_territories',
      init: {
        method: 'POST',
        body: JSON.stringify({
          data: Array.from({ length: 10 }, (_, k) => ({
            id: generatedRecordId('Accounts', (n * 10 + k) % RECORDS),
            Territories: [{ id: '554023000100000499' }],
          })),
        }),
      },
    }));
    console.log(
      `emulator requests/s (100,000 Accounts, ${IN_FLIGHT} in flight): ` +
        `page of 200 ${pages}, 100 by ids ${byIds}, catalogue page ${catalogue}, ` +
        `assign 10 records ${writes}`,
    );
    for (const rate of [pages, byIds, catalogue, writes]) expect(rate).toBeGreaterThan(50);
  });
});

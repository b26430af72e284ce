// A record's territory limit, answered per record with LIMIT_EXCEEDED: a removal naming more
// territories than a record can hold (Zoho's remove examples, A31) and an assignment that would
// take a record past its limit. Each is that record's failure, named with its code and what to
// do, never the call's; the other records of the batch are scheduled and nothing is sent twice.
// Against the emulator over 127.0.0.1, no mocked transport.
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEMO_OAUTH_CLIENT,
  DEMO_SEED,
  DEMO_TERRITORY as T,
  startEmulator,
} from '../../../src/emulator/index.js';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { createZohoClient } from '../../../src/zoho/index.js';

const ACME = '554023000003635001'; // US East
const HOOLI = '554023000003635012'; // US East, Strategic Accounts, North America (by rules)
const ACME_DEAL = '554023000003639901'; // US East
const ELEVEN = [
  T.USEast,
  T.USWest,
  T.Canada,
  T.LATAM,
  T.EMEA,
  T.DACH,
  T.France,
  T.Nordics,
  T.APAC,
  T.Japan,
  T.Partners,
];

const opened: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((e) => e.stop()));
});

async function demoClient() {
  const emulator = await startEmulator({
    port: 0,
    host: '127.0.0.1',
    seed: DEMO_SEED,
    jobDelayMs: 20,
  });
  opened.push(emulator);
  const client = createZohoClient({
    connection: { apiDomain: emulator.url, accountsUrl: emulator.url },
    credentials: {
      kind: 'refresh-token',
      clientId: DEMO_OAUTH_CLIENT.clientId,
      clientSecret: DEMO_OAUTH_CLIENT.clientSecret,
      refreshToken: DEMO_OAUTH_CLIENT.refreshToken,
    },
    retry: { maxRetries: 2, baseDelayMs: 1 },
  });
  return { client, emulator };
}

describe('a record over its territory limit', () => {
  it('removing more territories than a record can hold fails that record alone, saying what to do', async () => {
    const { client, emulator } = await demoClient();

    const results = await client.write('Accounts', 'remove', [
      { id: ACME, territoryIds: [T.USEast] },
      { id: HOOLI, territoryIds: ELEVEN },
    ]);

    expect(results.map((r) => [r.recordId, r.status, r.code])).toEqual([
      [ACME, 'success', 'SCHEDULED'],
      [HOOLI, 'error', 'LIMIT_EXCEEDED'],
    ]);
    const refused = results[1];
    expect(refused?.details).toEqual({
      api_name: 'Territories',
      json_path: '$.data[1].Territories',
      limit: 10,
    });
    expect(refused?.jobId).toBeUndefined();
    expect(refused?.message).toContain('Zoho refused to remove 11 territories from the record');
    expect(refused?.message).toContain('a record holds at most 10');
    expect(refused?.message).toContain('Maximum limit of territories for that record exceeds');
    expect(refused?.message).toMatch(/Not sent again: keep some of them in the desired file/);
    expect(refused?.message).toContain('`territory-sync plan`');
    // One call, not repeated by the transport; Hooli keeps its territories.
    expect(client.stats()).toMatchObject({ byKind: { remove: 1 }, retries: 0 });
    expect(emulator.stats().writeEntries).toMatchObject({ total: 2, scheduled: 1 });
    await emulator.waitForIdle();
    const hooli = emulator.state().records.Accounts?.find((r) => r.id === HOOLI);
    expect(hooli?.territories).toHaveLength(3);
  });

  it('a Deal holds one territory: removing two is refused with limit 1', async () => {
    const { client } = await demoClient();

    const [result] = await client.write('Deals', 'remove', [
      { id: ACME_DEAL, territoryIds: [T.USEast, T.USWest] },
    ]);

    expect(result).toMatchObject({
      recordId: ACME_DEAL,
      status: 'error',
      code: 'LIMIT_EXCEEDED',
      details: { limit: 1 },
    });
    expect(result?.message).toContain('Zoho refused to remove 2 territories from the record');
    expect(result?.message).toContain('a record holds at most 1');
  });

  it('an assignment past the limit, counting rule-assigned territories, is modelled the same way', async () => {
    const { client } = await demoClient();

    // Hooli carries 3 (one by rules): 3 + 8 = 11.
    const others = ELEVEN.filter((id) => id !== T.USEast).slice(0, 8);
    const [result] = await client.write('Accounts', 'assign', [
      { id: HOOLI, territoryIds: others },
    ]);

    expect(result).toMatchObject({
      recordId: HOOLI,
      status: 'error',
      code: 'LIMIT_EXCEEDED',
      details: { api_name: 'Territories', json_path: '$.data[0].Territories', limit: 10 },
    });
    expect(result?.message).toContain(
      'the record would hold more than 10 territories, counting those its rules assigned',
    );
    expect(result?.message).toMatch(/Not sent again: run `territory-sync plan`/);
  });
});

// A batch Zoho answers partly SCHEDULED, partly with errors: the remove page documents 207, the
// assign page "INVALID_DATA, HTTP 400 ... multiple response states" (docs/ASSUMPTIONS.md A1).
// The client must read data[] record by record under either status. Against the emulator over
// 127.0.0.1, once with each reading (the seed's org.mixedBatchStatus), no mocked transport.
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_OAUTH_CLIENT, DEMO_SEED, startEmulator } from '../../../src/emulator/index.js';
import type { EmulatorSeed, RunningEmulator } from '../../../src/emulator/index.js';
import { createZohoClient } from '../../../src/zoho/index.js';
import type { ClientEvent, WriteEntryResult } from '../../../src/zoho/index.js';

const T = { USEast: '554023000000430407', EMEA: '554023000000430421', Japan: '554023000000430445' };
const A = {
  acme: '554023000003635001', // US East
  muller: '554023000003635003', // DACH, France
  initech: '554023000003635004', // none
  sample: '554023000003635023', // none
  cyberdyne: '554023000003635020', // locked
};

const opened: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((e) => e.stop()));
});

async function clientOf(mixedBatchStatus: 207 | 400) {
  const seed: EmulatorSeed = { ...DEMO_SEED, org: { ...DEMO_SEED.org, mixedBatchStatus } };
  const emulator = await startEmulator({ port: 0, host: '127.0.0.1', seed, jobDelayMs: 20 });
  opened.push(emulator);
  const statuses: number[] = [];
  const client = createZohoClient({
    connection: { apiDomain: emulator.url, accountsUrl: emulator.url },
    credentials: {
      kind: 'refresh-token',
      clientId: DEMO_OAUTH_CLIENT.clientId,
      clientSecret: DEMO_OAUTH_CLIENT.clientSecret,
      refreshToken: DEMO_OAUTH_CLIENT.refreshToken,
    },
    retry: { maxRetries: 2, baseDelayMs: 1 },
    onEvent: (event: ClientEvent) => {
      if (event.type === 'request' && ['assign', 'remove'].includes(event.kind)) {
        statuses.push(event.status);
      }
    },
  });
  return { client, emulator, statuses };
}

/** What a caller may rely on, without the job ids (new per run). */
const outcome = (results: readonly WriteEntryResult[]) =>
  results.map((r) => ({
    recordId: r.recordId,
    status: r.status,
    code: r.code,
    scheduled: r.jobId !== undefined,
  }));

describe.each([207, 400] as const)('a mixed batch answered %i', (mixedBatchStatus) => {
  it('is read record by record, in input order, and sent once', async () => {
    const { client, emulator, statuses } = await clientOf(mixedBatchStatus);

    const results = await client.write('Accounts', 'assign', [
      { id: A.initech, territoryIds: [T.EMEA] },
      { id: A.acme, territoryIds: [T.USEast] }, // already there: DUPLICATE_DATA
      { id: A.cyberdyne, territoryIds: [T.EMEA] }, // locked: RECORD_LOCKED
      { id: A.sample, territoryIds: [T.EMEA] },
    ]);

    expect(statuses).toEqual([mixedBatchStatus]);
    expect(outcome(results)).toEqual([
      { recordId: A.initech, status: 'success', code: 'SCHEDULED', scheduled: true },
      { recordId: A.acme, status: 'error', code: 'DUPLICATE_DATA', scheduled: false },
      { recordId: A.cyberdyne, status: 'error', code: 'RECORD_LOCKED', scheduled: false },
      { recordId: A.sample, status: 'success', code: 'SCHEDULED', scheduled: true },
    ]);
    expect(results[1]?.details).toEqual({
      api_name: 'id',
      json_path: '$.data[1].Territories[0].id',
    });
    // One call, no retry: the scheduled records were not sent again.
    expect(client.stats()).toMatchObject({ byKind: { assign: 1 }, retries: 0 });
    expect(emulator.stats().writeEntries).toMatchObject({ total: 4, scheduled: 2 });
    await emulator.waitForIdle();
    const accounts = emulator.state().records.Accounts ?? [];
    const territoriesOf = (id: string) =>
      (accounts.find((r) => r.id === id)?.territories ?? []).map((t) =>
        typeof t === 'string' ? t : t.id,
      );
    expect([territoriesOf(A.initech), territoriesOf(A.sample)]).toEqual([[T.EMEA], [T.EMEA]]);
  });

  it('reads a mixed removal the same way', async () => {
    const { client, statuses } = await clientOf(mixedBatchStatus);

    const results = await client.write('Accounts', 'remove', [
      { id: A.acme, territoryIds: [T.USEast] },
      { id: A.muller, territoryIds: [T.Japan] }, // not on the record (A8)
    ]);

    expect(statuses).toEqual([mixedBatchStatus]);
    expect(outcome(results)).toEqual([
      { recordId: A.acme, status: 'success', code: 'SCHEDULED', scheduled: true },
      { recordId: A.muller, status: 'error', code: 'INVALID_DATA', scheduled: false },
    ]);
  });
});

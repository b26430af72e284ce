// Reading a module for export: the real client against the emulator over 127.0.0.1.
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_OAUTH_CLIENT, generateOrg, startEmulator } from '../../../src/emulator/index.js';
import type { EmulatorSeed, RunningEmulator } from '../../../src/emulator/index.js';
import { readExport } from '../../../src/export/read-export.js';
import { readModule } from '../../../src/export/read-module.js';
import { createZohoClient } from '../../../src/zoho/index.js';

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

async function clientFor(seed: EmulatorSeed) {
  emulator = await startEmulator({ port: 0, host: '127.0.0.1', seed, jobDelayMs: 20 });
  return createZohoClient({
    connection: { apiDomain: emulator.url, accountsUrl: emulator.url },
    credentials: {
      kind: 'refresh-token',
      clientId: DEMO_OAUTH_CLIENT.clientId,
      clientSecret: DEMO_OAUTH_CLIENT.clientSecret,
      refreshToken: DEMO_OAUTH_CLIENT.refreshToken,
    },
  });
}

const T = { root: '554023000000900001', east: '554023000000900003', west: '554023000000900005' };

const SMALL: EmulatorSeed = {
  territories: [
    { id: T.root, name: 'Organization', parent: null },
    { id: T.east, name: 'East', parent: T.root },
    { id: T.west, name: 'West', parent: T.root },
  ],
  records: {
    Accounts: [
      {
        id: '554023000003600003',
        name: 'Initech',
        territories: [T.west, { id: T.east, assigned: 'automatically' }],
      },
      { id: '554023000003600001', name: 'Acme Corp', territories: [T.east] },
      {
        id: '554023000003600002',
        name: 'Rules Only',
        territories: [{ id: T.west, assigned: 'automatically' }],
      },
      { id: '554023000003600004', name: 'Untagged' },
    ],
    Deals: [{ id: '554023000003600901', name: 'Big Renewal', territories: [T.west] }],
  },
  oauthClients: [
    {
      clientId: DEMO_OAUTH_CLIENT.clientId,
      clientSecret: DEMO_OAUTH_CLIENT.clientSecret,
      refreshTokens: [DEMO_OAUTH_CLIENT.refreshToken],
      scopes: [...DEMO_OAUTH_CLIENT.scopes],
    },
  ],
};

describe('readModule', () => {
  it('keeps records with manual territories, split from rule-assigned ones, sorted by id', async () => {
    const client = await clientFor(SMALL);
    const accounts = await readModule(client, 'Accounts');
    expect(accounts).toEqual({
      module: 'Accounts',
      records: [
        { id: '554023000003600001', name: 'Acme Corp', manual: [T.east], byRules: [] },
        { id: '554023000003600003', name: 'Initech', manual: [T.west], byRules: [T.east] },
      ],
      scanned: 4,
      onlyByRules: 1,
      withoutTerritories: 1,
      atListingLimit: false,
    });
  });

  it('reads Deals through their Territory field, and an empty module as no records', async () => {
    const client = await clientFor(SMALL);
    const { catalogue, modules } = await readExport(client, ['Contacts', 'Deals']);
    expect(catalogue.territories).toHaveLength(3);
    expect(modules.map((m) => [m.module, m.records.map((r) => [r.id, r.manual])])).toEqual([
      ['Contacts', []],
      ['Deals', [['554023000003600901', [T.west]]]],
    ]);
  });

  it('reads past the first 2,000 records (page_token) and reports progress per page', async () => {
    const seed = generateOrg({ records: { Contacts: 2_150 }, seed: 7 });
    const client = await clientFor(seed);
    const progress: number[] = [];
    const contacts = await readModule(client, 'Contacts', {
      onProgress: (_module, scanned) => progress.push(scanned),
    });
    expect(contacts.scanned).toBe(2_150);
    const expected = (seed.records?.Contacts ?? []).filter((r) =>
      (r.territories ?? []).some((t) => typeof t === 'string'),
    );
    expect(contacts.records.map((r) => r.id)).toEqual(expected.map((r) => r.id));
    expect(contacts.records.length + contacts.onlyByRules + contacts.withoutTerritories).toBe(
      2_150,
    );
    expect(progress.at(-1)).toBe(2_150);
    expect(progress.length).toBe(11);
  });
});

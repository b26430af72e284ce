// runDoctor with the real client against the emulator over 127.0.0.1: each way a setup goes
// wrong names the failing check and the fix, and no data ever changes (its one write call, the
// Leads probe, names a record and a territory that do not exist).
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../../src/doctor/check-result.js';
import { ClientEventLog } from '../../../src/doctor/client-event-log.js';
import { runDoctor } from '../../../src/doctor/run-doctor.js';
import { DEMO_OAUTH_CLIENT, DEMO_SEED, startEmulator } from '../../../src/emulator/index.js';
import type { EmulatorSeed, RunningEmulator } from '../../../src/emulator/index.js';
import { createZohoClient } from '../../../src/zoho/index.js';
import type { ClientEvent, ZohoConnection, ZohoCredentials } from '../../../src/zoho/index.js';

let emulator: RunningEmulator | undefined;
/** What the client reported during the last doctor() run. */
let sent: ClientEvent[] = [];
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

function withScopes(scopes: readonly string[]): EmulatorSeed {
  return {
    ...DEMO_SEED,
    oauthClients: [
      {
        clientId: DEMO_OAUTH_CLIENT.clientId,
        clientSecret: DEMO_OAUTH_CLIENT.clientSecret,
        refreshTokens: [DEMO_OAUTH_CLIENT.refreshToken],
        scopes: [...scopes],
      },
    ],
  };
}

async function doctor(
  seed: EmulatorSeed,
  overrides: {
    clientSecret?: string;
    connection?: ZohoConnection;
    credentials?: ZohoCredentials;
  } = {},
): Promise<CheckResult[]> {
  emulator = await startEmulator({ port: 0, host: '127.0.0.1', seed, jobDelayMs: 20 });
  const connection = overrides.connection ?? {
    apiDomain: emulator.url,
    accountsUrl: emulator.url,
  };
  const credentials: ZohoCredentials = overrides.credentials ?? {
    kind: 'refresh-token',
    clientId: DEMO_OAUTH_CLIENT.clientId,
    clientSecret: overrides.clientSecret ?? DEMO_OAUTH_CLIENT.clientSecret,
    refreshToken: DEMO_OAUTH_CLIENT.refreshToken,
  };
  const events = new ClientEventLog();
  sent = [];
  const client = createZohoClient({
    connection,
    credentials,
    retry: { maxRetries: 1, baseDelayMs: 1 },
    onEvent: (event) => {
      sent.push(event);
      events.record(event);
    },
  });
  const before = emulator.state();
  const results = await runDoctor({ client, connection, credentials: credentials.kind, events });
  expect(emulator.stats().writeCalls).toBeLessThanOrEqual(1);
  expect(emulator.state()).toEqual(before);
  return results;
}

function find(results: readonly CheckResult[], name: string): CheckResult | undefined {
  return results.find((r) => r.name === name);
}

const failures = (results: readonly CheckResult[]) =>
  results.filter((r) => r.status === 'fail').map((r) => r.name);

/** A port that was free a moment ago: nothing answers there. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('runDoctor', () => {
  it('passes every check on the demo org, probing each module and assumption', async () => {
    const results = await doctor(DEMO_SEED);
    expect(failures(results)).toEqual([]);
    expect(results.filter((r) => r.status === 'skip')).toEqual([]);
    expect(results.map((r) => `${r.status} ${r.name}`)).toEqual([
      'ok data centre',
      'ok credentials',
      'ok API domain',
      'ok scope ZohoCRM.settings.territories.READ',
      'ok scope ZohoCRM.org.READ',
      'ok territory feature',
      ...['Accounts', 'Contacts', 'Deals'].flatMap((m) => [
        `ok ${m}: read records`,
        `ok ${m}: territories in list answers (A3)`,
        `ok ${m}: 100 ids per Get Records call (A4)`,
        `ok ${m}: job status (A5)`,
      ]),
      'info Leads: assignment through the API (A26)',
      'ok selectors: fields and COQL reads',
      'ok API credits (A6)',
      'info write scope',
    ]);
    expect(find(results, 'territory feature')?.detail).toMatch(
      /^enabled; 20 territories under "Organization"$/,
    );
    expect(find(results, 'Deals: territories in list answers (A3)')?.detail).toMatch(
      /^Territory with \$assigned/,
    );
    expect(find(results, 'Leads: assignment through the API (A26)')?.detail).toMatch(
      /^not enabled \(TERRITORY_NOT_ENABLED\): .* ask Zoho support .* set `modules: \{ Leads: true \}`/,
    );
    expect(find(results, 'scope ZohoCRM.org.READ')?.detail).toMatch(
      /^org 554023000000016001 \("Zylker"\) at http:\/\/127\.0\.0\.1:\d+: plans record which org/,
    );
  });

  it('names the missing org scope and how to add it, and still checks the rest', async () => {
    const scopes = DEMO_OAUTH_CLIENT.scopes.filter((s) => s !== 'ZohoCRM.org.READ');
    const results = await doctor(withScopes(scopes));
    expect(failures(results)).toEqual(['scope ZohoCRM.org.READ']);
    expect(find(results, 'scope ZohoCRM.org.READ')?.detail).toContain(
      "Add ZohoCRM.org.READ to the Self Client's scope and generate a new refresh token",
    );
    expect(find(results, 'territory feature')?.status).toBe('ok');
    expect(find(results, 'Deals: job status (A5)')?.status).toBe('ok');
  });

  it('names the missing catalogue scope and how to add it, and still checks the modules', async () => {
    const scopes = DEMO_OAUTH_CLIENT.scopes.filter(
      (s) => s !== 'ZohoCRM.settings.territories.READ',
    );
    const results = await doctor(withScopes(scopes));
    expect(failures(results)).toEqual(['scope ZohoCRM.settings.territories.READ']);
    expect(find(results, 'scope ZohoCRM.settings.territories.READ')?.detail).toContain(
      "Add ZohoCRM.settings.territories.READ to the Self Client's scope and generate a new refresh token",
    );
    expect(find(results, 'territory feature')?.status).toBe('skip');
    expect(find(results, 'Accounts: job status (A5)')?.status).toBe('ok');
  });

  it('names the module scope when records cannot be read', async () => {
    const results = await doctor(
      withScopes([
        'ZohoCRM.settings.territories.READ',
        'ZohoCRM.org.READ',
        'ZohoCRM.modules.accounts.READ',
      ]),
    );
    expect(failures(results)).toEqual(['Contacts: read records', 'Deals: read records']);
    expect(find(results, 'Deals: read records')?.detail).toContain(
      "Add ZohoCRM.modules.ALL (or at least ZohoCRM.modules.deals.READ) to the Self Client's scope",
    );
    expect(find(results, 'Deals: job status (A5)')?.status).toBe('skip');
  });

  it('stops at credentials the accounts server refuses, naming the data centre check', async () => {
    const results = await doctor(DEMO_SEED, { clientSecret: 'wrong' });
    expect(results.map((r) => `${r.status} ${r.name}`)).toEqual([
      'ok data centre',
      'fail credentials',
      'skip remaining checks',
    ]);
    expect(find(results, 'credentials')?.detail).toContain('invalid_client');
  });

  it('reports an API domain that does not answer after one retry, and asks it nothing more', async () => {
    const apiDomain = `http://127.0.0.1:${await closedPort()}`;
    const results = await doctor(DEMO_SEED, {
      connection: { apiDomain, accountsUrl: apiDomain },
      credentials: { kind: 'access-token', accessToken: '1000.some-token' },
    });
    expect(results.map((r) => `${r.status} ${r.name}`)).toEqual([
      'ok data centre',
      'skip credentials',
      'fail API domain',
      'skip remaining checks',
    ]);
    expect(find(results, 'API domain')?.detail).toContain(
      `Could not get an answer from ${apiDomain}`,
    );
    // One probe, tried twice, then every later check skipped: bounded by count, not by a clock.
    const attempts = sent.flatMap((e) =>
      e.type === 'request'
        ? [`${e.method} ${e.path} #${e.attempt} ${e.networkCode ?? e.status}`]
        : [],
    );
    expect(attempts).toEqual([
      'GET /crm/v7/settings/territories #1 ECONNREFUSED',
      'GET /crm/v7/settings/territories #2 ECONNREFUSED',
    ]);
  });

  it('reports an accounts server that does not answer as a credentials failure', async () => {
    const accountsUrl = `http://127.0.0.1:${await closedPort()}`;
    const results = await doctor(DEMO_SEED, {
      connection: { apiDomain: 'http://127.0.0.1:9', accountsUrl },
    });
    expect(failures(results)).toEqual(['credentials']);
    expect(find(results, 'credentials')?.detail).toContain(
      `Could not get an answer from ${accountsUrl}`,
    );
  });

  it('says territory management is off when the org has not enabled it', async () => {
    const results = await doctor({
      ...DEMO_SEED,
      org: { ...DEMO_SEED.org, territoriesEnabled: false },
    });
    expect(find(results, 'territory feature')?.status).toBe('fail');
    expect(find(results, 'territory feature')?.detail).toContain('Setup > Territory Management');
    expect(find(results, 'Accounts: job status (A5)')?.status).toBe('fail');
  });

  it('skips the record probes of a module without records instead of failing them', async () => {
    const results = await doctor({ ...DEMO_SEED, records: { ...DEMO_SEED.records, Deals: [] } });
    expect(failures(results)).toEqual([]);
    expect(find(results, 'Deals: read records')?.detail).toContain('the module has no records');
    expect(find(results, 'Deals: job status (A5)')?.status).toBe('skip');
  });
});

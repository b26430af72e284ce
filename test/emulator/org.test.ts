// GET /crm/v7/org: the answer's shape, the seed's org id and name, defaults, scopes, and the
// org id kept across --state.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_ORG_ID,
  DEMO_OAUTH_CLIENT,
  DEMO_ORG_ID,
  DEMO_SEED,
  generateOrg,
  generatedOrgId,
  startEmulator,
  validateSeed,
} from '../../src/emulator/index.js';
import type { EmulatorSeed, RunningEmulator } from '../../src/emulator/index.js';
import { accessToken, at, call } from './helpers.js';
import { shape } from './oas-examples.js';
import { ZOHO_ORG_SAMPLE } from './org-sample.js';

const ORG_PATH = '/crm/v7/org';

const running: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.stop()));
});

async function start(seed: EmulatorSeed, statePath?: string): Promise<RunningEmulator> {
  const emulator = await startEmulator({
    seed,
    jobDelayMs: 5,
    ...(statePath ? { statePath } : {}),
  });
  running.push(emulator);
  return emulator;
}

async function orgOf(emulator: RunningEmulator) {
  const reply = await call(emulator, 'GET', ORG_PATH, { token: await accessToken(emulator) });
  expect(reply.status).toBe(200);
  return reply.body;
}

function withScopes(seed: EmulatorSeed, scopes: readonly string[]): EmulatorSeed {
  return {
    ...seed,
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

const ACME: EmulatorSeed = {
  ...DEMO_SEED,
  org: { ...DEMO_SEED.org, id: '7000000000000000042', name: 'Acme Industries' },
};

describe('GET /crm/v7/org', () => {
  it("answers the demo org in the shape of Zoho's sample, ids as digit strings", async () => {
    const body = await orgOf(await start(DEMO_SEED));
    expect(shape(body)).toEqual(shape(ZOHO_ORG_SAMPLE));
    const org = at(body, 'org', 0) as Record<string, unknown>;
    expect(org).toMatchObject({
      id: DEMO_ORG_ID,
      company_name: 'Zylker',
      primary_email: 'p.boyle@zylker.example',
      country_code: 'US',
      iso_code: 'USD',
      license_details: { paid: true, paid_type: 'enterprise' },
    });
    for (const key of ['id', 'zgid', 'primary_zuid']) expect(org[key]).toMatch(/^[0-9]+$/);
    expect(org['domain_name']).toBe(`org${String(org['zgid'])}`);
  });

  it("answers the seed's org id and company name; another seed, another id", async () => {
    const [demo, acme] = await Promise.all([start(DEMO_SEED), start(ACME)]);
    const [demoBody, acmeBody] = await Promise.all([orgOf(demo), orgOf(acme)]);
    expect(at(acmeBody, 'org', 0, 'id')).toBe('7000000000000000042');
    expect(at(acmeBody, 'org', 0, 'company_name')).toBe('Acme Industries');
    expect(at(demoBody, 'org', 0, 'id')).not.toBe(at(acmeBody, 'org', 0, 'id'));
    expect(at(demoBody, 'org', 0, 'zgid')).not.toBe(at(acmeBody, 'org', 0, 'zgid'));
  });

  it('answers the same body every time for the same seed', async () => {
    const [first, second] = await Promise.all([start(ACME), start(ACME)]);
    expect(await orgOf(first)).toEqual(await orgOf(second));
  });

  it('gives a seed without org.id the default id, and generated orgs their own', async () => {
    const orgWithoutId = { ...DEMO_SEED.org };
    delete orgWithoutId.id;
    const [bare, generated, other] = await Promise.all([
      start({ ...DEMO_SEED, org: orgWithoutId }),
      start(generateOrg({ territories: 5, records: { Accounts: 3 }, seed: 7 })),
      start(generateOrg({ territories: 5, records: { Accounts: 3 }, seed: 8 })),
    ]);
    expect(at(await orgOf(bare), 'org', 0, 'id')).toBe(DEFAULT_ORG_ID);
    expect(at(await orgOf(generated), 'org', 0, 'id')).toBe(generatedOrgId(7));
    expect(at(await orgOf(other), 'org', 0, 'id')).toBe(generatedOrgId(8));
    expect(new Set([DEFAULT_ORG_ID, DEMO_ORG_ID, generatedOrgId(7), generatedOrgId(8)]).size).toBe(
      4,
    );
  });

  it('follows a reseed to the new org', async () => {
    const emulator = await start(DEMO_SEED);
    expect((await call(emulator, 'POST', '/__emulator/reseed', { body: ACME })).status).toBe(200);
    expect(at(await orgOf(emulator), 'org', 0, 'id')).toBe('7000000000000000042');
  });

  it('keeps the org id in the --state file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'emulator-org-'));
    const statePath = path.join(dir, 'state.json');
    const first = await start(ACME, statePath);
    await first.stop();
    running.splice(running.indexOf(first), 1);
    const saved = validateSeed(JSON.parse(readFileSync(statePath, 'utf8')) as EmulatorSeed);
    expect(saved.org?.id).toBe('7000000000000000042');
    const second = await start(DEMO_SEED, statePath);
    expect(at(await orgOf(second), 'org', 0, 'id')).toBe('7000000000000000042');
  });

  it('needs ZohoCRM.org.READ or ZohoCRM.org.ALL; other scopes answer OAUTH_SCOPE_MISMATCH', async () => {
    const others = DEMO_OAUTH_CLIENT.scopes.filter((s) => s !== 'ZohoCRM.org.READ');
    const cases: [readonly string[], number][] = [
      [['ZohoCRM.org.READ'], 200],
      [['zohocrm.org.all'], 200],
      [others, 401],
      [['ZohoCRM.settings.ALL', 'ZohoCRM.users.ALL'], 401],
    ];
    for (const [scopes, status] of cases) {
      const emulator = await start(withScopes(DEMO_SEED, scopes));
      const reply = await call(emulator, 'GET', ORG_PATH, { token: await accessToken(emulator) });
      expect([scopes, reply.status]).toEqual([scopes, status]);
      if (status === 401) {
        expect(reply.body).toEqual({
          code: 'OAUTH_SCOPE_MISMATCH',
          details: {},
          message: 'Unauthorized',
          status: 'error',
        });
      }
    }
  });

  it('grants ZohoCRM.org.READ to the demo client, so the demo can read its org', () => {
    expect(DEMO_OAUTH_CLIENT.scopes).toContain('ZohoCRM.org.READ');
  });

  it('answers without a token AUTHENTICATION_FAILURE, and is no record route', async () => {
    const emulator = await start(DEMO_SEED);
    const anonymous = await call(emulator, 'GET', ORG_PATH);
    expect([anonymous.status, at(anonymous.body, 'code')]).toEqual([401, 'AUTHENTICATION_FAILURE']);
    const token = await accessToken(emulator);
    const byId = await call(emulator, 'GET', `${ORG_PATH}/${DEMO_ORG_ID}`, { token });
    expect([byId.status, at(byId.body, 'code')]).toEqual([404, 'INVALID_URL_PATTERN']);
    const post = await call(emulator, 'POST', ORG_PATH, { token, body: {} });
    expect(at(post.body, 'code')).toBe('INVALID_REQUEST_METHOD');
  });

  it('counts as a metadata call with its own route in the stats', async () => {
    const emulator = await start(DEMO_SEED);
    await orgOf(emulator);
    const stats = emulator.stats();
    expect(stats.metadataCalls).toBe(1);
    expect(stats.byRoute['GET /crm/v7/org']).toBe(1);
  });
});

describe('the seed field org.id', () => {
  it('must be a quoted digit string', () => {
    for (const id of ['org-1', '', 42, '12345678901234567890']) {
      expect(() => validateSeed({ ...DEMO_SEED, org: { ...DEMO_SEED.org, id } })).toThrow(
        /\/org\/id/,
      );
    }
  });
});

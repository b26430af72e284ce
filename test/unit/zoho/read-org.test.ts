// readOrg (GET /crm/v7/org): the org id and name, the API domain the call actually went to, a
// body that is not what Zoho documents refused with a typed error, and a missing scope named.
// Against a fake Zoho and the emulator, both over 127.0.0.1.
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEMO_OAUTH_CLIENT,
  DEMO_ORG_ID,
  DEMO_SEED,
  startEmulator,
} from '../../../src/emulator/index.js';
import type { EmulatorSeed, RunningEmulator } from '../../../src/emulator/index.js';
import { TerritorySyncError } from '../../../src/errors.js';
import { createZohoClient, ZohoApiError } from '../../../src/zoho/index.js';
import type { ZohoClient } from '../../../src/zoho/index.js';
import { ZOHO_ORG_SAMPLE } from '../../emulator/org-sample.js';
import { ok, startFakeZoho, testClient, useFakeZoho } from './helpers/fake-zoho.js';
import type { FakeZoho } from './helpers/fake-zoho.js';
import { sendJson, startServer } from './helpers/test-server.js';
import type { TestServer } from './helpers/test-server.js';

const fake = useFakeZoho();

// Zoho's documented sample answer (the emulator's contract suite holds it), company renamed.
const SAMPLE_ORG = {
  ...(ZOHO_ORG_SAMPLE.org[0] as (typeof ZOHO_ORG_SAMPLE.org)[number]),
  company_name: 'Zylker Corp',
};

async function catchError(promise: Promise<unknown>): Promise<ZohoApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ZohoApiError) return error;
    throw error;
  }
  throw new Error('expected a ZohoApiError');
}

const opened: (FakeZoho | TestServer | RunningEmulator)[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((o) => ('stop' in o ? o.stop() : o.close())));
});

describe('readOrg', () => {
  it("reads the id and company name of Zoho's sample answer, counted under its own kind", async () => {
    const zoho = await fake((_req, res) => ok(res, { org: [SAMPLE_ORG] }));
    const { client } = testClient(zoho);

    const org = await client.readOrg();

    expect(org).toEqual({
      id: '2019230000000452658',
      name: 'Zylker Corp',
      apiDomain: zoho.server.url,
    });
    expect(
      zoho.apiRequests().map((r) => `${r.method} ${r.path}${r.query.size ? '?' : ''}`),
    ).toEqual(['GET /crm/v7/org']);
    expect(zoho.apiRequests()[0]?.headers.authorization).toMatch(/^Zoho-oauthtoken 1000\./);
    expect(client.stats().byKind).toEqual({ org: 1 });
    expect(client.stats().calls).toBe(1);
  });

  it("reports the API domain the call went to: the token's api_domain when the connection lets it", async () => {
    const api = await startServer((req, res) =>
      req.path === '/crm/v7/org' ? ok(res, { org: [SAMPLE_ORG] }) : sendJson(res, 404, {}),
    );
    opened.push(api);
    // The accounts server answers api_domain with a trailing slash: the domain reported has none.
    const accounts = await startFakeZoho((_req, res) => sendJson(res, 404, {}), {
      apiDomain: `${api.url}/`,
    });
    opened.push(accounts);
    // A connection whose API domain is only a default (no domain configured): createZohoClient
    // must pass that flag on, or the call goes to the default instead of api_domain.
    const connection = {
      apiDomain: accounts.server.url,
      accountsUrl: accounts.server.url,
      apiDomainConfigured: false,
    };
    const { client } = testClient(accounts, { connection });

    const org = await client.readOrg();

    expect(org.apiDomain).toBe(api.url);
    expect(accounts.apiRequests()).toEqual([]);
    expect(api.requests.map((r) => r.path)).toEqual(['/crm/v7/org']);
  });

  it('leaves out a company name that is missing, blank, not a string or too long', async () => {
    const names: unknown[] = [undefined, null, '', '   ', 42, { name: 'x' }, 'a'.repeat(256)];
    for (const company_name of names) {
      const zoho = await fake((_req, res) => ok(res, { org: [{ ...SAMPLE_ORG, company_name }] }));
      const org = await testClient(zoho).client.readOrg();
      expect([company_name, org]).toEqual([
        company_name,
        { id: SAMPLE_ORG.id, apiDomain: zoho.server.url },
      ]);
    }
    const zoho = await fake((_req, res) =>
      ok(res, { org: [{ ...SAMPLE_ORG, company_name: '  Zylker Corp  ' }] }),
    );
    expect((await testClient(zoho).client.readOrg()).name).toBe('Zylker Corp');
    // Odd characters are kept for renderers to show escaped, not hidden.
    const odd = await fake((_req, res) =>
      ok(res, { org: [{ ...SAMPLE_ORG, company_name: 'Acme\u202e Corp' }] }),
    );
    expect((await testClient(odd).client.readOrg()).name).toBe('Acme\u202e Corp');
  });

  const HOSTILE: readonly [string, (res: Parameters<typeof ok>[0]) => void, RegExp][] = [
    ['an empty object', (res) => ok(res, {}), /no `org` array/],
    ['org as an object', (res) => ok(res, { org: SAMPLE_ORG }), /no `org` array/],
    ['a bare array', (res) => ok(res, [SAMPLE_ORG]), /no `org` array/],
    ['an empty org array', (res) => ok(res, { org: [] }), /0 entries in `org`/],
    [
      'two orgs',
      (res) => ok(res, { org: [SAMPLE_ORG, { ...SAMPLE_ORG, id: '1' }] }),
      /2 entries in `org`/,
    ],
    ['a null org', (res) => ok(res, { org: [null] }), /not an object/],
    ['an org without id', (res) => ok(res, { org: [{ company_name: 'x' }] }), /\(missing\)/],
    [
      'a numeric id',
      (res) => ok(res, { org: [{ ...SAMPLE_ORG, id: 2019230000000452 }] }),
      /\(a number\)/,
    ],
    [
      'an id with letters',
      (res) => ok(res, { org: [{ ...SAMPLE_ORG, id: '../../etc<script>' }] }),
      /\(a string of 17 characters\)/,
    ],
    ['an empty id', (res) => ok(res, { org: [{ ...SAMPLE_ORG, id: '' }] }), /\(a string of 0/],
    [
      'a 20-digit id',
      (res) => ok(res, { org: [{ ...SAMPLE_ORG, id: '1'.repeat(20) }] }),
      /not a string of 1 to 19 digits/,
    ],
    ['an id array', (res) => ok(res, { org: [{ ...SAMPLE_ORG, id: ['1'] }] }), /\(a array\)/],
    ['a 204 without a body', (res) => sendJson(res, 204, undefined), /no `org` array/],
    [
      'a body that is not JSON',
      (res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"org": [');
      },
      /no `org` array/,
    ],
  ];

  it.each(HOSTILE)(
    'refuses %s with a typed error saying what to check',
    async (_what, answer, said) => {
      const zoho = await fake((_req, res) => answer(res));
      const error = await catchError(testClient(zoho).client.readOrg());

      expect(error).toBeInstanceOf(TerritorySyncError);
      expect(error).toMatchObject({
        code: 'ZOHO_API',
        zohoCode: 'UNEXPECTED_RESPONSE',
        method: 'GET',
        path: '/crm/v7/org',
      });
      expect(error.message).toMatch(said);
      expect(error.message).toContain('GET /crm/v7/org');
      expect(error.message).toContain('Check that the API domain points at Zoho CRM');
      expect(error.message).not.toContain('<script>');
    },
  );

  it('names ZohoCRM.org.READ when the token lacks the scope', async () => {
    const zoho = await fake((_req, res) =>
      sendJson(res, 401, {
        code: 'OAUTH_SCOPE_MISMATCH',
        details: {},
        message: 'Unauthorized',
        status: 'error',
      }),
    );
    const error = await catchError(testClient(zoho).client.readOrg());

    expect(error).toMatchObject({
      code: 'AUTH',
      zohoCode: 'OAUTH_SCOPE_MISMATCH',
      httpStatus: 401,
    });
    expect(error.message).toContain('with ZohoCRM.org.READ among its scopes');
  });

  it('retries a 429 like every other call', async () => {
    let calls = 0;
    const zoho = await fake((_req, res) => {
      calls += 1;
      if (calls === 1) {
        return sendJson(res, 429, {
          code: 'TOO_MANY_REQUESTS',
          details: {},
          message: 'too many requests',
          status: 'error',
        });
      }
      return ok(res, { org: [SAMPLE_ORG] });
    });
    const { client, delays } = testClient(zoho);

    expect((await client.readOrg()).id).toBe(SAMPLE_ORG.id);
    expect(delays).toHaveLength(1);
    expect(client.stats()).toMatchObject({ byKind: { org: 2 }, retries: 1, rateLimited: 1 });
  });
});

describe('readOrg against the emulator', () => {
  async function emulatedClient(seed: EmulatorSeed): Promise<{ client: ZohoClient; url: string }> {
    const emulator = await startEmulator({ port: 0, host: '127.0.0.1', seed });
    opened.push(emulator);
    const client = createZohoClient({
      connection: { apiDomain: emulator.url, accountsUrl: emulator.url },
      credentials: {
        kind: 'refresh-token',
        clientId: DEMO_OAUTH_CLIENT.clientId,
        clientSecret: DEMO_OAUTH_CLIENT.clientSecret,
        refreshToken: DEMO_OAUTH_CLIENT.refreshToken,
      },
      retry: { maxRetries: 1, baseDelayMs: 1 },
    });
    return { client, url: emulator.url };
  }

  const withScopes = (scopes: readonly string[]): EmulatorSeed => ({
    ...DEMO_SEED,
    oauthClients: [
      {
        clientId: DEMO_OAUTH_CLIENT.clientId,
        clientSecret: DEMO_OAUTH_CLIENT.clientSecret,
        refreshTokens: [DEMO_OAUTH_CLIENT.refreshToken],
        scopes: [...scopes],
      },
    ],
  });

  it('reads the demo org with the demo scopes', async () => {
    const { client, url } = await emulatedClient(DEMO_SEED);
    expect(await client.readOrg()).toEqual({ id: DEMO_ORG_ID, name: 'Zylker', apiDomain: url });
  });

  it("reads another seed's org id", async () => {
    const { client } = await emulatedClient({
      ...DEMO_SEED,
      org: { ...DEMO_SEED.org, id: '7000000000000000042', name: 'Acme Industries' },
    });
    expect(await client.readOrg()).toMatchObject({
      id: '7000000000000000042',
      name: 'Acme Industries',
    });
  });

  it('names ZohoCRM.org.READ when the token was granted everything else', async () => {
    const { client } = await emulatedClient(
      withScopes(DEMO_OAUTH_CLIENT.scopes.filter((s) => s !== 'ZohoCRM.org.READ')),
    );
    const error = await catchError(client.readOrg());
    expect(error).toMatchObject({ code: 'AUTH', zohoCode: 'OAUTH_SCOPE_MISMATCH' });
    expect(error.message).toContain('ZohoCRM.org.READ');
  });
});

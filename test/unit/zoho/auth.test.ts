import { afterEach, describe, expect, it } from 'vitest';
import { createZohoClient, ZohoApiError } from '../../../src/zoho/index.js';
import { chooseApiDomain } from '../../../src/zoho/token-request.js';
import { TerritorySyncError } from '../../../src/errors.js';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  REFRESH_TOKEN,
  invalidToken,
  oneTerritory,
  startFakeZoho,
  testClient,
} from './helpers/fake-zoho.js';
import type { FakeZoho } from './helpers/fake-zoho.js';
import { sendJson, startServer } from './helpers/test-server.js';
import type { TestServer } from './helpers/test-server.js';

const open: { close(): Promise<void> }[] = [];
async function track<T extends { close(): Promise<void> }>(thing: Promise<T>): Promise<T> {
  const value = await thing;
  open.push(value);
  return value;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function catchError(promise: Promise<unknown>): Promise<ZohoApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ZohoApiError);
  return error as ZohoApiError;
}

describe('OAuth refresh', () => {
  it('refreshes once for 50 concurrent calls and sends the token Zoho issued', async () => {
    const zoho = await track(startFakeZoho((_req, res) => oneTerritory(res)));
    const { client } = testClient(zoho, { concurrency: 5 });

    await Promise.all(Array.from({ length: 50 }, () => client.readCatalogue()));

    expect(zoho.tokenRequests()).toHaveLength(1);
    expect(zoho.apiRequests()).toHaveLength(50);
    const sent = new Set(zoho.apiRequests().map((r) => r.headers.authorization));
    expect([...sent]).toEqual([`Zoho-oauthtoken ${zoho.issued[0]}`]);
    expect(client.stats().tokenRefreshes).toBe(1);
  });

  it('posts the refresh-token grant as a form to /oauth/v2/token', async () => {
    const zoho = await track(startFakeZoho((_req, res) => oneTerritory(res)));
    await testClient(zoho).client.readCatalogue();

    const [request] = zoho.tokenRequests();
    expect(request?.method).toBe('POST');
    expect(request?.headers['content-type']).toContain('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(request?.body))).toEqual({
      grant_type: 'refresh_token',
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      refresh_token: REFRESH_TOKEN,
    });
  });

  it('refreshes once on INVALID_TOKEN and the call then succeeds', async () => {
    const zoho: FakeZoho = await track(
      startFakeZoho((_req, res, token) =>
        token === zoho.issued[0] ? invalidToken(res) : oneTerritory(res),
      ),
    );
    const { client } = testClient(zoho);

    const catalogue = await client.readCatalogue();

    expect(catalogue.territories).toEqual([{ id: '100', name: 'Organization', parentId: null }]);
    expect(zoho.tokenRequests()).toHaveLength(2);
    expect(zoho.apiRequests().map((r) => r.headers.authorization)).toEqual([
      `Zoho-oauthtoken ${zoho.issued[0]}`,
      `Zoho-oauthtoken ${zoho.issued[1]}`,
    ]);
    expect(client.stats().tokenRefreshes).toBe(2);
  });

  it('refreshes only once when many calls hit INVALID_TOKEN with the same token', async () => {
    const zoho: FakeZoho = await track(
      startFakeZoho((_req, res, token) =>
        token === zoho.issued[0] ? invalidToken(res) : oneTerritory(res),
      ),
    );
    const { client } = testClient(zoho, { concurrency: 10 });

    await Promise.all(Array.from({ length: 10 }, () => client.readCatalogue()));

    expect(zoho.tokenRequests()).toHaveLength(2);
  });

  it('gives up with an AUTH error when the refreshed token is rejected too', async () => {
    const zoho = await track(startFakeZoho((_req, res) => invalidToken(res)));
    const { client } = testClient(zoho);

    const error = await catchError(client.readCatalogue());

    expect(error.code).toBe('AUTH');
    expect(error.zohoCode).toBe('INVALID_TOKEN');
    expect(error.httpStatus).toBe(401);
    expect(error.method).toBe('GET');
    expect(error.path).toBe('/crm/v7/settings/territories');
    expect(error.message).toContain('data centre');
    expect(zoho.apiRequests()).toHaveLength(2);
    expect(zoho.tokenRequests()).toHaveLength(2);
  });

  it('keeps every call on the configured API domain whatever the token answer says', async () => {
    // A sandbox rehearsal: Zoho's token answer names production, the config names the sandbox.
    const elsewhere = await track(startServer((_req, res) => oneTerritory(res)));
    const zoho = await track(
      startFakeZoho((_req, res) => oneTerritory(res), { apiDomain: elsewhere.url }),
    );
    const { client } = testClient(zoho);

    await client.readCatalogue();

    expect(elsewhere.requests).toHaveLength(0);
    expect(zoho.apiRequests().map((r) => r.path)).toEqual(['/crm/v7/settings/territories']);
  });

  it("follows the token answer's api_domain only when no API domain was configured", async () => {
    const api = await track(startServer((_req, res) => oneTerritory(res)));
    const zoho = await track(
      startFakeZoho((_req, res) => sendJson(res, 500, { code: 'WRONG_HOST' }), {
        apiDomain: api.url,
      }),
    );
    const { client } = testClient(zoho, {
      connection: {
        apiDomain: zoho.server.url,
        accountsUrl: zoho.server.url,
        apiDomainConfigured: false,
      },
    });

    await client.readCatalogue();

    expect(api.requests.map((r) => r.path)).toEqual(['/crm/v7/settings/territories']);
    expect(zoho.apiRequests()).toHaveLength(0);
  });

  it("keeps the first token's API domain for the whole run: a refresh cannot move it to another org", async () => {
    let calls = 0;
    // The first org answers once, then says the token expired.
    const first = await track(
      startServer((_req, res) => {
        calls += 1;
        if (calls === 1) return oneTerritory(res);
        if (calls === 2) return invalidToken(res);
        return oneTerritory(res);
      }),
    );
    const other = await track(startServer((_req, res) => oneTerritory(res)));
    let tokens = 0;
    const zoho = await track(
      startFakeZoho((_req, res) => oneTerritory(res), {
        token: (_req, res, issue) => {
          tokens += 1;
          const api_domain = tokens === 1 ? first.url : other.url;
          return sendJson(res, 200, { access_token: issue(), api_domain, expires_in: 3600 });
        },
      }),
    );
    const { client } = testClient(zoho, {
      connection: {
        apiDomain: zoho.server.url,
        accountsUrl: zoho.server.url,
        apiDomainConfigured: false,
      },
    });

    await client.readCatalogue();
    await client.readCatalogue();

    expect(tokens).toBe(2);
    expect(first.requests).toHaveLength(3);
    expect(other.requests).toHaveLength(0);
  });
});

describe('chooseApiDomain: which API domain a token answer may set', () => {
  const eu = { apiDomain: 'https://www.zohoapis.eu', accountsUrl: 'https://accounts.zoho.eu' };
  const unset = { ...eu, apiDomainConfigured: false };
  it.each([
    [
      'configured: the token answer is ignored',
      eu,
      'https://www.zohoapis.com',
      'https://www.zohoapis.eu',
    ],
    [
      'configured sandbox stays the sandbox',
      { ...eu, apiDomain: 'https://sandbox.zohoapis.eu' },
      'https://www.zohoapis.eu',
      'https://sandbox.zohoapis.eu',
    ],
    [
      'unset: same data centre is followed',
      unset,
      'https://crm.zohoapis.eu/',
      'https://crm.zohoapis.eu',
    ],
    ['unset: no answer keeps the default', unset, undefined, 'https://www.zohoapis.eu'],
    [
      'unset: loopback accounts, loopback api',
      {
        apiDomain: 'http://127.0.0.1:1',
        accountsUrl: 'http://127.0.0.1:1',
        apiDomainConfigured: false,
      },
      'http://localhost:2',
      'http://localhost:2',
    ],
  ])('%s', (_name, connection, answered, expected) => {
    expect(chooseApiDomain(answered, connection)).toBe(expected);
  });

  it.each([
    [
      'another data centre',
      'https://www.zohoapis.com',
      'not a Zoho API domain of the eu data centre',
    ],
    ['not Zoho at all', 'https://zohoapis.eu.evil.example', 'not a Zoho API domain'],
    ['plain http', 'http://www.zohoapis.eu', 'not https'],
    ['a path', 'https://www.zohoapis.eu/proxy', 'no path'],
    ['not a URL', 'www.zohoapis.eu', 'not a URL'],
  ])('refuses %s, naming both domains', (_name, answered, why) => {
    let error: unknown;
    try {
      chooseApiDomain(answered, unset);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TerritorySyncError);
    const message = (error as Error).message;
    expect(message).toContain(why);
    expect(message).toContain(answered);
    expect(message).toContain('https://www.zohoapis.eu');
  });
});

describe('the accounts server having trouble', () => {
  it('retries the token endpoint on a 503, then refreshes', async () => {
    let answered = 0;
    const zoho = await track(
      startFakeZoho((_req, res) => oneTerritory(res), {
        token: (_req, res, issue) => {
          answered += 1;
          if (answered === 1) return sendJson(res, 503, undefined);
          return sendJson(res, 200, { access_token: issue(), expires_in: 3600 });
        },
      }),
    );
    const { client, delays } = testClient(zoho);

    await client.readCatalogue();

    expect(zoho.tokenRequests()).toHaveLength(2);
    expect(delays).toEqual([250]);
    // No api_domain in the answer: the configured one is used.
    expect(zoho.apiRequests()[0]?.headers.authorization).toBe(`Zoho-oauthtoken ${zoho.issued[0]}`);
  });
});

describe('the connection', () => {
  it('refuses an API domain that is not an http(s) URL before any call', () => {
    expect(() =>
      createZohoClient({
        connection: { apiDomain: 'www.zohoapis.eu', accountsUrl: 'https://accounts.zoho.eu' },
        credentials: { kind: 'access-token', accessToken: 'x' },
      }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }));
  });
});

describe('a short-lived ZOHO_ACCESS_TOKEN', () => {
  it('is sent as is, without asking the accounts server', async () => {
    const zoho = await track(startFakeZoho((_req, res) => oneTerritory(res)));
    const { client } = testClient(zoho, {
      credentials: { kind: 'access-token', accessToken: '1000.given-token-abcdef' },
    });

    await client.readCatalogue();

    expect(zoho.tokenRequests()).toHaveLength(0);
    expect(zoho.apiRequests()[0]?.headers.authorization).toBe(
      'Zoho-oauthtoken 1000.given-token-abcdef',
    );
  });

  it('fails with an AUTH error naming ZOHO_ACCESS_TOKEN when Zoho rejects it', async () => {
    const zoho = await track(startFakeZoho((_req, res) => invalidToken(res)));
    const { client } = testClient(zoho, {
      credentials: { kind: 'access-token', accessToken: '1000.given-token-abcdef' },
    });

    const error = await catchError(client.readCatalogue());

    expect(error.code).toBe('AUTH');
    expect(error.message).toContain('ZOHO_ACCESS_TOKEN');
    expect(zoho.apiRequests()).toHaveLength(1);
  });
});

describe('refusals from the accounts server', () => {
  let accounts: TestServer;

  async function refusing(body: unknown, status = 200) {
    accounts = await track(startServer((_req, res) => sendJson(res, status, body)));
    return testClient(accounts.url).client;
  }

  it('explains invalid_client and does not ask again in the same run', async () => {
    const client = await refusing({ error: 'invalid_client' });

    const first = await catchError(client.readCatalogue());
    const second = await catchError(client.readCatalogue());

    expect(first.code).toBe('AUTH');
    expect(first.zohoCode).toBe('invalid_client');
    expect(first.message).toBe(
      `Zoho rejected the client id or secret (invalid_client) at ${accounts.url}. Check ` +
        'ZOHO_CLIENT_ID / ZOHO_CLIENT_SECRET and that the data centre matches where the client ' +
        'was created (us, eu, in, au, jp, ca, cn, sa).',
    );
    expect(second).toBe(first);
    expect(accounts.requests).toHaveLength(1);
  });

  it('explains invalid_code as a refresh token problem, mentioning the data centre', async () => {
    const client = await refusing({ error: 'invalid_code' });

    const error = await catchError(client.readCatalogue());

    expect(error.code).toBe('AUTH');
    expect(error.message).toContain('(invalid_code)');
    expect(error.message).toContain('ZOHO_REFRESH_TOKEN');
    expect(error.message).toContain('data centre');
  });

  it('explains too many refreshes without retrying', async () => {
    const client = await refusing(
      {
        error: 'Access Denied',
        error_description:
          'You have made too many requests continuously. Please try again after some time.',
      },
      400,
    );

    const error = await catchError(client.readCatalogue());

    expect(error.code).toBe('AUTH');
    expect(error.httpStatus).toBe(400);
    expect(error.message).toContain('10 minutes');
    expect(accounts.requests).toHaveLength(1);
  });
});

describe('permissions', () => {
  it('names the missing permission Zoho reports', async () => {
    const zoho = await track(
      startFakeZoho((_req, res) =>
        sendJson(res, 403, {
          code: 'NO_PERMISSION',
          message: 'Permission denied',
          status: 'error',
          details: { permissions: ['Crm_Implied_View_Accounts'] },
        }),
      ),
    );
    const { client } = testClient(zoho);

    const error = await catchError(client.readRecords('Accounts', ['1']));

    expect(error.code).toBe('AUTH');
    expect(error.httpStatus).toBe(403);
    expect(error.message).toContain('Crm_Implied_View_Accounts');
  });
});

describe('scope mismatch', () => {
  it('names the scope the call needs', async () => {
    const zoho = await track(
      startFakeZoho((_req, res) =>
        sendJson(res, 401, {
          code: 'OAUTH_SCOPE_MISMATCH',
          message: 'Unauthorized',
          status: 'error',
          details: {},
        }),
      ),
    );
    const { client } = testClient(zoho);

    const catalogue = await catchError(client.readCatalogue());
    const records = await catchError(client.readRecords('Deals', ['1']));
    const write = await catchError(
      client.write('Contacts', 'assign', [{ id: '1', territoryIds: ['2'] }]),
    );

    expect(catalogue.code).toBe('AUTH');
    expect(catalogue.zohoCode).toBe('OAUTH_SCOPE_MISMATCH');
    expect(catalogue.message).toContain('ZohoCRM.settings.territories.READ');
    expect(records.message).toContain('ZohoCRM.modules.deals.READ');
    expect(write.message).toContain('ZohoCRM.modules.contacts.UPDATE');
  });
});

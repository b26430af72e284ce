// The OAuth refresh grant as Zoho Accounts answers it (A7), token expiry, and scopes per route.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_OAUTH_CLIENT, startEmulator } from '../../src/emulator/index.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { CONTRACT_SEED, NARROW_CLIENT } from './contract-seed.js';
import { accessToken, at, call, sleep } from './helpers.js';

const form = (overrides: Record<string, string> = {}) =>
  new URLSearchParams({
    grant_type: 'refresh_token',
    client_id: DEMO_OAUTH_CLIENT.clientId,
    client_secret: DEMO_OAUTH_CLIENT.clientSecret,
    refresh_token: DEMO_OAUTH_CLIENT.refreshToken,
    ...overrides,
  });

async function refresh(e: RunningEmulator, body: URLSearchParams | FormData, query = '') {
  const response = await fetch(`${e.url}/oauth/v2/token${query}`, { method: 'POST', body });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('OAuth token endpoint', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ seed: CONTRACT_SEED });
  });
  afterAll(() => emulator?.stop());

  it('answers a url-encoded refresh grant with a token for the emulator as API domain', async () => {
    const reply = await refresh(emulator, form());
    expect(reply).toEqual({
      status: 200,
      body: {
        access_token: expect.stringMatching(/^1000\.[0-9a-f]{32,}$/),
        api_domain: emulator.url,
        token_type: 'Bearer',
        expires_in: 3600,
        scope: DEMO_OAUTH_CLIENT.scopes.join(' '),
      },
    });
  });

  it('accepts the multipart body Zoho SDKs send, and parameters in the query string', async () => {
    const multipart = new FormData();
    for (const [k, v] of form()) multipart.append(k, v);
    expect((await refresh(emulator, multipart)).body['access_token']).toMatch(/^1000\./);
    const viaQuery = await refresh(emulator, new URLSearchParams(), `?${form().toString()}`);
    expect(viaQuery.body['access_token']).toMatch(/^1000\./);
  });

  it('answers a wrong secret with invalid_client and a wrong refresh token with invalid_code', async () => {
    expect(await refresh(emulator, form({ client_secret: 'nope' }))).toEqual({
      status: 200,
      body: { error: 'invalid_client' },
    });
    expect(await refresh(emulator, form({ client_id: '1000.UNKNOWN' }))).toEqual({
      status: 200,
      body: { error: 'invalid_client' },
    });
    expect(await refresh(emulator, form({ refresh_token: '1000.stale' }))).toEqual({
      status: 200,
      body: { error: 'invalid_code' },
    });
  });

  it('refuses the eleventh refresh of one refresh token within ten minutes', async () => {
    const fresh = await startEmulator({ seed: CONTRACT_SEED });
    try {
      for (let i = 0; i < 10; i++) {
        expect((await refresh(fresh, form())).body['access_token']).toBeDefined();
      }
      expect(await refresh(fresh, form())).toEqual({
        status: 400,
        body: {
          error: 'Access Denied',
          error_description:
            'You have made too many requests continuously. Please try again after some time.',
        },
      });
      // Another refresh token is counted on its own.
      const other = await refresh(
        fresh,
        form({
          client_id: NARROW_CLIENT.clientId,
          client_secret: NARROW_CLIENT.clientSecret,
          refresh_token: NARROW_CLIENT.refreshToken,
        }),
      );
      expect(other.body['access_token']).toBeDefined();
      expect(fresh.stats()).toMatchObject({ tokenCalls: 12, tokenRefreshes: 11, creditsUsed: 0 });
    } finally {
      await fresh.stop();
    }
  });

  it('accepts only "Zoho-oauthtoken <token>"', async () => {
    const token = await accessToken(emulator);
    const path = '/crm/v7/settings/territories';
    expect((await call(emulator, 'GET', path, { token })).status).toBe(200);
    const bearer = await call(emulator, 'GET', path, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(bearer.status).toBe(401);
    expect(at(bearer.body, 'code')).toBe('AUTHENTICATION_FAILURE');
  });

  it('checks scopes per route', async () => {
    const narrow = await accessToken(emulator, NARROW_CLIENT.refreshToken, NARROW_CLIENT);
    const accounts = await call(emulator, 'GET', '/crm/v7/Accounts?fields=Account_Name', {
      token: narrow,
    });
    expect(accounts.status).toBe(200);
    for (const [method, path, body] of [
      ['GET', '/crm/v7/Contacts?fields=Full_Name'],
      ['GET', '/crm/v7/users?type=CurrentUser'],
      ['GET', '/crm/v7/org'],
      ['GET', '/crm/v7/settings/fields?module=Accounts'],
      ['POST', '/crm/v7/coql', { select_query: 'select Account_Name from Accounts limit 1' }],
    ] as const) {
      const reply = await call(emulator, method, path, { token: narrow, body });
      expect([path, reply.status, at(reply.body, 'code')]).toEqual([
        path,
        401,
        'OAUTH_SCOPE_MISMATCH',
      ]);
    }
  });
});

describe('access token expiry', () => {
  it('answers INVALID_TOKEN once the token expired; a refresh brings a working one', async () => {
    const emulator = await startEmulator({ tokenLifetimeSeconds: 1 });
    try {
      const token = await accessToken(emulator);
      const path = '/crm/v7/settings/territories?per_page=1';
      expect((await call(emulator, 'GET', path, { token })).status).toBe(200);
      await sleep(1100);
      const expired = await call(emulator, 'GET', path, { token });
      expect([expired.status, at(expired.body, 'code')]).toEqual([401, 'INVALID_TOKEN']);
      const renewed = await accessToken(emulator);
      expect((await call(emulator, 'GET', path, { token: renewed })).status).toBe(200);
    } finally {
      await emulator.stop();
    }
  });

  it('expires every token on demand (admin route)', async () => {
    const emulator = await startEmulator();
    try {
      const token = await accessToken(emulator);
      expect(
        (
          await call(emulator, 'POST', '/__emulator/tokens/expire', {
            headers: { 'content-type': 'application/json' },
          })
        ).status,
      ).toBe(200);
      const reply = await call(emulator, 'GET', '/crm/v7/settings/territories', { token });
      expect(at(reply.body, 'code')).toBe('INVALID_TOKEN');
    } finally {
      await emulator.stop();
    }
  });
});

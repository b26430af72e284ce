// Issue #12: a configured host that refuses connections is reported at once (one quick retry),
// until it has answered once; after that a refused connection is a restart, retried in full.
import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { withBackoff } from '../../../src/zoho/backoff.js';
import { DEFAULT_RETRY_POLICY, ZohoApiError } from '../../../src/zoho/index.js';
import { oneTerritory, startFakeZoho, testClient } from './helpers/fake-zoho.js';
import { closedPortUrl } from './helpers/test-server.js';

/** Closed by the test itself: that is the point. */
const fake = startFakeZoho;

async function failure(promise: Promise<unknown>): Promise<ZohoApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ZohoApiError);
  return error as ZohoApiError;
}

function expectRefusedAdvice(error: ZohoApiError, origin: string): void {
  expect(error.code).toBe('NETWORK');
  expect(error.zohoCode).toBe('ECONNREFUSED');
  expect(error.message).toMatch(
    new RegExp(
      `^Could not get an answer from ${origin} for \\w+ /\\S+: ECONNREFUSED, nothing is listening at that address`,
    ),
  );
  expect(error.message).toContain('Check the URL (ZOHO_API_DOMAIN / ZOHO_ACCOUNTS_URL');
  expect(error.message).toContain('that the server is running there');
  expect(error.message).toContain('`territory-sync emulator`');
}

describe('a host that refuses the connection', () => {
  it('fails fast on the accounts server before the first answer: one quick retry', async () => {
    const url = await closedPortUrl();
    // The default policy: 6 retries, up to 20 s each, were it not for the fast failure.
    const { client, delays } = testClient(url);

    const error = await failure(client.readCatalogue());

    expectRefusedAdvice(error, url);
    expect(error.path).toBe('/oauth/v2/token');
    expect(error.message).toContain('(it has not answered in this run)');
    expect(error.message).toContain('gave up after 1 retry');
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeLessThanOrEqual(250);
  });

  it('fails fast on the API domain too (an access token needs no accounts server)', async () => {
    const url = await closedPortUrl();
    const { client, delays, events } = testClient(url, {
      credentials: { kind: 'access-token', accessToken: '1000.access-abc' },
    });

    const error = await failure(client.readCatalogue());

    expectRefusedAdvice(error, url);
    expect(error.path).toBe('/crm/v7/settings/territories');
    expect(error.message).toContain('gave up after 1 retry');
    // Fast is counted, not timed: two attempts, one short pause between them.
    const attempts = events.flatMap((e) =>
      e.type === 'request' ? [`#${e.attempt} ${e.networkCode ?? e.status}`] : [],
    );
    expect(attempts).toEqual(['#1 ECONNREFUSED', '#2 ECONNREFUSED']);
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeLessThanOrEqual(250);
  });

  it('retries in full once the host has answered: a restart, not a wrong address', async () => {
    const zoho = await fake((_req, res) => oneTerritory(res));
    const { client, delays, events } = testClient(zoho, { retry: { maxRetries: 3 } });
    await client.readCatalogue();
    const { url } = zoho.server;
    await zoho.close();

    const error = await failure(client.readCatalogue());

    expectRefusedAdvice(error, url);
    expect(error.message).not.toContain('has not answered');
    expect(error.message).toContain('gave up after 3 retries');
    expect(delays).toEqual([250, 500, 1000]);
    // The first try may find the kept-alive socket reset; then nobody listens.
    const reasons = events.flatMap((e) => (e.type === 'retry' ? [e.reason] : []));
    expect(reasons.slice(1)).toEqual(['ECONNREFUSED', 'ECONNREFUSED']);
  });

  it('rides out a restart on the same port after the host answered', async () => {
    const zoho = await fake((_req, res) => oneTerritory(res));
    const port = Number(new URL(zoho.server.url).port);
    let restarted: ReturnType<typeof createServer> | undefined;
    const { client, delays } = testClient(zoho, {
      sleep: async (ms) => {
        delays.push(ms);
        // Back after the second pause: the third attempt finds it listening again.
        if (delays.length === 2) {
          restarted = createServer((req, res) => {
            const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
            if (path === '/crm/v7/settings/territories') oneTerritory(res);
            else res.writeHead(404).end();
          });
          await new Promise<void>((resolve) => restarted?.listen(port, '127.0.0.1', resolve));
        }
      },
    });
    await client.readCatalogue();
    await zoho.close();
    try {
      const catalogue = await client.readCatalogue();
      expect(catalogue.territories).toHaveLength(1);
      expect(delays).toHaveLength(2);
    } finally {
      await new Promise((resolve) => restarted?.close(resolve));
    }
  });
});

describe('withBackoff: tighter bounds for one failure', () => {
  it('gives up after the quick retries, each pause capped, whatever the policy allows', async () => {
    const delays: number[] = [];
    let attempts = 0;
    const outcome = withBackoff(
      () => {
        attempts += 1;
        return Promise.resolve({
          kind: 'retry' as const,
          reason: 'ECONNREFUSED',
          giveUp: (summary) => new Error(`gave up after ${summary.retries}`),
          quick: { maxRetries: 1, maxDelayMs: 100 },
        });
      },
      {
        policy: DEFAULT_RETRY_POLICY,
        random: () => 0.99,
        sleep: (ms) => {
          delays.push(ms);
          return Promise.resolve();
        },
        now: () => 0,
        onRetry: () => undefined,
      },
    );
    await expect(outcome).rejects.toThrow('gave up after 1');
    expect(attempts).toBe(2);
    expect(delays).toEqual([99]);
  });
});

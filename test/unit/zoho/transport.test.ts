import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ZohoApiError, retryDelay } from '../../../src/zoho/index.js';
import {
  internalError,
  oneTerritory,
  testClient,
  tooManyRequests,
  useFakeZoho,
} from './helpers/fake-zoho.js';
import type { ApiHandler } from './helpers/fake-zoho.js';
import { closedPortUrl, delay, sendJson } from './helpers/test-server.js';

const fake = useFakeZoho();

async function catchError(promise: Promise<unknown>): Promise<ZohoApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ZohoApiError);
  return error as ZohoApiError;
}

type Answer = (res: ServerResponse) => void;

/** Answers with `failures` in turn, then succeeds. */
function failingFirst(...failures: Answer[]): ApiHandler {
  let calls = 0;
  return (_req, res) => {
    const failure = failures[calls];
    calls += 1;
    return failure ? failure(res) : oneTerritory(res);
  };
}

const resetConnection: Answer = (res) => {
  res.socket?.destroy();
};

describe('retries', () => {
  it('retries a 429 after the backoff delay and succeeds', async () => {
    const zoho = await fake(failingFirst(tooManyRequests));
    const { client, delays, events } = testClient(zoho);

    const catalogue = await client.readCatalogue();

    expect(catalogue.territories).toHaveLength(1);
    expect(delays).toEqual([retryDelay(1, 0.5)]);
    expect(delays).toEqual([250]);
    expect(client.stats()).toMatchObject({ calls: 2, retries: 1, rateLimited: 1 });
    expect(events.filter((e) => e.type === 'retry')).toEqual([
      expect.objectContaining({ retry: 1, delayMs: 250, reason: '429 TOO_MANY_REQUESTS' }),
    ]);
  });

  it('rides out a burst of 5xx answers with growing delays', async () => {
    const zoho = await fake(
      failingFirst(internalError, (res) => internalError(res, 503), internalError),
    );
    const { client, delays } = testClient(zoho);

    await client.readCatalogue();

    expect(delays).toEqual([250, 500, 1000]);
    expect(zoho.apiRequests()).toHaveLength(4);
    expect(client.stats().rateLimited).toBe(0);
  });

  it('retries when the server drops the connection', async () => {
    const zoho = await fake(failingFirst(resetConnection));
    const { client, events } = testClient(zoho);

    await client.readCatalogue();

    expect(zoho.apiRequests()).toHaveLength(2);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'request', status: 0, networkCode: 'ECONNRESET' }),
    );
  });

  it('gives up after maxRetries with a typed error naming the code', async () => {
    const zoho = await fake((_req, res) => tooManyRequests(res));
    const { client, delays } = testClient(zoho, { retry: { maxRetries: 3 } });

    const error = await catchError(client.readCatalogue());

    expect(error.code).toBe('ZOHO_API');
    expect(error.zohoCode).toBe('TOO_MANY_REQUESTS');
    expect(error.httpStatus).toBe(429);
    expect(error.message).toContain('429 TOO_MANY_REQUESTS');
    expect(error.message).toContain('gave up after 3 retries');
    expect(error.message).toContain('concurrency');
    expect(zoho.apiRequests()).toHaveLength(4);
    expect(delays).toHaveLength(3);
    expect(client.stats()).toMatchObject({ calls: 4, retries: 3, rateLimited: 4 });
  });

  it('stops retrying when the time budget is spent', async () => {
    const zoho = await fake((_req, res) => internalError(res));
    let clock = 0;
    const { client } = testClient(zoho, {
      retry: { maxRetries: 50, baseDelayMs: 1000, maxDelayMs: 1000, maxElapsedMs: 2000 },
      random: () => 0.9,
      now: () => clock,
      sleep: (ms) => {
        clock += ms;
        return Promise.resolve();
      },
    });

    const error = await catchError(client.readCatalogue());

    // 900 ms a retry: the third would end past 2 s.
    expect(zoho.apiRequests()).toHaveLength(3);
    expect(error.zohoCode).toBe('INTERNAL_ERROR');
    expect(error.message).toContain('gave up after 2 retries');
  });

  it('gives up on a connection that keeps dropping with a NETWORK error', async () => {
    const zoho = await fake((_req, res) => resetConnection(res));
    const { client } = testClient(zoho, { retry: { maxRetries: 2 } });

    const error = await catchError(client.readCatalogue());

    expect(error.code).toBe('NETWORK');
    expect(error.zohoCode).toBe('ECONNRESET');
    expect(error.httpStatus).toBe(0);
    expect(zoho.apiRequests()).toHaveLength(3);
  });

  it('reports a refused connection to the accounts server as a NETWORK error', async () => {
    const url = await closedPortUrl();
    const { client, delays } = testClient(url, { retry: { maxRetries: 1 } });

    const error = await catchError(client.readCatalogue());

    expect(error.code).toBe('NETWORK');
    expect(error.zohoCode).toBe('ECONNREFUSED');
    expect(error.path).toBe('/oauth/v2/token');
    expect(delays).toHaveLength(1);
  });

  it('times out a call that never answers and retries it', async () => {
    const zoho = await fake(failingFirst(() => undefined));
    const { client } = testClient(zoho, { requestTimeoutMs: 200 });

    await client.readCatalogue();

    expect(zoho.apiRequests()).toHaveLength(2);
  });

  it('does not retry a 400', async () => {
    const zoho = await fake((_req, res) =>
      sendJson(res, 400, { code: 'INVALID_DATA', details: {}, message: 'bad', status: 'error' }),
    );
    const { client, delays } = testClient(zoho);

    const error = await catchError(client.readCatalogue());

    expect(error.code).toBe('ZOHO_API');
    expect(error.zohoCode).toBe('INVALID_DATA');
    expect(delays).toEqual([]);
  });
});

describe('concurrency', () => {
  it('never has more calls in flight than the limit', async () => {
    const zoho = await fake(async (_req, res) => {
      await delay(15);
      oneTerritory(res);
    });
    const { client } = testClient(zoho, { concurrency: 3 });

    await Promise.all(Array.from({ length: 24 }, () => client.readCatalogue()));

    expect(zoho.apiRequests()).toHaveLength(24);
    expect(zoho.server.maxInFlight()).toBe(3);
  });

  it('shares the limit between reads and writes of one client', async () => {
    const zoho = await fake(async (req, res) => {
      await delay(15);
      if (req.method === 'POST') {
        sendJson(res, 202, {
          data: [
            {
              code: 'SCHEDULED',
              details: { id: '1', job_id: '9' },
              message: '',
              status: 'success',
            },
          ],
        });
      } else oneTerritory(res);
    });
    const { client } = testClient(zoho, { concurrency: 2 });

    await Promise.all([
      ...Array.from({ length: 6 }, () => client.readCatalogue()),
      ...Array.from({ length: 6 }, () =>
        client.write('Accounts', 'assign', [{ id: '1', territoryIds: ['2'] }]),
      ),
    ]);

    expect(zoho.server.maxInFlight()).toBe(2);
  });
});

describe('credits and trace', () => {
  it('keeps the latest X-API-CREDITS-REMAINING', async () => {
    const headers = [{ 'X-API-CREDITS-REMAINING': '4321' }, { 'X-API-CREDITS-REMAINING': '4320' }];
    let call = 0;
    const zoho = await fake((_req, res) => {
      oneTerritory(res, headers[call]);
      call += 1;
    });
    const { client } = testClient(zoho);

    expect(client.stats().creditsRemaining).toBeUndefined();
    await client.readCatalogue();
    expect(client.stats().creditsRemaining).toBe(4321);
    await client.readCatalogue();
    expect(client.stats().creditsRemaining).toBe(4320);
    await client.readCatalogue(); // no header this time: the last value stays
    expect(client.stats().creditsRemaining).toBe(4320);
  });

  it('traces each exchange with method, path, status and attempt, without the query', async () => {
    const zoho = await fake(failingFirst(internalError));
    const { client, events } = testClient(zoho);

    await client.readCatalogue();

    const requests = events.filter((e) => e.type === 'request');
    expect(requests).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: '/crm/v7/settings/territories',
        status: 500,
        attempt: 1,
      }),
      expect.objectContaining({
        method: 'GET',
        path: '/crm/v7/settings/territories',
        status: 200,
        attempt: 2,
      }),
    ]);
    expect(events).toContainEqual(expect.objectContaining({ type: 'token', ok: true }));
    expect(client.stats().byKind).toEqual({ territories: 2 });
  });
});

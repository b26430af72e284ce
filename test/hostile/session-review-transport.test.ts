// Answers the transport refuses or retries, seen from what a user's --verbose trace and the run's
// stats show: every answer that arrives is traced once, with its status, and counted, even when
// it ends the call (too deep to read, the day's credits gone).
import { describe, expect, it } from 'vitest';
import { ZohoApiError } from '../../src/zoho/index.js';
import {
  oneTerritory,
  testClient,
  tooManyRequests,
  useFakeZoho,
} from '../unit/zoho/helpers/fake-zoho.js';
import { sendJson } from '../unit/zoho/helpers/test-server.js';

const fake = useFakeZoho();

async function rejection(promise: Promise<unknown>): Promise<ZohoApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ZohoApiError);
  return error as ZohoApiError;
}

const CATALOGUE = '/crm/v7/settings/territories';

describe('every answer is traced once and counted, whatever the transport does with it', () => {
  it('a 429 with no credits left: one trace line, counted as rate-limited, not retried', async () => {
    const zoho = await fake((_req, res) =>
      sendJson(
        res,
        429,
        { code: 'TOO_MANY_REQUESTS', details: {}, message: 'limit', status: 'error' },
        { 'X-API-CREDITS-REMAINING': '0' },
      ),
    );
    const { client, events } = testClient(zoho);

    const error = await rejection(client.readCatalogue());

    expect(error.code).toBe('CREDITS_EXHAUSTED');
    expect(events.filter((e) => e.type === 'request')).toEqual([
      expect.objectContaining({ path: CATALOGUE, status: 429, attempt: 1 }),
    ]);
    expect(events.filter((e) => e.type === 'retry')).toEqual([]);
    expect(client.stats()).toMatchObject({ calls: 1, rateLimited: 1, creditsRemaining: 0 });
  });

  it('an answer nested too deep: one trace line with its status, its credits kept, not retried', async () => {
    const depth = 1000;
    const nested = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    const zoho = await fake((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'X-API-CREDITS-REMAINING': '77' });
      res.end(`{"territories":[${nested}]}`);
    });
    const { client, events } = testClient(zoho);

    const error = await rejection(client.readCatalogue());

    expect(error.zohoCode).toBe('UNEXPECTED_RESPONSE');
    expect(events.filter((e) => e.type === 'request')).toEqual([
      expect.objectContaining({ path: CATALOGUE, status: 200, attempt: 1 }),
    ]);
    expect(client.stats()).toMatchObject({ calls: 1, retries: 0, creditsRemaining: 77 });
  });

  it('a 429 with credits left: traced, retried once, then the answer', async () => {
    let calls = 0;
    const zoho = await fake((_req, res) => {
      calls += 1;
      if (calls === 1) tooManyRequests(res);
      else oneTerritory(res, { 'X-API-CREDITS-REMAINING': '41' });
    });
    const { client, events } = testClient(zoho);

    await client.readCatalogue();

    expect(
      events
        .filter((e) => e.type === 'request')
        .map((e) => [e.type, 'status' in e ? e.status : undefined]),
    ).toEqual([
      ['request', 429],
      ['request', 200],
    ]);
    expect(events.filter((e) => e.type === 'retry')).toHaveLength(1);
    expect(client.stats()).toMatchObject({
      calls: 2,
      retries: 1,
      rateLimited: 1,
      creditsRemaining: 41,
    });
  });
});

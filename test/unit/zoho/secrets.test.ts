import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { ZohoApiError } from '../../../src/zoho/index.js';
import type { ZohoClient } from '../../../src/zoho/index.js';
import {
  CLIENT_SECRET,
  REFRESH_TOKEN,
  internalError,
  invalidToken,
  startFakeZoho,
  testClient,
} from './helpers/fake-zoho.js';
import type { ApiHandler, FakeZoho, FakeZohoOptions } from './helpers/fake-zoho.js';
import { closedPortUrl, sendJson } from './helpers/test-server.js';

const ACCESS_TOKEN = '1000.short-lived-access-7d3e';

const open: { close(): Promise<void> }[] = [];
async function fake(handler: ApiHandler, options?: FakeZohoOptions) {
  const zoho = await startFakeZoho(handler, options);
  open.push(zoho);
  return zoho;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

/** Every way an error reaches a log or a report. */
function renderings(error: unknown): string[] {
  const e = error as Error;
  return [
    String(e),
    e.stack ?? '',
    JSON.stringify(e),
    inspect(e, { depth: Infinity, showHidden: true }),
    inspect(e.cause, { depth: Infinity, showHidden: true }),
  ];
}

function leaked(texts: readonly string[], secrets: readonly string[]): string[] {
  return secrets.filter((s) => texts.some((t) => t.includes(s)));
}

async function failure(client: ZohoClient): Promise<ZohoApiError> {
  const error = await client.readCatalogue().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ZohoApiError);
  return error as ZohoApiError;
}

const echoAuthorization: ApiHandler = (req, res) =>
  sendJson(res, 400, {
    code: 'INVALID_DATA',
    details: { header: req.headers.authorization },
    message: `cannot use ${req.headers.authorization ?? ''}`,
    status: 'error',
  });

const scenarios: {
  name: string;
  start: () => Promise<{ zoho?: FakeZoho; url: string }>;
  accessToken?: boolean;
  retries?: number;
  timeoutMs?: number;
}[] = [
  {
    name: 'invalid_client',
    start: async () => {
      const zoho = await fake(() => undefined, {
        token: (_req, res) => sendJson(res, 200, { error: 'invalid_client' }),
      });
      return { zoho, url: zoho.server.url };
    },
  },
  {
    name: 'an accounts server echoing the secret back',
    start: async () => {
      const zoho = await fake(() => undefined, {
        token: (req, res) =>
          sendJson(res, 200, { error: 'odd', error_description: `got ${req.body}` }),
      });
      return { zoho, url: zoho.server.url };
    },
  },
  {
    name: 'INVALID_TOKEN after a refresh',
    start: async () => {
      const zoho = await fake((_req, res) => invalidToken(res));
      return { zoho, url: zoho.server.url };
    },
  },
  {
    name: 'a rejected ZOHO_ACCESS_TOKEN',
    accessToken: true,
    start: async () => {
      const zoho = await fake((_req, res) => invalidToken(res));
      return { zoho, url: zoho.server.url };
    },
  },
  {
    name: 'an API echoing the Authorization header',
    start: async () => {
      const zoho = await fake(echoAuthorization);
      return { zoho, url: zoho.server.url };
    },
  },
  {
    name: 'an API echoing ZOHO_ACCESS_TOKEN',
    accessToken: true,
    start: async () => {
      const zoho = await fake(echoAuthorization);
      return { zoho, url: zoho.server.url };
    },
  },
  {
    name: 'retries exhausted on 500',
    retries: 1,
    start: async () => {
      const zoho = await fake((_req, res) => internalError(res));
      return { zoho, url: zoho.server.url };
    },
  },
  {
    name: 'connection resets',
    retries: 1,
    start: async () => {
      const zoho = await fake((_req, res) => {
        res.socket?.destroy();
      });
      return { zoho, url: zoho.server.url };
    },
  },
  {
    name: 'a timeout',
    retries: 0,
    timeoutMs: 100,
    start: async () => {
      const zoho = await fake(() => undefined);
      return { zoho, url: zoho.server.url };
    },
  },
  {
    name: 'a refused connection',
    retries: 0,
    accessToken: true,
    start: async () => ({ url: await closedPortUrl() }),
  },
];

describe('secrets never appear in errors or in the trace', () => {
  it('catches a leak when there is one (the check itself works)', () => {
    const leaky = new Error(`token ${ACCESS_TOKEN}`);
    expect(leaked(renderings(leaky), [ACCESS_TOKEN])).toEqual([ACCESS_TOKEN]);
  });

  for (const scenario of scenarios) {
    it(`on ${scenario.name}`, async () => {
      const { zoho, url } = await scenario.start();
      const { client, events } = testClient(url, {
        ...(scenario.accessToken
          ? { credentials: { kind: 'access-token', accessToken: ACCESS_TOKEN } }
          : {}),
        retry: { maxRetries: scenario.retries ?? 2 },
        ...(scenario.timeoutMs === undefined ? {} : { requestTimeoutMs: scenario.timeoutMs }),
      });

      const error = await failure(client);

      const secrets = [CLIENT_SECRET, REFRESH_TOKEN, ACCESS_TOKEN, ...(zoho?.issued ?? [])];
      expect(leaked(renderings(error), secrets)).toEqual([]);
      expect(leaked([JSON.stringify(events)], secrets)).toEqual([]);
      expect(error.message.length).toBeGreaterThan(40);
    });
  }
});

import { afterEach } from 'vitest';
// A tiny Zoho stand-in for one test: the token endpoint plus the routes the test declares,
// and a client wired to it with recorded (not slept) backoff delays.
import type { ServerResponse } from 'node:http';
import { createZohoClient } from '../../../../src/zoho/index.js';
import type {
  ClientEvent,
  ZohoClient,
  ZohoClientOptions,
  ZohoCredentials,
} from '../../../../src/zoho/index.js';
import { sendJson, startServer } from './test-server.js';
import type { SeenRequest, TestServer } from './test-server.js';

export const CLIENT_ID = '1000.CLIENTIDABCDEF';
export const CLIENT_SECRET = 'client-secret-5f1e9c0d7a';
export const REFRESH_TOKEN = '1000.refresh-9b8a7c6d5e4f';

export const refreshCredentials: ZohoCredentials = {
  kind: 'refresh-token',
  clientId: CLIENT_ID,
  clientSecret: CLIENT_SECRET,
  refreshToken: REFRESH_TOKEN,
};

export type ApiHandler = (
  request: SeenRequest,
  res: ServerResponse,
  token: string | undefined,
) => void | Promise<void>;

export interface FakeZoho {
  readonly server: TestServer;
  /** Access tokens issued so far, in order. */
  readonly issued: string[];
  /** API requests only (the token endpoint excluded). */
  apiRequests(): SeenRequest[];
  tokenRequests(): SeenRequest[];
  close(): Promise<void>;
}

export interface FakeZohoOptions {
  /** Replaces the default token endpoint answer. */
  readonly token?: (request: SeenRequest, res: ServerResponse, issue: () => string) => void;
  /** api_domain sent in token answers; defaults to the server itself. */
  readonly apiDomain?: string;
}

export const TOKEN_PATH = '/oauth/v2/token';

export async function startFakeZoho(
  api: ApiHandler,
  options: FakeZohoOptions = {},
): Promise<FakeZoho> {
  const issued: string[] = [];
  let selfUrl = '';
  const issue = () => {
    const token = `1000.access-${issued.length + 1}-c0ffee${issued.length + 1}`;
    issued.push(token);
    return token;
  };
  const server = await startServer((request, res) => {
    if (request.path === TOKEN_PATH) {
      if (options.token) return options.token(request, res, issue);
      return sendJson(res, 200, {
        access_token: issue(),
        api_domain: options.apiDomain ?? selfUrl,
        token_type: 'Bearer',
        expires_in: 3600,
      });
    }
    const auth = request.headers.authorization;
    const token = auth?.startsWith('Zoho-oauthtoken ') ? auth.slice(16) : undefined;
    return api(request, res, token);
  });
  selfUrl = server.url;
  return {
    server,
    issued,
    apiRequests: () => server.requests.filter((r) => r.path !== TOKEN_PATH),
    tokenRequests: () => server.requests.filter((r) => r.path === TOKEN_PATH),
    close: () => server.close(),
  };
}

export interface TestClient {
  readonly client: ZohoClient;
  readonly delays: number[];
  readonly events: ClientEvent[];
}

/** A client for `zoho` whose sleeps are recorded, not waited, with jitter fixed at 0.5. */
export function testClient(
  zoho: FakeZoho | string,
  overrides: Partial<ZohoClientOptions> = {},
): TestClient {
  const url = typeof zoho === 'string' ? zoho : zoho.server.url;
  const delays: number[] = [];
  const events: ClientEvent[] = [];
  const client = createZohoClient({
    connection: { apiDomain: url, accountsUrl: url },
    credentials: refreshCredentials,
    concurrency: 5,
    random: () => 0.5,
    sleep: (ms) => {
      delays.push(ms);
      return Promise.resolve();
    },
    onEvent: (event) => events.push(event),
    ...overrides,
  });
  return { client, delays, events };
}

export const ok = (res: ServerResponse, body: unknown, headers?: Record<string, string>) =>
  sendJson(res, 200, body, headers);

export const invalidToken = (res: ServerResponse) =>
  sendJson(res, 401, {
    code: 'INVALID_TOKEN',
    details: {},
    message: 'invalid oauth token',
    status: 'error',
  });

export const tooManyRequests = (res: ServerResponse) =>
  sendJson(res, 429, {
    code: 'TOO_MANY_REQUESTS',
    details: {},
    message: 'too many requests',
    status: 'error',
  });

export const internalError = (res: ServerResponse, status = 500) =>
  sendJson(res, status, {
    code: 'INTERNAL_ERROR',
    details: {},
    message: 'Internal Server Error',
    status: 'error',
  });

/** A one-page catalogue answer: the cheapest API call to drive the transport with. */
export const oneTerritory = (res: ServerResponse, headers?: Record<string, string>) =>
  ok(
    res,
    {
      territories: [{ id: '100', name: 'Organization', reporting_to: null }],
      info: { per_page: 2000, count: 1, page: 1, more_records: false },
    },
    headers,
  );

/** A fake Zoho per test, all closed after each test of the file that calls this. */
export function useFakeZoho(): (handler: ApiHandler) => Promise<FakeZoho> {
  const open: FakeZoho[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  return async (handler) => {
    const zoho = await startFakeZoho(handler);
    open.push(zoho);
    return zoho;
  };
}

// Talking to the emulator over a real socket, the way any client would: fetch for ordinary
// calls, node:http when a test needs the raw bytes or a broken connection.
import { request as httpRequest } from 'node:http';
import { DEMO_OAUTH_CLIENT } from '../../src/emulator/index.js';
import type { RunningEmulator } from '../../src/emulator/index.js';

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON, or undefined for an empty body. */
  readonly body: unknown;
  readonly text: string;
}

export interface CallOptions {
  /** An access token, or null to send no Authorization header. */
  readonly token?: string | null;
  /** An object is sent as JSON; a string as it is. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export async function call(
  emulator: Pick<RunningEmulator, 'url'>,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers['authorization'] = `Zoho-oauthtoken ${options.token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${emulator.url}${path}`, { method, headers, body });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === '' ? undefined : (JSON.parse(text) as unknown),
    text,
  };
}

/** A fresh access token for the demo client (or another refresh token). */
export async function accessToken(
  emulator: Pick<RunningEmulator, 'url'>,
  refreshToken: string = DEMO_OAUTH_CLIENT.refreshToken,
  client: { clientId: string; clientSecret: string } = DEMO_OAUTH_CLIENT,
): Promise<string> {
  const form = new URLSearchParams({
    grant_type: 'refresh_token',
    client_id: client.clientId,
    client_secret: client.clientSecret,
    refresh_token: refreshToken,
  });
  const response = await fetch(`${emulator.url}/oauth/v2/token`, { method: 'POST', body: form });
  const json = (await response.json()) as { access_token?: string; error?: string };
  if (!json.access_token) throw new Error(`no token: ${JSON.stringify(json)}`);
  return json.access_token;
}

/** Reads `value` at a path of keys and indexes, for assertions on parsed JSON. */
export function at(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** The raw outcome of one request: an answer, or the error the socket ended with. */
export function rawRequest(
  url: string,
  options: { method: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<{ status: number; text: string } | { error: string }> {
  return new Promise((resolve) => {
    const req = httpRequest(url, {
      method: options.method,
      headers: options.headers,
      agent: false,
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', (e) => resolve({ error: (e as NodeJS.ErrnoException).code ?? e.message }));
    });
    req.on('error', (e) => resolve({ error: (e as NodeJS.ErrnoException).code ?? e.message }));
    req.end(options.body);
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

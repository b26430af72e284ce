// The benchmark's own HTTP client, for the rows that measure the emulator rather than
// territory-sync (floor, emulator): keep-alive, a fixed number of sockets, JSON in and out and
// nothing else, so what it costs is Node's HTTP stack and no client library.
import http from 'node:http';
import { OAUTH_HEADER_PREFIX, OAUTH_TOKEN_PATH } from '../src/constants/zoho.js';

export interface JsonReply {
  readonly status: number;
  /** Parsed JSON, or undefined for an empty body. */
  readonly body: unknown;
}

export interface DemoCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly refreshToken: string;
}

export interface BareClient {
  send(method: string, path: string, token?: string, body?: unknown): Promise<JsonReply>;
  /** An access token for the credentials, by the refresh-token grant. */
  accessToken(credentials: DemoCredentials): Promise<string>;
  close(): void;
}

export function bareClient(url: string, sockets: number): BareClient {
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  const send = (method: string, path: string, token?: string, body?: unknown) =>
    new Promise<JsonReply>((resolve, reject) => {
      const headers: Record<string, string> =
        token === undefined ? {} : { authorization: `${OAUTH_HEADER_PREFIX} ${token}` };
      const payload = body === undefined ? undefined : JSON.stringify(body);
      if (payload !== undefined) headers['content-type'] = 'application/json';
      const request = http.request(`${url}${path}`, { method, agent, headers }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: text === '' ? undefined : JSON.parse(text),
          }),
        );
        res.on('error', reject);
      });
      request.on('error', reject);
      request.end(payload);
    });
  return {
    send,
    async accessToken({ clientId, clientSecret, refreshToken }) {
      const query = new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: clientId,
        client_secret: clientSecret,
        refresh_token: refreshToken,
      });
      const granted = await send('POST', `${OAUTH_TOKEN_PATH}?${query}`);
      const token = (granted.body as { access_token?: string } | undefined)?.access_token;
      if (token === undefined) throw new Error(`bench: no access token (${granted.status})`);
      return token;
    },
    close: () => agent.destroy(),
  };
}

/** Makes calls 0..count-1 through `lanes` lanes, each lane starting the next as its last ends. */
export async function inLanes(
  lanes: number,
  count: number,
  call: (n: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < count) await call(next++);
  };
  await Promise.all(Array.from({ length: lanes }, lane));
}

// The floor under `plan`'s wall time on this machine: the same calls (token, catalogue, Get
// Records by ids 100 at a time) sent by a bare HTTP client — keep-alive, `concurrency` lanes,
// JSON.parse and nothing else. Whatever it takes above calls x latency / concurrency is what
// the emulator, Node's HTTP stack and the machine cost; no client can do better here.
import http from 'node:http';
import {
  API_VERSION,
  MAX_IDS_PER_GET_RECORDS,
  NAME_FIELD,
  OAUTH_HEADER_PREFIX,
  OAUTH_TOKEN_PATH,
  TERRITORY_FIELD,
} from '../src/constants/zoho.js';
import type { ModuleName } from '../src/core/model.js';

export interface BareReadsInput {
  readonly url: string;
  readonly credentials: { clientId: string; clientSecret: string; refreshToken: string };
  readonly concurrency: number;
  readonly records: readonly { readonly module: ModuleName; readonly id: string }[];
}

export interface BareReadsOutcome {
  /** Answers other than 200 (there should be none). */
  readonly failures: number;
}

export async function bareReads(input: BareReadsInput): Promise<BareReadsOutcome> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: input.concurrency });
  try {
    const send = (method: string, path: string, token?: string) =>
      new Promise<{ status: number; body: unknown }>((resolve, reject) => {
        const headers =
          token === undefined ? {} : { authorization: `${OAUTH_HEADER_PREFIX} ${token}` };
        const request = http.request(`${input.url}${path}`, { method, agent, headers }, (res) => {
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
        request.end();
      });
    const { clientId, clientSecret, refreshToken } = input.credentials;
    const query = new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: clientId,
      client_secret: clientSecret,
      refresh_token: refreshToken,
    });
    const granted = await send('POST', `${OAUTH_TOKEN_PATH}?${query}`);
    const token = (granted.body as { access_token?: string } | undefined)?.access_token;
    if (token === undefined) throw new Error(`bare reads: no access token (${granted.status})`);

    // The plan's own calls: its target (the org), the catalogue, then the records.
    const paths = [`/crm/${API_VERSION}/org`, `/crm/${API_VERSION}/settings/territories`];
    for (const module of ['Accounts', 'Contacts', 'Deals'] as const) {
      const ids = input.records.filter((r) => r.module === module).map((r) => r.id);
      const fields = `${NAME_FIELD[module]},${TERRITORY_FIELD[module]}`;
      for (let i = 0; i < ids.length; i += MAX_IDS_PER_GET_RECORDS) {
        const part = ids.slice(i, i + MAX_IDS_PER_GET_RECORDS).join(',');
        paths.push(`/crm/${API_VERSION}/${module}?ids=${part}&fields=${fields}`);
      }
    }
    let next = 0;
    let failures = 0;
    const lane = async () => {
      while (next < paths.length) {
        const path = paths[next++] as string;
        const answer = await send('GET', path, token);
        if (answer.status !== 200) failures += 1;
      }
    };
    await Promise.all(Array.from({ length: input.concurrency }, lane));
    return { failures };
  } finally {
    agent.destroy();
  }
}

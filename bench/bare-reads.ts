// The floor under `plan`'s wall time on this machine: the same calls (token, catalogue, Get
// Records by ids 100 at a time) sent by a bare HTTP client — keep-alive, `concurrency` lanes,
// JSON.parse and nothing else. Whatever it takes above calls x latency / concurrency is what
// the emulator, Node's HTTP stack and the machine cost; no client can do better here.
import {
  API_VERSION,
  MAX_IDS_PER_GET_RECORDS,
  NAME_FIELD,
  TERRITORY_FIELD,
} from '../src/constants/zoho.js';
import type { ModuleName } from '../src/core/model.js';
import type { DemoCredentials } from './http-json.js';
import { bareClient, inLanes } from './http-json.js';

export interface BareReadsInput {
  readonly url: string;
  readonly credentials: DemoCredentials;
  readonly concurrency: number;
  readonly records: readonly { readonly module: ModuleName; readonly id: string }[];
}

export interface BareReadsOutcome {
  /** Answers other than 200 (there should be none). */
  readonly failures: number;
}

export async function bareReads(input: BareReadsInput): Promise<BareReadsOutcome> {
  const client = bareClient(input.url, input.concurrency);
  try {
    const token = await client.accessToken(input.credentials);

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
    let failures = 0;
    await inLanes(input.concurrency, paths.length, async (n) => {
      const answer = await client.send('GET', paths[n] as string, token);
      if (answer.status !== 200) failures += 1;
    });
    return { failures };
  } finally {
    client.close();
  }
}

// The emulator's own speed, with no latency added: calls per second for each kind of call
// territory-sync makes (10 in flight over keep-alive, from another process), and what 20 reads
// of the org's last page (through page_token) cost against 20 of its first page. The other rows
// rest on it: while the emulator answers far faster than the latency it is set to add, their
// wall times measure the client, not the emulator. These figures were a timed test once; a busy
// machine could fail that, so they are measured here and asserted nowhere.
import { API_VERSION } from '../src/constants/zoho.js';
import type { DemoCredentials } from './http-json.js';
import { bareClient, inLanes } from './http-json.js';

export interface EmulatorLoadInput {
  readonly url: string;
  readonly credentials: DemoCredentials;
  readonly concurrency: number;
  /** Calls of each kind. */
  readonly calls: number;
  /** Accounts in the org: the last page starts 200 before the end. */
  readonly accounts: number;
  /** 100 Account ids, read by ids in one call. */
  readonly byIds: readonly string[];
  /** `calls` x 10 Account ids that do not hold `territoryId` yet, assigned 10 a call. */
  readonly writable: readonly string[];
  readonly territoryId: string;
}

export interface EmulatorLoadOutcome {
  /** Calls per second, by kind. */
  readonly rates: Readonly<Record<string, number>>;
  /** Milliseconds for 20 reads of the first page, and of the last. */
  readonly phases: Readonly<Record<string, number>>;
  /** Answers other than 2xx, and a last page that is not the org's last 200 records. */
  readonly failures: readonly string[];
}

const PAGE_READS = 20;
const PAGE = 200;

export async function emulatorLoad(input: EmulatorLoadInput): Promise<EmulatorLoadOutcome> {
  const client = bareClient(input.url, input.concurrency);
  const failures: string[] = [];
  const expectOk = (status: number, what: string) => {
    if (status < 200 || status > 299) failures.push(`${what}: HTTP ${status}`);
  };
  try {
    const token = await client.accessToken(input.credentials);
    const accounts = `/crm/${API_VERSION}/Accounts`;

    const rates: Record<string, number> = {};
    const rate = async (kind: string, call: (n: number) => Promise<number>) => {
      const started = performance.now();
      await inLanes(input.concurrency, input.calls, async (n) => expectOk(await call(n), kind));
      rates[kind] = Math.round(input.calls / ((performance.now() - started) / 1000));
    };
    const get = async (path: string) => (await client.send('GET', path, token)).status;
    await rate('page of 200', () => get(`${accounts}?fields=Account_Name,Territories`));
    const ids = input.byIds.join(',');
    await rate('100 by ids', () => get(`${accounts}?fields=Account_Name,Territories&ids=${ids}`));
    await rate('catalogue page', () =>
      get(`/crm/${API_VERSION}/settings/territories?per_page=200`),
    );
    await rate('assign 10 records', async (n) => {
      const data = input.writable
        .slice(n * 10, n * 10 + 10)
        .map((id) => ({ id, Territories: [{ id: input.territoryId }] }));
      return (await client.send('POST', `${accounts}/actions/assign_territories`, token, { data }))
        .status;
    });

    // The last page, through a page_token: the emulator's tokens are its own (an offset and the
    // query they continue), so one taken from page 10 is re-pointed at the end of the org.
    const firstPath = `${accounts}?fields=Account_Name`;
    const tenth = await client.send('GET', `${firstPath}&page=10`, token);
    const info = (tenth.body as { info?: { next_page_token?: string } } | undefined)?.info;
    const deep = info?.next_page_token ?? '';
    const last = Buffer.from(
      JSON.stringify({
        ...(JSON.parse(Buffer.from(deep, 'base64url').toString()) as object),
        o: input.accounts - PAGE,
      }),
    ).toString('base64url');
    const lastPath = `${firstPath}&page_token=${last}`;
    const lastPage = await client.send('GET', lastPath, token);
    const lastData = (lastPage.body as { data?: unknown[] } | undefined)?.data ?? [];
    const more = (lastPage.body as { info?: { more_records?: boolean } } | undefined)?.info;
    if (lastData.length !== PAGE || more?.more_records !== false) {
      failures.push(
        `last page: HTTP ${lastPage.status}, ${lastData.length} records, ` +
          `more_records ${String(more?.more_records)} (expected ${PAGE}, false)`,
      );
    }
    const twenty = async (path: string) => {
      const started = performance.now();
      for (let i = 0; i < PAGE_READS; i++) expectOk(await get(path), 'page read');
      return performance.now() - started;
    };
    const phases = {
      [`first page x${PAGE_READS}`]: await twenty(firstPath),
      [`last page x${PAGE_READS}`]: await twenty(lastPath),
    };
    return { rates, phases, failures };
  } finally {
    client.close();
  }
}

// listRecords past Zoho's 100,000-record page_token limit: the real client against the
// emulator over 127.0.0.1 at the boundary, and against a fake Zoho (or an in-memory transport)
// for answers the emulator never gives: a COQL page that does not advance, a missing scope, a
// server that invents ids without end.
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEMO_OAUTH_CLIENT,
  generateOrg,
  generatedRecordId,
  generatedTerritoryId,
  startEmulator,
} from '../../../src/emulator/index.js';
import type { RunningEmulator, SeedRecord } from '../../../src/emulator/index.js';
import { ZohoApiError, createZohoClient, isCoqlScopeMissing } from '../../../src/zoho/index.js';
import type { ZohoClient } from '../../../src/zoho/index.js';
import type { ApiCall, ApiResponse } from '../../../src/zoho/api-call.js';
import { listByKeyset } from '../../../src/zoho/list-by-keyset.js';
import type { Transport } from '../../../src/zoho/transport.js';
import { ok, testClient, useFakeZoho } from './helpers/fake-zoho.js';
import type { ApiHandler } from './helpers/fake-zoho.js';
import { sendJson } from './helpers/test-server.js';
import type { SeenRequest } from './helpers/test-server.js';

const LIMIT = 100_000;

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

/** An org of `count` Accounts without territories, the last one carrying a rule-assigned one. */
async function emulatedClient(count: number): Promise<ZohoClient> {
  const seed = generateOrg({ territories: 3, records: { Accounts: count }, seed: 5 });
  const accounts: SeedRecord[] = (seed.records?.Accounts ?? []).map((r, n) => ({
    id: r.id,
    name: r.name,
    territories:
      n === count - 1 ? [{ id: generatedTerritoryId(1), assigned: 'automatically' }] : [],
  }));
  emulator = await startEmulator({
    port: 0,
    host: '127.0.0.1',
    seed: { ...seed, records: { Accounts: accounts } },
  });
  return createZohoClient({
    connection: { apiDomain: emulator.url, accountsUrl: emulator.url },
    credentials: {
      kind: 'refresh-token',
      clientId: DEMO_OAUTH_CLIENT.clientId,
      clientSecret: DEMO_OAUTH_CLIENT.clientSecret,
      refreshToken: DEMO_OAUTH_CLIENT.refreshToken,
    },
  });
}

async function collect(pages: AsyncIterable<readonly Record<string, unknown>[]>) {
  const all: Record<string, unknown>[] = [];
  for await (const page of pages) all.push(...page);
  return all;
}

/** Each id once, ascending (ids of one length compare as strings). */
function expectAscendingIds(records: readonly Record<string, unknown>[]): void {
  const ids = records.map((r) => String(r.id));
  const outOfOrder = ids.findIndex((id, i) => i > 0 && !(id > (ids[i - 1] as string)));
  expect(outOfOrder).toBe(-1);
}

describe('listRecords at the 100,000-record limit (emulator)', () => {
  it('reads exactly 100,000 Accounts through pages and page_token; one COQL call finds nothing past them', async () => {
    const client = await emulatedClient(LIMIT);

    const records = await collect(client.listRecords('Accounts', { fields: ['Account_Name'] }));

    expect(records).toHaveLength(LIMIT);
    expect(records[0]?.id).toBe(generatedRecordId('Accounts', 0));
    expect(records.at(-1)?.id).toBe(generatedRecordId('Accounts', LIMIT - 1));
    expectAscendingIds(records);
    // 10 pages of 200 by page/per_page, 490 by page_token; the keyset query answers 204.
    expect(client.stats().byKind).toEqual({ list: 500, coql: 1 });
    expect(emulator?.stats().byRoute).toMatchObject({
      'GET /crm/v7/{module}': 500,
      'POST /crm/v7/coql': 1,
    });
  });

  it('reads the 100,001st record through COQL and one read by ids, $assigned included', async () => {
    const client = await emulatedClient(LIMIT + 1);

    const records = await collect(
      client.listRecords('Accounts', { fields: ['Account_Name', 'Territories'] }),
    );

    expect(records).toHaveLength(LIMIT + 1);
    expectAscendingIds(records);
    expect(records.at(-1)).toMatchObject({
      id: generatedRecordId('Accounts', LIMIT),
      Account_Name: `Account ${LIMIT}`,
      Territories: [{ id: generatedTerritoryId(1), $assigned: 'automatically' }],
    });
    expect(client.stats().byKind).toEqual({ list: 500, coql: 1, records: 1 });
  });
});

const BASE = 554023000200000000n;
const idOf = (n: number) => String(BASE + BigInt(n));

/**
 * A fake Zoho with `total` Accounts (ids BASE + n) that pages like the emulator (page_token
 * stops at 100,000) and answers COQL and ids reads; `coql` replaces the COQL answer.
 */
function fakeOrg(
  total: number,
  coql?: (after: string, res: ServerResponse) => void,
): { handler: ApiHandler; requests: SeenRequest[] } {
  const requests: SeenRequest[] = [];
  const handler: ApiHandler = (req, res) => {
    requests.push(req);
    if (req.path === '/crm/v7/coql') {
      const after = /id > '(\d+)'/.exec(req.body)?.[1] ?? '';
      if (coql) return coql(after, res);
      const from = Number(BigInt(after) - BASE) + 1;
      const ids = Array.from({ length: Math.max(0, Math.min(2000, total - from)) }, (_, i) =>
        idOf(from + i),
      );
      if (ids.length === 0) return sendJson(res, 204, undefined);
      return ok(res, {
        data: ids.map((id) => ({ id })),
        info: { count: ids.length, more_records: from + ids.length < total },
      });
    }
    const ids = req.query.get('ids');
    if (ids !== null) {
      return ok(res, { data: ids.split(',').map((id) => ({ id, Account_Name: `A${id}` })) });
    }
    const perPage = Number(req.query.get('per_page'));
    const token = req.query.get('page_token');
    const start = token === null ? (Number(req.query.get('page')) - 1) * perPage : Number(token);
    const end = Math.min(total, start + perPage);
    if (start >= end) return sendJson(res, 204, undefined);
    const data = Array.from({ length: end - start }, (_, i) => ({
      id: idOf(start + i),
      Account_Name: `A${start + i}`,
    }));
    return ok(res, {
      data,
      info: { more_records: end < total && end < LIMIT, next_page_token: String(end) },
    });
  };
  return { handler, requests };
}

const fake = useFakeZoho();

describe('listRecords past the limit (fake Zoho)', () => {
  it('asks for the ids after the last one listed, ascending, 2,000 at a time, and reads them 100 by 100', async () => {
    const org = fakeOrg(LIMIT + 2_150);
    const { client } = testClient(await fake(org.handler));

    const records = await collect(client.listRecords('Accounts', { fields: ['Account_Name'] }));

    expect(records).toHaveLength(LIMIT + 2_150);
    expectAscendingIds(records);
    const lists = org.requests.filter((r) => r.path === '/crm/v7/Accounts' && !r.query.has('ids'));
    expect(lists).toHaveLength(500);
    expect(lists.every((r) => r.query.get('sort_by') === 'id')).toBe(true);
    expect(lists.every((r) => r.query.get('sort_order') === 'asc')).toBe(true);
    const queries = org.requests
      .filter((r) => r.path === '/crm/v7/coql')
      .map((r) => (JSON.parse(r.body) as { select_query: string }).select_query);
    expect(queries).toEqual([
      `select id from Accounts where id > '${idOf(LIMIT - 1)}' order by id asc limit 2000`,
      `select id from Accounts where id > '${idOf(LIMIT + 1_999)}' order by id asc limit 2000`,
    ]);
    const byIds = org.requests.filter((r) => r.query.has('ids'));
    expect(byIds.map((r) => r.query.get('ids')?.split(',').length)).toEqual([
      ...Array.from({ length: 21 }, () => 100),
      50,
    ]);
    expect(byIds.every((r) => r.query.get('fields') === 'Account_Name')).toBe(true);
  });

  it.each([
    ['repeats the key', (after: string) => [after]],
    [
      'is not ascending',
      (after: string) => [String(BigInt(after) + 9n), String(BigInt(after) + 3n)],
    ],
  ])('stops with a typed error, not a loop, when a COQL page %s', async (_name, idsFor) => {
    const org = fakeOrg(LIMIT + 10, (after, res) =>
      ok(res, {
        data: idsFor(after).map((id) => ({ id })),
        info: { count: 1, more_records: true },
      }),
    );
    const { client } = testClient(await fake(org.handler));

    const error = await collect(client.listRecords('Accounts', { fields: ['Account_Name'] })).then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(ZohoApiError);
    expect(error).toMatchObject({
      code: 'ZOHO_API',
      zohoCode: 'UNEXPECTED_RESPONSE',
      path: '/crm/v7/coql',
    });
    expect(String((error as Error).message)).toContain(`the key ${idOf(LIMIT - 1)}`);
    expect(org.requests.filter((r) => r.path === '/crm/v7/coql')).toHaveLength(1);
    expect(org.requests.filter((r) => r.query.has('ids'))).toHaveLength(0);
  });

  it('names ZohoCRM.coql.READ when the token may list records but not run COQL', async () => {
    const org = fakeOrg(LIMIT + 1, (_after, res) =>
      sendJson(res, 401, {
        code: 'OAUTH_SCOPE_MISMATCH',
        message: 'Unauthorized',
        status: 'error',
        details: {},
      }),
    );
    const { client } = testClient(await fake(org.handler));
    let listed = 0;

    const error = await (async () => {
      for await (const page of client.listRecords('Accounts', { fields: ['Account_Name'] })) {
        listed += page.length;
      }
    })().then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(isCoqlScopeMissing(error)).toBe(true);
    expect(error).toMatchObject({ code: 'AUTH', httpStatus: 401 });
    expect(String((error as Error).message)).toContain('ZohoCRM.coql.READ');
    // What came before the limit was yielded before the refusal.
    expect(listed).toBe(LIMIT);
  });
});

describe('listByKeyset', () => {
  it('stops with a typed error after its page ceiling when the ids never end', async () => {
    const calls: ApiCall[] = [];
    const answer = (body: unknown): ApiResponse => ({
      status: 200,
      body,
      invalidJson: false,
      apiDomain: 'http://127.0.0.1:1',
    });
    const transport: Transport = {
      send: (call) => {
        calls.push(call);
        if (call.kind === 'coql') {
          const query = (call.json as { select_query: string }).select_query;
          const after = BigInt(/id > '(\d+)'/.exec(query)?.[1] ?? '0');
          return Promise.resolve(
            answer({ data: [{ id: String(after + 1n) }], info: { more_records: true } }),
          );
        }
        const ids = call.query?.ids?.split(',') ?? [];
        return Promise.resolve(answer({ data: ids.map((id) => ({ id })) }));
      },
      fail: (call) =>
        new ZohoApiError('ZOHO_API', 'failed', { zohoCode: 'X', httpStatus: 0, ...call }),
      unexpected: (call) =>
        new ZohoApiError('ZOHO_API', 'unexpected', { zohoCode: 'X', httpStatus: 0, ...call }),
      emit: () => undefined,
    };

    const read: string[] = [];
    const error = await (async () => {
      for await (const page of listByKeyset(transport, 'Accounts', ['id'], idOf(0), 3)) {
        read.push(...page.map((r) => String(r.id)));
      }
    })().then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(error).toMatchObject({ code: 'ZOHO_API' });
    expect(String((error as Error).message)).toContain('after 3 COQL pages');
    expect(read).toEqual([idOf(1), idOf(2), idOf(3)]);
    expect(calls.filter((c) => c.kind === 'coql')).toHaveLength(3);
  });
});

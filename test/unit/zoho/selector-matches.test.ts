// readSelectorMatches (docs/SELECTORS.md §6): the real client over 127.0.0.1 against the
// emulator's COQL `where` for what Zoho answers (ids checked against a plain filter of the seed,
// calls against max(1, ⌈matches / 2,000⌉)), and against a fake Zoho for what it should never
// answer (bad ids, ids out of order, more_records without rows, 10 MB) and for its refusals.
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_OAUTH_CLIENT, DEMO_SEED, startEmulator } from '../../../src/emulator/index.js';
import type { EmulatorSeed, RunningEmulator, SeedRecord } from '../../../src/emulator/index.js';
import { parseCriteria } from '../../../src/selectors/parse-criteria.js';
import { renderCriteria } from '../../../src/selectors/render-criteria.js';
import { TerritorySyncError } from '../../../src/errors.js';
import { ZohoApiError, createZohoClient, isCoqlScopeMissing } from '../../../src/zoho/index.js';
import type { ZohoClient } from '../../../src/zoho/index.js';
import { ok, testClient, useFakeZoho } from './helpers/fake-zoho.js';
import type { ApiHandler } from './helpers/fake-zoho.js';
import { sendJson } from './helpers/test-server.js';

const BASE = 554023000300000000n;
const idOf = (n: number) => String(BASE + BigInt(n));

const COUNT = 5_000;
const COUNTRIES = ['Germany', 'Austria', 'Switzerland', 'France', 'Italy'] as const;
const DACH: ReadonlySet<string> = new Set(['Germany', 'Austria', 'Switzerland']);

interface Row {
  readonly id: string;
  readonly name: string;
  readonly country: string;
  readonly employees: number;
  readonly industry: string;
}

// 7919 is prime to 1,000, so Employees runs through every value 0..999 once per 1,000 records;
// Industry is 'Technology' for exactly 2 records in 5.
const ROWS: readonly Row[] = Array.from({ length: COUNT }, (_, i) => ({
  id: idOf(i),
  name: i === 17 ? "O'Brien Ltd" : i === 4321 ? "o'brien Holdings" : `Account ${i}`,
  country: COUNTRIES[i % COUNTRIES.length] as string,
  employees: (i * 7919) % 1000,
  industry: i % 5 < 2 ? 'Technology' : 'Retail',
}));

const SEED: EmulatorSeed = {
  ...DEMO_SEED,
  records: {
    Accounts: ROWS.map((r): SeedRecord => ({
      id: r.id,
      name: r.name,
      fields: { Billing_Country: r.country, Employees: r.employees, Industry: r.industry },
    })),
  },
};

/** A `where` as the desired loader stores it: parsed, then written back canonically. */
function canonical(where: string): string {
  const parsed = parseCriteria(where);
  if (!parsed.ok) throw new Error(parsed.problem.message);
  return renderCriteria(parsed.expression);
}

const idsWhere = (keep: (r: Row) => boolean) => ROWS.filter(keep).map((r) => r.id);

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('readSelectorMatches against the emulator', () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, host: '127.0.0.1', seed: SEED });
  });
  afterAll(() => emulator?.stop());

  const client = (): ZohoClient =>
    createZohoClient({
      connection: { apiDomain: emulator.url, accountsUrl: emulator.url },
      credentials: {
        kind: 'refresh-token',
        clientId: DEMO_OAUTH_CLIENT.clientId,
        clientSecret: DEMO_OAUTH_CLIENT.clientSecret,
        refreshToken: DEMO_OAUTH_CLIENT.refreshToken,
      },
    });

  it('reads 2,300-odd matches of 5,000 in two calls, exactly the ids a plain filter keeps', async () => {
    const criteria = canonical(
      "Billing_Country in ('Germany', 'Austria', 'Switzerland') and Employees > 230",
    );
    expect(criteria).toBe(
      "(Billing_Country in ('Germany', 'Austria', 'Switzerland') and Employees > 230)",
    );
    const expected = idsWhere((r) => DACH.has(r.country) && r.employees > 230);
    expect(expected.length).toBeGreaterThan(2_000);
    expect(expected.length).toBeLessThanOrEqual(4_000);
    const zoho = client();
    const pages: number[] = [];

    const ids = await zoho.readSelectorMatches('Accounts', criteria, (page) =>
      pages.push(page.length),
    );

    expect(ids).toEqual(expected);
    expect(pages).toEqual([2_000, expected.length - 2_000]);
    expect(zoho.stats().calls).toBe(2);
    expect(zoho.stats().byKind).toEqual({ coql: 2 });
  });

  it('reads no match in one call', async () => {
    const zoho = client();
    const pages: (readonly string[])[] = [];

    const ids = await zoho.readSelectorMatches(
      'Accounts',
      canonical("Billing_Country = 'Atlantis'"),
      (page) => pages.push(page),
    );

    expect(ids).toEqual([]);
    expect(pages).toEqual([]);
    expect(zoho.stats().byKind).toEqual({ coql: 1 });
  });

  it("reads exactly 2,000 matches in one call: the emulator's full last page says more_records false", async () => {
    const expected = idsWhere((r) => r.industry === 'Technology');
    expect(expected).toHaveLength(2_000);
    const zoho = client();

    const ids = await zoho.readSelectorMatches('Accounts', canonical("Industry = 'Technology'"));

    expect(ids).toEqual(expected);
    expect(zoho.stats().byKind).toEqual({ coql: 1 });
  });

  it('sends a quote inside text doubled and matches it as one quote', async () => {
    const criteria = canonical("Account_Name like 'O''Brien%'");
    expect(criteria).toBe("Account_Name like 'O''Brien%'");
    const zoho = client();

    const ids = await zoho.readSelectorMatches('Accounts', criteria);

    // Text compares without regard to case in the emulator (A34).
    expect(ids).toEqual([idOf(17), idOf(4321)]);
    expect(zoho.stats().byKind).toEqual({ coql: 1 });
  });

  it('names the module, the criteria, the field Zoho refused and what to do (INVALID_QUERY)', async () => {
    const criteria = canonical("Billing_Countyr = 'Germany'");
    const zoho = client();

    const error = await failure(zoho.readSelectorMatches('Accounts', criteria));

    expect(error).toBeInstanceOf(ZohoApiError);
    expect(error).toMatchObject({
      code: 'INVALID_INPUT',
      zohoCode: 'INVALID_QUERY',
      httpStatus: 400,
      path: '/crm/v7/coql',
      details: {
        module: 'Accounts',
        criteria,
        column_name: 'Billing_Countyr',
        reason: 'invalid column',
      },
    });
    const message = (error as Error).message;
    expect(message).toContain("Accounts `where Billing_Countyr = 'Germany'`");
    expect(message).toContain('column_name: Billing_Countyr');
    expect(message).toContain('Accounts has no field "Billing_Countyr"');
    expect(message).toContain('API name');
    expect(zoho.stats().byKind).toEqual({ coql: 1 });
  });

  it('names the operator a field type does not take', async () => {
    const error = await failure(
      client().readSelectorMatches('Accounts', canonical("Employees like '5%'")),
    );

    expect(error).toMatchObject({
      code: 'INVALID_INPUT',
      zohoCode: 'INVALID_QUERY',
      details: { column_name: 'Employees', operator: 'like' },
    });
    expect((error as Error).message).toContain(
      'The operator like does not suit the type of Employees',
    );
  });
});

describe('readSelectorMatches refuses criteria it did not render', () => {
  const fake = useFakeZoho();

  it.each([
    ['spacing other than the canonical', "Billing_Country='Germany'"],
    ['an upper-case keyword', "Billing_Country IN ('Germany')"],
    ['a pair without its parentheses', "Industry = 'Retail' and Employees > 5"],
    ['a query past the criteria', "Industry = 'Retail' order by id desc limit 1"],
    ['a quote left single', "Account_Name = 'O'Brien'"],
  ])('%s, before any call', async (_name, criteria) => {
    let calls = 0;
    const { client } = testClient(
      await fake((_request, res) => {
        calls += 1;
        sendJson(res, 204, undefined);
      }),
    );

    const error = await failure(client.readSelectorMatches('Accounts', criteria));

    expect(error).toBeInstanceOf(TerritorySyncError);
    expect(error).toMatchObject({ code: 'INTERNAL' });
    expect((error as Error).message).toContain('not in canonical form');
    expect(calls).toBe(0);
  });
});

/** The select_query a fake Zoho received. */
const queryOf = (body: string) => (JSON.parse(body) as { select_query: string }).select_query;
/** The key of a keyset page, or undefined on the first page. */
const keyOf = (query: string) => /id > '(\d+)'/.exec(query)?.[1];

const rows = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({ id: idOf(from + i) }));

describe('readSelectorMatches against a fake Zoho', () => {
  const fake = useFakeZoho();
  const GERMANY = "Billing_Country = 'Germany'";

  async function read(handler: ApiHandler, maxPages?: number) {
    const zoho = await fake(handler);
    const { client } = testClient(
      zoho,
      maxPages === undefined ? {} : { limits: { keysetPages: maxPages } },
    );
    const error = await failure(client.readSelectorMatches('Accounts', GERMANY));
    return { error, queries: zoho.apiRequests().map((r) => queryOf(r.body)), client };
  }

  it('sends the criteria, then the criteria and the key, each ordered by id and limited to 2,000', async () => {
    const zoho = await fake((request, res) => {
      const key = keyOf(queryOf(request.body));
      if (key === undefined) return ok(res, { data: rows(0, 2_000), info: { more_records: true } });
      return ok(res, { data: rows(2_000, 5), info: { more_records: false } });
    });
    const { client } = testClient(zoho);

    const ids = await client.readSelectorMatches('Accounts', GERMANY);

    expect(ids).toEqual(rows(0, 2_005).map((r) => r.id));
    expect(zoho.apiRequests().map((r) => queryOf(r.body))).toEqual([
      "select id from Accounts where Billing_Country = 'Germany' order by id asc limit 2000",
      `select id from Accounts where (Billing_Country = 'Germany' and id > '${idOf(1_999)}') order by id asc limit 2000`,
    ]);
    expect(client.stats().byKind).toEqual({ coql: 2 });
  });

  it('follows more_records on a full page that was the last, one call more (204)', async () => {
    const zoho = await fake((request, res) => {
      if (keyOf(queryOf(request.body)) === undefined) {
        return ok(res, { data: rows(0, 2_000), info: { more_records: true } });
      }
      return sendJson(res, 204, undefined);
    });
    const { client } = testClient(zoho);

    const ids = await client.readSelectorMatches('Accounts', GERMANY);

    expect(ids).toHaveLength(2_000);
    expect(client.stats().byKind).toEqual({ coql: 2 });
  });

  const unexpected = (what: RegExp) => ({
    code: 'ZOHO_API',
    zohoCode: 'UNEXPECTED_RESPONSE',
    path: '/crm/v7/coql',
    message: expect.stringMatching(what) as unknown,
  });

  it.each<[string, (key: string | undefined, res: ServerResponse) => void, RegExp]>([
    [
      'an id that is not a digit string',
      (_key, res) =>
        ok(res, { data: [{ id: idOf(1) }, { id: '12e3' }], info: { more_records: false } }),
      /a row whose id is not a digit string/,
    ],
    [
      'a row without an id',
      (_key, res) => ok(res, { data: [{ Id: idOf(1) }], info: { more_records: false } }),
      /a row whose id is not a digit string/,
    ],
    [
      'ids in descending order',
      (_key, res) =>
        ok(res, { data: [{ id: idOf(9) }, { id: idOf(3) }], info: { more_records: false } }),
      /id 554023000300000003 after 554023000300000009: the ids are not in ascending order/,
    ],
    [
      'a repeated id',
      (_key, res) =>
        ok(res, { data: [{ id: idOf(4) }, { id: idOf(4) }], info: { more_records: false } }),
      /not in ascending order/,
    ],
    [
      'a next page that does not move past the key',
      (key, res) =>
        key === undefined
          ? ok(res, { data: rows(0, 2_000), info: { more_records: true } })
          : ok(res, { data: rows(1_999, 3), info: { more_records: false } }),
      /do not move past the key 554023000300001999 in ascending order/,
    ],
    [
      'more_records with no rows',
      (_key, res) => ok(res, { data: [], info: { more_records: true } }),
      /more_records but no ids/,
    ],
    [
      'rows without more_records',
      (_key, res) => ok(res, { data: rows(0, 3), info: { count: 3 } }),
      /rows but no boolean `info.more_records`/,
    ],
    [
      'more_records as text',
      (_key, res) => ok(res, { data: rows(0, 3), info: { more_records: 'false' } }),
      /rows but no boolean `info.more_records`/,
    ],
    ['no data array', (_key, res) => ok(res, { info: { more_records: false } }), /no `data` array/],
    [
      'more rows than asked for',
      (_key, res) => ok(res, { data: rows(0, 2_001), info: { more_records: false } }),
      /2,001 rows, more than the 2,000 asked for/,
    ],
  ])('refuses %s', async (_name, answer, what) => {
    const { error, queries } = await read((request, res) =>
      answer(keyOf(queryOf(request.body)), res),
    );

    expect(error).toBeInstanceOf(ZohoApiError);
    expect(error).toMatchObject(unexpected(what));
    expect(queries.length).toBeLessThanOrEqual(2);
  });

  it.each([
    // Every row valid and no more of them than asked: only the size says it is not a page of ids.
    ['2,000 rows padded', { data: rows(0, 2_000).map((r) => ({ ...r, pad: 'x'.repeat(5_000) })) }],
    ['360,000 rows of ids', { data: rows(0, 360_000) }],
  ])(
    'cuts off a 10 MB answer (%s) at the cap of a page of ids, without retrying',
    async (_name, page) => {
      const body = JSON.stringify({ ...page, info: { more_records: true } });
      expect(body.length).toBeGreaterThan(10_000_000);
      const { error, queries } = await read((_request, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(body);
      });

      expect(error).toMatchObject({
        code: 'ZOHO_API',
        zohoCode: 'RESPONSE_TOO_LARGE',
        path: '/crm/v7/coql',
        details: { limitBytes: 1024 * 1024 },
      });
      expect((error as Error).message).toContain('more than 1 MiB');
      expect(queries).toHaveLength(1);
    },
  );

  it('stops after its page ceiling when the ids never end', async () => {
    const { error, queries } = await read((request, res) => {
      const key = keyOf(queryOf(request.body));
      const next = key === undefined ? 0 : Number(BigInt(key) - BASE) + 1;
      return ok(res, { data: rows(next, 2), info: { more_records: true } });
    }, 3);

    expect(error).toMatchObject({ code: 'ZOHO_API', zohoCode: 'INCOMPLETE_READ' });
    const message = (error as Error).message;
    expect(message).toContain('after 3 COQL pages');
    expect(message).toContain("Accounts matching `where Billing_Country = 'Germany'`");
    expect(message).toContain('never used in part');
    expect(queries).toHaveLength(3);
  });

  const zohoError = (status: number, code: string, message: string, details: object) =>
    ((_request, res) =>
      sendJson(res, status, { code, details, message, status: 'error' })) satisfies ApiHandler;

  it('names ZohoCRM.coql.READ when the token may not run COQL', async () => {
    const { error } = await read(zohoError(401, 'OAUTH_SCOPE_MISMATCH', 'Unauthorized', {}));

    expect(isCoqlScopeMissing(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'AUTH',
      httpStatus: 401,
      details: { scope: 'ZohoCRM.coql.READ', module: 'Accounts', criteria: GERMANY },
    });
    const message = (error as Error).message;
    expect(message).toContain("Reading which Accounts match `where Billing_Country = 'Germany'`");
    expect(message).toContain('Create the refresh token again with ZohoCRM.coql.READ');
  });

  it("quotes Zoho's SYNTAX_ERROR detail and says to rewrite the where", async () => {
    const { error } = await read(
      zohoError(400, 'SYNTAX_ERROR', 'error occured while parsing the query', { near: 'Germany' }),
    );

    expect(error).toMatchObject({
      code: 'INVALID_INPUT',
      zohoCode: 'SYNTAX_ERROR',
      details: { near: 'Germany', criteria: GERMANY },
    });
    expect((error as Error).message).toMatch(
      /^Zoho refused the criteria for Accounts `where Billing_Country = 'Germany'`: SYNTAX_ERROR \(error occured while parsing the query; near: Germany\)\. Rewrite the selector's `where`/,
    );
  });

  it('says how to shorten criteria past LIMIT_EXCEEDED on the where', async () => {
    const { error } = await read(
      zohoError(400, 'LIMIT_EXCEEDED', 'limit exceeded', { limit: 25, clause: 'where' }),
    );

    expect(error).toMatchObject({
      code: 'INVALID_INPUT',
      details: { limit: '25', clause: 'where' },
    });
    expect((error as Error).message).toContain('at most 24 criteria');
  });

  it("leaves LIMIT_EXCEEDED on the read's own clause to the generic error", async () => {
    const { error } = await read(
      zohoError(400, 'LIMIT_EXCEEDED', 'limit exceeded', { limit: 2000, clause: 'limit' }),
    );

    expect(error).toMatchObject({ code: 'ZOHO_API', zohoCode: 'LIMIT_EXCEEDED' });
    expect((error as ZohoApiError).details).not.toHaveProperty('criteria');
  });

  it("escapes and clips what Zoho's refusal says", async () => {
    const { error } = await read(
      zohoError(400, 'INVALID_QUERY', `bad\u001b[2J${'m'.repeat(5_000)}`, {
        column_name: `Evil\u202e${'x'.repeat(10_000)}`,
        reason: 'invalid column',
        extra: 'y'.repeat(100_000),
      }),
    );

    const message = (error as Error).message;
    expect(message.includes('\u001b') || message.includes('\u202e')).toBe(false);
    expect(message).toContain('bad\\u001b[2J');
    expect(message).toContain('Evil\\u202e');
    expect(message).toContain('more characters');
    expect(message.length).toBeLessThan(1_500);
    expect((error as ZohoApiError).details).not.toHaveProperty('extra');
  });
});

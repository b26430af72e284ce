// Issue #13, hostile input round two: everything that comes back from Zoho's servers, through
// the real client over HTTP on 127.0.0.1 (no mocked got).
//   - answers too large to hold: cut off as they arrive, typed, never retried;
//   - secrets the server echoes: redacted before anything leaves the client;
//   - reads that never end: refused with the count read and the page cap, never returned as
//     if complete.
import type { ServerResponse } from 'node:http';
import { inspect } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { ZohoApiError } from '../../src/zoho/index.js';
import {
  CLIENT_SECRET,
  REFRESH_TOKEN,
  ok,
  startFakeZoho,
  testClient,
  useFakeZoho,
} from '../unit/zoho/helpers/fake-zoho.js';
import type { ApiHandler, FakeZoho, FakeZohoOptions } from '../unit/zoho/helpers/fake-zoho.js';
import { sendJson } from '../unit/zoho/helpers/test-server.js';
import { UNKNOWN_CODE_ADVICE } from '../../src/zoho/write-territories.js';

const MIB = 1024 * 1024;
const fake = useFakeZoho();
const open: FakeZoho[] = [];

async function fakeWith(handler: ApiHandler, options: FakeZohoOptions): Promise<FakeZoho> {
  const zoho = await startFakeZoho(handler, options);
  open.push(zoho);
  return zoho;
}

// useFakeZoho closes its own servers; these are the ones started with options.
afterEach(async () => {
  await Promise.all(open.splice(0).map((z) => z.close()));
});

async function rejection(promise: Promise<unknown>): Promise<ZohoApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ZohoApiError);
  return error as ZohoApiError;
}

async function drain(pages: AsyncIterable<readonly Record<string, unknown>[]>) {
  const all: Record<string, unknown>[] = [];
  for await (const page of pages) all.push(...page);
  return all;
}

/** Every way an error or a result reaches a log, a report or a journal. */
function renderings(value: unknown): string {
  const e = value as Error;
  return [
    String(value),
    e instanceof Error ? (e.stack ?? '') : '',
    JSON.stringify(value),
    inspect(value, { depth: Infinity, showHidden: true }),
  ].join('\n');
}

/**
 * An answer that does not end: a territories array of 1 KB entries, written as fast as the
 * client reads, until it hangs up. `sent` counts the bytes that went out.
 */
function flood(
  res: ServerResponse,
  sent: { bytes: number },
  headers: Record<string, string> = {},
): void {
  res.writeHead(200, { 'content-type': 'application/json', ...headers });
  const piece = Buffer.from(
    `${JSON.stringify({ id: '1', name: 'x'.repeat(1000), reporting_to: null })},`.repeat(64),
  );
  let open = true;
  res.on('close', () => {
    open = false;
  });
  res.write('{"territories":[');
  const pump = () => {
    while (open) {
      sent.bytes += piece.length;
      if (!res.write(piece)) {
        res.once('drain', pump);
        return;
      }
    }
  };
  pump();
}

function rawJson(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(text);
}

describe('answers too large to hold', () => {
  it('cuts an endless catalogue answer off at 16 MiB as it streams in, and does not retry it', async () => {
    const sent = { bytes: 0 };
    const zoho = await fake((_req, res) => flood(res, sent));
    const { client, events } = testClient(zoho);

    const error = await rejection(client.readCatalogue());

    expect(error).toMatchObject({
      code: 'ZOHO_API',
      zohoCode: 'RESPONSE_TOO_LARGE',
      httpStatus: 200,
      method: 'GET',
      path: '/crm/v7/settings/territories',
    });
    expect(error.message).toContain(
      'Zoho answered GET /crm/v7/settings/territories with more than 16 MiB',
    );
    expect(zoho.apiRequests()).toHaveLength(1);
    expect(events.filter((e) => e.type === 'retry')).toEqual([]);
    // Reading stopped at the limit: what went out is the limit plus what the sockets buffer.
    expect(sent.bytes).toBeGreaterThan(16 * MIB);
    expect(sent.bytes).toBeLessThan(32 * MIB);
  });

  it('refuses an answer of millions of tiny objects under the byte cap, without building them', async () => {
    // 2,000,000 empty objects: 6 MB on the wire, gigabytes once parsed.
    const body = `{"territories":[${'{},'.repeat(1_999_999)}{}],"info":{"more_records":false}}`;
    const zoho = await fake((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body);
    });
    const { client } = testClient(zoho);
    const before = process.memoryUsage().rss;
    const error = await rejection(client.readCatalogue());
    expect(error.code).toBe('ZOHO_API');
    expect(error.message).toContain('Check that the API domain points at Zoho CRM');
    expect(process.memoryUsage().rss - before).toBeLessThan(256 * MIB);
  });

  it('refuses a declared Content-Length over the limit before reading the body', async () => {
    const sent = { bytes: 0 };
    const zoho = await fake((_req, res) => {
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': String(300 * MIB),
      });
      // A first piece, then nothing: only the header can end this quickly.
      res.write('{"territories":[');
      sent.bytes += 16;
    });
    const { client } = testClient(zoho);

    const error = await rejection(client.readCatalogue());

    // Refused on the header: waiting for the body would end in a timeout, not this code.
    expect(error.zohoCode).toBe('RESPONSE_TOO_LARGE');
    expect(error.message).toContain('with more than 16 MiB (HTTP 200)');
    expect(sent.bytes).toBe(16);
  });

  it('counts a compressed answer as it inflates (a gzip bomb stops at the limit)', async () => {
    // 40 MB of JSON whitespace, about 40 KB gzipped.
    const bomb = gzipSync(Buffer.from(`{"territories":[${' '.repeat(40 * 1000 * 1000)}]}`));
    expect(bomb.length).toBeLessThan(MIB);
    const zoho = await fake((_req, res) => {
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        'content-length': String(bomb.length),
      });
      res.end(bomb);
    });
    const { client } = testClient(zoho, { limits: { apiResponseBytes: 4 * MIB } });

    const error = await rejection(client.readCatalogue());

    expect(error.zohoCode).toBe('RESPONSE_TOO_LARGE');
    expect(error.message).toContain('with more than 4 MiB');
    expect(zoho.apiRequests()).toHaveLength(1);
  });

  it('an endless token answer stops at 1 MiB before any API call is made', async () => {
    const sent = { bytes: 0 };
    const zoho = await fakeWith(() => undefined, { token: (_req, res) => flood(res, sent) });
    const { client } = testClient(zoho);

    const error = await rejection(client.readCatalogue());

    expect(error).toMatchObject({
      zohoCode: 'RESPONSE_TOO_LARGE',
      method: 'POST',
      path: '/oauth/v2/token',
    });
    expect(error.message).toContain('Zoho answered POST /oauth/v2/token with more than 1 MiB');
    expect(zoho.tokenRequests()).toHaveLength(1);
    expect(zoho.apiRequests()).toHaveLength(0);
    expect(sent.bytes).toBeLessThan(1 * MIB + 16 * MIB);
  });

  it('an oversized answer to a write is not sent again', async () => {
    const sent = { bytes: 0 };
    const zoho = await fake((_req, res) => flood(res, sent));
    const { client } = testClient(zoho, { limits: { apiResponseBytes: 1 * MIB } });

    const error = await rejection(
      client.write('Accounts', 'assign', [{ id: '554023000000000001', territoryIds: ['9'] }]),
    );

    expect(error).toMatchObject({
      zohoCode: 'RESPONSE_TOO_LARGE',
      method: 'POST',
      path: '/crm/v7/Accounts/actions/assign_territories',
    });
    expect(zoho.apiRequests().filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('refuses an answer nested 100,000 levels deep instead of overflowing the stack', async () => {
    const depth = 100_000;
    const nested = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    const zoho = await fake((req, res) =>
      req.path === '/crm/v7/settings/territories'
        ? rawJson(res, 400, `{"code":"INVALID_DATA","status":"error","details":${nested}}`)
        : rawJson(res, 200, `{"data":[${nested}]}`),
    );
    const { client } = testClient(zoho);

    for (const call of [
      () => client.readCatalogue(),
      () => client.write('Accounts', 'assign', [{ id: '554023000000000001', territoryIds: ['9'] }]),
    ]) {
      const error = await rejection(call());
      expect(error.zohoCode).toBe('UNEXPECTED_RESPONSE');
      expect(error.message).toContain('nested more than 64 levels deep');
      // The error itself serialises: nothing of the deep body is kept.
      expect(JSON.stringify(error).length).toBeLessThan(2000);
    }
  });
});

describe('secrets the server echoes back', () => {
  /** A fake Zoho whose every answer holds the caller's access token in as many places as fit. */
  function echo(token: string | undefined) {
    const t = token ?? 'no-token';
    return {
      message: `cannot use Zoho-oauthtoken ${t}`,
      details: {
        header: `Zoho-oauthtoken ${t}`,
        nested: [{ deeper: [t] }],
        [t]: 'the token as a key',
        secret: `${CLIENT_SECRET} ${REFRESH_TOKEN}`,
      },
    };
  }

  function secretsOf(zoho: FakeZoho): string[] {
    return [CLIENT_SECRET, REFRESH_TOKEN, ...zoho.issued];
  }

  function leaks(zoho: FakeZoho, ...values: unknown[]): string[] {
    const text = values.map(renderings).join('\n');
    return secretsOf(zoho).filter((secret) => text.includes(secret));
  }

  it("redacts the token from a write answer's per-record message, code and details", async () => {
    const zoho = await fake((req, res, token) => {
      const sent = (JSON.parse(req.body) as { data: { id: string }[] }).data;
      sendJson(res, 207, {
        data: sent.map((entry, index) => ({
          code: index === 0 ? `NOT_ALLOWED ${token ?? ''}` : 'SCHEDULED',
          status: index === 0 ? 'error' : 'success',
          ...echo(token),
          details: { ...echo(token).details, id: entry.id, job_id: '4150868000001234001' },
        })),
      });
    });
    const { client, events } = testClient(zoho);

    const results = await client.write('Accounts', 'assign', [
      { id: '554023000000000001', territoryIds: ['9'] },
      { id: '554023000000000002', territoryIds: ['9'] },
    ]);

    expect(zoho.issued).toHaveLength(1);
    expect(leaks(zoho, results, events)).toEqual([]);
    expect(results[0]).toMatchObject({
      status: 'error',
      // Not one of Zoho's codes: UNKNOWN, with Zoho's (redacted) text leading the message.
      code: 'UNKNOWN',
      message: `NOT_ALLOWED [redacted]: cannot use Zoho-oauthtoken [redacted]${UNKNOWN_CODE_ADVICE}`,
    });
    expect(results[0]?.details).toMatchObject({
      header: 'Zoho-oauthtoken [redacted]',
      nested: [{ deeper: ['[redacted]'] }],
      '[redacted]': 'the token as a key',
      secret: '[redacted] [redacted]',
    });
    // What the executor needs from the answer is untouched.
    expect(results[1]).toMatchObject({ status: 'success', jobId: '4150868000001234001' });
  });

  it('redacts the token from the error bodies of every call', async () => {
    const zoho = await fake((_req, res, token) =>
      sendJson(res, 403, {
        code: `NO_PERMISSION ${token ?? ''}`,
        status: 'error',
        ...echo(token),
        details: { ...echo(token).details, permissions: [token, 'Crm_Implied_View'] },
      }),
    );
    const { client, events } = testClient(zoho);
    const id = '554023000000000001';

    const errors = [
      await rejection(client.readOrg()),
      await rejection(client.readCatalogue()),
      await rejection(client.readRecords('Accounts', [id])),
      await rejection(client.pendingRecords('Accounts', [id])),
      await rejection(client.write('Accounts', 'remove', [{ id, territoryIds: ['9'] }])),
      await rejection(drain(client.listRecords('Accounts', { fields: ['Account_Name'] }))),
    ];

    expect(zoho.apiRequests()).toHaveLength(6);
    expect(leaks(zoho, ...errors, events)).toEqual([]);
    for (const error of errors) {
      expect(error.zohoCode).toBe('NO_PERMISSION [redacted]');
      expect(error.message).toContain('[redacted]');
    }
  });

  it('redacts the token from retried 5xx answers, their trace and the error after them', async () => {
    const zoho = await fake((_req, res, token) =>
      sendJson(res, 503, { code: `BUSY ${token ?? ''}`, status: 'error', ...echo(token) }),
    );
    const { client, events } = testClient(zoho, { retry: { maxRetries: 2 } });

    const error = await rejection(client.readCatalogue());

    expect(events.filter((e) => e.type === 'retry')).toHaveLength(2);
    expect(leaks(zoho, error, events)).toEqual([]);
    expect(JSON.stringify(events)).toContain('503 BUSY [redacted]');
  });

  it('redacts the token from the names a successful read returns', async () => {
    const zoho = await fake((req, res, token) => {
      const t = token ?? '';
      if (req.path === '/crm/v7/org') {
        return ok(res, { org: [{ id: '4150868000', company_name: `Acme ${t}` }] });
      }
      if (req.path === '/crm/v7/settings/territories') {
        return ok(res, {
          territories: [{ id: '9', name: `West ${t}`, reporting_to: null }],
          info: { more_records: false },
        });
      }
      const ids = (req.query.get('ids') ?? '554023000000000001').split(',');
      return ok(res, {
        data: ids.map((id) => ({
          id,
          Account_Name: `Initech ${t}`,
          Territories: [{ id: '9', name: `West ${t}`, $assigned: 'manually' }],
        })),
        info: { more_records: false },
      });
    });
    const { client } = testClient(zoho);

    const org = await client.readOrg();
    const catalogue = await client.readCatalogue();
    const read = await client.readRecords('Accounts', ['554023000000000001']);
    const listed = await drain(client.listRecords('Accounts', { fields: ['Account_Name'] }));

    expect(leaks(zoho, org, catalogue, read, listed)).toEqual([]);
    expect(org.name).toBe('Acme [redacted]');
    expect(catalogue.territories[0]?.name).toBe('West [redacted]');
    expect(read.records[0]).toMatchObject({
      name: 'Initech [redacted]',
      territories: [{ id: '9', name: 'West [redacted]' }],
    });
    expect(listed[0]?.Account_Name).toBe('Initech [redacted]');
  });

  it('keeps the client secret and refresh token out of an accounts-server refusal, code included', async () => {
    const zoho = await fakeWith(() => undefined, {
      token: (_req, res) =>
        sendJson(res, 200, {
          error: `bad_${CLIENT_SECRET}`,
          error_description: `refresh ${REFRESH_TOKEN} refused`,
          [REFRESH_TOKEN]: CLIENT_SECRET,
        }),
    });
    const { client, events } = testClient(zoho);

    const error = await rejection(client.readCatalogue());

    expect(error.code).toBe('AUTH');
    expect(error.zohoCode).toBe('bad_[redacted]');
    expect(leaks(zoho, error, events)).toEqual([]);
  });

  it("keeps a secret out of the refusal of the token answer's api_domain", async () => {
    const zoho = await fakeWith(() => undefined, {
      apiDomain: `https://${CLIENT_SECRET}.evil.example`,
    });
    const { client } = testClient(zoho, {
      connection: {
        apiDomain: zoho.server.url,
        accountsUrl: zoho.server.url,
        apiDomainConfigured: false,
      },
    });

    const error = await client.readCatalogue().then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(error).toMatchObject({ code: 'INVALID_CONFIG' });
    expect(leaks(zoho, error)).toEqual([]);
    expect(zoho.apiRequests()).toHaveLength(0);
  });
});

describe('reads that never end', () => {
  /** A catalogue that always says more_records, with new territories on every page. */
  const endlessCatalogue: ApiHandler = (req, res) => {
    const page = Number(req.query.get('page'));
    ok(res, {
      territories: [
        { id: String(1000 + 2 * page), name: `T${2 * page}`, reporting_to: null },
        { id: String(1001 + 2 * page), name: `T${2 * page + 1}`, reporting_to: null },
      ],
      info: { per_page: 2000, count: 2, page, more_records: true },
    });
  };

  it('refuses a catalogue whose more_records never ends, with the count read and the cap', async () => {
    const zoho = await fake(endlessCatalogue);
    const { client } = testClient(zoho, { limits: { cataloguePages: 5 } });

    const error = await rejection(client.readCatalogue());

    expect(error).toMatchObject({
      code: 'ZOHO_API',
      zohoCode: 'INCOMPLETE_READ',
      path: '/crm/v7/settings/territories',
      details: { read: 10, pages: 5 },
    });
    expect(error.message).toContain(
      'after 5 pages of up to 2,000 territories (10 territories read)',
    );
    expect(error.message).toContain('incomplete');
    expect(zoho.apiRequests()).toHaveLength(5);
  });

  it('refuses a territory or record name far longer than any Zoho name, before keeping it', async () => {
    const long = 'x'.repeat(1_001);
    const zoho = await fake((_req, res) =>
      sendJson(res, 200, {
        territories: [{ id: '7', name: long, reporting_to: null }],
        info: { more_records: false },
      }),
    );
    const { client } = testClient(zoho);
    const error = await rejection(client.readCatalogue());
    expect(error.message).toContain(
      'a territory name of 1,001 characters (a name is at most 1,000)',
    );
    expect(error.message).not.toContain(long);
  });

  it('at the default cap: 100 pages, then the same refusal', async () => {
    const zoho = await fake(endlessCatalogue);
    const { client } = testClient(zoho);

    const error = await rejection(client.readCatalogue());

    expect(error.zohoCode).toBe('INCOMPLETE_READ');
    expect(error.message).toContain('after 100 pages');
    expect(error.message).toContain('(200 territories read)');
    expect(zoho.apiRequests()).toHaveLength(100);
  });

  const WEST = { id: '7', name: 'West', reporting_to: null };
  it.each([
    ['repeats its first page', [WEST], 'only territories earlier pages already gave'],
    ['answers an empty page', [], 'no territories in it'],
  ])('refuses at once a catalogue that says more_records but %s', async (_name, later, said) => {
    const zoho = await fake((req, res) =>
      ok(res, {
        territories: req.query.get('page') === '1' ? [WEST] : later,
        info: { more_records: true },
      }),
    );
    const { client } = testClient(zoho);

    const error = await rejection(client.readCatalogue());

    expect(error.zohoCode).toBe('UNEXPECTED_RESPONSE');
    expect(error.message).toContain(said);
    expect(zoho.apiRequests()).toHaveLength(2);
  });

  it('refuses a listing page that says more_records but holds no records', async () => {
    const zoho = await fake((req, res) =>
      req.query.get('page') === '1'
        ? ok(res, {
            data: [{ id: '554023000000000001', Account_Name: 'A' }],
            info: { more_records: true },
          })
        : ok(res, { data: [], info: { more_records: true } }),
    );
    const { client } = testClient(zoho);
    const seen: unknown[] = [];

    const error = await rejection(
      (async () => {
        for await (const page of client.listRecords('Accounts', { fields: ['Account_Name'] })) {
          seen.push(...page);
        }
      })(),
    );

    expect(error.zohoCode).toBe('UNEXPECTED_RESPONSE');
    expect(error.message).toContain('more_records but no records in the page');
    expect(seen).toHaveLength(1);
  });

  it('refuses a listing that trickles one record a page past its call cap', async () => {
    let next = 0n;
    const zoho = await fake((_req, res) => {
      next += 1n;
      ok(res, {
        data: [{ id: String(554023000000000000n + next), Account_Name: 'A' }],
        info: { more_records: true, next_page_token: `t${next}` },
      });
    });
    const { client } = testClient(zoho);

    const error = await rejection(
      drain(client.listRecords('Accounts', { fields: ['Account_Name'] })),
    );

    expect(error).toMatchObject({
      zohoCode: 'INCOMPLETE_READ',
      path: '/crm/v7/Accounts',
      details: { read: 501, pages: 501 },
    });
    expect(error.message).toContain('after 501 pages of up to 200 records (501 Accounts read)');
    expect(zoho.apiRequests()).toHaveLength(501);
  });
});

describe('COQL past the listing limit', () => {
  const LIMIT = 100_000;
  const BASE = 554023000200000000n;
  const idOf = (n: number | bigint) => String(BASE + BigInt(n));

  /** 100,000 Accounts through pages and page_token, then `coql` answers past them. */
  function pastTheLimit(coql: (after: bigint, res: ServerResponse, token: string) => void) {
    const handler: ApiHandler = (req, res, token) => {
      if (req.path === '/crm/v7/coql') {
        const after = BigInt(/id > '(\d+)'/.exec(req.body)?.[1] ?? '0') - BASE;
        return coql(after, res, token ?? '');
      }
      const ids = req.query.get('ids');
      if (ids !== null) return ok(res, { data: ids.split(',').map((id) => ({ id })) });
      const perPage = Number(req.query.get('per_page'));
      const pageToken = req.query.get('page_token');
      const start =
        pageToken === null ? (Number(req.query.get('page')) - 1) * perPage : Number(pageToken);
      const data = Array.from({ length: perPage }, (_, i) => ({ id: idOf(start + i) }));
      const end = start + perPage;
      return ok(res, { data, info: { more_records: end < LIMIT, next_page_token: String(end) } });
    };
    return handler;
  }

  it('redacts the token from a COQL error, after the 100,000 records before it', async () => {
    const zoho = await fake(
      pastTheLimit((_after, res, token) =>
        sendJson(res, 400, {
          code: `SYNTAX_ERROR ${token}`,
          status: 'error',
          message: `bad query for ${token}`,
          details: { token },
        }),
      ),
    );
    const { client, events } = testClient(zoho);

    const error = await rejection(drain(client.listRecords('Accounts', { fields: ['id'] })));

    expect(error.path).toBe('/crm/v7/coql');
    const text = [renderings(error), JSON.stringify(events)].join('\n');
    expect(zoho.issued.filter((t) => text.includes(t))).toEqual([]);
    expect(error.message).toContain('[redacted]');
  });

  it('refuses a keyset that never ends, with the count read and the page cap', async () => {
    const zoho = await fake(
      pastTheLimit((after, res) =>
        ok(res, {
          data: [{ id: idOf(after + 1n) }, { id: idOf(after + 2n) }],
          info: { more_records: true },
        }),
      ),
    );
    const { client } = testClient(zoho, { limits: { keysetPages: 3 } });
    let read = 0;

    const error = await rejection(
      (async () => {
        for await (const page of client.listRecords('Accounts', { fields: ['id'] })) {
          read += page.length;
        }
      })(),
    );

    expect(error).toMatchObject({
      zohoCode: 'INCOMPLETE_READ',
      path: '/crm/v7/coql',
      details: { read: LIMIT + 6, pages: 3 },
    });
    expect(error.message).toContain('after 3 COQL pages of 2,000 ids (100,006 Accounts read)');
    expect(read).toBe(LIMIT + 6);
  });
});

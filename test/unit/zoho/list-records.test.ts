import { describe, expect, it } from 'vitest';
import { ok, useFakeZoho, testClient } from './helpers/fake-zoho.js';
import type { ApiHandler } from './helpers/fake-zoho.js';
import { sendJson } from './helpers/test-server.js';

const fake = useFakeZoho();

/** An org of `total` Accounts answering page/per_page up to 2,000 and page_token beyond. */
function org(total: number): ApiHandler {
  return (req, res) => {
    const perPage = Number(req.query.get('per_page'));
    const token = req.query.get('page_token');
    const page = req.query.get('page');
    if (token !== null && page !== null) return sendJson(res, 400, { code: 'INVALID_REQUEST' });
    const start = token === null ? (Number(page) - 1) * perPage : Number(token.slice(4));
    if (token === null && start + perPage > 2000) {
      return sendJson(res, 400, {
        code: 'DISCRETE_PAGINATION_LIMIT_EXCEEDED',
        details: { limit: 2000 },
      });
    }
    const end = Math.min(total, start + perPage);
    if (start >= end) return sendJson(res, 204, undefined);
    const data = Array.from({ length: end - start }, (_, i) => ({
      id: String(start + i),
      Account_Name: `A${start + i}`,
    }));
    return ok(res, {
      data,
      info: {
        per_page: perPage,
        count: data.length,
        more_records: end < total,
        next_page_token: `tok-${end}`,
      },
    });
  };
}

async function collect(pages: AsyncIterable<readonly Record<string, unknown>[]>) {
  const all: Record<string, unknown>[] = [];
  for await (const page of pages) all.push(...page);
  return all;
}

describe('listRecords', () => {
  it('pages with page/per_page up to 2,000 records, then with page_token', async () => {
    const zoho = await fake(org(2350));
    const { client } = testClient(zoho);

    const records = await collect(client.listRecords('Accounts', { fields: ['Account_Name'] }));

    expect(records).toHaveLength(2350);
    expect(new Set(records.map((r) => r.id)).size).toBe(2350);
    const queries = zoho.apiRequests().map((r) => r.query);
    expect(queries.map((q) => q.get('page'))).toEqual([
      ...Array.from({ length: 10 }, (_, i) => String(i + 1)),
      null,
      null,
    ]);
    expect(queries.map((q) => q.get('page_token')).slice(10)).toEqual(['tok-2000', 'tok-2200']);
    expect(
      queries.every((q) => q.get('fields') === 'Account_Name' && q.get('per_page') === '200'),
    ).toBe(true);
  });

  it('switches to page_token before a page would cross 2,000', async () => {
    const zoho = await fake(org(2100));
    const { client } = testClient(zoho);

    const records = await collect(client.listRecords('Accounts', { fields: ['id'], perPage: 150 }));

    expect(records).toHaveLength(2100);
    expect(zoho.apiRequests().filter((r) => r.query.has('page'))).toHaveLength(13);
  });

  it('ends on 204 and yields nothing for an empty module', async () => {
    const zoho = await fake(org(0));
    const { client } = testClient(zoho);

    expect(await collect(client.listRecords('Contacts', { fields: ['Full_Name'] }))).toEqual([]);
    expect(zoho.apiRequests()).toHaveLength(1);
  });

  it('refuses more than 50 fields before calling Zoho', async () => {
    const zoho = await fake(org(1));
    const { client } = testClient(zoho);
    const fields = Array.from({ length: 51 }, (_, i) => `F${i}`);

    await expect(collect(client.listRecords('Accounts', { fields }))).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    expect(zoho.server.requests).toHaveLength(0);
  });
});

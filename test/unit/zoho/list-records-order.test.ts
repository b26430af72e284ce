// listRecords yields each record once, ascending by id: what lets export skip a de-duplication
// set and lets the keyset continue from the last id. Checked against a fake Zoho over 127.0.0.1.
import { describe, expect, it } from 'vitest';
import { ok, testClient, useFakeZoho } from './helpers/fake-zoho.js';

const fake = useFakeZoho();

const idOf = (n: number) => String(554023000200000000n + BigInt(n));
const records = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => ({
    id: idOf(from + i),
    Account_Name: `A${from + i}`,
  }));

async function collect(pages: AsyncIterable<readonly Record<string, unknown>[]>) {
  const all: Record<string, unknown>[] = [];
  for await (const page of pages) all.push(...page);
  return all;
}

describe('listRecords order', () => {
  it('yields a record once when a page repeats the end of the previous one (a record was deleted meanwhile)', async () => {
    const zoho = await fake((req, res) => {
      const page = Number(req.query.get('page'));
      // A deletion before the offset shifts page 2 back by one: it starts with record 199 again.
      const data = page === 1 ? records(0, 200) : records(199, 399);
      ok(res, { data, info: { more_records: page === 1 } });
    });
    const { client } = testClient(zoho);

    const listed = await collect(client.listRecords('Accounts', { fields: ['Account_Name'] }));

    expect(listed.map((r) => r.id)).toEqual(records(0, 399).map((r) => r.id));
    expect(zoho.apiRequests().map((r) => r.query.get('sort_by'))).toEqual(['id', 'id']);
    expect(zoho.apiRequests().map((r) => r.query.get('sort_order'))).toEqual(['asc', 'asc']);
  });

  it.each([
    ['ids in descending order (the sort was not honoured)', records(0, 3).reverse(), 'ascending'],
    ['a record without a numeric id', [{ id: 'abc' }], 'not a digit string'],
  ])('refuses a page with %s instead of guessing', async (_name, data, says) => {
    const zoho = await fake((_req, res) => ok(res, { data, info: { more_records: false } }));
    const { client } = testClient(zoho);

    await expect(
      collect(client.listRecords('Accounts', { fields: ['Account_Name'] })),
    ).rejects.toMatchObject({
      code: 'ZOHO_API',
      zohoCode: 'UNEXPECTED_RESPONSE',
      message: expect.stringContaining(says),
    });
  });
});

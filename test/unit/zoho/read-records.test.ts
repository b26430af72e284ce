import { describe, expect, it } from 'vitest';
import { ZohoApiError } from '../../../src/zoho/index.js';
import { ok, useFakeZoho, testClient } from './helpers/fake-zoho.js';
import type { ApiHandler } from './helpers/fake-zoho.js';
import { sendJson } from './helpers/test-server.js';
import type { SeenRequest } from './helpers/test-server.js';

const fake = useFakeZoho();

const manual = (id: string, name: string) => ({
  Name: name,
  id,
  $assigned_by: { name: 'Patricia Boyle', id: '111111000000043376' },
  $assigned_time: '2020-03-05T16:07:28+05:30',
  $assigned: 'manually',
});
const byRules = (id: string, name: string) => ({
  Name: name,
  id,
  $assigned_by: null,
  $assigned_time: '2020-03-05T16:07:28+05:30',
  $assigned: 'automatically',
});

const idsOf = (request: SeenRequest) => (request.query.get('ids') ?? '').split(',');

/** Answers list calls with the requested ids that `exists` accepts. */
function accounts(exists: (id: string) => boolean): ApiHandler {
  return (req, res) => {
    const data = idsOf(req)
      .filter(exists)
      .map((id) => ({ id, Account_Name: `Account ${id}`, Territories: [manual('900', 'EMEA')] }));
    if (data.length === 0) return sendJson(res, 204, undefined);
    return ok(res, { data, info: { count: data.length, more_records: false } });
  };
}

const ids = (count: number) =>
  Array.from({ length: count }, (_, i) => String(554023000003635000n + BigInt(i)));

describe('readRecords', () => {
  it('reads 250 records in 3 calls of at most 100 ids, asking for name and territories', async () => {
    const zoho = await fake(accounts(() => true));
    const { client } = testClient(zoho);
    const wanted = ids(250);

    const { records, missing } = await client.readRecords('Accounts', wanted);

    const calls = zoho.apiRequests();
    expect(calls.map((r) => idsOf(r).length)).toEqual([100, 100, 50]);
    expect(calls.flatMap(idsOf)).toEqual(wanted);
    expect(calls.every((r) => r.path === '/crm/v7/Accounts')).toBe(true);
    expect(calls.every((r) => r.query.get('fields') === 'Account_Name,Territories')).toBe(true);
    expect(records.map((r) => r.id)).toEqual(wanted);
    expect(missing).toEqual([]);
    expect(client.stats().byKind).toEqual({ records: 3 });
  });

  it('reports the ids Zoho did not return as missing, including a chunk answered 204', async () => {
    const zoho = await fake(accounts((id) => id.endsWith('1') || id.endsWith('3')));
    const { client } = testClient(zoho);
    const wanted = [...ids(4), '554023000009999990'];

    const { records, missing } = await client.readRecords('Accounts', wanted);

    expect(records.map((r) => r.id)).toEqual(['554023000003635001', '554023000003635003']);
    expect(missing).toEqual(['554023000003635000', '554023000003635002', '554023000009999990']);
  });

  it('returns names and tells manual territories from those assigned by rules', async () => {
    const zoho = await fake((_req, res) =>
      ok(res, {
        data: [
          {
            id: '1',
            Account_Name: 'Acme GmbH',
            Territories: [manual('10', 'DACH'), byRules('11', 'EMEA')],
          },
          { id: '2', Account_Name: 'Zylker', Territories: null },
          { id: '3', Account_Name: 'Empty', Territories: [] },
        ],
      }),
    );
    const { client } = testClient(zoho);

    const { records } = await client.readRecords('Accounts', ['1', '2', '3', '1']);

    expect(records).toEqual([
      {
        module: 'Accounts',
        id: '1',
        name: 'Acme GmbH',
        territories: [
          { id: '10', name: 'DACH', assigned: 'manually' },
          { id: '11', name: 'EMEA', assigned: 'automatically' },
        ],
      },
      { module: 'Accounts', id: '2', name: 'Zylker', territories: [] },
      { module: 'Accounts', id: '3', name: 'Empty', territories: [] },
    ]);
    expect(zoho.apiRequests()).toHaveLength(1);
    expect(idsOf(zoho.apiRequests()[0] as SeenRequest)).toEqual(['1', '2', '3']);
  });

  it('reads Deals through the Territory field and accepts the Territories key too', async () => {
    const zoho = await fake((_req, res) =>
      ok(res, {
        data: [
          { id: '7', Deal_Name: 'Big Renewal', Territory: [manual('20', 'West')] },
          { id: '8', Deal_Name: 'Small Deal', Territories: [byRules('21', 'East')] },
        ],
      }),
    );
    const { client } = testClient(zoho);

    const { records } = await client.readRecords('Deals', ['7', '8']);

    expect(zoho.apiRequests()[0]?.query.get('fields')).toBe('Deal_Name,Territory');
    expect(records).toEqual([
      {
        module: 'Deals',
        id: '7',
        name: 'Big Renewal',
        territories: [{ id: '20', name: 'West', assigned: 'manually' }],
      },
      {
        module: 'Deals',
        id: '8',
        name: 'Small Deal',
        territories: [{ id: '21', name: 'East', assigned: 'automatically' }],
      },
    ]);
  });

  it('asks for Contacts by Full_Name', async () => {
    const zoho = await fake((_req, res) =>
      ok(res, { data: [{ id: '5', Full_Name: 'John Doe', Territories: null }] }),
    );
    const { client } = testClient(zoho);

    const { records } = await client.readRecords('Contacts', ['5']);

    expect(zoho.apiRequests()[0]?.query.get('fields')).toBe('Full_Name,Territories');
    expect(records[0]?.name).toBe('John Doe');
  });

  it('falls back to the single-record GET for records the list returned without the field', async () => {
    const zoho = await fake((req, res) => {
      if (req.path === '/crm/v7/Accounts') {
        return ok(res, {
          data: [
            { id: '1', Account_Name: 'Listed', Territories: [manual('10', 'DACH')] },
            { id: '2', Account_Name: 'Bare' },
            { id: '3', Account_Name: 'Gone meanwhile' },
          ],
        });
      }
      if (req.path === '/crm/v7/Accounts/2') {
        return ok(res, {
          data: [{ id: '2', Account_Name: 'Bare', Territories: [byRules('11', 'EMEA')] }],
        });
      }
      return sendJson(res, 204, undefined);
    });
    const { client, events } = testClient(zoho);

    const { records, missing } = await client.readRecords('Accounts', ['1', '2', '3']);

    expect(records).toEqual([
      {
        module: 'Accounts',
        id: '1',
        name: 'Listed',
        territories: [{ id: '10', name: 'DACH', assigned: 'manually' }],
      },
      {
        module: 'Accounts',
        id: '2',
        name: 'Bare',
        territories: [{ id: '11', name: 'EMEA', assigned: 'automatically' }],
      },
    ]);
    expect(missing).toEqual(['3']);
    expect(
      zoho
        .apiRequests()
        .map((r) => r.path)
        .sort(),
    ).toEqual(['/crm/v7/Accounts', '/crm/v7/Accounts/2', '/crm/v7/Accounts/3']);
    const notices = events.filter((e) => e.type === 'notice');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ module: 'Accounts' });
    expect(client.stats().byKind).toEqual({ records: 1, record: 2 });
  });

  it('fails with a typed error on a bare request-level error', async () => {
    const zoho = await fake((_req, res) =>
      sendJson(res, 400, {
        code: 'LIMIT_EXCEEDED',
        details: { limit: 100, param_name: 'ids' },
        message: 'limit exceeded',
        status: 'error',
      }),
    );
    const { client } = testClient(zoho);

    const error = await client.readRecords('Accounts', ['1']).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ZohoApiError);
    expect(error).toMatchObject({
      code: 'ZOHO_API',
      zohoCode: 'LIMIT_EXCEEDED',
      httpStatus: 400,
      method: 'GET',
      path: '/crm/v7/Accounts',
      details: { limit: 100, param_name: 'ids' },
    });
  });

  it('makes no call for an empty list of ids', async () => {
    const zoho = await fake(accounts(() => true));
    const { client } = testClient(zoho);

    expect(await client.readRecords('Accounts', [])).toEqual({ records: [], missing: [] });
    expect(zoho.server.requests).toHaveLength(0);
  });
});

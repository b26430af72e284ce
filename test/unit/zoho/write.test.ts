import { describe, expect, it } from 'vitest';
import { ZohoApiError } from '../../../src/zoho/index.js';
import { useFakeZoho, testClient } from './helpers/fake-zoho.js';
import type { ApiHandler } from './helpers/fake-zoho.js';
import { sendJson } from './helpers/test-server.js';
import { UNKNOWN_CODE_ADVICE } from '../../../src/zoho/write-territories.js';

const fake = useFakeZoho();

const answer =
  (status: number, body: unknown): ApiHandler =>
  (_req, res) =>
    sendJson(res, status, body);

// Entries shaped like Zoho's examples (v7 SCHEDULED sample, v8 OAS 400 examples).
const scheduled = (id: string, jobId: string) => ({
  code: 'SCHEDULED',
  details: { job_id: jobId, id },
  message: 'Territory assignment process scheduled successfully',
  status: 'success',
});
const duplicate = {
  code: 'DUPLICATE_DATA',
  message: 'Given Territory already exists for that record',
  details: { api_name: 'id', json_path: '$.data[1].Territories[0].id' },
  status: 'error',
};
const alreadyScheduled = {
  code: 'ALREADY_SCHEDULED',
  details: {},
  message:
    'You are trying to assign territories again to the record(s) while a job is already scheduled.',
  status: 'error',
};

const entries = [
  { id: '554023000003635023', territoryIds: ['554023000000430409', '554023000000430451'] },
  { id: '554023000003635024', territoryIds: ['554023000000430409'] },
];

describe('write', () => {
  it('posts each record with its own territories to the action endpoint', async () => {
    const zoho = await fake(answer(202, { data: [scheduled('a', '1'), scheduled('b', '2')] }));
    const { client } = testClient(zoho);

    await client.write('Accounts', 'assign', entries);
    await client.write('Deals', 'remove', [{ id: '7', territoryIds: ['8'] }]);

    const [assign, remove] = zoho.apiRequests();
    expect(assign?.method).toBe('POST');
    expect(assign?.path).toBe('/crm/v7/Accounts/actions/assign_territories');
    expect(JSON.parse(assign?.body ?? '')).toEqual({
      data: [
        {
          id: '554023000003635023',
          Territories: [{ id: '554023000000430409' }, { id: '554023000000430451' }],
        },
        { id: '554023000003635024', Territories: [{ id: '554023000000430409' }] },
      ],
    });
    expect(remove?.path).toBe('/crm/v7/Deals/actions/remove_territories');
    expect(client.stats().byKind).toEqual({ assign: 1, remove: 1 });
  });

  it('reads SCHEDULED results and their job ids from a 202', async () => {
    const zoho = await fake(
      answer(202, {
        data: [
          scheduled('554023000003635023', '554023000003908007'),
          scheduled('554023000003635024', '554023000003908008'),
        ],
      }),
    );
    const { client } = testClient(zoho);

    const results = await client.write('Accounts', 'assign', entries);

    expect(results).toEqual([
      {
        recordId: '554023000003635023',
        status: 'success',
        code: 'SCHEDULED',
        message: 'Territory assignment process scheduled successfully',
        jobId: '554023000003908007',
        details: { job_id: '554023000003908007', id: '554023000003635023' },
      },
      expect.objectContaining({ recordId: '554023000003635024', jobId: '554023000003908008' }),
    ]);
  });

  it('reads a mixed 207 entry by entry, in input order', async () => {
    const zoho = await fake(
      answer(207, { data: [scheduled('554023000003635023', '9'), duplicate] }),
    );
    const { client } = testClient(zoho);

    const results = await client.write('Accounts', 'assign', entries);

    expect(results.map((r) => [r.recordId, r.status, r.code])).toEqual([
      ['554023000003635023', 'success', 'SCHEDULED'],
      ['554023000003635024', 'error', 'DUPLICATE_DATA'],
    ]);
    expect(results[1]?.details).toEqual({
      api_name: 'id',
      json_path: '$.data[1].Territories[0].id',
    });
    expect(results[1]?.jobId).toBeUndefined();
  });

  it('reads per-record errors from a 400 instead of failing the call', async () => {
    const zoho = await fake(answer(400, { data: [alreadyScheduled, duplicate] }));
    const { client, delays } = testClient(zoho);

    const results = await client.write('Accounts', 'assign', entries);

    expect(results.map((r) => r.code)).toEqual(['ALREADY_SCHEDULED', 'DUPLICATE_DATA']);
    expect(results.every((r) => r.status === 'error')).toBe(true);
    expect(delays).toEqual([]);
  });

  it('reads per-record NO_PERMISSION wrapped in data[] even under 401', async () => {
    const zoho = await fake(
      answer(401, {
        data: [
          {
            code: 'NO_PERMISSION',
            message: 'User has no permission to add / remove the Territories',
            details: { api_name: 'id', json_path: '$.data[0].Territories' },
            status: 'error',
          },
        ],
      }),
    );
    const { client } = testClient(zoho);

    const [result] = await client.write('Contacts', 'remove', [{ id: '1', territoryIds: ['2'] }]);

    expect(result).toMatchObject({ recordId: '1', status: 'error', code: 'NO_PERMISSION' });
  });

  it('raises a bare request-level error as a typed error', async () => {
    const zoho = await fake(
      answer(400, {
        code: 'LIMIT_EXCEEDED',
        details: { api_name: 'data', limit: 10 },
        message: 'limit exceeded',
        status: 'error',
      }),
    );
    const { client } = testClient(zoho);

    const error = await client.write('Accounts', 'assign', entries).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ZohoApiError);
    expect(error).toMatchObject({
      code: 'ZOHO_API',
      zohoCode: 'LIMIT_EXCEEDED',
      answerCode: 'LIMIT_EXCEEDED',
      httpStatus: 400,
      method: 'POST',
      path: '/crm/v7/Accounts/actions/assign_territories',
    });
  });

  it('raises TERRITORY_NOT_ENABLED (403) with what to do about it', async () => {
    const zoho = await fake(
      answer(403, {
        code: 'TERRITORY_NOT_ENABLED',
        details: {},
        message: 'the territory feature is not enabled for Leads Module',
        status: 'error',
      }),
    );
    const { client } = testClient(zoho);

    await expect(client.write('Accounts', 'assign', entries)).rejects.toThrow(
      /Setup > Territory Management/,
    );
  });

  it("treats a bare code that is not one of Zoho's as unknown, keeping its text in the message", async () => {
    const zoho = await fake(
      answer(403, { code: 'TERRITORY_NOT_ENABLEDx', details: {}, message: '', status: 'error' }),
    );
    const { client } = testClient(zoho);

    const error = await client.write('Accounts', 'assign', entries).catch((e: unknown) => e);

    expect(error).toMatchObject({
      code: 'ZOHO_API',
      zohoCode: 'TERRITORY_NOT_ENABLEDx',
      answerCode: 'UNKNOWN',
      httpStatus: 403,
    });
    expect((error as Error).message).toContain('TERRITORY_NOT_ENABLEDx');
    expect((error as Error).message).not.toContain('Setup > Territory Management');
  });

  it('retries a 429 on a write, then reads the results', async () => {
    let calls = 0;
    const zoho = await fake((_req, res) => {
      calls += 1;
      if (calls === 1) {
        return sendJson(res, 429, {
          code: 'TOO_MANY_REQUESTS',
          details: {},
          message: '',
          status: 'error',
        });
      }
      return sendJson(res, 202, { data: [scheduled('1', '5')] });
    });
    const { client } = testClient(zoho);

    const results = await client.write('Accounts', 'assign', [{ id: '1', territoryIds: ['2'] }]);

    expect(results).toEqual([expect.objectContaining({ code: 'SCHEDULED', jobId: '5' })]);
    expect(zoho.apiRequests()).toHaveLength(2);
  });

  it('splits more than 10 records into calls of 10, keeping the order of results', async () => {
    const zoho = await fake((req, res) => {
      const body = JSON.parse(req.body) as { data: { id: string }[] };
      return sendJson(res, 202, { data: body.data.map((e) => scheduled(e.id, `job-${e.id}`)) });
    });
    const { client } = testClient(zoho);
    const many = Array.from({ length: 12 }, (_, i) => ({ id: String(i), territoryIds: ['9'] }));

    const results = await client.write('Accounts', 'assign', many);

    const sizes = zoho
      .apiRequests()
      .map((r) => (JSON.parse(r.body) as { data: unknown[] }).data.length)
      .sort((a, b) => b - a);
    expect(sizes).toEqual([10, 2]);
    expect(results.map((r) => r.jobId)).toEqual(many.map((e) => `job-${e.id}`));
  });

  it('ties entries to records by details.id or json_path, whatever their order', async () => {
    const zoho = await fake(
      answer(207, { data: [duplicate, scheduled('554023000003635023', '9')] }),
    );
    const { client } = testClient(zoho);

    const results = await client.write('Accounts', 'assign', entries);

    expect(results.map((r) => [r.recordId, r.code])).toEqual([
      ['554023000003635023', 'SCHEDULED'],
      ['554023000003635024', 'DUPLICATE_DATA'],
    ]);
  });

  it('leaves out a record no entry names when data[] is short, never reading it by position', async () => {
    const zoho = await fake(answer(400, { data: [alreadyScheduled] }));
    const { client } = testClient(zoho);

    expect(await client.write('Accounts', 'assign', entries)).toEqual([]);
  });

  it('never reads an unnamed entry by position onto a record another entry names', async () => {
    const zoho = await fake(answer(400, { data: [duplicate, alreadyScheduled] }));
    const { client } = testClient(zoho);

    const results = await client.write('Accounts', 'assign', entries);

    // DUPLICATE_DATA names record 1, where the unnamed entry stands: the order is not the
    // input's, so the unnamed entry answers nobody and record 0 is left out.
    expect(results.map((r) => [r.recordId, r.code])).toEqual([
      ['554023000003635024', 'DUPLICATE_DATA'],
    ]);
  });

  it("reads a code outside ZOHO_CODES as UNKNOWN, keeping Zoho's text in the message", async () => {
    const zoho = await fake(
      answer(400, {
        data: [{ code: 'ALREADY_SCHEDULD', message: 'typo', details: {}, status: 'error' }],
      }),
    );
    const { client } = testClient(zoho);

    const [result] = await client.write('Contacts', 'remove', [{ id: '1', territoryIds: ['2'] }]);

    expect(result).toMatchObject({
      code: 'UNKNOWN',
      message: `ALREADY_SCHEDULD: typo${UNKNOWN_CODE_ADVICE}`,
    });
  });

  it("says what a record's LIMIT_EXCEEDED means with Zoho's limit, or the documented one when it sends none", async () => {
    const refused = (limit: unknown) => ({
      code: 'LIMIT_EXCEEDED',
      message: 'Maximum limit of territories for that record exceeds',
      details: { api_name: 'Territories', json_path: '$.data[0].Territories', limit },
      status: 'error',
    });
    const zoho = await fake((req, res) =>
      sendJson(res, 400, {
        data: [refused(req.path.includes('/Deals/') ? 'one\u001b[2J' : 10)],
      }),
    );
    const { client } = testClient(zoho);

    const [account] = await client.write('Accounts', 'remove', [
      { id: '1', territoryIds: Array.from({ length: 12 }, (_, i) => String(100 + i)) },
    ]);
    const [deal] = await client.write('Deals', 'remove', [{ id: '2', territoryIds: ['8', '9'] }]);

    expect(account).toMatchObject({ recordId: '1', status: 'error', code: 'LIMIT_EXCEEDED' });
    expect(account?.message).toContain('Zoho refused to remove 12 territories from the record');
    expect(account?.message).toContain('a record holds at most 10');
    // Not a number: the documented limit (1 for Deals) is said, never the server's text.
    expect(deal?.message).toContain('a record holds at most 1 ');
    expect(deal?.message).not.toContain('\u001b');
    expect(zoho.apiRequests()).toHaveLength(2);
  });

  it('makes no call for no entries', async () => {
    const zoho = await fake(answer(500, {}));
    const { client } = testClient(zoho);

    expect(await client.write('Accounts', 'assign', [])).toEqual([]);
    expect(zoho.server.requests).toHaveLength(0);
  });
});

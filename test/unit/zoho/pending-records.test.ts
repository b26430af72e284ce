import { describe, expect, it } from 'vitest';
import { ok, useFakeZoho, testClient } from './helpers/fake-zoho.js';
import { sendJson } from './helpers/test-server.js';

const fake = useFakeZoho();

const job = (status: string) => ({
  job_id: `job-${status}`,
  source: 'manual_territory_assignment',
  status,
  scheduled_time: '2025-01-01T10:00:00+00:00',
});

describe('pendingRecords', () => {
  it('reports records with a SCHEDULED or IN_PROGRESS job (ASSUMPTION A5)', async () => {
    const zoho = await fake((_req, res) =>
      ok(res, {
        feature_specific_info: [
          { id: '1', territory_scheduled_jobs: [job('SCHEDULED')] },
          { id: '2', territory_scheduled_jobs: [job('IN_PROGRESS'), job('COMPLETED')] },
          { id: '3', territory_scheduled_jobs: [job('COMPLETED')] },
          { id: '4', territory_scheduled_jobs: [job('FAILED')] },
          { id: '5', territory_scheduled_jobs: [] },
        ],
      }),
    );
    const { client } = testClient(zoho);

    const pending = await client.pendingRecords('Deals', ['1', '2', '3', '4', '5', '6']);

    expect([...pending].sort()).toEqual(['1', '2']);
    const [request] = zoho.apiRequests();
    expect(request?.path).toBe('/crm/v7/Deals/actions/get_feature_specific_info');
    expect(request?.query.get('features')).toBe('territory_scheduled_jobs');
    expect(request?.query.get('ids')).toBe('1,2,3,4,5,6');
    expect(client.stats().byKind).toEqual({ jobs: 1 });
  });

  it('asks about at most 100 records a call', async () => {
    const zoho = await fake((_req, res) => sendJson(res, 204, undefined));
    const { client } = testClient(zoho);
    const ids = Array.from({ length: 150 }, (_, i) => String(1000 + i));

    expect(await client.pendingRecords('Accounts', ids)).toEqual(new Set());
    expect(
      zoho
        .apiRequests()
        .map((r) => r.query.get('ids')?.split(',').length)
        .sort(),
    ).toEqual([100, 50]);
  });
});

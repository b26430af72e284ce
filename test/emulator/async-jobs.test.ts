// Assign and remove run as jobs (A9): the record reads unchanged until the job lands, another
// write on it answers ALREADY_SCHEDULED meanwhile, and the job status endpoint follows it.
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_TERRITORY as T, startEmulator } from '../../src/emulator/index.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { accessToken, at, call, rawRequest, sleep } from './helpers.js';

const ACME = '554023000003635001';
const SAMPLE = '554023000003635023';
const GLOBEX_DEAL = '554023000003639902';

/** The sample request on Zoho's assign page, as the page shows it (comment included). */
const SEED_PAGE_SAMPLE = `{
    "data": [
        {
            "id": "554023000003635023", //record_id
            "Territories": [
                {
                    "id": "554023000000430409"
                },
                {
                    "id": "554023000000430451"
                }
            ]
        }
    ]
}`;

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

async function territoriesOf(e: RunningEmulator, token: string, module: string, id: string) {
  const reply = await call(e, 'GET', `/crm/v7/${module}/${id}`, { token });
  const field = module === 'Deals' ? 'Territory' : 'Territories';
  const list = (at(reply.body, 'data', 0, field) ?? []) as { Name: string }[];
  return list.map((t) => t.Name);
}

async function jobsOf(e: RunningEmulator, token: string, id: string) {
  const reply = await call(
    e,
    'GET',
    `/crm/v7/Accounts/${id}/actions/get_feature_specific_info?features=territory_scheduled_jobs`,
    { token },
  );
  return at(reply.body, 'feature_specific_info', 0, 'territory_scheduled_jobs') as {
    job_id: string;
    status: string;
    source: string;
  }[];
}

describe('asynchronous assign/remove jobs', () => {
  it('answers the seed page curl sample, sent as curl sends it, with 202 SCHEDULED', async () => {
    emulator = await startEmulator({ jobDelayMs: 20 });
    const token = await accessToken(emulator);
    // curl -d sends application/x-www-form-urlencoded; only host and token differ from the page.
    const reply = await rawRequest(`${emulator.url}/crm/v7/Accounts/actions/assign_territories`, {
      method: 'POST',
      headers: {
        authorization: `Zoho-oauthtoken ${token}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: SEED_PAGE_SAMPLE,
    });
    expect('status' in reply && reply.status).toBe(202);
    const body = JSON.parse('text' in reply ? reply.text : '{}') as unknown;
    expect(body).toEqual({
      data: [
        {
          code: 'SCHEDULED',
          details: { job_id: expect.stringMatching(/^\d{18}$/), id: SAMPLE },
          message: 'Territory assignment process scheduled successfully',
          status: 'success',
        },
      ],
    });
    await emulator.waitForIdle(2000);
    expect(await territoriesOf(emulator, token, 'Accounts', SAMPLE)).toEqual([
      'US West',
      'Partners',
    ]);
  });

  it('shows the old state and answers ALREADY_SCHEDULED until the job lands', async () => {
    emulator = await startEmulator({ jobDelayMs: 400 });
    const token = await accessToken(emulator);
    const first = await call(emulator, 'POST', '/crm/v7/Accounts/actions/assign_territories', {
      token,
      body: { data: [{ id: ACME, Territories: [{ id: T.Partners }] }] },
    });
    expect(first.status).toBe(202);
    const jobId = at(first.body, 'data', 0, 'details', 'job_id');

    expect(await territoriesOf(emulator, token, 'Accounts', ACME)).toEqual(['US East']);
    const second = await call(emulator, 'POST', '/crm/v7/Accounts/actions/remove_territories', {
      token,
      body: { data: [{ id: ACME, Territories: [{ id: T.USEast }] }] },
    });
    expect(second.status).toBe(400);
    expect(at(second.body, 'data', 0, 'code')).toBe('ALREADY_SCHEDULED');
    const pending = await jobsOf(emulator, token, ACME);
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ job_id: jobId, source: 'manual_territory_assignment' });
    expect(['SCHEDULED', 'IN_PROGRESS']).toContain(pending[0]?.status);

    await emulator.waitForIdle(3000);
    expect(await territoriesOf(emulator, token, 'Accounts', ACME)).toEqual(['US East', 'Partners']);
    expect(await jobsOf(emulator, token, ACME)).toEqual([
      expect.objectContaining({ job_id: jobId, status: 'COMPLETED' }),
    ]);
    const again = await call(emulator, 'POST', '/crm/v7/Accounts/actions/remove_territories', {
      token,
      body: { data: [{ id: ACME, Territories: [{ id: T.USEast }] }] },
    });
    expect(again.status).toBe(202);
  });

  it('moves a Deal: remove, wait, then assign; newest job listed first', async () => {
    emulator = await startEmulator({ jobDelayMs: 30 });
    const token = await accessToken(emulator);
    const removal = await call(emulator, 'POST', '/crm/v7/Deals/actions/remove_territories', {
      token,
      body: { data: [{ id: GLOBEX_DEAL, Territories: [{ id: T.USEast }] }] },
    });
    expect(removal.status).toBe(202);
    await emulator.waitForIdle(2000);
    expect(await territoriesOf(emulator, token, 'Deals', GLOBEX_DEAL)).toEqual([]);
    const assignment = await call(emulator, 'POST', '/crm/v7/Deals/actions/assign_territories', {
      token,
      body: { data: [{ id: GLOBEX_DEAL, Territories: [{ id: T.USWest }] }] },
    });
    expect(assignment.status).toBe(202);
    await emulator.waitForIdle(2000);
    expect(await territoriesOf(emulator, token, 'Deals', GLOBEX_DEAL)).toEqual(['US West']);
    const reply = await call(
      emulator,
      'GET',
      `/crm/v7/Deals/actions/get_feature_specific_info?features=territory_scheduled_jobs&ids=${GLOBEX_DEAL}`,
      { token },
    );
    const jobs = at(reply.body, 'feature_specific_info', 0, 'territory_scheduled_jobs') as {
      source: string;
      status: string;
    }[];
    expect(jobs.map((j) => [j.source, j.status])).toEqual([
      ['manual_territory_assignment', 'COMPLETED'],
      ['manual_territory_removal', 'COMPLETED'],
    ]);
  });

  it('lands a job against the record as it is then: a change made meanwhile can fail it', async () => {
    emulator = await startEmulator({ jobDelayMs: 150 });
    const token = await accessToken(emulator);
    await call(emulator, 'POST', '/crm/v7/Deals/actions/assign_territories', {
      token,
      body: { data: [{ id: '554023000003639904', Territories: [{ id: T.EMEA }] }] },
    });
    // Someone sets a territory in the CRM before the job lands: a Deal holds only one.
    const admin = await call(emulator, 'POST', '/__emulator/records/Deals/554023000003639904', {
      body: { territories: [T.Japan] },
    });
    expect(admin.status).toBe(200);
    await emulator.waitForIdle(2000);
    const record = emulator.state().records.Deals.find((r) => r.id === '554023000003639904');
    expect(record?.territories.map((t) => t.name)).toEqual(['Japan']);
    expect(emulator.state().jobs[0]).toMatchObject({ status: 'FAILED' });
  });

  it('counts jobs in stats and waits for idle', async () => {
    emulator = await startEmulator({ jobDelayMs: 20 });
    const token = await accessToken(emulator);
    await call(emulator, 'POST', '/crm/v7/Contacts/actions/assign_territories', {
      token,
      body: {
        data: [
          { id: '554023000003635102', Territories: [{ id: T.USWest }] },
          { id: '554023000003635113', Territories: [{ id: T.UKIreland }] },
        ],
      },
    });
    expect(emulator.stats().jobs.pending).toBe(2);
    await emulator.waitForIdle(2000);
    await sleep(1);
    expect(emulator.stats().jobs).toEqual({ scheduled: 2, completed: 2, failed: 0, pending: 0 });
  });
});

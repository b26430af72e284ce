import { describe, expect, it } from 'vitest';
import { ok, useFakeZoho, testClient } from './helpers/fake-zoho.js';
import { sendJson } from './helpers/test-server.js';

const fake = useFakeZoho();

// Shaped like Zoho's v7 sample (trimmed fields kept: manager, reporting_to, permission_type).
const territory = (id: string, name: string, parent: { id: string; name: string } | null) => ({
  created_time: '2024-07-09T20:50:29+05:30',
  permission_type: 'read_write_delete',
  modified_time: '2024-07-09T20:50:29+05:30',
  manager: null,
  api_name: name,
  name,
  description: null,
  id,
  reporting_to: parent,
});

describe('readCatalogue', () => {
  it('reads every page, 2000 a page, with parents from reporting_to', async () => {
    const zoho = await fake((req, res) => {
      const page = req.query.get('page');
      if (page === '1') {
        return ok(res, {
          territories: [
            territory('1', 'zoho', null),
            territory('2', 'EMEA', { id: '1', name: 'zoho' }),
          ],
          info: { per_page: 2000, count: 2, page: 1, more_records: true },
        });
      }
      return ok(res, {
        territories: [territory('3', 'DACH', { id: '2', name: 'EMEA' })],
        info: { per_page: 2000, count: 1, page: 2, more_records: false },
      });
    });
    const { client } = testClient(zoho);

    const catalogue = await client.readCatalogue();

    expect(catalogue.territories).toEqual([
      { id: '1', name: 'zoho', parentId: null },
      { id: '2', name: 'EMEA', parentId: '1' },
      { id: '3', name: 'DACH', parentId: '2' },
    ]);
    expect(zoho.apiRequests().map((r) => Object.fromEntries(r.query))).toEqual([
      { page: '1', per_page: '2000' },
      { page: '2', per_page: '2000' },
    ]);
  });

  it('reads 204 as an org without territories', async () => {
    const zoho = await fake((_req, res) => sendJson(res, 204, undefined));
    const { client } = testClient(zoho);

    expect(await client.readCatalogue()).toEqual({ territories: [] });
    expect(zoho.apiRequests()).toHaveLength(1);
  });

  it('refuses an answer without a territories array instead of calling it empty', async () => {
    const zoho = await fake((_req, res) => ok(res, { data: [] }));
    const { client } = testClient(zoho);

    await expect(client.readCatalogue()).rejects.toMatchObject({
      code: 'ZOHO_API',
      zohoCode: 'UNEXPECTED_RESPONSE',
    });
  });

  it('explains that territory management is off', async () => {
    const zoho = await fake((_req, res) =>
      sendJson(res, 400, {
        code: 'FEATURE_NOT_ENABLED',
        details: {},
        message: 'Territory Management is not enabled',
        status: 'error',
      }),
    );
    const { client } = testClient(zoho);

    await expect(client.readCatalogue()).rejects.toThrow(/Setup > Territory Management/);
  });
});

// COQL as the v7 docs describe it: territory fields selectable (lowercase name, no $assigned)
// but not filterable, LIMIT up to 2000, OFFSET, and the usual record conditions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TERRITORY as T, startEmulator } from '../../src/emulator/index.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { accessToken, at, call } from './helpers.js';

describe('COQL', () => {
  let emulator: RunningEmulator;
  let token: string;
  const query = (select_query: string) =>
    call(emulator, 'POST', '/crm/v7/coql', { token, body: { select_query } });

  beforeAll(async () => {
    emulator = await startEmulator();
    token = await accessToken(emulator);
  });
  afterAll(() => emulator?.stop());

  it('selects a Deal territory under Territory, with lowercase name', async () => {
    const reply = await query(
      "select Deal_Name, Territory from Deals where id = '554023000003639902'",
    );
    expect(reply.body).toEqual({
      data: [
        {
          id: '554023000003639902',
          Deal_Name: 'Globex expansion',
          Territory: [{ name: 'US East', id: T.USEast }],
        },
      ],
      info: { count: 1, more_records: false },
    });
  });

  it('pages with LIMIT and OFFSET, ordered as asked', async () => {
    const first = await query(
      'select Account_Name from Accounts where id is not null order by id asc limit 5',
    );
    const second = await query(
      'select Account_Name from Accounts where id is not null order by id asc limit 5, 5',
    );
    expect(at(first.body, 'info')).toEqual({ count: 5, more_records: true });
    expect(at(first.body, 'data', 0, 'Account_Name')).toBe('Acme Corp');
    expect(at(second.body, 'data', 0, 'Account_Name')).toBe('Boulangerie Laurent SA');
  });

  it('filters with and/or and parentheses', async () => {
    const reply = await query(
      "select Full_Name from Contacts where (Last_Name = 'Müller' or Last_Name = 'Sato') and id != '1'",
    );
    expect((at(reply.body, 'data') as { Full_Name: string }[]).map((r) => r.Full_Name)).toEqual([
      'Anna Müller',
      'Kenji Sato',
    ]);
  });

  it('answers 204 when nothing matches', async () => {
    const reply = await query("select Account_Name from Accounts where Account_Name = 'Nobody'");
    expect(reply.status).toBe(204);
  });

  it('refuses territory fields in WHERE, unknown columns, LIMIT above 2000', async () => {
    const where = await query(
      `select Account_Name from Accounts where Territories = '${T.USEast}'`,
    );
    expect([where.status, at(where.body, 'code')]).toEqual([400, 'INVALID_QUERY']);
    const column = await query('select Nope from Accounts limit 1');
    expect(at(column.body, 'details', 'column_name')).toBe('Nope');
    const limit = await query('select Account_Name from Accounts limit 2001');
    expect(at(limit.body, 'code')).toBe('LIMIT_EXCEEDED');
    const missing = await call(emulator, 'POST', '/crm/v7/coql', { token, body: {} });
    expect(at(missing.body, 'code')).toBe('MANDATORY_NOT_FOUND');
  });
});

// Get Records paging on a generated org: page/per_page up to 2,000 records, page_token past
// them, every record exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateOrg, generatedRecordId, startEmulator } from '../../src/emulator/index.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { accessToken, at, call } from './helpers.js';

const COUNT = 4500;

describe('Get Records paging', () => {
  let emulator: RunningEmulator;
  let token: string;
  beforeAll(async () => {
    emulator = await startEmulator({
      seed: generateOrg({ records: { Accounts: COUNT }, seed: 7 }),
    });
    token = await accessToken(emulator);
  });
  afterAll(() => emulator?.stop());

  it('walks 10 pages, then page_token, reaching every record once in id order', async () => {
    const seen: string[] = [];
    let reply = await call(emulator, 'GET', '/crm/v7/Accounts?fields=Account_Name&sort_order=asc', {
      token,
    });
    for (let page = 2; page <= 10; page++) {
      seen.push(...(at(reply.body, 'data') as { id: string }[]).map((r) => r.id));
      expect(at(reply.body, 'info', 'more_records')).toBe(true);
      reply = await call(
        emulator,
        'GET',
        `/crm/v7/Accounts?fields=Account_Name&sort_order=asc&page=${page}`,
        { token },
      );
    }
    seen.push(...(at(reply.body, 'data') as { id: string }[]).map((r) => r.id));
    expect(seen).toHaveLength(2000);
    let next = at(reply.body, 'info', 'next_page_token') as string | null;
    for (let guard = 0; next !== null && guard < 50; guard++) {
      reply = await call(
        emulator,
        'GET',
        `/crm/v7/Accounts?fields=Account_Name&sort_order=asc&page_token=${encodeURIComponent(next)}`,
        { token },
      );
      expect(reply.status).toBe(200);
      seen.push(...(at(reply.body, 'data') as { id: string }[]).map((r) => r.id));
      next = at(reply.body, 'info', 'next_page_token') as string | null;
    }
    expect(seen).toEqual(Array.from({ length: COUNT }, (_, n) => generatedRecordId('Accounts', n)));
    expect(at(reply.body, 'info', 'more_records')).toBe(false);
  });

  it('sorts by id descending by default and reports the paging in info', async () => {
    const reply = await call(emulator, 'GET', '/crm/v7/Accounts?fields=Account_Name&per_page=3', {
      token,
    });
    expect((at(reply.body, 'data') as { id: string }[]).map((r) => r.id)).toEqual([
      generatedRecordId('Accounts', COUNT - 1),
      generatedRecordId('Accounts', COUNT - 2),
      generatedRecordId('Accounts', COUNT - 3),
    ]);
    expect(at(reply.body, 'info')).toMatchObject({
      per_page: 3,
      count: 3,
      page: 1,
      sort_by: 'id',
      sort_order: 'desc',
      more_records: true,
      next_page_token: expect.any(String),
    });
  });

  it('refuses a page_token used with other parameters, or together with page', async () => {
    const first = await call(emulator, 'GET', '/crm/v7/Accounts?fields=Account_Name', { token });
    const next = encodeURIComponent(at(first.body, 'info', 'next_page_token') as string);
    const altered = await call(
      emulator,
      'GET',
      `/crm/v7/Accounts?fields=Account_Name,Territories&page_token=${next}`,
      { token },
    );
    expect(at(altered.body, 'code')).toBe('TOKEN_BOUND_DATA_MISMATCH');
    const both = await call(
      emulator,
      'GET',
      `/crm/v7/Accounts?fields=Account_Name&page=2&page_token=${next}`,
      { token },
    );
    expect([both.status, at(both.body, 'code')]).toEqual([400, 'AMBIGUITY_DURING_PROCESSING']);
  });

  it('refuses per_page above 200', async () => {
    const reply = await call(emulator, 'GET', '/crm/v7/Accounts?fields=Account_Name&per_page=201', {
      token,
    });
    expect(reply.body).toEqual({
      code: 'LIMIT_EXCEEDED',
      details: { limit: 200, param_name: 'per_page' },
      message: 'limit exceeded',
      status: 'error',
    });
  });

  it('answers 204 for a module with no records', async () => {
    const reply = await call(emulator, 'GET', '/crm/v7/Deals?fields=Deal_Name', { token });
    expect(reply.status).toBe(204);
  });
});

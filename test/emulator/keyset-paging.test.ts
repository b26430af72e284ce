// What a client needs to read past Zoho's 100,000-record listing limit: Get Records sorted by id
// ascending (ids compared as numbers) through page_token, where it stops at the limit
// (assumption A25), and COQL's keyset `where id > '...' order by id asc limit 2000`.
import { afterEach, describe, expect, it } from 'vitest';
import { generateOrg, generatedRecordId, startEmulator } from '../../src/emulator/index.js';
import type { EmulatorSeed, RunningEmulator } from '../../src/emulator/index.js';
import { accessToken, at, call } from './helpers.js';

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

async function start(seed: EmulatorSeed) {
  const running = await startEmulator({ seed });
  emulator = running;
  return { emulator: running, token: await accessToken(running) };
}

// Ids of 17, 18 and 19 digits: as strings '1000…' sorts before '5540…', as numbers after.
const SHORT = '99999999999999999';
const MIDDLE = '554023000000000009';
const LONG = '1000000000000000000';

const MIXED: EmulatorSeed = {
  ...generateOrg({ records: {} }),
  records: {
    Accounts: [
      { id: LONG, name: 'Long' },
      { id: SHORT, name: 'Short' },
      { id: MIDDLE, name: 'Middle' },
    ],
  },
};

const ids = (body: unknown) => ((at(body, 'data') ?? []) as { id: string }[]).map((r) => r.id);

describe('keyset paging', () => {
  it('COQL compares ids as numbers in WHERE and ORDER BY', async () => {
    const { emulator, token } = await start(MIXED);
    const query = (select_query: string) =>
      call(emulator, 'POST', '/crm/v7/coql', { token, body: { select_query } });

    const afterShort = await query(
      `select id from Accounts where id > '${SHORT}' order by id asc limit 2000`,
    );
    const afterMiddle = await query(
      `select id from Accounts where id > '${MIDDLE}' order by id asc limit 2000`,
    );
    const afterLong = await query(
      `select id from Accounts where id > '${LONG}' order by id asc limit 2000`,
    );
    const upToMiddle = await query(
      `select id from Accounts where id <= '${MIDDLE}' order by id desc limit 2000`,
    );

    expect(afterShort.body).toEqual({
      data: [{ id: MIDDLE }, { id: LONG }],
      info: { count: 2, more_records: false },
    });
    expect(ids(afterMiddle.body)).toEqual([LONG]);
    expect(afterLong.status).toBe(204);
    expect(ids(upToMiddle.body)).toEqual([MIDDLE, SHORT]);
  });

  it('COQL pages a keyset 2,000 ids at a time, saying whether more follow', async () => {
    const { emulator, token } = await start(generateOrg({ records: { Accounts: 4_500 } }));
    const page = async (after: string) => {
      const reply = await call(emulator, 'POST', '/crm/v7/coql', {
        token,
        body: {
          select_query: `select id from Accounts where id > '${after}' order by id asc limit 2000`,
        },
      });
      return { ids: ids(reply.body), more: at(reply.body, 'info', 'more_records') };
    };

    const first = await page('0');
    const second = await page(first.ids.at(-1) ?? '');
    const third = await page(second.ids.at(-1) ?? '');

    expect([first.ids.length, second.ids.length, third.ids.length]).toEqual([2000, 2000, 500]);
    expect([first.more, second.more, third.more]).toEqual([true, true, false]);
    expect(second.ids[0]).toBe(generatedRecordId('Accounts', 2000));
    expect(third.ids.at(-1)).toBe(generatedRecordId('Accounts', 4499));
  });

  it('Get Records sorts ids as numbers, ascending when asked, and page_token keeps the order', async () => {
    const { emulator, token } = await start(MIXED);
    const base = '/crm/v7/Accounts?fields=Account_Name&sort_by=id&sort_order=asc&per_page=2';

    const first = await call(emulator, 'GET', base, { token });
    const next = at(first.body, 'info', 'next_page_token') as string;
    const second = await call(emulator, 'GET', `${base}&page_token=${encodeURIComponent(next)}`, {
      token,
    });

    expect(ids(first.body)).toEqual([SHORT, MIDDLE]);
    expect(ids(second.body)).toEqual([LONG]);
    expect(at(second.body, 'info', 'more_records')).toBe(false);
  });

  it('A25: page_token listing ends at the 100,000th record without saying more exist', async () => {
    const { emulator, token } = await start(
      generateOrg({ territories: 2, records: { Accounts: 100_001 } }),
    );
    const base = '/crm/v7/Accounts?fields=Account_Name&sort_by=id&sort_order=asc&per_page=200';
    let reply = await call(emulator, 'GET', `${base}&page=10`, { token });
    let next = at(reply.body, 'info', 'next_page_token') as string | null;
    let listed = 2000;
    // 490 page_token calls reach the limit; the guard bounds the walk if the token never ends.
    for (let guard = 0; next !== null && guard < 500; guard++) {
      reply = await call(emulator, 'GET', `${base}&page_token=${encodeURIComponent(next)}`, {
        token,
      });
      listed += ids(reply.body).length;
      next = at(reply.body, 'info', 'next_page_token') as string | null;
    }

    expect(listed).toBe(100_000);
    expect(ids(reply.body).at(-1)).toBe(generatedRecordId('Accounts', 99_999));
    expect(at(reply.body, 'info', 'more_records')).toBe(false);
    expect(at(reply.body, 'info', 'next_page_token')).toBeNull();
    // The record past the limit is there, for COQL to find.
    const past = await call(emulator, 'POST', '/crm/v7/coql', {
      token,
      body: {
        select_query: `select id from Accounts where id > '${generatedRecordId('Accounts', 99_999)}' order by id asc limit 2000`,
      },
    });
    expect(ids(past.body)).toEqual([generatedRecordId('Accounts', 100_000)]);
  });
});

// The ledger file as apply and plan will meet it: absent, written by the tool, edited by people,
// or anything else a path can hold. Every refusal is LEDGER_INVALID naming the file, what is
// wrong and where, with a way out.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_LEDGER_FILE_BYTES } from '../../../src/constants/defaults.js';
import { TerritorySyncError } from '../../../src/errors.js';
import { readLedger, writeLedger } from '../../../src/ledger/ledger-file.js';
import { ledgerSha256, serializeLedger, updateLedger } from '../../../src/ledger/ledger-format.js';
import type { LedgerFile } from '../../../src/ledger/ledger-types.js';

const TARGET = { apiDomain: 'https://www.zohoapis.eu', orgId: '20000000001' };
const A1 = '554023000000000001';
const A2 = '554023000000000002';
const T1 = '554023000000100001';

const LEDGER: LedgerFile = updateLedger(undefined, TARGET, [
  {
    module: 'Accounts',
    id: A1,
    matchedBy: ['dach'],
    gifts: [{ territoryId: T1, selectors: ['dach'] }],
  },
  { module: 'Contacts', id: A2, matchedBy: ['people'], gifts: [] },
]);

let dir = '';
let file = '';
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'territory-sync-ledger-'));
  file = path.join(dir, 'ledger.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function refusal(promise: Promise<unknown>): Promise<TerritorySyncError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TerritorySyncError);
  return error as TerritorySyncError;
}

/** The ledger's text with its records replaced by these lines (JSON objects, as written). */
function withRecords(...records: string[]): string {
  return serializeLedger(LEDGER).replace(
    /"records": \[[\s\S]*\]\n\}\n$/,
    `"records": [${records.join(',')}]}\n`,
  );
}

const record = (fields: string): string => `{"module":"Accounts","id":"${A1}",${fields}}`;

describe('readLedger', () => {
  it('is absent when there is no file (first run, or deleted to start over)', async () => {
    expect(await readLedger(file, TARGET)).toEqual({ state: 'absent' });
    await symlink(path.join(dir, 'nowhere.json'), file);
    expect(await readLedger(file, TARGET)).toEqual({ state: 'absent' });
  });

  it('reads back what writeLedger wrote, with the sha256 of its bytes', async () => {
    const sha = await writeLedger(file, LEDGER, null);
    const bytes = await readFile(file);
    expect(sha).toBe(ledgerSha256(bytes));
    expect(await readLedger(file, TARGET)).toEqual({
      state: 'present',
      ledger: LEDGER,
      sha256: sha,
    });
    // Without a target to compare, any org's ledger reads (show, offline checks).
    expect(await readLedger(file)).toMatchObject({ state: 'present' });
  });

  it("accepts a person's reformatting: the order matters, not the spacing", async () => {
    await writeFile(file, JSON.stringify(LEDGER, null, 4));
    expect(await readLedger(file, TARGET)).toMatchObject({ state: 'present', ledger: LEDGER });
  });

  it("refuses another org's ledger, by org id or by API domain", async () => {
    await writeLedger(file, LEDGER, null);
    const otherOrg = await refusal(
      readLedger(file, { ...TARGET, orgId: '30000000001' }, 'ledger.json'),
    );
    expect(otherOrg.code).toBe('LEDGER_OTHER_ORG');
    expect(otherOrg.message).toBe(
      "ledger.json: this selectors' ledger belongs to another org: it was written for org id 20000000001, this run reaches org id 30000000001. It is never used for this one.",
    );
    expect(otherOrg.hint).toContain('"ledger" setting');
    const otherDomain = await refusal(
      readLedger(file, { ...TARGET, apiDomain: 'https://sandbox.zohoapis.eu' }),
    );
    expect(otherDomain.code).toBe('LEDGER_OTHER_ORG');
    expect(otherDomain.message).toContain('this run talks to https://sandbox.zohoapis.eu');
    // The same origin written differently is the same org.
    expect(
      await readLedger(file, { ...TARGET, apiDomain: 'https://www.zohoapis.eu/' }),
    ).toMatchObject({
      state: 'present',
    });
  });

  const hostile: [string, () => string | Buffer, string][] = [
    [
      'not UTF-8',
      () => Buffer.from([0x7b, 0xff, 0xfe, 0x7d]),
      "the selectors' ledger is not UTF-8 text.",
    ],
    [
      'empty',
      () => '',
      'is not valid JSON: at line 1, column 1, expected more JSON: the text ends too early',
    ],
    [
      'a JSON syntax error (located)',
      () => serializeLedger(LEDGER).replace('"formatVersion": 1,', '"formatVersion": 1,,'),
      'is not valid JSON: at line 3, column 22, expected a key in double quotes',
    ],
    [
      'a bare word where a value goes',
      () => '{\n  "format": territory\n}',
      'is not valid JSON: at line 2, column 13, expected a value',
    ],
    ['a list', () => '[]', 'the ledger must be an object (it is a list)'],
    [
      'another format version',
      () => serializeLedger(LEDGER).replace('"formatVersion": 1', '"formatVersion": 2'),
      'formatVersion must be 1 (it is 2)',
    ],
    [
      'a huge number',
      () => serializeLedger(LEDGER).replace('"formatVersion": 1', '"formatVersion": 1e999'),
      'formatVersion must be 1 (it is null)',
    ],
    [
      // A reviewer reading the first "records" would not see the second, which JSON.parse keeps.
      'a key repeated in one object',
      () => serializeLedger(LEDGER).replace('"records": [', '"records": [], "records": ['),
      'expected each key once per object (this one is repeated)',
    ],
    [
      'a key repeated inside a record',
      () =>
        withRecords(
          '{"module":"Accounts","id":"1","matchedBy":["a"],"gifts":[],"gifts":[{"territoryId":"2","selectors":["a"]}]}',
        ),
      'expected each key once per object (this one is repeated)',
    ],
    [
      'a __proto__ key',
      () =>
        serializeLedger(LEDGER).replace(
          '"formatVersion": 1,',
          '"formatVersion": 1, "__proto__": {"polluted": true},',
        ),
      'unknown key "__proto__"',
    ],
    [
      'a plain-text target',
      () => serializeLedger(LEDGER).replace('https://www.zohoapis.eu', 'javascript:alert(1)'),
      'target.apiDomain must be an http(s) origin such as https://www.zohoapis.eu',
    ],
    [
      'an unknown module',
      () => withRecords('{"module":"Tasks","id":"1","matchedBy":["a"],"gifts":[]}'),
      'records[0]: module must be one of Accounts, Contacts, Deals, Leads (it is "Tasks")',
    ],
    [
      'an id that is not one',
      () => withRecords(`{"module":"Accounts","id":"0x12","matchedBy":["a"],"gifts":[]}`),
      'records[0]: id must be a Zoho id: 1 to 30 digits, not starting with 0 (it is "0x12")',
    ],
    [
      'a huge id',
      () =>
        withRecords(`{"module":"Accounts","id":"${'9'.repeat(31)}","matchedBy":["a"],"gifts":[]}`),
      'records[0]: id must be a Zoho id',
    ],
    [
      'a selector name with a terminal escape',
      () => withRecords(record('"matchedBy":["dach\\u001b[31m"],"gifts":[]')),
      `records[0] (Accounts ${A1}): matchedBy[0] must be a selector name: 1 to 64 lower-case letters, digits, - or _, starting with a letter or digit (it is "dach\\u001b[31m")`,
    ],
    [
      'a selector name with a bidirectional override',
      () => withRecords(record('"matchedBy":["\u202eabc"],"gifts":[]')),
      '(it is "\\u202eabc")',
    ],
    [
      'an unknown key in a record',
      () => withRecords(record('"matchedBy":["a"],"gifts":[],"note":"x"')),
      `records[0] (Accounts ${A1}): unknown key "note"`,
    ],
    [
      'records out of order',
      () =>
        withRecords(
          `{"module":"Deals","id":"${A1}","matchedBy":["a"],"gifts":[]}`,
          record('"matchedBy":["a"],"gifts":[]'),
        ),
      `records[1] (Accounts ${A1}) comes after records[0] (Deals ${A1}): records are sorted by module (Accounts, Contacts, Deals, Leads), then id`,
    ],
    [
      'ids out of order (compared as numbers, not text)',
      () =>
        withRecords(
          `{"module":"Accounts","id":"100","matchedBy":["a"],"gifts":[]}`,
          `{"module":"Accounts","id":"99","matchedBy":["a"],"gifts":[]}`,
        ),
      'records[1] (Accounts 99) comes after records[0] (Accounts 100)',
    ],
    [
      'a record twice',
      () =>
        withRecords(record('"matchedBy":["a"],"gifts":[]'), record('"matchedBy":["b"],"gifts":[]')),
      `records[1] (Accounts ${A1}) repeats records[0]: a record has one entry`,
    ],
    [
      'an empty record',
      () => withRecords(record('"matchedBy":[],"gifts":[]')),
      `records[0] (Accounts ${A1}) has no matchedBy and no gifts: such an entry is never written`,
    ],
    [
      'matchedBy unsorted',
      () => withRecords(record('"matchedBy":["b","a"],"gifts":[]')),
      `records[0] (Accounts ${A1}): matchedBy is not sorted: "a" comes after "b"`,
    ],
    [
      'a selector twice',
      () =>
        withRecords(
          record(`"matchedBy":[],"gifts":[{"territoryId":"${T1}","selectors":["a","a"]}]`),
        ),
      `records[0] (Accounts ${A1}): gifts[0].selectors repeats "a"`,
    ],
    [
      'a gift naming no selector',
      () =>
        withRecords(record(`"matchedBy":["a"],"gifts":[{"territoryId":"${T1}","selectors":[]}]`)),
      `records[0] (Accounts ${A1}): gifts[0].selectors must not be an empty list`,
    ],
    [
      'a territory twice',
      () =>
        withRecords(
          record(
            `"matchedBy":[],"gifts":[{"territoryId":"${T1}","selectors":["a"]},{"territoryId":"${T1}","selectors":["b"]}]`,
          ),
        ),
      `records[0] (Accounts ${A1}): gifts[1] repeats territory ${T1}`,
    ],
    [
      'a record listing a million selectors',
      () => withRecords(record(`"matchedBy":[${'1,'.repeat(1_000_000)}1],"gifts":[]`)),
      `records[0] (Accounts ${A1}): records[0].matchedBy lists 1,000,001 entries, more than the 1,000 one record may hold`,
    ],
  ];

  it.each(hostile)(
    'refuses a file that is %s, saying what is wrong and how to recover',
    async (_name, content, expected) => {
      await writeFile(file, content());
      const error = await refusal(readLedger(file, TARGET, 'ledger.json'));
      expect(error.code).toBe('LEDGER_INVALID');
      expect(error.message.startsWith('ledger.json: ')).toBe(true);
      expect(error.message).toContain(expected);
      expect(error.message).not.toMatch(/\p{Cc}|\u202e/u);
      expect(error.hint).toContain(
        "Restore the file from the ledger branch's history, or delete it to start over",
      );
    },
  );

  it('stops at the first bad record of millions instead of collecting an error for each', async () => {
    await writeFile(file, withRecords(Array.from({ length: 200_000 }, () => '1').join(',')));
    const error = await refusal(readLedger(file, TARGET, 'ledger.json'));
    expect(error.message).toBe(
      "ledger.json: is not a valid selectors' ledger: records[0] must be an object (it is 1).",
    );
  });

  it('survives deep nesting', async () => {
    await writeFile(file, `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`);
    expect((await refusal(readLedger(file, TARGET))).code).toBe('LEDGER_INVALID');
    await writeFile(file, '['.repeat(1_000_000));
    expect((await refusal(readLedger(file, TARGET))).message).toContain('the text ends too early');
  });

  it('refuses a file larger than the cap without reading it whole', async () => {
    await writeFile(file, '');
    await writeFile(file, Buffer.alloc(1), { flag: 'a' });
    execFileSync('truncate', ['-s', String(MAX_LEDGER_FILE_BYTES + 1), file]);
    const error = await refusal(readLedger(file, TARGET, 'ledger.json'));
    expect(error.code).toBe('LEDGER_INVALID');
    expect(error.message).toBe(
      "ledger.json: the selectors' ledger may be at most 64 MB; this file is 65 MB: it was not written by territory-sync.",
    );
  });

  it('refuses a folder, a named pipe and a link to a device before reading anything', async () => {
    await mkdir(file);
    expect((await refusal(readLedger(file, TARGET, 'ledger.json'))).message).toBe(
      "ledger.json: is not a file. It is a folder; the selectors' ledger must be a regular file.",
    );
    const fifo = path.join(dir, 'fifo.json');
    execFileSync('mkfifo', [fifo]);
    expect((await refusal(readLedger(fifo, TARGET))).message).toContain('a named pipe (FIFO)');
    const zero = path.join(dir, 'zero.json');
    await symlink('/dev/zero', zero);
    expect((await refusal(readLedger(zero, TARGET))).message).toContain('It is a device');
  });

  it('names an unreadable path without guessing it is absent', async () => {
    await writeFile(path.join(dir, 'file'), 'x');
    const error = await refusal(
      readLedger(path.join(dir, 'file', 'ledger.json'), TARGET, 'x/ledger.json'),
    );
    expect(error.code).toBe('LEDGER_INVALID');
    expect(error.message).toBe(
      "x/ledger.json: the selectors' ledger cannot be read (a folder on its path is a file).",
    );
  });
});

describe('writeLedger: compare and swap', () => {
  it('creates the folder and the file when the plan was made without a ledger', async () => {
    const nested = path.join(dir, '.territory-sync', 'ledger.production.json');
    const sha = await writeLedger(nested, LEDGER, null);
    expect(await readFile(nested, 'utf8')).toBe(serializeLedger(LEDGER));
    expect(sha).toBe(ledgerSha256(serializeLedger(LEDGER)));
    expect(await readdir(path.dirname(nested))).toEqual(['ledger.production.json']);
  });

  it('replaces the ledger the plan was made from', async () => {
    const first = await writeLedger(file, LEDGER, null);
    const next = updateLedger(LEDGER, TARGET, [
      { module: 'Contacts', id: A2, matchedBy: [], gifts: [] },
    ]);
    const second = await writeLedger(file, next, first);
    expect(await readLedger(file, TARGET)).toEqual({
      state: 'present',
      ledger: next,
      sha256: second,
    });
  });

  it('refuses, and leaves the file alone, when the ledger changed since the plan', async () => {
    const planned = await writeLedger(file, LEDGER, null);
    const edited = `${serializeLedger(LEDGER)}\n`;
    await writeFile(file, edited);
    const error = await refusal(
      writeLedger(file, updateLedger(LEDGER, TARGET, []), planned, 'ledger.json'),
    );
    expect(error.code).toBe('LEDGER_CHANGED');
    expect(error.message).toBe(
      "ledger.json: the selectors' ledger changed since this plan was made: plan again.",
    );
    expect(await readFile(file, 'utf8')).toBe(edited);
  });

  it('refuses when a ledger appeared after a plan made without one', async () => {
    await writeFile(file, 'someone else');
    const error = await refusal(writeLedger(file, LEDGER, null, 'ledger.json'));
    expect(error.code).toBe('LEDGER_CHANGED');
    expect(error.message).toContain('appeared since this plan was made');
    expect(await readFile(file, 'utf8')).toBe('someone else');
  });

  it('refuses when the ledger the plan was made from disappeared', async () => {
    const planned = await writeLedger(file, LEDGER, null);
    await rm(file);
    const error = await refusal(writeLedger(file, LEDGER, planned, 'ledger.json'));
    expect(error.code).toBe('LEDGER_CHANGED');
    expect(error.message).toContain('this plan was made from is gone');
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses a ledger the format cannot hold before touching the file', async () => {
    const broken = { ...LEDGER, records: [...LEDGER.records].reverse() };
    const error = await refusal(writeLedger(file, broken, null));
    expect(error.code).toBe('INTERNAL');
    expect(await readdir(dir)).toEqual([]);
  });
});

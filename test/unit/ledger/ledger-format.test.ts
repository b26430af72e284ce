// The ledger as a value and as text: the bytes a diff shows, G for the planner, and how apply's
// updates fold into the previous ledger. The file system is ledger-file.test.ts's.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MANAGED_MODULES } from '../../../src/core/model.js';
import type { ModuleName } from '../../../src/core/model.js';
import { checkLedgerText } from '../../../src/ledger/check-ledger.js';
import {
  ledgerSha256,
  serializeLedger,
  toSelectorLedger,
  updateLedger,
} from '../../../src/ledger/ledger-format.js';
import type { LedgerFile, LedgerRecordEntry } from '../../../src/ledger/ledger-types.js';
import { TerritorySyncError } from '../../../src/errors.js';

const TARGET = { apiDomain: 'https://www.zohoapis.eu', orgId: '20000000001' };
const A1 = '554023000000000001';
const A2 = '554023000000000002';
const T1 = '554023000000100001';
const T2 = '554023000000100002';

function entry(
  module: ModuleName,
  id: string,
  matchedBy: string[],
  gifts: [string, string[]][] = [],
): LedgerRecordEntry {
  return {
    module,
    id,
    matchedBy,
    gifts: gifts.map(([territoryId, selectors]) => ({ territoryId, selectors })),
  };
}

function ledger(records: LedgerRecordEntry[]): LedgerFile {
  return { format: 'territory-sync/ledger', formatVersion: 1, target: TARGET, records };
}

function thrown(run: () => unknown): TerritorySyncError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(TerritorySyncError);
    return error as TerritorySyncError;
  }
  throw new Error('nothing was thrown');
}

describe('serializeLedger', () => {
  it('writes one record per line, so a diff reads as who joined and who left', () => {
    const text = serializeLedger(
      ledger([
        entry('Accounts', A1, ['dach-enterprise'], [[T1, ['dach-enterprise']]]),
        entry('Deals', A2, [], [[T2, ['renewals']]]),
      ]),
    );
    expect(text).toBe(
      [
        '{',
        '  "format": "territory-sync/ledger",',
        '  "formatVersion": 1,',
        '  "target": {"apiDomain":"https://www.zohoapis.eu","orgId":"20000000001"},',
        '  "records": [',
        `    {"module":"Accounts","id":"${A1}","matchedBy":["dach-enterprise"],"gifts":[{"territoryId":"${T1}","selectors":["dach-enterprise"]}]},`,
        `    {"module":"Deals","id":"${A2}","matchedBy":[],"gifts":[{"territoryId":"${T2}","selectors":["renewals"]}]}`,
        '  ]',
        '}',
        '',
      ].join('\n'),
    );
    expect(serializeLedger(ledger([]))).toContain('"records": []\n}\n');
  });

  it('depends on the values alone: key order and extra keys of the objects passed do not show', () => {
    const plain = ledger([entry('Accounts', A1, ['a'])]);
    const odd = {
      records: [{ gifts: [], matchedBy: ['a'], id: A1, module: 'Accounts', note: 'x' }],
      target: { orgId: TARGET.orgId, apiDomain: TARGET.apiDomain, orgName: 'Zylker' },
      formatVersion: 1,
      format: 'territory-sync/ledger',
    } as unknown as LedgerFile;
    expect(serializeLedger(odd)).toBe(serializeLedger(plain));
  });

  it('refuses to write what the next read would refuse', () => {
    const unsorted = ledger([entry('Deals', A1, ['a']), entry('Accounts', A2, ['a'])]);
    const error = thrown(() => serializeLedger(unsorted));
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toContain('records are sorted by module');
    expect(thrown(() => serializeLedger(ledger([entry('Accounts', A1, ['Bad Name'])]))).code).toBe(
      'INTERNAL',
    );
  });

  it('hashes the text as UTF-8 bytes, the same whether given text or bytes', () => {
    const text = serializeLedger(ledger([entry('Accounts', A1, ['a'])]));
    expect(ledgerSha256(text)).toMatch(/^[0-9a-f]{64}$/);
    expect(ledgerSha256(Buffer.from(text, 'utf8'))).toBe(ledgerSha256(text));
  });
});

describe('toSelectorLedger', () => {
  it("hands the planner each record's gifts, leaving out records that were only matched", () => {
    const value = ledger([
      entry('Accounts', A1, ['a'], [[T1, ['a', 'b']]]),
      entry('Accounts', A2, ['a']),
    ]);
    expect(toSelectorLedger(value)).toEqual({
      records: [
        { module: 'Accounts', id: A1, gifts: [{ territoryId: T1, selectors: ['a', 'b'] }] },
      ],
    });
  });
});

describe('updateLedger', () => {
  const previous = ledger([
    entry('Accounts', A1, ['dach'], [[T1, ['dach']]]),
    entry('Contacts', A1, ['people'], [[T2, ['people']]]),
  ]);

  it("replaces a record's entry, adds new ones in order and removes emptied ones", () => {
    const next = updateLedger(previous, TARGET, [
      entry('Contacts', A1, [], []),
      entry(
        'Accounts',
        A1,
        ['dach', 'emea'],
        [
          [T2, ['emea']],
          [T1, ['dach']],
        ],
      ),
      entry('Accounts', A2, ['emea'], [[T2, ['emea']]]),
    ]);
    expect(next.records).toEqual([
      entry(
        'Accounts',
        A1,
        ['dach', 'emea'],
        [
          [T1, ['dach']],
          [T2, ['emea']],
        ],
      ),
      entry('Accounts', A2, ['emea'], [[T2, ['emea']]]),
    ]);
    expect(updateLedger(previous, TARGET, []).records).toEqual(previous.records);
  });

  it('starts a ledger from nothing, and drops an update that leaves nothing to remember', () => {
    const next = updateLedger(undefined, TARGET, [
      entry('Deals', A2, ['renewals']),
      entry('Accounts', A1, [], []),
    ]);
    expect(next).toEqual(ledger([entry('Deals', A2, ['renewals'])]));
    const slash = updateLedger(undefined, { ...TARGET, apiDomain: 'https://www.zohoapis.eu/' }, []);
    expect(slash.target).toEqual(TARGET);
  });

  it('reads each update as sets: lists sorted, repeats merged', () => {
    const next = updateLedger(undefined, TARGET, [
      entry(
        'Accounts',
        A1,
        ['b', 'a', 'b'],
        [
          [T2, ['y']],
          [T1, ['x']],
          [T2, ['x', 'y']],
        ],
      ),
    ]);
    expect(next.records).toEqual([
      entry(
        'Accounts',
        A1,
        ['a', 'b'],
        [
          [T1, ['x']],
          [T2, ['x', 'y']],
        ],
      ),
    ]);
  });

  it('refuses two updates for one record, and an update the format cannot hold', () => {
    const twice = thrown(() =>
      updateLedger(undefined, TARGET, [entry('Accounts', A1, ['a']), entry('Accounts', A1, ['b'])]),
    );
    expect(twice.code).toBe('INTERNAL');
    expect(twice.message).toContain(`Accounts ${A1} twice`);
    for (const bad of [
      entry('Accounts', '0012', ['a']),
      entry('Accounts', A1, ['UPPER']),
      entry('Accounts', A1, ['a'], [[T1, []]]),
      entry('Tasks' as ModuleName, A1, ['a']),
    ]) {
      expect(thrown(() => updateLedger(undefined, TARGET, [bad])).code).toBe('INTERNAL');
    }
  });

  it("never folds updates into another org's ledger", () => {
    const error = thrown(() => updateLedger(previous, { ...TARGET, orgId: '999' }, []));
    expect(error.code).toBe('LEDGER_OTHER_ORG');
    expect(error.message).toContain('org id 20000000001');
  });
});

// Properties: ledgers made of a few ids and names, so updates often meet existing records.
const ids = fc.constantFrom(A1, A2, '554023000000000010', '99', '1000000000000000000');
const names = fc.constantFrom('a', 'b', 'dach-enterprise', 'emea_2', '0x');
const update = fc.record({
  module: fc.constantFrom(...MANAGED_MODULES),
  id: ids,
  matchedBy: fc.array(names, { maxLength: 3 }),
  gifts: fc.array(
    fc.record({
      territoryId: ids,
      selectors: fc.array(names, { minLength: 1, maxLength: 3 }),
    }),
    { maxLength: 3 },
  ),
});
/** Updates naming each record at most once, as a plan's are. */
const updates = fc.uniqueArray(update, {
  maxLength: 12,
  selector: (u) => `${u.module} ${u.id}`,
});

describe('properties', () => {
  it('serialize, then read back, gives the same ledger', () => {
    fc.assert(
      fc.property(updates, updates, (first, second) => {
        const value = updateLedger(updateLedger(undefined, TARGET, first), TARGET, second);
        const read = checkLedgerText(serializeLedger(value));
        expect(read).toEqual({ ok: true, ledger: value });
      }),
      { numRuns: 200 },
    );
  });

  it('the same updates in any order give the same ledger, byte for byte', () => {
    fc.assert(
      fc.property(updates, updates, fc.func(fc.integer()), (base, changes, rank) => {
        const previous = updateLedger(undefined, TARGET, base);
        const shuffled = [...changes].sort((x, y) => rank(x) - rank(y));
        expect(serializeLedger(updateLedger(previous, TARGET, shuffled))).toBe(
          serializeLedger(updateLedger(previous, TARGET, changes)),
        );
      }),
      { numRuns: 200 },
    );
  });
});

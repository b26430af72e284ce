import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../../src/core/build-plan.js';
import { DEFAULT_SAFETY } from '../../../src/core/safety.js';
import {
  T,
  describeChanges,
  describeWaves,
  diagnosticsOf,
  expectPlan,
  planInput,
  planOf,
  TEST_TARGET,
} from './builders.js';
import type { RecordSpec } from './builders.js';

const A1 = '554023000003635001';
const A2 = '554023000003635002';
const C1 = '554023000003635101';
const D1 = '554023000003639901';
const tens = (from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => T(from + i));

describe('buildPlan: what changes and in which waves', () => {
  const cases: {
    title: string;
    records: RecordSpec[];
    changes: ReturnType<typeof describeChanges>;
    waves: string[];
    unchanged?: number;
    warnings?: string[];
  }[] = [
    {
      title: 'adds territories a record lacks',
      records: [{ id: A1, want: ['EMEA', 'DACH'], manual: [] }],
      changes: [{ module: 'Accounts', id: A1, add: ['DACH', 'EMEA'], remove: [], keptByRules: [] }],
      waves: [`1 assign Accounts ${A1}[DACH,EMEA]`],
    },
    {
      title: 'removes manual territories that are not listed',
      records: [{ id: A1, want: ['EMEA'], manual: ['EMEA', 'France'] }],
      changes: [{ module: 'Accounts', id: A1, add: [], remove: ['France'], keptByRules: [] }],
      waves: [`1 remove Accounts ${A1}[France]`],
    },
    {
      title: 'reassigns a Deal in two waves: drop A, then take B',
      records: [{ module: 'Deals', id: D1, want: ['US East'], manual: ['US West'] }],
      changes: [
        { module: 'Deals', id: D1, add: ['US East'], remove: ['US West'], keptByRules: [] },
      ],
      waves: [`1 remove Deals ${D1}[US West]`, `2 assign Deals ${D1}[US East]`],
    },
    {
      title: 'swaps one of 10 territories on an account, removal first',
      records: [{ id: A1, want: [...tens(1, 9), T(11)], manual: tens(1, 10) }],
      changes: [{ module: 'Accounts', id: A1, add: ['T11'], remove: ['T10'], keptByRules: [] }],
      waves: [`1 remove Accounts ${A1}[T10]`, `2 assign Accounts ${A1}[T11]`],
    },
    {
      title: 'keeps a rule-assigned territory the file omits, with a warning',
      records: [{ id: A1, want: ['Partners'], rules: ['LATAM'] }],
      changes: [
        { module: 'Accounts', id: A1, add: ['Partners'], remove: [], keptByRules: ['LATAM'] },
      ],
      waves: [`1 assign Accounts ${A1}[Partners]`],
      warnings: ['KEPT_BY_RULES'],
    },
    {
      title: 'neither adds nor warns about a rule-assigned territory the file lists',
      records: [{ id: A1, want: ['LATAM', 'Partners'], rules: ['LATAM'] }],
      changes: [{ module: 'Accounts', id: A1, add: ['Partners'], remove: [], keptByRules: [] }],
      waves: [`1 assign Accounts ${A1}[Partners]`],
    },
    {
      title: 'counts records already as listed, and lists no change for them',
      records: [
        { id: A1, want: ['EMEA'], manual: ['EMEA'] },
        { id: A2, want: ['LATAM'], rules: ['LATAM'] },
        { id: C1, module: 'Contacts', want: [], manual: [] },
      ],
      changes: [],
      waves: [],
      unchanged: 3,
    },
    {
      title: 'leaves records that are not listed untouched',
      records: [
        { id: A1, manual: ['EMEA', 'France'] },
        { id: A2, want: ['APAC'], manual: [] },
      ],
      changes: [{ module: 'Accounts', id: A2, add: ['APAC'], remove: [], keptByRules: [] }],
      waves: [`1 assign Accounts ${A2}[APAC]`],
    },
    {
      title: 'orders changes by module then id, and batches each module and action apart',
      records: [
        { module: 'Deals', id: D1, want: ['Japan'], manual: [] },
        { module: 'Contacts', id: C1, want: [], manual: ['France'] },
        { id: A2, want: ['Japan'], manual: ['France'] },
        { id: A1, want: ['Japan'], manual: [] },
      ],
      changes: [
        { module: 'Accounts', id: A1, add: ['Japan'], remove: [], keptByRules: [] },
        { module: 'Accounts', id: A2, add: ['Japan'], remove: ['France'], keptByRules: [] },
        { module: 'Contacts', id: C1, add: [], remove: ['France'], keptByRules: [] },
        { module: 'Deals', id: D1, add: ['Japan'], remove: [], keptByRules: [] },
      ],
      waves: [
        `1 remove Accounts ${A2}[France]`,
        `1 assign Accounts ${A1}[Japan]`,
        `1 remove Contacts ${C1}[France]`,
        `1 assign Deals ${D1}[Japan]`,
        `2 assign Accounts ${A2}[Japan]`,
      ],
    },
  ];

  it.each(cases)('$title', ({ records, changes, waves, unchanged, warnings }) => {
    const plan = planOf(records);
    expect(describeChanges(plan)).toEqual(changes);
    expect(describeWaves(plan)).toEqual(waves);
    expect(plan.summary.unchangedRecords).toBe(unchanged ?? 0);
    expect(plan.summary.changedRecords).toBe(changes.length);
    expect(plan.warnings.map((warning) => warning.code)).toEqual(warnings ?? []);
  });

  it('names the record, the territory and the YAML line when rules keep a territory', () => {
    const plan = planOf([{ id: A1, name: 'Samba Payments', want: ['Partners'], rules: ['LATAM'] }]);
    const [warning] = plan.warnings;
    expect(warning).toMatchObject({
      severity: 'warning',
      record: { module: 'Accounts', id: A1 },
      location: { file: 'territories.yaml', line: 10 },
    });
    expect(warning?.message).toBe(
      `Accounts "Samba Payments" (${A1}): "LATAM" is assigned by territory rules; ` +
        'the API cannot remove it; list it to silence this.',
    );
    expect(plan.summary.keptByRules).toBe(1);
  });

  it('records the prior state and the summary of a change', () => {
    const plan = planOf([
      { id: A1, name: 'Acme GmbH', want: ['DACH'], manual: ['US West'], rules: ['LATAM'] },
    ]);
    expect(plan.changes[0]).toMatchObject({
      name: 'Acme GmbH',
      location: { file: 'territories.yaml', line: 10, column: 5 },
      before: [
        { name: 'LATAM', assigned: 'automatically' },
        { name: 'US West', assigned: 'manually' },
      ],
    });
    expect(plan.summary).toEqual({
      toAssign: 1,
      toRemove: 1,
      changedRecords: 1,
      unchangedRecords: 0,
      keptByRules: 1,
    });
  });

  it('gives an empty plan for a desired state without records', () => {
    const plan = planOf([]);
    expect(plan.changes).toEqual([]);
    expect(plan.waves).toEqual([]);
    expect(plan.safety.tripped).toBe(false);
    expect(plan.summary).toEqual({
      toAssign: 0,
      toRemove: 0,
      changedRecords: 0,
      unchangedRecords: 0,
      keptByRules: 0,
    });
  });
});

describe('buildPlan: limits, counting territories rules assigned', () => {
  it.each([
    {
      title: 'an account over 10 once rule-assigned ones count',
      record: { id: A1, want: tens(4, 11), rules: tens(1, 3) },
      expected:
        /would carry 11 territories, counting "T01", "T02" and "T03" assigned by territory rules; Zoho allows at most 10 territories on Accounts/,
    },
    {
      title: 'a Deal given a territory while rules hold another',
      record: { module: 'Deals' as const, id: D1, want: ['US East'], rules: ['LATAM'] },
      expected:
        /would carry 2 territories, counting "LATAM" assigned by territory rules; Zoho allows at most 1 territory on Deals/,
    },
    {
      title: 'a Contact listing 11 territories',
      record: { module: 'Contacts' as const, id: C1, want: tens(1, 11) },
      expected: /would carry 11 territories; Zoho allows at most 10/,
    },
  ])('refuses $title', ({ record, expected }) => {
    const diagnostics = diagnosticsOf([record]);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      code: 'TOO_MANY_TERRITORIES',
      severity: 'error',
      location: { line: 10 },
    });
    expect(diagnostics[0]?.message).toMatch(expected);
  });

  it.each([
    {
      title: 'an account at exactly 10 with rules',
      record: { id: A1, want: tens(4, 10), rules: tens(1, 3) },
    },
    {
      title: 'a Deal whose one territory rules assigned and the file lists',
      record: { module: 'Deals' as const, id: D1, want: ['LATAM'], rules: ['LATAM'] },
    },
  ])('accepts $title', ({ record }) => {
    expect(() => planOf([record])).not.toThrow();
  });
});

describe('buildPlan: errors after the read', () => {
  it('reports a listed record that does not exist at its YAML line', () => {
    const diagnostics = diagnosticsOf([
      { id: A1, want: ['EMEA'], manual: [] },
      { id: A2, want: ['EMEA'], missing: true },
    ]);
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: 'RECORD_NOT_FOUND',
        severity: 'error',
        record: { module: 'Accounts', id: A2 },
        location: { file: 'territories.yaml', line: 11, column: 5 },
      }),
    ]);
  });

  it('collects every error at once, warnings included, in file order', () => {
    const diagnostics = diagnosticsOf([
      { id: A1, want: ['Partners'], rules: ['LATAM'] },
      { id: A2, want: ['Nowhere'], manual: [] },
      { module: 'Contacts', id: C1, want: ['EMEA'], missing: true },
      { module: 'Deals', id: D1, want: ['Enterprise'], manual: [] },
    ]);
    expect(diagnostics.map((d) => [d.code, d.severity, d.location?.line])).toEqual([
      ['UNKNOWN_TERRITORY', 'error', 11],
      ['RECORD_NOT_FOUND', 'error', 12],
      ['AMBIGUOUS_TERRITORY', 'error', 13],
      ['KEPT_BY_RULES', 'warning', 10],
    ]);
  });

  it('refuses a territory listed twice under two spellings', () => {
    const diagnostics = diagnosticsOf([
      { id: A1, want: ['DACH', 'Organization/EMEA/DACH'], manual: [] },
    ]);
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: 'DUPLICATE_TERRITORY',
        location: { file: 'territories.yaml', line: 10, column: 38 },
        related: [{ file: 'territories.yaml', line: 10, column: 30 }],
      }),
    ]);
  });

  it('refuses a record listed twice, naming both places', () => {
    const input = planInput([{ id: A1, want: ['EMEA'], manual: [] }]);
    const [record] = input.desired.records;
    if (record === undefined) throw new Error('fixture has one record');
    const again = { ...record, location: { file: 'more.yaml', line: 3, column: 5 } };
    const result = buildPlan({ ...input, desired: { ...input.desired, records: [record, again] } });
    expect(result).toEqual({
      ok: false,
      diagnostics: [
        expect.objectContaining({
          code: 'DUPLICATE_RECORD',
          location: { file: 'territories.yaml', line: 10, column: 5 },
          related: [{ file: 'more.yaml', line: 3, column: 5 }],
        }),
      ],
    });
  });
});

describe('buildPlan: batching', () => {
  const adds = (count: number): RecordSpec[] =>
    Array.from({ length: count }, (_, i) => ({
      id: String(554023000003635000n + BigInt(i)),
      want: ['EMEA'],
      manual: [],
    }));

  it.each([
    { batchSize: 10, sizes: [10, 10, 3] },
    { batchSize: 1, sizes: Array.from({ length: 23 }, () => 1) },
    { batchSize: 7, sizes: [7, 7, 7, 2] },
    { batchSize: 500, sizes: [10, 10, 3] },
  ])('splits 23 records into batches of $batchSize (at most 10)', ({ batchSize, sizes }) => {
    const plan = planOf(adds(23), { batchSize });
    expect(plan.waves).toHaveLength(1);
    expect(plan.waves[0]?.batches.map((batch) => batch.records.length)).toEqual(sizes);
    const ids = plan.waves[0]?.batches.flatMap((batch) => batch.records.map((r) => r.id));
    expect(ids).toEqual(adds(23).map((record) => record.id));
  });

  it('keeps each record with its own territories in a shared batch', () => {
    const plan = planOf([
      { id: A1, want: ['EMEA', 'DACH'], manual: [] },
      { id: A2, want: ['APAC'], manual: [] },
    ]);
    expect(describeWaves(plan)).toEqual([`1 assign Accounts ${A1}[DACH,EMEA] ${A2}[APAC]`]);
  });
});

describe('buildPlan: the mass-removal guard', () => {
  /** `count` accounts, each holding EMEA and APAC manually and losing APAC. */
  const removing = (count: number): RecordSpec[] =>
    Array.from({ length: count }, (_, i) => ({
      id: String(554023000003635000n + BigInt(i)),
      want: ['EMEA'],
      manual: ['EMEA', 'APAC'],
    }));

  it.each([
    {
      title: 'trips one above the absolute limit',
      removals: 6,
      absolute: 5,
      ratio: 0,
      tripped: true,
    },
    { title: 'holds at the absolute limit', removals: 5, absolute: 5, ratio: 0, tripped: false },
  ])('$title', ({ removals, absolute, ratio, tripped }) => {
    const plan = planOf(removing(removals), { safety: { absolute, ratio } });
    expect(plan.safety).toMatchObject({
      removals,
      managedAssignments: removals * 2,
      threshold: absolute,
      tripped,
    });
    expect(plan.safety.reason === undefined).toBe(!tripped);
  });

  it('says what tripped, by how much and how to override', () => {
    const plan = planOf(removing(6), { safety: { absolute: 5, ratio: 0 } });
    expect(plan.safety.reason).toBe(
      '6 removals exceed the safety threshold of 5 by 1 (the larger of 5 and 0% of 12 manual ' +
        'assignments on the listed records). Re-run with --allow-mass-removal if this is intended.',
    );
  });

  it.each([
    { removals: 7, tripped: true },
    { removals: 6, tripped: false },
  ])('uses the ratio of managed assignments: $removals of 20 at 30%', ({ removals, tripped }) => {
    // Two records of 10 manual territories: 20 managed, threshold 6.
    const records: RecordSpec[] = [
      { id: A1, want: tens(1, 10), manual: tens(1, 10) },
      { id: A2, want: tens(removals + 1, 10), manual: tens(1, 10) },
    ];
    const plan = planOf(records, { safety: { absolute: 0, ratio: 0.3 } });
    expect(plan.safety).toMatchObject({ managedAssignments: 20, threshold: 6, removals, tripped });
  });

  it.each([
    { removals: 51, tripped: true },
    { removals: 50, tripped: false },
  ])('by default allows 50 removals among few assignments: $removals', ({ removals, tripped }) => {
    expect(DEFAULT_SAFETY).toEqual({ absolute: 50, ratio: 0.3 });
    const input = planInput(removing(removals));
    const plan = expectPlan(
      buildPlan({
        ...input,
        options: { batchSize: 10, safety: DEFAULT_SAFETY, target: TEST_TARGET },
      }),
    );
    expect(plan.safety).toMatchObject({ threshold: 50, tripped });
  });

  it('trips on the threshold only: records listed with [] are intentional removals', () => {
    const plan = planOf([
      { id: A1, want: [], manual: ['EMEA'] },
      { id: A2, want: [], manual: [] },
    ]);
    expect(plan.safety.tripped).toBe(false);
    expect(plan.safety.removals).toBe(1);
    const many = planOf(
      [
        { id: A1, want: [], manual: ['EMEA', 'DACH'] },
        { id: A2, want: [], manual: ['France'] },
      ],
      { safety: { absolute: 2, ratio: 0 } },
    );
    expect(many.safety.tripped).toBe(true);
    expect(many.safety.reason).toContain('3 removals exceed the safety threshold of 2');
    expect(many.safety.reason).toContain('--allow-mass-removal');
  });

  it.each([
    { title: 'nothing would be removed', records: [{ id: A1, want: [], manual: [] }] },
    {
      title: 'one list is not empty',
      records: [
        { id: A1, want: [], manual: ['EMEA'] },
        { id: A2, want: ['EMEA'], manual: [] },
      ],
    },
  ])('does not trip on empty lists when $title', ({ records }) => {
    expect(planOf(records).safety.tripped).toBe(false);
  });

  it('builds the whole plan even when tripped', () => {
    const plan = planOf(removing(3), { safety: { absolute: 0, ratio: 0 } });
    expect(plan.safety.tripped).toBe(true);
    expect(plan.changes).toHaveLength(3);
    expect(plan.waves).toHaveLength(1);
  });
});

describe('buildPlan: many records', () => {
  it('plans 20,000 records and counts them', () => {
    const records: RecordSpec[] = Array.from({ length: 20_000 }, (_, i) => ({
      module: i % 2 === 0 ? 'Accounts' : 'Contacts',
      id: String(554023000003600000n + BigInt(i)),
      want: i % 4 === 0 ? ['EMEA', 'DACH'] : ['EMEA'],
      manual: i % 5 === 0 ? ['France'] : ['EMEA'],
    }));
    const plan = expectPlan(buildPlan(planInput(records, { safety: { absolute: 100_000 } })));
    const expectedChanged = records.filter((_, i) => i % 4 === 0 || i % 5 === 0).length;
    expect(plan.summary.changedRecords).toBe(expectedChanged);
    expect(plan.summary.unchangedRecords).toBe(20_000 - expectedChanged);
    expect(plan.summary.toRemove).toBe(4_000);
    expect(plan.waves.flatMap((wave) => wave.batches).every((b) => b.records.length <= 10)).toBe(
      true,
    );
  });
});

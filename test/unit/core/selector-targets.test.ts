// What a record should carry once selectors count (docs/SELECTORS.md §3, §4): explicit entries
// win, matches give the union, the ledger bounds every removal, limits name each selector.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  selectorLimitError,
  selectorTargets,
  targetChange,
} from '../../../src/core/selector-targets.js';
import type {
  ExplicitTarget,
  LedgerRecord,
  RecordTarget,
  SelectorMatch,
  SelectorTargetsInput,
  TargetSelector,
} from '../../../src/core/selector-targets.js';
import type {
  CurrentRecord,
  ModuleName,
  SourceLocation,
  Territory,
} from '../../../src/core/model.js';
import { T, territoryNamed } from './builders.js';

const FILE = 'territories.yaml';
const at = (line: number, column = 7): SourceLocation => ({ file: FILE, line, column });
const named = (...names: string[]): Territory[] => names.map((name) => territoryNamed(name));
const idOf = (name: string): string => territoryNamed(name).id;

function selector(
  name: string,
  territories: readonly string[],
  options: { line?: number; module?: ModuleName; exclude?: readonly string[] } = {},
): TargetSelector {
  const line = options.line ?? 5;
  return {
    module: options.module ?? 'Accounts',
    name,
    location: at(line),
    territories: named(...territories),
    exclude: (options.exclude ?? []).map((id, i) => ({ id, location: at(line + 3 + i, 9) })),
  };
}

const match = (name: string, ids: readonly string[], module: ModuleName = 'Accounts') =>
  ({ module, name, ids }) satisfies SelectorMatch;

function gift(
  id: string,
  gifts: Record<string, readonly string[]>,
  module: ModuleName = 'Accounts',
): LedgerRecord {
  return {
    module,
    id,
    gifts: Object.entries(gifts).map(([territory, selectors]) => ({
      territoryId: idOf(territory),
      selectors,
    })),
  };
}

function explicit(id: string, territories: readonly string[], line = 40): ExplicitTarget {
  return { module: 'Accounts', id, territories: named(...territories), location: at(line, 5) };
}

function current(
  id: string,
  manual: readonly string[],
  rules: readonly string[] = [],
  module: ModuleName = 'Accounts',
): CurrentRecord {
  return {
    module,
    id,
    territories: [
      ...manual.map((name) => ({ id: idOf(name), name, assigned: 'manually' as const })),
      ...rules.map((name) => ({ id: idOf(name), name, assigned: 'automatically' as const })),
    ],
  };
}

function run(input: Partial<SelectorTargetsInput>) {
  return selectorTargets({
    explicit: [],
    selectors: [],
    matches: [],
    ledger: { records: [] },
    ...input,
  });
}

const targetOf = (records: readonly RecordTarget[], id: string): RecordTarget => {
  const found = records.find((record) => record.id === id);
  if (found === undefined) throw new Error(`no target for ${id}`);
  return found;
};

/** A change as a reviewer reads it: `+ DACH`, `- DACH`, or `nothing`. */
function planLine(target: RecordTarget | undefined, record: CurrentRecord): string {
  if (target === undefined) return 'nothing';
  const change = targetChange(target, record);
  const lines = [
    ...change.add.map((added) => `+ ${added.territory.name}`),
    ...change.remove.map((removed) => `- ${removed.territory.name}`),
  ];
  return lines.length === 0 ? 'nothing' : lines.join(', ');
}

describe('the worked example of docs/SELECTORS.md §3 (selector dach gives DACH)', () => {
  // record now | M | G | matches | plan
  const rows = [
    { row: 'new match', id: '1', m: ['EMEA'], g: false, matches: true, plan: '+ DACH' },
    {
      row: 'given before, unchanged',
      id: '2',
      m: ['DACH', 'EMEA'],
      g: true,
      matches: true,
      plan: 'nothing',
    },
    {
      row: 'someone removed DACH in Zoho',
      id: '3',
      m: ['EMEA'],
      g: true,
      matches: true,
      plan: '+ DACH',
    },
    {
      row: 'had DACH before the selector',
      id: '4',
      m: ['DACH'],
      g: false,
      matches: true,
      plan: 'nothing',
    },
    {
      row: 'moved to France',
      id: '5',
      m: ['DACH', 'EMEA'],
      g: true,
      matches: false,
      plan: '- DACH',
    },
    {
      row: 'moved to France, DACH given by hand too',
      id: '6',
      m: ['DACH'],
      g: false,
      matches: false,
      plan: 'nothing',
    },
    {
      row: 'listed explicitly: [EMEA]',
      id: '7',
      m: ['DACH', 'EMEA'],
      g: true,
      matches: true,
      plan: '- DACH',
      explicit: ['EMEA'],
    },
  ];
  const inputFor = (subset: typeof rows): Partial<SelectorTargetsInput> => ({
    selectors: [selector('dach', ['DACH'])],
    matches: [
      match(
        'dach',
        subset.filter((r) => r.matches).map((r) => r.id),
      ),
    ],
    ledger: { records: subset.filter((r) => r.g).map((r) => gift(r.id, { DACH: ['dach'] })) },
    explicit: subset.flatMap((r) => (r.explicit === undefined ? [] : [explicit(r.id, r.explicit)])),
    current: subset.map((r) => current(r.id, r.m)),
  });

  it.each(rows)('$row: $plan', (row) => {
    const result = run(inputFor([row]));
    expect(result.diagnostics).toEqual([]);
    const target = result.records.find((record) => record.id === row.id);
    expect(planLine(target, current(row.id, row.m))).toBe(row.plan);
  });

  it('plans every row at once as it plans each alone, with the causes the plan shows', () => {
    const result = run(inputFor(rows));
    for (const row of rows) {
      const target = result.records.find((record) => record.id === row.id);
      expect(planLine(target, current(row.id, row.m)), row.row).toBe(row.plan);
    }
    const moved = targetChange(targetOf(result.records, '5'), current('5', ['DACH', 'EMEA']));
    expect(moved.remove.map((removed) => removed.cause)).toEqual([
      { kind: 'ledger', givers: [{ selector: 'dach', reason: 'no-longer-matches' }] },
    ]);
    const listed = targetOf(result.records, '7');
    expect(listed.overridden).toEqual(['dach']);
    expect(targetChange(listed, current('7', ['DACH', 'EMEA'])).remove).toEqual([
      {
        territory: { id: idOf('DACH'), name: 'DACH' },
        cause: { kind: 'explicit', location: at(40, 5) },
      },
    ]);
    const added = targetChange(targetOf(result.records, '1'), current('1', ['EMEA']));
    expect(added.add.map((desired) => desired.cause)).toEqual([
      { kind: 'selector', selectors: ['dach'] },
    ]);
  });
});

describe('selector targets', () => {
  it('an explicit entry wins entirely: its list, its location, the selectors it overrides', () => {
    const result = run({
      selectors: [selector('dach', ['DACH']), selector('emea', ['EMEA'], { line: 12 })],
      matches: [match('dach', ['9']), match('emea', ['9'])],
      ledger: { records: [gift('9', { DACH: ['dach'], Nordics: ['old'] })] },
      explicit: [explicit('9', ['France'])],
    });
    expect(result.records).toEqual([
      {
        module: 'Accounts',
        id: '9',
        managedBy: 'explicit',
        location: at(40, 5),
        desired: [
          { territory: territoryNamed('France'), cause: { kind: 'explicit', location: at(40, 5) } },
        ],
        removable: [],
        matchedBy: ['dach', 'emea'],
        overridden: ['dach', 'emea'],
      },
    ]);
  });

  it('a record matched by several selectors gets the union, each territory naming its selectors', () => {
    const result = run({
      selectors: [
        selector('dach-enterprise', ['DACH', 'Organization/EMEA/Enterprise']),
        selector('dach-all', ['DACH'], { line: 20 }),
      ],
      matches: [match('dach-enterprise', ['3']), match('dach-all', ['3', '4'])],
    });
    const desired = (id: string) =>
      targetOf(result.records, id).desired.map((d) => [d.territory.name, d.cause]);
    expect(desired('3')).toEqual([
      ['DACH', { kind: 'selector', selectors: ['dach-all', 'dach-enterprise'] }],
      ['Enterprise', { kind: 'selector', selectors: ['dach-enterprise'] }],
    ]);
    expect(desired('4')).toEqual([['DACH', { kind: 'selector', selectors: ['dach-all'] }]]);
  });

  it('an excluded record is not matched, and loses what that selector gave, as excluded', () => {
    const result = run({
      selectors: [
        selector('dach', ['DACH'], { exclude: ['5'] }),
        selector('emea', ['EMEA'], { line: 20 }),
      ],
      matches: [match('dach', ['5', '6']), match('emea', ['5'])],
      ledger: { records: [gift('5', { DACH: ['dach'] })] },
    });
    const five = targetOf(result.records, '5');
    expect(five.matchedBy).toEqual(['emea']);
    expect(five.desired.map((d) => d.territory.name)).toEqual(['EMEA']);
    expect(five.removable).toEqual([
      {
        territoryId: idOf('DACH'),
        cause: { kind: 'ledger', givers: [{ selector: 'dach', reason: 'excluded' }] },
      },
    ]);
    expect(result.diagnostics).toEqual([]);
  });

  it('says why a gift may go: selector deleted, territory dropped from it, no longer matching', () => {
    const result = run({
      selectors: [selector('kept', ['EMEA'])],
      matches: [match('kept', ['1'])],
      ledger: {
        records: [gift('1', { DACH: ['gone'], Nordics: ['kept'] }), gift('2', { EMEA: ['kept'] })],
      },
    });
    const reasons = (id: string) =>
      targetOf(result.records, id).removable.map((r) => [r.territoryId, r.cause.givers]);
    expect(reasons('1')).toEqual([
      [idOf('DACH'), [{ selector: 'gone', reason: 'selector-deleted' }]],
      [idOf('Nordics'), [{ selector: 'kept', reason: 'territory-dropped' }]],
    ]);
    expect(reasons('2')).toEqual([
      [idOf('EMEA'), [{ selector: 'kept', reason: 'no-longer-matches' }]],
    ]);
  });

  it('a renamed selector keeps the territories records both names match (removals on the union)', () => {
    const result = run({
      selectors: [selector('dach-new', ['DACH'])],
      matches: [match('dach-new', ['1'])],
      ledger: { records: [gift('1', { DACH: ['dach-old'] })] },
    });
    const target = targetOf(result.records, '1');
    expect(target.removable).toEqual([]);
    expect(targetChange(target, current('1', ['DACH']))).toEqual({ add: [], remove: [] });
  });

  it('never offers to remove a territory someone else gave, matched or not', () => {
    const result = run({
      selectors: [selector('dach', ['DACH'])],
      matches: [match('dach', ['1'])],
      ledger: { records: [gift('2', { DACH: ['dach'] })] },
    });
    // 1 carries Nordics by hand; 2 stopped matching and carries France by hand.
    const one = targetChange(targetOf(result.records, '1'), current('1', ['Nordics']));
    const two = targetChange(targetOf(result.records, '2'), current('2', ['France', 'DACH']));
    expect(one.remove).toEqual([]);
    expect(two.remove.map((removed) => removed.territory.name)).toEqual(['DACH']);
  });

  it('a lost ledger only adds, and says so once', () => {
    const result = run({
      selectors: [selector('dach', ['DACH'])],
      matches: [match('dach', ['1'])],
      ledger: undefined,
    });
    expect(result.diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ['SELECTOR_LEDGER_MISSING', 'warning'],
    ]);
    expect(result.diagnostics[0]?.hint).toMatch(/ledger/);
    const target = targetOf(result.records, '1');
    expect(target.removable).toEqual([]);
    expect(targetChange(target, current('1', ['EMEA']))).toMatchObject({ remove: [] });
    // Without selectors there is nothing a ledger would have said.
    expect(run({ ledger: undefined }).diagnostics).toEqual([]);
  });

  it('reads input the loader would refuse the same way every time (SELECTORS §3, item 16)', () => {
    const result = run({
      selectors: [selector('dach', ['DACH'])],
      matches: [match('dach', ['1', '1']), match('unknown', ['2']), match('dach', ['1'])],
      explicit: [explicit('3', ['EMEA'], 50), explicit('3', ['France'], 45)],
      ledger: { records: [gift('1', { EMEA: ['dach'] }), gift('1', { EMEA: ['dach', 'dach'] })] },
    });
    expect(result.records.map((r) => [r.id, r.desired.map((d) => d.territory.name)])).toEqual([
      ['1', ['DACH']],
      ['3', ['France']],
    ]);
    expect(targetOf(result.records, '1').removable).toEqual([
      {
        territoryId: idOf('EMEA'),
        cause: { kind: 'ledger', givers: [{ selector: 'dach', reason: 'territory-dropped' }] },
      },
    ]);
  });

  it('warns at its line about an exclusion the selector does not match now', () => {
    const result = run({
      selectors: [selector('dach', ['DACH'], { exclude: ['1', '77', '77'] })],
      matches: [match('dach', ['1', '2'])],
    });
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        code: 'STALE_EXCLUSION',
        severity: 'warning',
        location: at(9, 9),
        related: [at(5)],
        record: { module: 'Accounts', id: '77' },
      }),
    ]);
  });
});

describe('limits on the union (SELECTORS §3.3)', () => {
  const six = [1, 2, 3, 4, 5, 6].map(T);
  const five = [7, 8, 9, 10, 11].map(T);

  it('a union past 10 is an error at the first selector naming every selector and its line', () => {
    const result = run({
      selectors: [selector('wide', six, { line: 30 }), selector('other', five, { line: 8 })],
      matches: [match('wide', ['1']), match('other', ['1'])],
    });
    expect(result.diagnostics).toHaveLength(1);
    const [error] = result.diagnostics;
    expect(error).toMatchObject({
      code: 'TOO_MANY_TERRITORIES',
      severity: 'error',
      location: at(8),
      related: [at(30)],
      record: { module: 'Accounts', id: '1' },
    });
    expect(error?.message).toContain('would carry 11 territories');
    expect(error?.message).toContain(`selector other (${FILE}:8) gives "T07", "T08"`);
    expect(error?.message).toContain(`selector wide (${FILE}:30) gives "T01"`);
    expect(error?.hint).toMatch(/exclude/);
  });

  it('counts rule-assigned territories and those someone else gave, not what will be removed', () => {
    const base = {
      selectors: [selector('wide', [...six, ...[7, 8, 9].map(T)])],
      matches: [match('wide', ['1'])],
    };
    const withRules = run({ ...base, current: [current('1', ['EMEA'], ['Japan'])] });
    expect(withRules.diagnostics[0]?.message).toContain('would carry 11 territories');
    expect(withRules.diagnostics[0]?.message).toContain(
      'it keeps "EMEA" given by someone else and "Japan" assigned by territory rules',
    );
    // EMEA was the selector's gift and goes: the record ends with 10, within the limit.
    const freed = run({
      ...base,
      current: [current('1', ['EMEA'], ['Japan'])],
      ledger: { records: [gift('1', { EMEA: ['gone'] })] },
    });
    expect(freed.diagnostics).toEqual([]);
  });

  it('a Deal a selector gives a territory while it carries another by hand is an error', () => {
    const deal = (line: number, name: string, territory: string) =>
      selector(name, [territory], { module: 'Deals', line });
    const result = run({
      selectors: [deal(3, 'east', 'US East'), deal(6, 'west', 'US West')],
      matches: [match('east', ['1', '2'], 'Deals'), match('west', ['2'], 'Deals')],
      current: [current('1', ['LATAM'], [], 'Deals'), current('2', [], [], 'Deals')],
    });
    expect(result.diagnostics.map((d) => [d.record?.id, d.code, d.location?.line])).toEqual([
      ['1', 'TOO_MANY_TERRITORIES', 3],
      ['2', 'TOO_MANY_TERRITORIES', 3],
    ]);
    expect(result.diagnostics[0]?.message).toContain('"LATAM" given by someone else');
    expect(result.diagnostics[1]?.message).toMatch(/selector east .*; selector west /);
    expect(result.diagnostics[1]?.hint).toMatch(/records:/);
  });

  it('gives the same error record by record, for a planner that reads the CRM in batches', () => {
    const selectors = [selector('wide', six, { line: 30 }), selector('other', five, { line: 8 })];
    const input = {
      selectors,
      matches: [match('wide', ['1', '2']), match('other', ['1'])],
    };
    const state = [current('1', []), current('2', ['EMEA', 'Japan', 'Nordics', 'France'])];
    const whole = run({ ...input, current: state });
    const alone = run(input);
    const oneByOne = alone.records.map((target, i) =>
      selectorLimitError(target, state[i], selectors),
    );
    expect(oneByOne.filter((error) => error !== undefined)).toEqual(whole.diagnostics);
    // Without the record's state, D alone counts: 11 for record 1, 6 for record 2.
    expect(alone.diagnostics.map((d) => d.record?.id)).toEqual(['1']);
    expect(whole.diagnostics.map((d) => d.record?.id)).toEqual(['1']);
  });

  it('leaves an explicit record to the planner, which checks its list as always', () => {
    const result = run({
      selectors: [selector('wide', six), selector('other', five, { line: 8 })],
      matches: [match('wide', ['1']), match('other', ['1'])],
      explicit: [explicit('1', ['DACH'])],
    });
    expect(result.diagnostics).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties, over a small world where unions pass the limit and ledgers overlap matches.

const POOL = named(...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map(T), 'DACH', 'EMEA');
const IDS = ['1', '2', '3', '4', '5', '6'];
const NAMES = ['a', 'b', 'c', 'd'];
const RUNS = { numRuns: 150, interruptAfterTimeLimit: 10_000 };

const territoriesArb = fc.uniqueArray(fc.constantFrom(...POOL), {
  minLength: 1,
  maxLength: 6,
  selector: (t) => t.id,
});
const idsArb = fc.uniqueArray(fc.constantFrom(...IDS), { maxLength: IDS.length });

const worldArb = fc.record({
  selectors: fc.uniqueArray(
    fc.record({
      name: fc.constantFrom(...NAMES),
      territories: territoriesArb,
      exclude: idsArb,
      matches: idsArb,
      line: fc.integer({ min: 1, max: 50 }),
    }),
    { maxLength: 4, selector: (s) => s.name },
  ),
  explicit: fc.uniqueArray(
    fc.record({ id: fc.constantFrom(...IDS), territories: territoriesArb }),
    {
      maxLength: 2,
      selector: (e) => e.id,
    },
  ),
  ledger: fc.option(
    fc.uniqueArray(
      fc.record({
        id: fc.constantFrom(...IDS),
        gifts: fc.uniqueArray(
          fc.record({
            territory: fc.constantFrom(...POOL),
            selectors: fc.uniqueArray(fc.constantFrom(...NAMES, 'gone'), {
              minLength: 1,
              maxLength: 2,
            }),
          }),
          { maxLength: 4, selector: (g) => g.territory.id },
        ),
      }),
      { maxLength: 4, selector: (r) => r.id },
    ),
    { nil: undefined },
  ),
  current: fc.uniqueArray(
    fc.record({
      id: fc.constantFrom(...IDS),
      manual: fc.uniqueArray(fc.constantFrom(...POOL), { maxLength: 4, selector: (t) => t.id }),
      rules: fc.uniqueArray(fc.constantFrom(...POOL), { maxLength: 2, selector: (t) => t.id }),
    }),
    { maxLength: IDS.length, selector: (c) => c.id },
  ),
});
type World = typeof worldArb extends fc.Arbitrary<infer W> ? W : never;

function inputOf(world: World): SelectorTargetsInput {
  return {
    selectors: world.selectors.map((s) => ({
      module: 'Accounts',
      name: s.name,
      location: at(s.line),
      territories: s.territories,
      exclude: s.exclude.map((id, i) => ({ id, location: at(s.line + 1 + i, 9) })),
    })),
    matches: world.selectors.map((s) => ({ module: 'Accounts', name: s.name, ids: s.matches })),
    explicit: world.explicit.map((e, i) => ({
      module: 'Accounts',
      id: e.id,
      territories: e.territories,
      location: at(60 + i, 5),
    })),
    ledger:
      world.ledger === undefined
        ? undefined
        : {
            records: world.ledger.map((r) => ({
              module: 'Accounts',
              id: r.id,
              gifts: r.gifts.map((g) => ({ territoryId: g.territory.id, selectors: g.selectors })),
            })),
          },
    current: world.current.map((c) => ({
      module: 'Accounts',
      id: c.id,
      territories: [
        ...c.manual.map((t) => ({ id: t.id, name: t.name, assigned: 'manually' as const })),
        ...c.rules.map((t) => ({ id: t.id, name: t.name, assigned: 'automatically' as const })),
      ],
    })),
  };
}

const desiredIds = (target: RecordTarget) => target.desired.map((d) => d.territory.id);

describe('selector target properties', () => {
  it('selectors plan D and additions exactly as the equivalent explicit file (no ledger entries)', () => {
    fc.assert(
      fc.property(worldArb, (world) => {
        const input = { ...inputOf({ ...world, explicit: [] }), ledger: { records: [] } };
        // The equivalent file: each matched record listed with the union of its selectors' lists.
        const union = new Map<string, Territory[]>();
        for (const s of world.selectors) {
          for (const id of s.matches) {
            if (s.exclude.includes(id)) continue;
            const list = union.get(id) ?? [];
            for (const t of s.territories) if (!list.some((l) => l.id === t.id)) list.push(t);
            union.set(id, list);
          }
        }
        const asFile = selectorTargets({
          explicit: [...union].map(([id, territories]) => ({
            module: 'Accounts',
            id,
            territories,
            location: at(1, 5),
          })),
          selectors: [],
          matches: [],
          ledger: { records: [] },
          current: input.current,
        });
        const bySelectors = selectorTargets(input);
        const view = (result: typeof asFile) =>
          result.records.map((target) => {
            const record = input.current?.find((c) => c.id === target.id);
            return {
              id: target.id,
              desired: desiredIds(target),
              add:
                record === undefined
                  ? null
                  : targetChange(target, record).add.map((a) => a.territory.id),
            };
          });
        expect(view(bySelectors)).toEqual(view(asFile));
      }),
      RUNS,
    );
  });

  it('removable is inside G, outside D, and a removal inside G ∩ M', () => {
    fc.assert(
      fc.property(worldArb, (world) => {
        const input = inputOf(world);
        const result = selectorTargets(input);
        for (const target of result.records) {
          const given = new Set(
            (input.ledger?.records ?? [])
              .filter((r) => r.id === target.id)
              .flatMap((r) => r.gifts.map((g) => g.territoryId)),
          );
          const removable = target.removable.map((r) => r.territoryId);
          for (const id of removable) {
            expect(given.has(id)).toBe(true);
            expect(desiredIds(target)).not.toContain(id);
          }
          const record = input.current?.find((c) => c.id === target.id);
          if (record === undefined || target.managedBy === 'explicit') continue;
          const manual = record.territories
            .filter((t) => t.assigned === 'manually')
            .map((t) => t.id);
          for (const removed of targetChange(target, record).remove) {
            expect(given.has(removed.territory.id)).toBe(true);
            expect(manual).toContain(removed.territory.id);
          }
        }
      }),
      RUNS,
    );
  });

  it('does not depend on the order of selectors, matches, entries or ledger', () => {
    // A seeded Fisher-Yates: every list of the input reordered the same way for one seed.
    const shuffle = <T>(items: readonly T[], seed: number): T[] => {
      const copy = [...items];
      let state = seed >>> 0;
      for (let i = copy.length - 1; i > 0; i -= 1) {
        state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
        const j = state % (i + 1);
        [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
      }
      return copy;
    };
    const reordered = (input: SelectorTargetsInput, seed: number): SelectorTargetsInput => ({
      explicit: shuffle(input.explicit, seed),
      selectors: shuffle(input.selectors, seed + 1).map((s) => ({
        ...s,
        territories: shuffle(s.territories, seed + 2),
        exclude: shuffle(s.exclude, seed + 3),
      })),
      matches: shuffle(input.matches, seed + 4).map((m) => ({
        ...m,
        ids: shuffle(m.ids, seed + 5),
      })),
      ledger:
        input.ledger === undefined
          ? undefined
          : {
              records: shuffle(input.ledger.records, seed + 6).map((r) => ({
                ...r,
                gifts: shuffle(r.gifts, seed + 7).map((g) => ({
                  ...g,
                  selectors: shuffle(g.selectors, seed + 8),
                })),
              })),
            },
      current: shuffle(input.current ?? [], seed + 9),
    });
    const reversed = (input: SelectorTargetsInput): SelectorTargetsInput => ({
      explicit: [...input.explicit].reverse(),
      selectors: [...input.selectors].reverse().map((s) => ({
        ...s,
        territories: [...s.territories].reverse(),
        exclude: [...s.exclude].reverse(),
      })),
      matches: [...input.matches].reverse().map((m) => ({ ...m, ids: [...m.ids].reverse() })),
      ledger:
        input.ledger === undefined
          ? undefined
          : {
              records: [...input.ledger.records].reverse().map((r) => ({
                ...r,
                gifts: [...r.gifts]
                  .reverse()
                  .map((g) => ({ ...g, selectors: [...g.selectors].reverse() })),
              })),
            },
      current: [...(input.current ?? [])].reverse(),
    });
    fc.assert(
      fc.property(worldArb, fc.nat(), (world, seed) => {
        const input = inputOf(world);
        const expected = selectorTargets(input);
        expect(selectorTargets(reversed(input))).toEqual(expected);
        expect(selectorTargets(reordered(input, seed))).toEqual(expected);
      }),
      RUNS,
    );
  });
});

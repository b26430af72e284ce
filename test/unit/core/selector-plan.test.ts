// Selectors through the planner (docs/SELECTORS.md §3 to §5): the worked example planned whole,
// with each change's cause, each selector's figures, and what the ledger will remember.
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../../src/core/build-plan.js';
import type { PlanInput } from '../../../src/core/build-plan.js';
import { selectorReadKeys } from '../../../src/core/selector-plan.js';
import { findPlanAlterations } from '../../../src/core/verify-plan.js';
import { renderPlan } from '../../../src/render/render-plan.js';
import { unearnedGift } from '../../../src/core/verify-selectors.js';
import type { SelectionInput } from '../../../src/core/selector-plan.js';
import type {
  DesiredSelector,
  DesiredState,
  LedgerEntry,
  ModuleName,
  Plan,
} from '../../../src/core/model.js';
import { expectPlan, planInput, refOf, territoryNamed } from './builders.js';
import type { RecordSpec } from './builders.js';

const idOf = (name: string): string => territoryNamed(name).id;

function selector(
  name: string,
  territories: readonly string[],
  options: { module?: ModuleName; exclude?: readonly string[]; line?: number } = {},
): DesiredSelector {
  const line = options.line ?? 3;
  return {
    module: options.module ?? 'Accounts',
    name,
    criteria: `Billing_Country = 'Germany'`,
    criteriaHash: 'c'.repeat(64),
    territories: territories.map((written, i) => ({
      ref: refOf(written),
      written,
      location: { file: 'territories.yaml', line: line + 2, column: 20 + i * 8 },
    })),
    exclude: (options.exclude ?? []).map((id, i) => ({
      id,
      location: { file: 'territories.yaml', line: line + 3 + i, column: 9 },
    })),
    location: { file: 'territories.yaml', line, column: 13 },
  };
}

function entry(
  id: string,
  matchedBy: readonly string[],
  gifts: Record<string, string[]>,
): LedgerEntry {
  return {
    module: 'Accounts',
    id,
    matchedBy,
    gifts: Object.entries(gifts)
      .map(([territory, selectors]) => ({ territoryId: idOf(territory), selectors }))
      .sort((a, b) => (a.territoryId < b.territoryId ? -1 : 1)),
  };
}

function input(
  records: readonly RecordSpec[],
  selectors: readonly DesiredSelector[],
  selection: SelectionInput,
): PlanInput {
  const base = planInput(records);
  const desired: DesiredState = { ...base.desired, selectors };
  return { ...base, desired, selection };
}

function planned(
  records: readonly RecordSpec[],
  selectors: readonly DesiredSelector[],
  selection: SelectionInput,
): Plan {
  return expectPlan(buildPlan(input(records, selectors, selection)));
}

// The worked example of docs/SELECTORS.md §3: selector `dach` gives DACH to Accounts it matches.
const DACH = selector('dach', ['DACH']);
const EXAMPLE: readonly RecordSpec[] = [
  { id: '1001', manual: ['EMEA'] }, // new match
  { id: '1002', manual: ['DACH', 'EMEA'] }, // given before, unchanged
  { id: '1003', manual: ['EMEA'] }, // someone removed DACH in Zoho
  { id: '1004', manual: ['DACH'] }, // had DACH before the selector
  { id: '1005', manual: ['DACH', 'EMEA'] }, // moved to France
  { id: '1006', manual: ['DACH'] }, // moved to France, DACH given by hand too
  { id: '1007', manual: ['DACH', 'EMEA'], want: ['EMEA'] }, // listed explicitly
];
const EXAMPLE_SELECTION: SelectionInput = {
  matches: [{ module: 'Accounts', name: 'dach', ids: ['1001', '1002', '1003', '1004', '1007'] }],
  ledger: {
    sha256: 'd'.repeat(64),
    records: [
      entry('1002', ['dach'], { DACH: ['dach'] }),
      entry('1003', ['dach'], { DACH: ['dach'] }),
      entry('1005', ['dach'], { DACH: ['dach'] }),
      entry('1007', ['dach'], { DACH: ['dach'] }),
    ],
  },
};

describe('a plan with selectors', () => {
  const plan = planned(EXAMPLE, [DACH], EXAMPLE_SELECTION);
  const changeOf = (id: string) => plan.changes.find((change) => change.id === id);

  it('plans every row of the worked example', () => {
    const lines = plan.changes.map(
      (change) =>
        `${change.id} ${change.add.map((t) => `+${t.name}`).join(' ')}${change.remove.map((t) => `-${t.name}`).join(' ')}`,
    );
    expect(lines).toEqual(['1001 +DACH', '1003 +DACH', '1005 -DACH', '1007 -DACH']);
  });

  it('gives every selector-managed change its cause, and an explicit one the selectors it overrides', () => {
    expect(changeOf('1001')?.causes).toEqual([
      {
        territoryId: idOf('DACH'),
        action: 'assign',
        cause: { kind: 'selector', selectors: ['dach'] },
      },
    ]);
    expect(changeOf('1005')?.causes).toEqual([
      {
        territoryId: idOf('DACH'),
        action: 'remove',
        cause: { kind: 'ledger', givers: [{ selector: 'dach', reason: 'no-longer-matches' }] },
      },
    ]);
    expect(changeOf('1005')?.keptByRules).toEqual([]);
    expect(changeOf('1007')?.causes).toBeUndefined();
    expect(changeOf('1007')?.overrides).toEqual(['dach']);
    expect(changeOf('1007')?.location).toBeDefined();
  });

  it('counts what each selector manages now against the last apply', () => {
    expect(plan.selectors?.reports).toEqual([
      {
        module: 'Accounts',
        name: 'dach',
        criteriaHash: 'c'.repeat(64),
        matched: 4,
        excluded: 0,
        overridden: 1,
        // 1007 was the selector's at the last apply; it still matches, but its explicit entry
        // has taken it since: counted as overridden, not as no longer matching.
        lastApply: 4,
        newlyMatching: 2,
        noLongerMatching: 1,
        newlyMatchingIds: ['1001', '1004'],
        noLongerMatchingIds: ['1005'],
        reads: 1,
      },
    ]);
  });

  it('remembers only what selectors gave: new gifts, kept gifts, never a territory held before', () => {
    expect(plan.selectors?.ledger).toEqual({
      base: 'd'.repeat(64),
      updates: [
        entry('1001', ['dach'], { DACH: ['dach'] }),
        entry('1004', ['dach'], {}),
        entry('1005', [], {}),
        entry('1007', [], {}),
      ],
    });
  });

  it('reads the records selectors manage or gave something, not the explicit ones again', () => {
    const desired = input(EXAMPLE, [DACH], EXAMPLE_SELECTION).desired;
    expect(selectorReadKeys(desired, EXAMPLE_SELECTION).map((key) => key.id)).toEqual([
      '1001',
      '1002',
      '1003',
      '1004',
      '1005',
    ]);
  });

  it('counts selector records in the summary and the mass-removal guard', () => {
    expect(plan.summary).toMatchObject({ toAssign: 2, toRemove: 2, changedRecords: 4 });
    expect(plan.summary.unchangedRecords).toBe(2);
    expect(plan.safety.listedRecords).toBe(6);
  });
});

describe('selectors without a ledger', () => {
  it('only add, and warn once', () => {
    const plan = planned(EXAMPLE, [DACH], { ...EXAMPLE_SELECTION, ledger: undefined });
    expect(plan.changes.every((change) => change.remove.length === 0 || change.id === '1007')).toBe(
      true,
    );
    expect(plan.warnings.map((w) => w.code)).toContain('SELECTOR_LEDGER_MISSING');
    expect(plan.selectors?.ledger.base).toBeNull();
    expect(plan.selectors?.reports[0]).not.toHaveProperty('lastApply');
  });
});

describe('a selector deleted from the files', () => {
  it('takes back what it gave, with the reason, while the ledger remembers it', () => {
    const plan = planned([{ id: '1002', manual: ['DACH', 'EMEA'] }], [], {
      matches: [],
      ledger: { sha256: 'd'.repeat(64), records: [entry('1002', ['dach'], { DACH: ['dach'] })] },
    });
    expect(plan.changes[0]?.causes?.[0]?.cause).toEqual({
      kind: 'ledger',
      givers: [{ selector: 'dach', reason: 'selector-deleted' }],
    });
    expect(plan.selectors?.ledger.updates).toEqual([entry('1002', [], {})]);
  });
});

describe('limits on the union', () => {
  it('name every selector that gives the record a territory', () => {
    const a = selector('alpha', ['T01', 'T02', 'T03', 'T04', 'T05', 'T06'], { line: 3 });
    const b = selector('beta', ['T07', 'T08', 'T09', 'T10', 'T11'], { line: 9 });
    const result = buildPlan(
      input([{ id: '2001', manual: [] }], [a, b], {
        matches: [
          { module: 'Accounts', name: 'alpha', ids: ['2001'] },
          { module: 'Accounts', name: 'beta', ids: ['2001'] },
        ],
        ledger: undefined,
      }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const error = result.diagnostics.find((d) => d.code === 'TOO_MANY_TERRITORIES');
    expect(error?.message).toContain('alpha');
    expect(error?.message).toContain('beta');
    expect(result.diagnostics.filter((d) => d.code === 'TOO_MANY_TERRITORIES')).toHaveLength(1);
  });
});

describe('a plan without selectors', () => {
  it('has no selectors part, so plans made before selectors stay byte-identical', () => {
    const plan = expectPlan(buildPlan(planInput([{ id: '1', want: ['DACH'], manual: [] }])));
    expect(plan).not.toHaveProperty('selectors');
    expect(plan.changes[0]).not.toHaveProperty('causes');
  });
});

describe('a saved plan with selectors, checked before apply', () => {
  const plan = planned(EXAMPLE, [DACH], EXAMPLE_SELECTION);

  it('is intact as planned', () => {
    expect(findPlanAlterations(plan)).toEqual([]);
    expect(unearnedGift(plan, EXAMPLE_SELECTION.ledger?.records)).toBeUndefined();
  });

  it('is altered when a cause names a territory the change does not touch', () => {
    const changes = plan.changes.map((change) =>
      change.id === '1001'
        ? {
            ...change,
            causes: [
              {
                territoryId: idOf('EMEA'),
                action: 'assign' as const,
                cause: { kind: 'selector' as const, selectors: ['dach'] },
              },
            ],
          }
        : change,
    );
    expect(findPlanAlterations({ ...plan, changes }).map((a) => a.part)).toContain('selectors');
  });

  it('refuses a ledger update that calls a territory a gift the plan never gave', () => {
    // Remembering EMEA as dach's gift on 1004 would let a later plan take EMEA away.
    const updates = plan.selectors?.ledger.updates.map((update) =>
      update.id === '1004' ? entry('1004', ['dach'], { EMEA: ['dach'] }) : update,
    );
    const forged = {
      ...plan,
      selectors: {
        reports: plan.selectors?.reports ?? [],
        ledger: { base: 'd'.repeat(64), updates: updates ?? [] },
      },
    };
    expect(unearnedGift(forged, EXAMPLE_SELECTION.ledger?.records)).toBe(
      `Accounts 1004: territory ${idOf('EMEA')}`,
    );
  });
});

describe('the mass-removal guard with selectors', () => {
  it('trips when a deleted selector takes back all it gave, whatever else the records hold', () => {
    const ids = Array.from({ length: 60 }, (_, i) => String(3000 + i));
    const plan = planned(
      ids.map((id) => ({ id, manual: ['DACH', 'T01', 'T02', 'T03'] })),
      [],
      {
        matches: [],
        ledger: {
          sha256: 'd'.repeat(64),
          records: ids.map((id) => entry(id, ['gone'], { DACH: ['gone'] })),
        },
      },
    );
    expect(plan.summary.toRemove).toBe(60);
    // 60 removals of the 60 assignments selectors manage; the 180 others are not theirs.
    expect(plan.safety.managedAssignments).toBe(60);
    expect(plan.safety.tripped).toBe(true);
    expect(findPlanAlterations(plan)).toEqual([]);
  });
});

describe('a selector renamed or deleted', () => {
  it('says which records the new name takes over, and removes nothing it still gives', () => {
    const renamed = selector('dach-renamed', ['DACH']);
    const plan = planned([{ id: '1002', manual: ['DACH', 'EMEA'] }], [renamed], {
      matches: [{ module: 'Accounts', name: 'dach-renamed', ids: ['1002'] }],
      ledger: { sha256: 'd'.repeat(64), records: [entry('1002', ['dach'], { DACH: ['dach'] })] },
    });
    expect(plan.changes).toEqual([]);
    expect(plan.selectors?.reports[0]?.takenOver).toEqual([{ from: 'dach', records: 1 }]);
    expect(plan.selectors?.deleted).toEqual([{ module: 'Accounts', name: 'dach', lastApply: 1 }]);
    // The gift moves to the new name in the ledger.
    expect(plan.selectors?.ledger.updates).toEqual([
      entry('1002', ['dach-renamed'], { DACH: ['dach-renamed'] }),
    ]);
    const text = renderPlan(plan, { format: 'text' });
    expect(text).toContain(
      'takes over 1 record from dach (no longer in the files: renamed or replaced)',
    );
    expect(text).toContain(
      'Accounts dach: no longer in the files; it managed 1 record at the last apply',
    );
  });
});

describe('a ledger naming a territory deleted in Zoho', () => {
  it('warns once, removes nothing, and forgets the gift', () => {
    const gone = { territoryId: '554023000000999999', selectors: ['dach'] };
    const plan = planned([{ id: '1002', manual: ['DACH'] }], [DACH], {
      matches: [{ module: 'Accounts', name: 'dach', ids: ['1002'] }],
      ledger: {
        sha256: 'd'.repeat(64),
        records: [
          {
            ...entry('1002', ['dach'], { DACH: ['dach'] }),
            gifts: [entry('1002', [], { DACH: ['dach'] }).gifts[0]!, gone].sort((a, b) =>
              a.territoryId < b.territoryId ? -1 : 1,
            ),
          },
        ],
      },
    });
    expect(plan.changes).toEqual([]);
    expect(plan.warnings.filter((w) => w.code === 'LEDGER_UNKNOWN_TERRITORY')).toHaveLength(1);
    expect(plan.selectors?.ledger.updates).toEqual([entry('1002', ['dach'], { DACH: ['dach'] })]);
  });
});

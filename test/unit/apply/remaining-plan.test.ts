import { describe, expect, it } from 'vitest';
import type { CurrentRecord, Plan } from '../../../src/core/model.js';
import { checkPlanHash } from '../../../src/core/plan-json.js';
import { remainingPlan } from '../../../src/core/remaining-plan.js';
import {
  describeChanges,
  describeWaves,
  planOf,
  schemaProblems,
  territoryNamed,
} from '../core/builders.js';
import type { RecordSpec } from '../core/builders.js';
import { findPlanAlterations } from '../../../src/core/verify-plan.js';

/** The CRM after part of the plan happened: records with these manual/rule territories. */
function crm(
  records: readonly {
    id: string;
    module?: CurrentRecord['module'];
    manual?: string[];
    rules?: string[];
  }[],
): CurrentRecord[] {
  return records.map((r) => ({
    module: r.module ?? 'Accounts',
    id: r.id,
    territories: [
      ...(r.manual ?? []).map((n) => ({ ...territoryNamed(n), assigned: 'manually' as const })),
      ...(r.rules ?? []).map((n) => ({ ...territoryNamed(n), assigned: 'automatically' as const })),
    ].map((t) => ({ id: t.id, name: t.name, assigned: t.assigned })),
  }));
}

const SPECS: RecordSpec[] = [
  { id: '1001', want: ['DACH', 'Nordics', 'France'], manual: ['Japan'] },
  { id: '1002', want: ['DACH'] },
  { id: '9001', module: 'Deals', want: ['US East'], manual: ['US West'] },
  { id: '1003', want: [], manual: ['LATAM'], rules: ['Partners'] },
];
const PLAN: Plan = planOf(SPECS);

describe('what is left of a plan after part of it was applied', () => {
  it('is the plan itself when nothing happened yet (same planHash)', () => {
    const left = remainingPlan(
      PLAN,
      crm([
        { id: '1001', manual: ['Japan'] },
        { id: '1002' },
        { id: '9001', module: 'Deals', manual: ['US West'] },
        { id: '1003', manual: ['LATAM'], rules: ['Partners'] },
      ]),
    );
    expect(left.planHash).toBe(PLAN.planHash);
    expect(left).toEqual(PLAN);
  });

  it('is empty when everything happened', () => {
    const left = remainingPlan(
      PLAN,
      crm([
        { id: '1001', manual: ['DACH', 'Nordics', 'France'] },
        { id: '1002', manual: ['DACH'] },
        { id: '9001', module: 'Deals', manual: ['US East'] },
        { id: '1003', rules: ['Partners'] },
      ]),
    );
    expect(left.changes).toEqual([]);
    expect(left.waves).toEqual([]);
    expect(left.summary).toMatchObject({ toAssign: 0, toRemove: 0, changedRecords: 0 });
    expect(left.summary.unchangedRecords).toBe(PLAN.summary.unchangedRecords + 4);
  });

  it.each([
    {
      name: 'a Deal whose removal landed only needs its assign, now in the first wave',
      now: [{ id: '9001', module: 'Deals' as const }],
      changes: [{ module: 'Deals', id: '9001', add: ['US East'], remove: [], keptByRules: [] }],
      waves: ['1 assign Deals 9001[US East]'],
    },
    {
      name: 'a record with two of three territories assigned only needs the third',
      now: [{ id: '1001', manual: ['DACH', 'France', 'Japan'] }],
      changes: [
        { module: 'Accounts', id: '1001', add: ['Nordics'], remove: ['Japan'], keptByRules: [] },
      ],
      waves: ['1 remove Accounts 1001[Japan]', '2 assign Accounts 1001[Nordics]'],
    },
    {
      name: 'a removal that already happened is not sent again; rule-assigned ones stay out',
      now: [{ id: '1003', rules: ['Partners'] }],
      changes: [],
      waves: [],
    },
  ])('$name', ({ now, changes, waves }) => {
    const only = PLAN.changes.filter((c) => now.some((n) => n.id === c.id));
    const plan: Plan = { ...PLAN, changes: only };
    const left = remainingPlan(plan, crm(now));
    expect(describeChanges(left)).toEqual(changes);
    expect(describeWaves(left)).toEqual(waves);
  });

  it('keeps the whole change of a record that vanished, so applying it reports NOT_FOUND', () => {
    const left = remainingPlan(PLAN, crm([{ id: '1002', manual: ['DACH'] }]));
    expect(left.changes.map((c) => c.id)).toEqual(['1001', '1003', '9001']);
    expect(left.changes[0]).toEqual(PLAN.changes[0]);
  });

  it('records the CRM state it was computed from as each change`s before', () => {
    const left = remainingPlan(PLAN, crm([{ id: '1001', manual: ['DACH'] }]));
    expect(left.changes[0]?.before.map((t) => t.name)).toEqual(['DACH']);
  });

  it('is a valid plan with its own, checkable planHash', () => {
    const left = remainingPlan(PLAN, crm([{ id: '1001', manual: ['DACH'] }, { id: '1002' }]));
    expect(left.planHash).not.toBe(PLAN.planHash);
    expect(checkPlanHash(left)).toBe(true);
    expect(schemaProblems(left)).toEqual([]);
    // 1001: Nordics, France; 1002: DACH; 9001 and 1003 were not read, so whole: US East, two removals.
    expect(left.summary).toMatchObject({ toAssign: 4, toRemove: 2, changedRecords: 4 });
  });

  it("batches what is left at the plan's batch size", () => {
    const many = planOf(
      Array.from({ length: 7 }, (_, i) => ({ id: String(2000 + i), want: ['DACH'] })),
      { batchSize: 3 },
    );
    const left = remainingPlan(many, crm([{ id: '2000', manual: ['DACH'] }]));
    expect(left.waves[0]?.batches.map((b) => b.records.length)).toEqual([3, 3]);
  });

  it('needs --allow-mass-removal again only while removals of a guarded plan are left', () => {
    // Any removal trips this guard: the plan removes 3 (Japan, US West, LATAM).
    const guarded = planOf(SPECS, { safety: { absolute: 0, ratio: 0 } });
    expect(guarded.safety.tripped).toBe(true);
    const done = [
      { id: '1001', manual: ['DACH', 'Nordics', 'France'] },
      { id: '1002', manual: ['DACH'] },
      { id: '9001', module: 'Deals' as const, manual: ['US East'] },
    ];
    const removalsLeft = remainingPlan(guarded, crm([...done, { id: '1003', manual: ['LATAM'] }]));
    expect(removalsLeft.safety).toMatchObject({ tripped: true, removals: 1 });
    expect(removalsLeft.safety.reason).toContain('1 removal exceeds the safety threshold of 0');
    // What is left is itself a plan that agrees with its changes (a resume journals it).
    expect(findPlanAlterations(removalsLeft)).toEqual([]);
    const onlyAdds = remainingPlan(
      guarded,
      crm([...done.filter((r) => r.id !== '1002'), { id: '1002' }, { id: '1003' }]),
    );
    expect(onlyAdds.summary).toMatchObject({ toAssign: 1, toRemove: 0 });
    expect(onlyAdds.safety.tripped).toBe(false);
    expect(onlyAdds.safety.reason).toBeUndefined();
    const unguarded = remainingPlan(PLAN, crm([...done, { id: '1003', manual: ['LATAM'] }]));
    expect(unguarded.safety.tripped).toBe(false);
  });
});

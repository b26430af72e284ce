// The saved-plan check: a plan file agrees with what its changes give, or says which part does
// not. Each row is an edit someone could make to plan.json (recomputing its planHash after).
import { describe, expect, it } from 'vitest';
import type { Plan, RecordPlan } from '../../../src/core/model.js';
import { findPlanAlterations } from '../../../src/core/verify-plan.js';
import { planOf, territoryNamed } from './builders.js';

const PLAN: Plan = planOf(
  [
    { id: '1001', want: ['DACH', 'Nordics'], manual: ['Japan'] },
    { id: '1002', want: ['DACH'] },
    { id: '1003', want: ['DACH'] },
    { id: '9001', module: 'Deals', want: ['US East'], manual: ['US West'] },
    { id: '1004', want: ['EMEA'], manual: ['EMEA'], rules: ['Partners'] },
    { id: '1005', want: ['DACH'], rules: ['Partners'] },
  ],
  { batchSize: 2, safety: { absolute: 1, ratio: 0 } },
);

const brief = (name: string) => {
  const t = territoryNamed(name);
  return { id: t.id, name: t.name };
};
const mapChange = (plan: Plan, id: string, edit: (c: RecordPlan) => RecordPlan): Plan => ({
  ...plan,
  changes: plan.changes.map((c) => (c.id === id ? edit(c) : c)),
});

describe('findPlanAlterations', () => {
  it('finds nothing in a plan as the planner made it', () => {
    expect(PLAN.safety.tripped).toBe(true);
    expect(findPlanAlterations(PLAN)).toEqual([]);
  });

  it.each<[string, (plan: Plan) => Plan, string, RegExp]>([
    [
      'a territory swapped in a batch',
      (p) => ({
        ...p,
        waves: p.waves.map((w, i) =>
          i > 0
            ? w
            : {
                ...w,
                batches: w.batches.map((b, j) =>
                  j > 0
                    ? b
                    : {
                        ...b,
                        records: b.records.map((r) => ({
                          ...r,
                          territoryIds: [brief('Partners').id],
                        })),
                      },
                ),
              },
        ),
      }),
      'waves',
      /write "wave 1: .*", which no change asks for/,
    ],
    [
      'a wave dropped',
      (p) => ({ ...p, waves: p.waves.slice(0, 1) }),
      'waves',
      /leave out "wave 2: assign /,
    ],
    [
      'a batch split in two',
      (p) => ({
        ...p,
        waves: p.waves.map((w) => ({
          ...w,
          batches: w.batches.flatMap((b) =>
            b.records.length > 1
              ? [
                  { ...b, records: b.records.slice(0, 1) },
                  { ...b, records: b.records.slice(1) },
                ]
              : [b],
          ),
        })),
      }),
      'batches',
      /cut the writes into \d+ calls; the plan's batch size gives \d+/,
    ],
    [
      'the guard switched off',
      (p) => ({ ...p, safety: { ...p.safety, tripped: false } }),
      'safety',
      /says not tripped, but 2 removals against a threshold of 1 trip it/,
    ],
    [
      'the guard threshold raised through the options',
      (p) => ({ ...p, safety: { ...p.safety, absolute: 100, threshold: 100, tripped: false } }),
      'safety',
      /threshold/,
    ],
    [
      'managed assignments inflated past what the records can hold',
      (p) => ({ ...p, safety: { ...p.safety, managedAssignments: 1000 } }),
      'safety',
      /1000 manual assignments, which the changes and 1 unchanged records cannot hold/,
    ],
    [
      'fewer writes announced',
      (p) => ({ ...p, cost: { ...p.cost, writes: 1 } }),
      'cost',
      /the cost says 1 write calls/,
    ],
    [
      'a summary that hides a removal',
      (p) => ({ ...p, summary: { ...p.summary, toRemove: 0 } }),
      'summary',
      /-0\) but the changes hold 5 \(\+6 -2\)/,
    ],
    [
      'a removal of a territory the record does not have',
      (p) => mapChange(p, '1002', (c) => ({ ...c, remove: [brief('France')] })),
      'changes',
      /Accounts 1002 loses a territory it did not have manually/,
    ],
    [
      'a removal of a rule-assigned territory',
      (p) => mapChange(p, '1005', (c) => ({ ...c, remove: [brief('Partners')] })),
      'changes',
      /Accounts 1005 loses a territory it did not have manually/,
    ],
    [
      'a Deal given two territories',
      (p) =>
        mapChange(p, '9001', (c) => ({ ...c, remove: [], add: [brief('US East'), brief('EMEA')] })),
      'changes',
      /Deals 9001 would hold 3 territories, more than Zoho's 1/,
    ],
    [
      'a record listed twice',
      (p) => ({ ...p, changes: [p.changes[0] as RecordPlan, ...p.changes] }),
      'changes',
      /out of order or listed twice/,
    ],
    [
      'the desired files swapped',
      (p) => ({ ...p, desiredFiles: [{ path: 'other.yaml', sha256: 'f'.repeat(64) }] }),
      'desiredHash',
      /not the hash of the listed desired files/,
    ],
  ])('names the part when %s', (_name, edit, part, detail) => {
    const found = findPlanAlterations(edit(PLAN));
    const match = found.find((a) => a.part === part);
    expect(match, JSON.stringify(found)).toBeDefined();
    expect(match?.detail).toMatch(detail);
  });
});

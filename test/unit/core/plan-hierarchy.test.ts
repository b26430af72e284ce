// The hierarchy a plan carries so `show` can draw it per territory offline: exactly the changed
// territories and their ancestors; covered by planHash and the signature when present; plans
// saved before it existed still hash and verify as they did.
import { describe, expect, it } from 'vitest';
import { checkPlanValue } from '../../../src/apply/saved-plan.js';
import type { Plan, Territory } from '../../../src/core/model.js';
import { computePlanHash } from '../../../src/core/plan-hash.js';
import { hierarchyProblem, planHierarchy } from '../../../src/core/plan-hierarchy.js';
import { checkPlanHash } from '../../../src/core/plan-json.js';
import { signPlanHash } from '../../../src/core/plan-signature.js';
import { buildCatalogueIndex } from '../../../src/core/catalogue-index.js';
import { findPlanAlterations } from '../../../src/core/verify-plan.js';
import { planOf, territoryNamed } from './builders.js';

const PLAN: Plan = planOf([
  { id: '1001', want: ['DACH'], manual: ['Japan'] },
  { id: '9001', module: 'Deals', want: ['Organization/EMEA/Enterprise'], manual: ['US West'] },
  { id: '1002', want: ['Partners'], rules: ['LATAM'] },
]);

const names = (hierarchy: readonly Territory[] | undefined) =>
  (hierarchy ?? []).map((t) => t.name).sort();

/** The plan as a file would hold it after an edit, its planHash recomputed as anyone can. */
function edited(plan: Plan, hierarchy: readonly Territory[] | undefined): Plan {
  const rest: Record<string, unknown> = { ...plan };
  for (const key of ['planHash', 'signature', 'hierarchy']) delete rest[key];
  const unhashed = (hierarchy === undefined ? rest : { ...rest, hierarchy }) as Omit<
    Plan,
    'planHash'
  >;
  return { ...unhashed, planHash: computePlanHash(unhashed) };
}

describe('the hierarchy a plan carries', () => {
  it('holds the territories the changes gain or lose and their ancestors, nothing else', () => {
    // LATAM is only kept by rules: no change gains or loses it, so it is not drawn.
    expect(names(PLAN.hierarchy)).toEqual(
      [
        'APAC',
        'DACH',
        'EMEA',
        'Enterprise',
        'Japan',
        'Americas',
        'Organization',
        'Partners',
        'US West',
      ].sort(),
    );
    const ids = (PLAN.hierarchy ?? []).map((t) => t.id);
    expect(ids).toEqual([...ids].sort((a, b) => a.length - b.length || (a < b ? -1 : 1)));
    expect(findPlanAlterations(PLAN)).toEqual([]);
  });

  it('walks a corrupt catalogue with a cycle without looping', () => {
    const a = territoryNamed('DACH');
    const cyclic = buildCatalogueIndex({
      territories: [
        { id: a.id, name: 'DACH', parentId: '999' },
        { id: '999', name: 'Loop', parentId: a.id },
      ],
    });
    const change = {
      ...(PLAN.changes[0] as Plan['changes'][number]),
      add: [{ id: a.id, name: 'DACH' }],
      remove: [],
    };
    // By id: the shorter id first. Both members of the cycle, each once.
    expect(planHierarchy(cyclic, [change]).map((t) => t.name)).toEqual(['Loop', 'DACH']);
  });

  it('is optional: a plan saved before it existed hashes, verifies and reads as it did', () => {
    const old = edited(PLAN, undefined);
    expect(old.hierarchy).toBeUndefined();
    expect(checkPlanHash(old)).toBe(true);
    expect(findPlanAlterations(old)).toEqual([]);
    expect(() => checkPlanValue(JSON.parse(JSON.stringify(old)), 'old.json')).not.toThrow();
  });

  it('is covered by planHash and by the signature', () => {
    const key = 'k'.repeat(40);
    const signed = { ...PLAN, signature: signPlanHash(PLAN.planHash, key) };
    const [first, ...rest] = PLAN.hierarchy ?? [];
    const renamed = {
      ...signed,
      hierarchy: [{ ...(first as Territory), name: 'Renamed' }, ...rest],
    };
    expect(checkPlanHash(renamed)).toBe(false);
    // Recomputing the hash (anyone can) does not recompute the signature (only the key can).
    expect(() =>
      checkPlanValue(
        JSON.parse(
          JSON.stringify({ ...edited(PLAN, renamed.hierarchy), signature: signed.signature }),
        ),
        'x.json',
        { key },
      ),
    ).toThrow(/signature/i);
  });

  it.each<[string, (h: Territory[]) => Territory[], RegExp]>([
    [
      'an extra territory',
      (h) => [...h, { id: '554023000000999999', name: 'Extra', parentId: null }],
      /neither changed nor an ancestor/,
    ],
    ['a changed territory left out', (h) => h.filter((t) => t.name !== 'DACH'), /lacks/],
    [
      'a territory renamed',
      (h) => h.map((t) => (t.name === 'DACH' ? { ...t, name: 'Sales DACH' } : t)),
      /calls it "Sales DACH"/,
    ],
    [
      'a territory listed twice',
      (h) => [...h, h[h.length - 1] as Territory],
      /out of order or listed twice/,
    ],
    ['the order changed', (h) => [...h].reverse(), /out of order/],
  ])('refuses %s (part "hierarchy")', (_, edit, detail) => {
    const plan = edited(PLAN, edit([...(PLAN.hierarchy ?? [])]));
    expect(checkPlanHash(plan)).toBe(true);
    const found = findPlanAlterations(plan);
    expect(found.map((a) => a.part)).toEqual(['hierarchy']);
    expect(found[0]?.detail).toMatch(detail);
    expect(() => checkPlanValue(JSON.parse(JSON.stringify(plan)), 'plan.json')).toThrow(
      /hierarchy/,
    );
  });

  it('accepts a change named by its path where the name is shared', () => {
    const deal = PLAN.changes.find((c) => c.module === 'Deals');
    expect(deal?.add.map((t) => t.name)).toEqual(['Organization/EMEA/Enterprise']);
    expect(hierarchyProblem(PLAN.hierarchy ?? [], PLAN.changes)).toBeUndefined();
  });

  it('is refused by the schema when an entry has more than id, name and parentId', () => {
    const [first, ...rest] = PLAN.hierarchy ?? [];
    const plan = edited(PLAN, [{ ...(first as Territory), owners: ['@x'] } as Territory, ...rest]);
    expect(() => checkPlanValue(JSON.parse(JSON.stringify(plan)), 'plan.json')).toThrow(
      /not a valid|schema|plan/i,
    );
  });
});

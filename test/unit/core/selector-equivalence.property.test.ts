// The property (docs/SELECTORS.md §3 item 15): selectors expanded to explicit ids plan
// exactly like the equivalent explicit file. Through the whole planner (buildPlan), over
// generated selectors, matches and CRM states:
//   1. no ledger, every manual territory inside the record's union: the same writes;
//   2. a ledger that says selectors gave every manual territory (G ⊇ M), records that stopped
//      matching included: the same writes, removals too (remove = (G ∩ M) − D = M − D).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../../src/core/build-plan.js';
import type { DesiredSelector, LedgerEntry, Plan } from '../../../src/core/model.js';
import type { SelectionInput } from '../../../src/core/selector-plan.js';
import { expectPlan, planInput, refOf, territoryNamed } from './builders.js';
import type { RecordSpec } from './builders.js';

const GIVEN = ['T01', 'T02', 'T03', 'T04', 'T05', 'T06'] as const;
const RULES = ['T07', 'T08', 'T09'] as const;
const NAMES = ['alpha', 'beta', 'gamma'] as const;

interface Case {
  readonly selectors: readonly (readonly string[])[];
  readonly records: readonly {
    readonly matchedBy: readonly number[];
    readonly manualPick: readonly boolean[];
    readonly rules: readonly string[];
  }[];
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  selectors: fc.array(fc.uniqueArray(fc.constantFrom(...GIVEN), { minLength: 1, maxLength: 3 }), {
    minLength: 1,
    maxLength: 3,
  }),
  records: fc.array(
    fc.record({
      matchedBy: fc.uniqueArray(fc.integer({ min: 0, max: 2 }), { maxLength: 3 }),
      manualPick: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
      rules: fc.uniqueArray(fc.constantFrom(...RULES), { maxLength: 2 }),
    }),
    { minLength: 1, maxLength: 25 },
  ),
});

const idOf = (i: number): string => String(9_000_000 + i);

function selectorsOf(c: Case): DesiredSelector[] {
  return c.selectors.map((territories, s) => ({
    module: 'Accounts',
    name: NAMES[s] as string,
    criteria: `Employees > ${s}`,
    criteriaHash: String(s).repeat(64),
    territories: territories.map((written, j) => ({
      ref: refOf(written),
      written,
      location: { file: 'territories.yaml', line: 3 + s * 5, column: 20 + j * 6 },
    })),
    exclude: [],
    location: { file: 'territories.yaml', line: 2 + s * 5, column: 13 },
  }));
}

/** D of record i: the union of the territories of the selectors matching it. */
function unionOf(c: Case, i: number): string[] {
  const matched = (c.records[i]?.matchedBy ?? []).filter((s) => s < c.selectors.length);
  return [...new Set(matched.flatMap((s) => c.selectors[s] ?? []))].sort();
}

/** A record's manual territories: picked from its union (mode 1) or from every given one (2). */
function manualOf(c: Case, i: number, pool: readonly string[]): string[] {
  const pick = c.records[i]?.manualPick ?? [];
  return pool.filter((_, j) => pick[j] === true);
}

function matchesOf(c: Case): SelectionInput['matches'] {
  return c.selectors.map((_, s) => ({
    module: 'Accounts',
    name: NAMES[s] as string,
    ids: c.records.flatMap((r, i) => (r.matchedBy.includes(s) ? [idOf(i)] : [])),
  }));
}

/** What a plan writes, per record: the part both plans must agree on. */
function writes(plan: Plan): string[] {
  return plan.changes.map(
    (change) =>
      `${change.id} +${change.add.map((t) => t.name).join(',')} -${change.remove.map((t) => t.name).join(',')}`,
  );
}

function plans(c: Case, withLedger: boolean): { viaSelectors: Plan; explicit: Plan } {
  const specs = c.records.map((record, i) => {
    const pool = withLedger ? [...GIVEN] : unionOf(c, i);
    return { id: idOf(i), manual: manualOf(c, i, pool), rules: [...record.rules] };
  });
  // Selectors only: no records: entry, the CRM state as generated.
  const base = planInput(specs);
  const ledger: LedgerEntry[] = specs
    .map((spec) => ({
      module: 'Accounts' as const,
      id: spec.id,
      matchedBy: [],
      gifts: spec.manual
        .map((name) => ({ territoryId: territoryNamed(name).id, selectors: ['alpha'] }))
        .sort((a, b) => (a.territoryId < b.territoryId ? -1 : 1)),
    }))
    .filter((entry) => entry.gifts.length > 0);
  const viaSelectors = expectPlan(
    buildPlan({
      ...base,
      desired: { ...base.desired, selectors: selectorsOf(c) },
      selection: {
        matches: matchesOf(c),
        ledger: withLedger ? { sha256: 'e'.repeat(64), records: ledger } : undefined,
      },
    }),
  );
  // The equivalent explicit file: every record the selectors concern, listed with its union.
  const listed: RecordSpec[] = specs.flatMap((spec, i) => {
    const union = unionOf(c, i);
    const concerned = union.length > 0 || (withLedger && spec.manual.length > 0);
    return concerned ? [{ ...spec, want: union }] : [spec];
  });
  const explicit = expectPlan(buildPlan(planInput(listed)));
  return { viaSelectors, explicit };
}

describe('selectors expanded to explicit ids plan like the explicit file', () => {
  it('without a ledger, when every manual territory is inside the union', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { viaSelectors, explicit } = plans(c, false);
        expect(writes(viaSelectors)).toEqual(writes(explicit));
        expect(viaSelectors.waves).toEqual(explicit.waves);
      }),
      { numRuns: 200 },
    );
  });

  it('with a ledger that gave every manual territory, removals and stopped matches included', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { viaSelectors, explicit } = plans(c, true);
        expect(writes(viaSelectors)).toEqual(writes(explicit));
        expect(viaSelectors.waves).toEqual(explicit.waves);
        expect(viaSelectors.summary.toRemove).toBe(explicit.summary.toRemove);
      }),
      { numRuns: 200 },
    );
  });
});

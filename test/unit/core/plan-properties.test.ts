// Properties of every plan, over generated orgs: fast-check explores combinations of manual,
// rule-assigned and wanted territories across the three modules that tables cannot list.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildPlan, startPlan } from '../../../src/core/build-plan.js';
import type { PlanInput } from '../../../src/core/build-plan.js';
import type { CurrentRecord, ModuleName, Plan } from '../../../src/core/model.js';
import { MANAGED_MODULES } from '../../../src/core/model.js';
import { serializePlan } from '../../../src/core/plan-json.js';
import { remainingPlan } from '../../../src/core/remaining-plan.js';
import { findPlanAlterations } from '../../../src/core/verify-plan.js';
import { MAX_TERRITORIES_PER_RECORD } from '../../../src/constants/zoho.js';
import { expectPlan, nameOf, planInput } from './builders.js';
import type { RecordSpec } from './builders.js';

const POOL = ['EMEA', 'DACH', 'France', 'US East', 'US West', 'LATAM', 'Japan', 'Partners'];
const RUNS = { numRuns: 150, interruptAfterTimeLimit: 15_000 };

type Held = 'none' | 'manual' | 'rules';
const heldArb = fc.constantFrom<Held>('none', 'none', 'manual', 'rules');
const territoryArb = fc.record({ held: heldArb, wanted: fc.boolean() });

interface GenRecord {
  module: ModuleName;
  n: number;
  /** In the CRM but not in the YAML: must never be touched. */
  unlisted: boolean;
  /** One entry per POOL territory: how the record holds it now, and whether it is wanted. */
  territories: { held: Held; wanted: boolean }[];
}

const recordArb: fc.Arbitrary<GenRecord> = fc.record({
  module: fc.constantFrom(...MANAGED_MODULES),
  n: fc.integer({ min: 1, max: 400 }),
  unlisted: fc.integer({ min: 0, max: 9 }).map((k) => k === 0),
  territories: fc.array(territoryArb, { minLength: POOL.length, maxLength: POOL.length }),
});

/** A record as Zoho would hold it: within its module's limit now and after the plan. */
function toSpec(raw: GenRecord): RecordSpec {
  let held = raw.territories.map((t, i) => ({ name: POOL[i] ?? 'EMEA', ...t }));
  if (raw.module === 'Deals') {
    const first = held.find((t) => t.held !== 'none');
    held = held.map((t) => (t === first ? t : { ...t, held: 'none' as const }));
  }
  const manual = held.filter((t) => t.held === 'manual').map((t) => t.name);
  const rules = held.filter((t) => t.held === 'rules').map((t) => t.name);
  let want = held.filter((t) => t.wanted).map((t) => t.name);
  if (raw.module === 'Deals') {
    want = rules.length > 0 ? want.filter((w) => rules.includes(w)) : want.slice(0, 1);
  }
  return {
    module: raw.module,
    id: `5540230${String(raw.n).padStart(11, '0')}`,
    manual,
    rules,
    ...(raw.unlisted ? {} : { want }),
  };
}

const scenarioArb = fc.record({
  records: fc.uniqueArray(recordArb, {
    maxLength: 30,
    selector: (r) => `${r.module}:${r.n}`,
  }),
  batchSize: fc.integer({ min: 1, max: 12 }),
  seed: fc.integer(),
});

function inputOf(scenario: { records: GenRecord[]; batchSize: number }): PlanInput {
  return planInput(scenario.records.map(toSpec), {
    batchSize: scenario.batchSize,
    safety: { absolute: 1e6 },
  });
}

/** A seeded Fisher-Yates shuffle (mulberry32), so a failing case replays exactly. */
function shuffle<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(next() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

function shuffledInput(input: PlanInput, seed: number): PlanInput {
  return {
    ...input,
    desired: {
      files: shuffle(input.desired.files, seed),
      records: shuffle(input.desired.records, seed + 1).map((r, i) => ({
        ...r,
        territories: shuffle(r.territories, seed + i),
      })),
    },
    catalogue: { territories: shuffle(input.catalogue.territories, seed + 2) },
    current: {
      records: shuffle(input.current.records, seed + 3).map((r, i) => ({
        ...r,
        territories: shuffle(r.territories, seed - i),
      })),
    },
  };
}

/** Applies the plan's waves the way Zoho would, checking what Zoho would refuse on the way. */
function simulate(plan: Plan, current: readonly CurrentRecord[]): CurrentRecord[] {
  const state = new Map(current.map((r) => [`${r.module}:${r.id}`, r]));
  for (const wave of plan.waves) {
    const touched = new Set<string>();
    for (const batch of wave.batches) {
      for (const entry of batch.records) {
        const key = `${batch.module}:${entry.id}`;
        // A second job for a record in the same wave: Zoho answers ALREADY_SCHEDULED.
        expect(touched.has(key)).toBe(false);
        touched.add(key);
        const record = state.get(key);
        if (record === undefined) throw new Error(`plan writes to unknown record ${key}`);
        const territories =
          batch.action === 'remove'
            ? record.territories.filter(
                (t) => t.assigned !== 'manually' || !entry.territoryIds.includes(t.id),
              )
            : [
                ...record.territories,
                ...entry.territoryIds
                  .filter((id) => !record.territories.some((t) => t.id === id))
                  .map((id) => ({ id, name: nameOf(id), assigned: 'manually' as const })),
              ];
        state.set(key, { ...record, territories });
      }
    }
    // Jobs of a wave finish before the next starts: no record may exceed its limit between waves.
    for (const record of state.values()) {
      expect(record.territories.length).toBeLessThanOrEqual(
        MAX_TERRITORIES_PER_RECORD[record.module],
      );
    }
  }
  return [...state.values()];
}

describe('plan properties', () => {
  it('does not depend on the order of any input', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const input = inputOf(scenario);
        const plan = expectPlan(buildPlan(input));
        const again = expectPlan(buildPlan(shuffledInput(input, scenario.seed)));
        expect(serializePlan(again)).toBe(serializePlan(plan));
      }),
      RUNS,
    );
  });

  it('diffing the CRM records as they arrive, in any batches and order, gives the same plan', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer({ min: 1, max: 8 }), (scenario, batches) => {
        const input = inputOf(scenario);
        const whole = serializePlan(expectPlan(buildPlan(input)));
        const arriving = shuffledInput(input, scenario.seed).current.records;
        const builder = startPlan(input);
        const size = Math.max(1, Math.ceil(arriving.length / batches));
        for (let i = 0; i < arriving.length; i += size) {
          builder.examine(arriving.slice(i, i + size));
        }
        expect(serializePlan(expectPlan(builder.finish()))).toBe(whole);
      }),
      RUNS,
    );
  });

  it('converges: applying the waves, then planning again, finds nothing to do', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const input = inputOf(scenario);
        const plan = expectPlan(buildPlan(input));
        const after = simulate(plan, input.current.records);
        const replan = expectPlan(buildPlan({ ...input, current: { records: after } }));
        expect(replan.changes).toEqual([]);
        expect(replan.waves).toEqual([]);
        expect(replan.summary.unchangedRecords).toBe(input.desired.records.length);
      }),
      RUNS,
    );
  });

  it('batches within the size, each record once per wave, removals before assigns', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const plan = expectPlan(buildPlan(inputOf(scenario)));
        const size = Math.min(scenario.batchSize, 10);
        const losing = new Set(
          plan.changes.filter((c) => c.remove.length > 0).map((c) => `${c.module}:${c.id}`),
        );
        plan.waves.forEach((wave, i) => {
          expect(wave.index).toBe(i + 1);
          const seen = new Set<string>();
          for (const batch of wave.batches) {
            expect(batch.records.length).toBeGreaterThan(0);
            expect(batch.records.length).toBeLessThanOrEqual(size);
            for (const entry of batch.records) {
              const key = `${batch.module}:${entry.id}`;
              expect(seen.has(key)).toBe(false);
              seen.add(key);
              if (wave.index === 1 && batch.action === 'assign')
                expect(losing.has(key)).toBe(false);
            }
          }
        });
      }),
      RUNS,
    );
  });

  it('every plan the planner makes passes the saved-plan check, and what is left of it too', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer({ min: 0, max: 100 }), (scenario, share) => {
        const input = inputOf(scenario);
        const result = buildPlan(input);
        if (!result.ok) return;
        expect(findPlanAlterations(result.plan)).toEqual([]);
        // Part of it happened (the first `share`% of its records): the rest is a plan too.
        const done = result.plan.changes.slice(
          0,
          Math.floor((result.plan.changes.length * share) / 100),
        );
        const after = input.current.records.map((record) => {
          const change = done.find((c) => c.module === record.module && c.id === record.id);
          if (change === undefined) return record;
          const removed = new Set(change.remove.map((t) => t.id));
          return {
            ...record,
            territories: [
              ...record.territories.filter((t) => !removed.has(t.id)),
              ...change.add.map((t) => ({ ...t, assigned: 'manually' as const })),
            ],
          };
        });
        expect(findPlanAlterations(remainingPlan(result.plan, after))).toEqual([]);
      }),
      RUNS,
    );
  });
});

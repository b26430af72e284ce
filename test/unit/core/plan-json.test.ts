import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../../src/core/build-plan.js';
import type { PlanInput } from '../../../src/core/build-plan.js';
import { canonicalJson } from '../../../src/core/canonical-json.js';
import type { Plan, Wave } from '../../../src/core/model.js';
import { checkPlanHash, serializePlan, serializePlanChunks } from '../../../src/core/plan-json.js';
import { computeDesiredHash, computePlanHash, sha256Hex } from '../../../src/core/plan-hash.js';
import { DEMO_TERRITORIES, expectPlan, planInput, planOf, schemaProblems } from './builders.js';
import type { RecordSpec } from './builders.js';

const BIG_RECORD = '5540230000036350231';
const BIG_TERRITORY = '5540230000004304519';

const records: RecordSpec[] = [
  { id: '554023000003635001', name: 'Acme', want: ['EMEA', 'DACH'], manual: ['France'] },
  { id: '554023000003635002', want: ['Partners'], rules: ['LATAM'] },
  { module: 'Deals', id: '554023000003639901', want: ['US East'], manual: ['US West'] },
  { module: 'Contacts', id: '554023000003635101', want: ['EMEA'], manual: ['EMEA'] },
];

describe('serializePlan', () => {
  const plan = planOf(records);
  const text = serializePlan(plan);

  it('is pretty JSON with a trailing newline, leading with what the file is and which org it is for', () => {
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n').slice(0, 6)).toEqual([
      '{',
      '  "format": "territory-sync/plan",',
      '  "formatVersion": 2,',
      `  "planHash": "${plan.planHash}",`,
      '  "target": {',
      `    "accountsUrl": "${plan.target.accountsUrl}",`,
    ]);
  });

  it('reads back to the same plan, whose hash still checks', () => {
    const read = JSON.parse(text) as Plan;
    expect(read).toEqual(plan);
    expect(checkPlanHash(read)).toBe(true);
    expect(schemaProblems(read)).toEqual([]);
  });

  it('writes the same bytes whatever order the keys were in', () => {
    const shuffled = JSON.parse(canonicalJson(plan)) as Plan;
    expect(serializePlan(shuffled)).toBe(text);
  });

  it('carries 19-digit ids byte for byte, as strings', () => {
    const catalogue = {
      territories: [...DEMO_TERRITORIES, { id: BIG_TERRITORY, name: 'Big', parentId: null }],
    };
    const big = serializePlan(
      planOf([{ id: BIG_RECORD, want: ['Big'], manual: [] }], { catalogue }),
    );
    expect(big).toContain(`"id": "${BIG_RECORD}"`);
    expect(big).toContain(`"id": "${BIG_TERRITORY}"`);
    expect(big).toContain(`"${BIG_TERRITORY}"\n`);
    expect(big).not.toMatch(/5540230000036350\d{2}[^"\d]/);
    const read = JSON.parse(big) as Plan;
    expect(read.waves[0]?.batches[0]?.records[0]).toEqual({
      id: BIG_RECORD,
      territoryIds: [BIG_TERRITORY],
    });
  });
});

describe('checkPlanHash', () => {
  const plan = planOf(records);
  const tampered: [string, (p: Plan) => Plan][] = [
    ['a batch territory id', (p) => ({ ...p, waves: p.waves.map(retargetFirstEntry) })],
    ['the safety verdict', (p) => ({ ...p, safety: { ...p.safety, tripped: !p.safety.tripped } })],
    ['a warning dropped', (p) => ({ ...p, warnings: [] })],
    ['the desired hash', (p) => ({ ...p, desiredHash: sha256Hex('other') })],
  ];
  it.each(tampered)('fails when %s is edited', (_, edit) => {
    expect(checkPlanHash(plan)).toBe(true);
    expect(checkPlanHash(edit(plan))).toBe(false);
  });
});

describe('planHash', () => {
  const base = planInput(records);
  const hashOf = (input: PlanInput): string => expectPlan(buildPlan(input)).planHash;

  const variations: [string, PlanInput][] = [
    [
      'a desired file changed',
      {
        ...base,
        desired: { ...base.desired, files: [{ path: 'territories.yaml', sha256: 'b'.repeat(64) }] },
      },
    ],
    [
      'a territory more is wanted',
      planInput(records.map((r, i) => (i === 0 ? { ...r, want: [...(r.want ?? []), 'APAC'] } : r))),
    ],
    [
      'a record moved in the CRM',
      planInput(records.map((r, i) => (i === 1 ? { ...r, manual: ['Japan'] } : r))),
    ],
    [
      'a record was renamed in the CRM',
      planInput(records.map((r, i) => (i === 0 ? { ...r, name: 'Acme AG' } : r))),
    ],
    [
      'the safety threshold',
      { ...base, options: { ...base.options, safety: { absolute: 0, ratio: 0 } } },
    ],
    [
      'a record moved in the file',
      {
        ...base,
        desired: {
          ...base.desired,
          records: base.desired.records.map((r, i) =>
            i === 0 ? { ...r, location: { ...r.location, line: 99 } } : r,
          ),
        },
      },
    ],
  ];

  it.each(variations)('changes when %s', (_, input) => {
    expect(hashOf(input)).not.toBe(hashOf(base));
  });

  it('follows the batch size: apply sends the batches it announced', () => {
    const gains = planInput([
      { id: '554023000003635001', want: ['EMEA'], manual: [] },
      { id: '554023000003635002', want: ['EMEA'], manual: [] },
    ]);
    const withBatchSize = (batchSize: number): PlanInput => ({
      ...gains,
      options: { ...gains.options, batchSize },
    });
    expect(hashOf(withBatchSize(1))).not.toBe(hashOf(withBatchSize(2)));
    // Same batches, but the batch size is part of what was reviewed (resends use it).
    expect(hashOf(withBatchSize(2))).not.toBe(hashOf(withBatchSize(10)));
    expect(hashOf(withBatchSize(10))).toBe(hashOf(withBatchSize(500)));
  });

  it('does not change when the inputs arrive in another order', () => {
    const reordered: PlanInput = {
      ...base,
      desired: {
        files: [...base.desired.files].reverse(),
        records: [...base.desired.records].reverse().map((r) => ({
          ...r,
          territories: [...r.territories].reverse(),
        })),
      },
      catalogue: { territories: [...base.catalogue.territories].reverse() },
      current: {
        records: [...base.current.records]
          .reverse()
          .map((r) => ({ ...r, territories: [...r.territories].reverse() })),
      },
    };
    expect(hashOf(reordered)).toBe(hashOf(base));
  });

  it('is the sha256 of the canonical JSON of everything but itself', () => {
    const plan = expectPlan(buildPlan(base));
    const { planHash, ...rest } = plan;
    expect(planHash).toBe(sha256Hex(canonicalJson(rest)));
    expect(computePlanHash(rest)).toBe(planHash);
    expect(computePlanHash(plan)).toBe(planHash);
  });

  it('ties the plan to the desired files: sha256 over sorted path\\0sha256 lines', () => {
    const files = [
      { path: 'b.yaml', sha256: '2'.repeat(64) },
      { path: 'a.yaml', sha256: '1'.repeat(64) },
    ];
    const expected = sha256Hex(`a.yaml\0${'1'.repeat(64)}\nb.yaml\0${'2'.repeat(64)}\n`);
    expect(computeDesiredHash(files)).toBe(expected);
    expect(planOf([], { files }).desiredHash).toBe(expected);
    expect(planOf([], { files }).desiredFiles.map((f) => f.path)).toEqual(['a.yaml', 'b.yaml']);
  });
});

/** Points the first record of the first batch at another territory, as a hand edit would. */
function retargetFirstEntry(wave: Wave): Wave {
  if (wave.index !== 1) return wave;
  return {
    ...wave,
    batches: wave.batches.map((batch, b) =>
      b !== 0
        ? batch
        : {
            ...batch,
            records: batch.records.map((r, i) =>
              i === 0 ? { ...r, territoryIds: [DEMO_TERRITORIES[0]?.id ?? ''] } : r,
            ),
          },
    ),
  };
}

describe('serializePlanChunks (what plan --out streams to the file)', () => {
  it('writes exactly the bytes of serializePlan, for any JSON content', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (content) => {
        const plan = content as unknown as Plan;
        expect([...serializePlanChunks(plan)].join('')).toBe(serializePlan(plan));
      }),
      { numRuns: 300 },
    );
  });

  it('writes a plan of 3,000 changing records in chunks of about 64 KB, never as one string', () => {
    const many: RecordSpec[] = Array.from({ length: 3000 }, (_, i) => ({
      id: `55402300000${String(i).padStart(8, '0')}`,
      name: `Account ${i}`,
      want: ['EMEA', 'DACH'],
      manual: ['France'],
    }));
    const big = planOf(many, { safety: { absolute: 1e6 } });
    const chunks = [...serializePlanChunks(big)];
    expect(chunks.join('')).toBe(serializePlan(big));
    expect(chunks.length).toBeGreaterThan(10);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(70 * 1024);
  });
});

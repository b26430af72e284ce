// Builds Plan values by hand for the renderer tests: the planner is not under test here, so
// these fixtures state the plan directly and derive only the bookkeeping (summary, waves).
import type {
  Batch,
  Diagnostic,
  ModuleName,
  Plan,
  RecordPlan,
  SafetyCheck,
  TerritoryAssignment,
  TerritoryBrief,
  Wave,
} from '../../../src/core/model.js';
import { PLAN_FORMAT, PLAN_FORMAT_VERSION } from '../../../src/core/model.js';
import { applyCost } from '../../../src/core/apply-cost.js';
import { TEST_TARGET } from '../core/builders.js';

const CATALOGUE = [
  'Americas',
  'US East',
  'US West',
  'North America',
  'EMEA',
  'DACH',
  'Enterprise',
  'Nordics',
  'France',
  'LATAM',
  'Partners',
  'APAC',
];

/** A territory with a stable 18-digit id derived from its name. */
export function territory(name: string): TerritoryBrief {
  const known = CATALOGUE.indexOf(name);
  const n = known >= 0 ? known : 100 + [...name].reduce((sum, c) => sum + c.charCodeAt(0), 0);
  return { id: `5540230000004${String(300 + n).padStart(5, '0')}`, name };
}

export interface RecordSpec {
  readonly module: ModuleName;
  readonly id: string;
  readonly name?: string;
  readonly add?: readonly string[];
  readonly remove?: readonly string[];
  readonly kept?: readonly string[];
  /** Manually assigned territories the record keeps. */
  readonly stays?: readonly string[];
}

export function record(spec: RecordSpec): RecordPlan {
  const manual = (name: string): TerritoryAssignment => ({
    ...territory(name),
    assigned: 'manually',
  });
  const byRules = (name: string): TerritoryAssignment => ({
    ...territory(name),
    assigned: 'automatically',
  });
  return {
    module: spec.module,
    id: spec.id,
    ...(spec.name === undefined ? {} : { name: spec.name }),
    before: [
      ...(spec.stays ?? []).map(manual),
      ...(spec.remove ?? []).map(manual),
      ...(spec.kept ?? []).map(byRules),
    ],
    add: (spec.add ?? []).map(territory),
    remove: (spec.remove ?? []).map(territory),
    keptByRules: (spec.kept ?? []).map(territory),
  };
}

export interface PlanSpec {
  readonly records?: readonly RecordPlan[];
  readonly unchanged?: number;
  readonly warnings?: readonly Diagnostic[];
  readonly safety?: Partial<SafetyCheck>;
  readonly batchSize?: number;
}

export function buildPlan(spec: PlanSpec = {}): Plan {
  const changes = spec.records ?? [];
  const toRemove = changes.reduce((sum, r) => sum + r.remove.length, 0);
  const managedAssignments = changes.reduce(
    (sum, r) => sum + r.before.filter((t) => t.assigned === 'manually').length,
    0,
  );
  const planned = waves(changes, spec.batchSize ?? 10);
  return {
    format: PLAN_FORMAT,
    formatVersion: PLAN_FORMAT_VERSION,
    target: TEST_TARGET,
    batchSize: spec.batchSize ?? 10,
    desiredHash: 'a'.repeat(64),
    desiredFiles: [{ path: 'territories.yaml', sha256: 'b'.repeat(64) }],
    changes,
    waves: planned,
    summary: {
      toAssign: changes.reduce((sum, r) => sum + r.add.length, 0),
      toRemove,
      changedRecords: changes.length,
      unchangedRecords: spec.unchanged ?? 0,
      keptByRules: changes.reduce((sum, r) => sum + r.keptByRules.length, 0),
    },
    safety: {
      removals: toRemove,
      managedAssignments,
      listedRecords: changes.length + (spec.unchanged ?? 0),
      threshold: 50,
      absolute: 50,
      ratio: 0.3,
      tripped: false,
      ...spec.safety,
    },
    cost: applyCost({ changes, waves: planned }),
    warnings: spec.warnings ?? [],
    planHash: 'c'.repeat(64),
  };
}

// Removals and gain-only records first; records that also lose something gain in wave 2.
function waves(changes: readonly RecordPlan[], size: number): Wave[] {
  const first: Batch[] = [];
  const second: Batch[] = [];
  const modules = [...new Set(changes.map((r) => r.module))];
  for (const module of modules) {
    const inModule = changes.filter((r) => r.module === module);
    const removals = inModule.filter((r) => r.remove.length > 0);
    first.push(...chunk(module, 'remove', removals.map(removeEntry), size));
    const gainsOnly = inModule.filter((r) => r.remove.length === 0 && r.add.length > 0);
    first.push(...chunk(module, 'assign', gainsOnly.map(assignEntry), size));
    const swaps = removals.filter((r) => r.add.length > 0);
    second.push(...chunk(module, 'assign', swaps.map(assignEntry), size));
  }
  return [first, second]
    .filter((b) => b.length > 0)
    .map((batches, i) => ({ index: i + 1, batches }));
}

type Entry = Batch['records'][number];
const removeEntry = (r: RecordPlan): Entry => ({
  id: r.id,
  territoryIds: r.remove.map((t) => t.id),
});
const assignEntry = (r: RecordPlan): Entry => ({ id: r.id, territoryIds: r.add.map((t) => t.id) });

function chunk(
  module: ModuleName,
  action: Batch['action'],
  records: Batch['records'],
  size: number,
): Batch[] {
  const out: Batch[] = [];
  for (let i = 0; i < records.length; i += size) {
    out.push({ module, action, records: records.slice(i, i + size) });
  }
  return out;
}

/** Accounts with `n` changed records, each gaining one territory and losing another. */
export function manyChanges(n: number): Plan {
  const records = Array.from({ length: n }, (_, i) =>
    record({
      module: 'Accounts',
      id: String(554023000003000000n + BigInt(i)),
      name: `Customer ${i}`,
      add: ['DACH'],
      remove: ['North America'],
    }),
  );
  return buildPlan({ records, unchanged: 10, safety: { threshold: n * 2 } });
}

// A small fixture builder for the planner: records are written as territory names, the way a
// person reads a plan, and turned into the plain data the core speaks.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { buildPlan } from '../../../src/core/build-plan.js';
import type { PlanInput, PlanOptions, PlanResult } from '../../../src/core/build-plan.js';
import type {
  Catalogue,
  CurrentRecord,
  DesiredFile,
  DesiredRecord,
  DesiredTerritory,
  Diagnostic,
  ModuleName,
  Plan,
  PlanTarget,
  Territory,
  TerritoryAssignment,
  TerritoryRef,
} from '../../../src/core/model.js';

/** The org every test plan is bound to. */
export const TEST_TARGET: PlanTarget = {
  apiDomain: 'https://www.zohoapis.eu',
  accountsUrl: 'https://accounts.zoho.eu',
  orgId: '20230000000001',
  orgName: 'Zylker',
};

/** Id of a territory in the demo catalogue, from a short number. */
export const tid = (n: number): string => `554023000000${String(430000 + n).padStart(6, '0')}`;

function node(n: number, name: string, parent: number | null): Territory {
  return { id: tid(n), name, parentId: parent === null ? null : tid(parent) };
}

/** A Zylker-like hierarchy; "Enterprise" exists twice, T01..T12 make the 10-territory cases. */
export const DEMO_TERRITORIES: readonly Territory[] = [
  node(1, 'Organization', null),
  node(10, 'EMEA', 1),
  node(11, 'DACH', 10),
  node(12, 'UK & Ireland', 10),
  node(13, 'Enterprise', 10),
  node(14, 'Nordics', 10),
  node(15, 'France', 10),
  node(20, 'Americas', 1),
  node(21, 'US East', 20),
  node(22, 'US West', 20),
  node(23, 'Enterprise', 20),
  node(24, 'LATAM', 20),
  node(30, 'APAC', 1),
  node(31, 'Japan', 30),
  node(40, 'Partners', 1),
  node(41, 'Strategic Accounts', 1),
  ...Array.from({ length: 12 }, (_, i) => node(101 + i, `T${String(i + 1).padStart(2, '0')}`, 1)),
];
export const DEMO_CATALOGUE: Catalogue = { territories: DEMO_TERRITORIES };
export const T = (n: number): string => `T${String(n).padStart(2, '0')}`;

/** One record as a test states it. References: digits = id, containing '/' = path, else name. */
export interface RecordSpec {
  readonly module?: ModuleName;
  readonly id: string;
  /** The record's list in the YAML; omit for a record that is in the CRM but not listed. */
  readonly want?: readonly string[];
  /** Territory names (or paths) assigned manually now. */
  readonly manual?: readonly string[];
  /** Territory names (or paths) assigned by territory rules now. */
  readonly rules?: readonly string[];
  readonly name?: string;
  /** Listed in the YAML but absent from the CRM. */
  readonly missing?: boolean;
}

export interface InputOptions {
  readonly batchSize?: number;
  readonly safety?: Partial<PlanOptions['safety']>;
  readonly catalogue?: Catalogue;
  readonly files?: readonly DesiredFile[];
}

export const DEFAULT_FILES: readonly DesiredFile[] = [
  { path: 'territories.yaml', sha256: 'a'.repeat(64) },
];

export function refOf(written: string): TerritoryRef {
  if (/^[0-9]+$/.test(written)) return { kind: 'id', value: written };
  return written.includes('/')
    ? { kind: 'path', value: written }
    : { kind: 'name', value: written };
}

const lookups = new WeakMap<Catalogue, Map<string, Territory[]>>();

/** Catalogue territories by exact name and by path, built once per catalogue. */
function lookupFor(catalogue: Catalogue): Map<string, Territory[]> {
  const cached = lookups.get(catalogue);
  if (cached !== undefined) return cached;
  const byId = new Map(catalogue.territories.map((territory) => [territory.id, territory]));
  const pathOf = (territory: Territory): string => {
    const parent = territory.parentId === null ? undefined : byId.get(territory.parentId);
    return parent === undefined ? territory.name : `${pathOf(parent)}/${territory.name}`;
  };
  const lookup = new Map<string, Territory[]>();
  for (const territory of catalogue.territories) {
    for (const key of new Set([territory.name, pathOf(territory)])) {
      lookup.set(key, [...(lookup.get(key) ?? []), territory]);
    }
  }
  lookups.set(catalogue, lookup);
  return lookup;
}

/** Finds a catalogue territory by exact name (must be unique) or path. */
export function territoryNamed(written: string, catalogue: Catalogue = DEMO_CATALOGUE): Territory {
  const matches = lookupFor(catalogue).get(written) ?? [];
  const [only, ...others] = matches;
  if (only === undefined || others.length > 0) {
    throw new Error(`fixture: "${written}" names ${matches.length} territories`);
  }
  return only;
}

export function planInput(records: readonly RecordSpec[], options: InputOptions = {}): PlanInput {
  const catalogue = options.catalogue ?? DEMO_CATALOGUE;
  const assignment = (written: string, assigned: TerritoryAssignment['assigned']) => {
    const territory = territoryNamed(written, catalogue);
    return { id: territory.id, name: territory.name, assigned };
  };
  const desired: DesiredRecord[] = [];
  const current: CurrentRecord[] = [];
  records.forEach((spec, i) => {
    const module = spec.module ?? 'Accounts';
    const line = 10 + i;
    if (spec.want !== undefined) {
      const territories: DesiredTerritory[] = spec.want.map((written, j) => ({
        ref: refOf(written),
        written,
        location: { file: 'territories.yaml', line, column: 30 + j * 8 },
      }));
      desired.push({
        module,
        id: spec.id,
        territories,
        location: { file: 'territories.yaml', line, column: 5 },
      });
    }
    if (spec.missing !== true) {
      current.push({
        module,
        id: spec.id,
        ...(spec.name === undefined ? {} : { name: spec.name }),
        territories: [
          ...(spec.manual ?? []).map((written) => assignment(written, 'manually')),
          ...(spec.rules ?? []).map((written) => assignment(written, 'automatically')),
        ],
      });
    }
  });
  return {
    desired: { files: options.files ?? DEFAULT_FILES, records: desired },
    catalogue,
    current: { records: current },
    options: {
      batchSize: options.batchSize ?? 10,
      safety: { absolute: 50, ratio: 0.3, ...options.safety },
      target: TEST_TARGET,
    },
  };
}

/** The plan for these records; fails the test with the diagnostics when there is none. */
export function planOf(records: readonly RecordSpec[], options: InputOptions = {}): Plan {
  return expectPlan(buildPlan(planInput(records, options)));
}

export function expectPlan(result: PlanResult): Plan {
  if (!result.ok) {
    throw new Error(
      `expected a plan, got:\n${result.diagnostics.map((d) => d.message).join('\n')}`,
    );
  }
  const problems = schemaProblems(result.plan);
  if (problems.length > 0)
    throw new Error(`plan does not match its schema:\n${problems.join('\n')}`);
  return result.plan;
}

export function diagnosticsOf(
  records: readonly RecordSpec[],
  options: InputOptions = {},
): Diagnostic[] {
  const result = buildPlan(planInput(records, options));
  if (result.ok) throw new Error('expected diagnostics, got a plan');
  return result.diagnostics;
}

const ajv = new Ajv2020({ allErrors: true, strict: true });
const validatePlan = ajv.compile(
  JSON.parse(
    readFileSync(new URL('../../../schemas/plan.schema.json', import.meta.url), 'utf8'),
  ) as object,
);

/** Every way the plan (as saved to JSON) breaks schemas/plan.schema.json; empty when valid. */
export function schemaProblems(plan: Plan): string[] {
  const asSaved = JSON.parse(JSON.stringify(plan)) as unknown;
  if (validatePlan(asSaved)) return [];
  return (validatePlan.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}`);
}

/** Names of a territory id in the demo catalogue, for readable wave assertions. */
export function nameOf(id: string, catalogue: Catalogue = DEMO_CATALOGUE): string {
  return catalogue.territories.find((territory) => territory.id === id)?.name ?? id;
}

/** Waves as lines: `1 remove Deals 9001[US West]`. */
export function describeWaves(plan: Plan): string[] {
  return plan.waves.flatMap((wave) =>
    wave.batches.map(
      (batch) =>
        `${wave.index} ${batch.action} ${batch.module} ` +
        batch.records
          .map((r) => `${r.id}[${r.territoryIds.map((id) => nameOf(id)).join(',')}]`)
          .join(' '),
    ),
  );
}

/** A change as names: `{ id, add: [...], remove: [...], keptByRules: [...] }`. */
export function describeChanges(plan: Plan) {
  return plan.changes.map((change) => ({
    module: change.module,
    id: change.id,
    add: change.add.map((t) => t.name),
    remove: change.remove.map((t) => t.name),
    keptByRules: change.keptByRules.map((t) => t.name),
  }));
}

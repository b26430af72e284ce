// A seed is checked twice: its shape against schemas/emulator-seed.schema.json, then the
// relations a schema cannot express (parents exist, one root, no cycles, known territories).
// Every problem is reported at once.
import type { ErrorObject, ValidateFunction } from 'ajv';
import { TerritorySyncError } from '../errors.js';
import { compileSchema } from '../schemas.js';
import { kindOfDataType } from './coql-criteria.js';
import { fieldsOf } from './module-catalog.js';
import type { EmulatorSeed, SeedModule, SeedRecord } from './seed-types.js';
import { SEED_MODULES } from './seed-types.js';

let validator: ValidateFunction | undefined;

function schemaProblems(value: unknown): string[] {
  validator ??= compileSchema('emulator-seed', { strict: true });
  if (validator(value)) return [];
  return (validator.errors ?? []).map(describe);
}

function describe(error: ErrorObject): string {
  const where = error.instancePath || '(top level)';
  if (error.keyword === 'additionalProperties') {
    const extra = String((error.params as { additionalProperty?: unknown }).additionalProperty);
    return `${where}: unknown key "${extra}"`;
  }
  return `${where}: ${error.message ?? error.keyword}`;
}

function relationProblems(seed: EmulatorSeed): string[] {
  const problems: string[] = [];
  const territoryIds = new Set<string>();
  for (const t of seed.territories) {
    if (territoryIds.has(t.id)) problems.push(`territory ${t.id} is defined twice`);
    territoryIds.add(t.id);
  }
  const roots = seed.territories.filter((t) => t.parent === null);
  if (roots.length !== 1) {
    problems.push(`exactly one territory must have parent null (found ${roots.length})`);
  }
  const parentOf = new Map(seed.territories.map((t) => [t.id, t.parent]));
  for (const t of seed.territories) {
    if (t.parent !== null && !territoryIds.has(t.parent)) {
      problems.push(`territory ${t.id} (${t.name}) names unknown parent ${t.parent}`);
    }
  }
  for (const t of seed.territories) {
    // Walking up more steps than there are territories means a cycle.
    let current: string | null | undefined = t.parent;
    for (let steps = 0; current != null; steps++) {
      if (current === t.id || steps > territoryIds.size) {
        problems.push(`territory ${t.id} (${t.name}) is its own ancestor`);
        break;
      }
      current = parentOf.get(current);
    }
  }
  const recordIds = new Set<string>();
  for (const module of SEED_MODULES) {
    for (const record of seed.records?.[module] ?? []) {
      if (recordIds.has(record.id)) problems.push(`record ${record.id} is defined twice`);
      recordIds.add(record.id);
      problems.push(...fieldTypeProblems(module, record));
      const seen = new Set<string>();
      for (const ref of record.territories ?? []) {
        const id = typeof ref === 'string' ? ref : ref.id;
        if (!territoryIds.has(id)) {
          problems.push(`${module} ${record.id} names unknown territory ${id}`);
        }
        if (seen.has(id)) problems.push(`${module} ${record.id} lists territory ${id} twice`);
        seen.add(id);
      }
    }
  }
  const clientIds = new Set<string>();
  for (const client of seed.oauthClients ?? []) {
    if (clientIds.has(client.clientId)) {
      problems.push(`OAuth client ${client.clientId} is defined twice`);
    }
    clientIds.add(client.clientId);
  }
  return problems;
}

/**
 * A standard field holds a value of its type, so COQL compares it as Zoho would (A34): a number
 * for a numeric field, `YYYY-MM-DD` for a date. Fields the catalogue does not describe are
 * served as they are.
 */
export function fieldTypeProblems(module: SeedModule, record: SeedRecord): string[] {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(record.fields ?? {})) {
    if (value === null) continue;
    const meta = fieldsOf(module).find((f) => f.api_name === name);
    const kind = meta && kindOfDataType(meta.data_type);
    if (kind === 'number' && (typeof value !== 'number' || !Number.isFinite(value))) {
      problems.push(
        `${module} ${record.id} field ${name} is a number in Zoho (${meta?.data_type}); write it unquoted`,
      );
    }
    if (kind === 'date' && (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value))) {
      problems.push(
        `${module} ${record.id} field ${name} is a date in Zoho; write it as "YYYY-MM-DD"`,
      );
    }
  }
  return problems;
}

/** Returns the seed typed, or throws INVALID_INPUT listing every problem. */
export function validateSeed(value: unknown, source = 'seed'): EmulatorSeed {
  const shape = schemaProblems(value);
  const problems = shape.length > 0 ? shape : relationProblems(value as EmulatorSeed);
  if (problems.length > 0) {
    throw new TerritorySyncError(
      'INVALID_INPUT',
      `${source} is not a valid emulator seed:\n  ${problems.join('\n  ')}`,
      { hint: 'The format is described by schemas/emulator-seed.schema.json.' },
    );
  }
  return value as EmulatorSeed;
}

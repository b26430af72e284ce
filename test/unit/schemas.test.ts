// The shipped schemas are compiled at run time without the meta-schema check (it cost a tenth
// of a second per run); this is where that check happens instead.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import type { RecordStatus } from '../../src/apply/apply-report.js';
import { JOURNAL_FORMAT, JOURNAL_FORMAT_VERSION } from '../../src/apply/journal-entry.js';
import { MANAGED_MODULES } from '../../src/core/model.js';
import { FAULT_KINDS, FAULT_ROUTES } from '../../src/emulator/index.js';
import { compileSchema, jsonPath, loadSchema } from '../../src/schemas.js';
import type { SchemaName } from '../../src/schemas.js';

const NAMES: readonly SchemaName[] = [
  'territories',
  'config',
  'plan',
  'emulator-seed',
  'emulator-faults',
  'journal-line',
  'ledger',
];

/** Every RecordStatus, checked complete by the compiler. */
const RECORD_STATUSES = Object.keys({
  converged: true,
  failed: true,
  pending: true,
  skipped: true,
} satisfies Record<RecordStatus, true>);

/** The value at a path of keys in a parsed schema. */
function at(schema: unknown, ...keys: string[]): unknown {
  return keys.reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], schema);
}

describe('schemas/', () => {
  it.each(NAMES)('%s.schema.json is a valid draft 2020-12 schema', (name) => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    expect(ajv.validateSchema(loadSchema(name) as object), JSON.stringify(ajv.errors)).toBe(true);
  });

  it('the meta-schema check would catch a broken schema', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    expect(ajv.validateSchema({ type: 'objekt', properties: { a: { minLength: 'x' } } })).toBe(
      false,
    );
  });

  it('compiles every schema in strict mode where the loader uses it', () => {
    expect(() =>
      compileSchema('territories', { strict: true, allowUnionTypes: true }),
    ).not.toThrow();
    expect(() => compileSchema('config', { strict: true })).not.toThrow();
    expect(() => compileSchema('emulator-seed', { strict: true })).not.toThrow();
    expect(() => compileSchema('plan', { strict: false })).not.toThrow();
    expect(() => compileSchema('emulator-faults', { strict: true, verbose: true })).not.toThrow();
    expect(() =>
      compileSchema('journal-line', { strict: true, verbose: true, discriminator: true }),
    ).not.toThrow();
  });

  it('emulator-faults.schema.json names the kinds and routes the fault injector knows', () => {
    const schema = loadSchema('emulator-faults');
    expect(at(schema, '$defs', 'scheduledFault', 'properties', 'kind', 'enum')).toEqual(
      FAULT_KINDS,
    );
    expect(at(schema, '$defs', 'route', 'enum')).toEqual(FAULT_ROUTES);
  });

  it('journal-line.schema.json agrees with journal-entry.ts and the model', () => {
    const schema = loadSchema('journal-line');
    const start = ['$defs', 'start', 'properties'];
    expect(at(schema, ...start, 'format', 'const')).toBe(JOURNAL_FORMAT);
    expect(at(schema, ...start, 'formatVersion', 'const')).toBe(JOURNAL_FORMAT_VERSION);
    expect(at(schema, '$defs', 'module', 'enum')).toEqual(MANAGED_MODULES);
    const records = ['$defs', 'finish', 'properties', 'records', 'items', 'properties'];
    expect(at(schema, ...records, 'status', 'enum')).toEqual(RECORD_STATUSES);
    expect(
      Object.keys(at(schema, '$defs', 'finish', 'properties', 'summary', 'properties') as object),
    ).toEqual(RECORD_STATUSES);
  });

  it.each([
    ['', 'the line'],
    ['/schedule/0/kind', 'schedule[0].kind'],
    ['/jobDelayMsByRecord/5540', 'jobDelayMsByRecord["5540"]'],
    ['/a~1b/c d', '["a/b"]["c d"]'],
  ])('writes the JSON Pointer "%s" as %s', (pointer, path) => {
    const value = { schedule: [{ kind: 'x' }], jobDelayMsByRecord: { 5540: 1 } };
    expect(jsonPath(pointer, value, 'the line')).toBe(path);
  });
});

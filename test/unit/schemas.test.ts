// The shipped schemas are compiled at run time without the meta-schema check (it cost a tenth
// of a second per run); this is where that check happens instead.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { compileSchema, loadSchema } from '../../src/schemas.js';
import type { SchemaName } from '../../src/schemas.js';

const NAMES: readonly SchemaName[] = ['territories', 'config', 'plan', 'emulator-seed'];

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
  });
});

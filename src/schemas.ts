// Locates the JSON Schemas shipped in schemas/ (next to dist/ and src/ in the package) and
// compiles them: one place for how every schema in the project is read and checked.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';

export type SchemaName = 'territories' | 'config' | 'plan' | 'emulator-seed';

export function schemaPath(name: SchemaName): string {
  return fileURLToPath(new URL(`../schemas/${name}.schema.json`, import.meta.url));
}

const cache = new Map<SchemaName, unknown>();

/** The parsed schema; read once per process. */
export function loadSchema(name: SchemaName): unknown {
  let schema = cache.get(name);
  if (schema === undefined) {
    schema = JSON.parse(readFileSync(schemaPath(name), 'utf8')) as unknown;
    cache.set(name, schema);
  }
  return schema;
}

export interface CompileOptions {
  /** ajv's strict mode (unknown keywords, ambiguous types are errors at compile time). */
  readonly strict: boolean;
  /** A keyword may apply to values of several types (`type: [string, array, object]`). */
  readonly allowUnionTypes?: boolean;
}

/**
 * The schema's validator, reporting every error at once. The schema itself is not checked
 * against the draft 2020-12 meta-schema here: compiling the meta-schema took about a tenth of a
 * second on every run, and the schemas are ours, checked once by test/unit/schemas.test.ts.
 */
export function compileSchema(name: SchemaName, options: CompileOptions): ValidateFunction {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: options.strict,
    allowUnionTypes: options.allowUnionTypes ?? false,
    validateSchema: false,
  });
  return ajv.compile(loadSchema(name) as object);
}

/** A JSON Pointer (an ajv `instancePath`) as its keys: "/records/Accounts/1" -> [records, Accounts, 1]. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

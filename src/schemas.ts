// Locates the JSON Schemas shipped in schemas/ (next to dist/ and src/ in the package).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

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

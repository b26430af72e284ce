// Zoho's own example bodies (fixtures/oas, copied from Zoho's crm-oas v8 specification, typos
// and all) and two ways to hold an answer against them.
import { readFileSync } from 'node:fs';

const ROOT = new URL('./fixtures/oas/', import.meta.url);

export function oasExample(path: string): unknown {
  return JSON.parse(readFileSync(new URL(path, ROOT), 'utf8')) as unknown;
}

/**
 * The example as the emulator answers it: Zoho's examples sometimes start json_path with a
 * stray space (" $.data[0].id") while others do not; we read it as a typo, so the
 * emulator writes "$.data[0].id" and the comparison trims that one space.
 */
export function normalised(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalised);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        k === 'json_path' && typeof v === 'string' ? v.trim() : normalised(v),
      ]),
    );
  }
  return value;
}

/** Keys and value types, recursively (arrays by their first item): the body's shape. */
export function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? [] : [shape(value[0])];
  if (value === null) return 'null';
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, shape((value as Record<string, unknown>)[k])]),
    );
  }
  return typeof value;
}

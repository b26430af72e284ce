// The one test for "a JSON object": not null, not an array. Core holds it because every layer
// that reads outside JSON (core, apply, zoho, doctor) may import core; the emulator, which
// shares nothing with our client but src/constants, keeps its own copy (territory-writes.ts).

/** A plain JSON object: an object that is neither null nor an array. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

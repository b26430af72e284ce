// Validates plain desired-state data against schemas/territories.schema.json, the same schema
// editors use through the `# yaml-language-server: $schema=` comment.
import type { ErrorObject, ValidateFunction } from 'ajv';
import { compileSchema } from '../schemas.js';

let validator: ValidateFunction | undefined;

/** Every schema error at once (allErrors), in ajv's order. Compiled once per process. */
export function schemaErrors(value: unknown): readonly ErrorObject[] {
  // allowUnionTypes: an entry is a list, a string or a mapping, told apart by `type` alone, so
  // each keyword only ever applies to one shape and its errors need no disentangling.
  validator ??= compileSchema('territories', { strict: true, allowUnionTypes: true });
  return validator(value) ? [] : (validator.errors ?? []);
}

// Fault options arrive as JSON (`--faults FILE`, POST /__emulator/faults): their shape is
// checked against schemas/emulator-faults.schema.json, the same way as a seed (seed-validate.ts).
import type { ValidateFunction } from 'ajv';
import { compileSchema, explainSchemaErrors } from '../schemas.js';

let validator: ValidateFunction | undefined;

/**
 * What is wrong with fault options that arrive as JSON, one sentence a problem naming the
 * option as written (`schedule[0].kind must be one of ... (it is "meteor")`); [] when fine.
 */
export function faultOptionProblems(value: unknown): string[] {
  validator ??= compileSchema('emulator-faults', { strict: true, verbose: true });
  if (validator(value)) return [];
  return explainSchemaErrors(validator.errors ?? [], value, {
    root: 'fault options',
    unknownKey: (path, key) =>
      path === '' ? `unknown fault option "${key}"` : `${path}: unknown key "${key}"`,
  });
}

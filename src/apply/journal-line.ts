// One journal line's shape, checked against schemas/journal-line.schema.json before anything
// reads it: a line that was edited, damaged or written by something else is refused by what is
// wrong with it, never cast and trusted (a finish line without its summary once crashed
// `apply --resume`).
import type { ValidateFunction } from 'ajv';
import { compileSchema, explainSchemaErrors } from '../schemas.js';
import type { JournalCodes, JournalEntry } from './journal-entry.js';

let validator: ValidateFunction | undefined;

export type JournalLineCheck =
  | { readonly ok: true; readonly entry: JournalEntry<JournalCodes> }
  | { readonly ok: false; readonly problems: readonly string[] };

/** The line as a typed entry, or what is wrong with it (`summary.pending is missing`). */
export function checkJournalLine(value: unknown): JournalLineCheck {
  validator ??= compileSchema('journal-line', { strict: true, verbose: true, discriminator: true });
  if (validator(value)) return { ok: true, entry: value as JournalEntry<JournalCodes> };
  return {
    ok: false,
    problems: explainSchemaErrors(validator.errors ?? [], value, { root: 'the line' }),
  };
}

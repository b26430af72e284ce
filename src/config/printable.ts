// Config messages quote the file (a setting's name, the token a parser choked on) and are
// printed as they are; multi-line messages keep their line breaks.
import { escapeInvisible } from '../core/escape-invisible.js';

/** `text` with every control, line-separator and bidi character written as `\uXXXX`. */
export function printable(text: string): string {
  return escapeInvisible(text, { keepNewlines: true });
}

// The one way into the desired-state checks for files held as bytes, wherever they were read:
// from disk (load-desired.ts) or at a git ref (plan --base-ref, through src/git/). The size
// limit, UTF-8 decoding, then checkSources: every problem located where its reader named it.
import type { Diagnostic } from '../core/model.js';
import { formatCount } from '../core/words.js';
import { checkSources } from './check-sources.js';
import type { DesiredRules } from './check-sources.js';
import { decodeUtf8 } from './decode-utf8.js';
import type { DesiredLoadResult, DesiredSource } from './desired-load-result.js';
import { DESIRED_DIAGNOSTIC } from '../core/diagnostic-codes.js';
import { problem } from './diagnostics.js';
import { MAX_FILE_BYTES } from './limits.js';
import { sha256Hex } from './sha256.js';

/** How much a reader may read of one desired file: a larger one is refused unread. */
export { MAX_FILE_BYTES } from './limits.js';

/**
 * One desired file as its reader found it: its bytes, or, when it is larger than
 * MAX_FILE_BYTES, the size that refused it (undefined when the reader could not tell).
 */
export type DesiredBytes =
  | { readonly path: string; readonly bytes: Uint8Array }
  | { readonly path: string; readonly tooLarge: number | undefined };

export interface DesiredBytesOptions extends DesiredRules {
  /**
   * The git ref the files were read at, when not from the working copy: every location then
   * names a file as git does (`main:territories.yaml`), since it is not the file on disk.
   */
  readonly ref?: string;
}

const megabytes = (bytes: number): string => `${formatCount(Math.round(bytes / 2 ** 20))} MB`;

function tooLarge(where: string, size: number | undefined, atRef: boolean): Diagnostic {
  const shown = size === undefined ? '' : ` (${megabytes(size)})`;
  const limit = `larger than the ${megabytes(MAX_FILE_BYTES)} a desired file may hold`;
  return problem({
    code: DESIRED_DIAGNOSTIC.fileTooLarge,
    message: atRef
      ? `${where}${shown} is ${limit}; it was not read.`
      : `${where}${shown} is ${limit}.`,
    hint: atRef
      ? 'Compare with a ref whose desired files are within the limit, or run plan without --base-ref.'
      : 'Check that this is the right file. 100,000 records take about 6 MB; split a larger set across several files in the "desired" setting.',
    location: { file: where, line: 1, column: 1 },
  });
}

/** The file's text, or the located problem that keeps it from being read as one. */
function decoded(where: string, bytes: Uint8Array): DesiredSource | Diagnostic {
  const text = decodeUtf8(bytes);
  if (text.ok) return { path: where, text: text.text, sha256: sha256Hex(bytes) };
  return problem({
    code: DESIRED_DIAGNOSTIC.notUtf8,
    message: text.utf16
      ? `${where} is saved as UTF-16 ("Unicode"), not UTF-8.`
      : `${where} is not valid UTF-8: the byte here cannot be decoded.`,
    hint: 'Save the file as UTF-8 (most editors offer this under "Save with encoding").',
    location: { file: where, line: text.line, column: text.column },
  });
}

/**
 * Checks `files` as one desired state and reports every problem at once: a file over the size
 * limit or not UTF-8 is reported (located) and left out, the rest go through checkSources.
 * `earlier` holds problems the reader found before (a file missing or not a file), to sort in
 * with the rest. `sha256` is taken over each file's bytes.
 */
export function checkDesiredBytes(
  files: readonly DesiredBytes[],
  options: DesiredBytesOptions = {},
  earlier: readonly Diagnostic[] = [],
): DesiredLoadResult {
  const { ref, ...rules } = options;
  const sources: DesiredSource[] = [];
  const refused: Diagnostic[] = [...earlier];
  for (const file of files) {
    const where = ref === undefined ? file.path : `${ref}:${file.path}`;
    if ('tooLarge' in file || file.bytes.length > MAX_FILE_BYTES) {
      const size = 'tooLarge' in file ? file.tooLarge : file.bytes.length;
      refused.push(tooLarge(where, size, ref !== undefined));
      continue;
    }
    const source = decoded(where, file.bytes);
    if ('text' in source) sources.push(source);
    else refused.push(source);
  }
  return checkSources(sources, rules, refused);
}

import { compareDesired } from '../core/compare-desired.js';
import type { DesiredState, Diagnostic } from '../core/model.js';
import { decodeUtf8 } from '../desired/decode-utf8.js';
import { DESIRED_DIAGNOSTIC } from '../desired/diagnostic-codes.js';
import { MAX_FILE_BYTES } from '../desired/limits.js';
import { parseDesiredSources } from '../desired/load-desired.js';
import { TerritorySyncError } from '../errors.js';
import { readFilesAtRef } from '../git/desired-at-ref.js';
import type { PlanContext } from '../render/view-model/plan-context.js';
import { oneLine } from '../render/sanitize.js';
import { formatCount, plural } from '../render/words.js';
import type { CommandContext } from './context.js';

const megabytes = (bytes: number): string => `${formatCount(Math.round(bytes / 2 ** 20))} MB`;

/**
 * A file at the base ref larger than the loader accepts now: refused unread, like the working
 * copy's would be. Located as git names it (`main:territories.yaml`), since it is not the file
 * on disk.
 */
function tooLargeAtRef(ref: string, file: string, bytes: number): Diagnostic {
  const where = `${ref}:${file}`;
  return {
    code: DESIRED_DIAGNOSTIC.fileTooLarge,
    severity: 'error',
    message: `${where} (${megabytes(bytes)}) is larger than the ${megabytes(MAX_FILE_BYTES)} a desired file may hold; it was not read.`,
    hint: 'Compare with a ref whose desired files are within the limit, or run plan without --base-ref.',
    location: { file: where, line: 1, column: 1 },
  };
}

/** plan --base-ref: how the desired files changed since REF, for the plan's readers. */
export async function baseRefContext(
  ctx: CommandContext,
  ref: string,
  desired: DesiredState,
): Promise<NonNullable<PlanContext['baseRef']>> {
  const files = await readFilesAtRef(
    ctx.io.cwd,
    ref,
    desired.files.map((f) => f.path),
    { maxBytes: MAX_FILE_BYTES },
  );
  const tooLarge = files.flatMap((f) =>
    'tooLarge' in f ? [tooLargeAtRef(ref, f.path, f.tooLarge)] : [],
  );
  if (tooLarge.length > 0) {
    throw new TerritorySyncError(
      'INVALID_INPUT',
      `--base-ref ${ref}: ${plural(tooLarge.length, 'desired file is', 'desired files are')} too large to compare with.`,
      { diagnostics: tooLarge },
    );
  }
  const decoded = files.flatMap((f) =>
    'bytes' in f && f.bytes !== undefined ? [{ path: f.path, text: decodeUtf8(f.bytes) }] : [],
  );
  const sources = decoded.flatMap((f) => (f.text.ok ? [{ path: f.path, text: f.text.text }] : []));
  const before = parseDesiredSources(sources);
  if (!before.ok || sources.length < decoded.length) {
    ctx.warn(
      `Note: the desired files at ${oneLine(ref)} do not validate, so records that left them cannot be listed.`,
    );
    return { ref, added: desired.records.length, changed: 0, released: [] };
  }
  const changes = compareDesired(before.state, desired);
  return {
    ref,
    added: changes.added.length,
    changed: changes.changed.length,
    released: changes.released,
  };
}

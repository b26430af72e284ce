import { recordKey } from '../core/record-key.js';
import { compareDesired } from '../core/compare-desired.js';
import type { DesiredState, ModuleName } from '../core/model.js';
import { checkDesiredBytes, MAX_FILE_BYTES } from '../desired/check-desired-bytes.js';
import type { DesiredBytes } from '../desired/check-desired-bytes.js';
import { DESIRED_DIAGNOSTIC } from '../core/diagnostic-codes.js';
import { TerritorySyncError } from '../errors.js';
import { readFilesAtRef } from '../git/desired-at-ref.js';
import { formatDiagnostics } from '../render/diagnostics.js';
import type { PlanContext } from '../render/view-model/plan-context.js';
import { oneLine } from '../render/sanitize.js';
import { plural } from '../render/words.js';
import type { CommandContext } from './context.js';

/** The base ref's problems shown under the note: enough to find the first, not a flood. */
const SHOWN_BASE_PROBLEMS = 5;

/** plan --base-ref: how the desired files changed since REF, for the plan's readers. */
export async function baseRefContext(
  ctx: CommandContext,
  ref: string,
  desired: DesiredState,
  /**
   * The modules the files at REF may list. plan passes every module: REF was checked under the
   * config it had then, and a pull request that stops managing Leads releases them.
   */
  modules: readonly ModuleName[],
  /** Records selectors manage now: one that left `records:` for a selector is not released. */
  bySelectors: ReadonlySet<string> = new Set(),
): Promise<NonNullable<PlanContext['baseRef']>> {
  const files = await readFilesAtRef(
    ctx.io.cwd,
    ref,
    desired.files.map((f) => f.path),
    { maxBytes: MAX_FILE_BYTES },
  );
  // A file the pull request adds did not exist at REF: nothing to compare, not a problem.
  const atRef = files.flatMap((f): DesiredBytes[] =>
    'tooLarge' in f ? [f] : f.bytes === undefined ? [] : [{ path: f.path, bytes: f.bytes }],
  );
  // The same checks as the working copy's files, each problem located as `REF:file`.
  const before = checkDesiredBytes(atRef, { modules, ref });
  if (!before.ok) {
    // A file too large is refused unread, like the working copy's would be: an error.
    const tooLarge = before.diagnostics.filter((d) => d.code === DESIRED_DIAGNOSTIC.fileTooLarge);
    if (tooLarge.length > 0) {
      throw new TerritorySyncError(
        'INVALID_INPUT',
        `--base-ref ${ref}: ${plural(tooLarge.length, 'desired file is', 'desired files are')} too large to compare with.`,
        { diagnostics: tooLarge },
      );
    }
    // Any other problem (not UTF-8, not valid) only costs the list of records that left.
    const errors = before.diagnostics.filter((d) => d.severity === 'error');
    ctx.warn(
      `Note: the desired files at ${oneLine(ref)} do not validate, so records that left them cannot be listed.\n` +
        formatDiagnostics(errors, { color: ctx.color, max: SHOWN_BASE_PROBLEMS }).trimEnd(),
    );
    return { ref, added: desired.records.length, changed: 0, released: [] };
  }
  const changes = compareDesired(before.state, desired);
  const released = changes.released.filter(
    (record) => !bySelectors.has(recordKey(record.module, record.id)),
  );
  const toSelectors = changes.released.length - released.length;
  return {
    ref,
    added: changes.added.length,
    changed: changes.changed.length,
    released,
    ...(toSelectors === 0 ? {} : { toSelectors }),
  };
}

import { compareDesired } from '../core/compare-desired.js';
import type { DesiredState } from '../core/model.js';
import { parseDesiredSources } from '../desired/load-desired.js';
import { readFilesAtRef } from '../git/desired-at-ref.js';
import type { PlanContext } from '../render/view-model/plan-context.js';
import type { CommandContext } from './context.js';

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
  );
  const sources = files.flatMap((f) =>
    f.text === undefined ? [] : [{ path: f.path, text: f.text }],
  );
  const before = parseDesiredSources(sources);
  if (!before.ok) {
    ctx.warn(
      `Note: the desired files at ${ref} do not validate, so records that left them cannot be listed.`,
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

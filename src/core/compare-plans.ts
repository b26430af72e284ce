// apply --expect-plan: is the plan made now the plan that was reviewed? Two plans agree when
// they change the same records in the same way from the same starting point. Locations and
// display names are left out: a line moved by another merge, or a renamed record, changes
// nothing that apply would send.
import type { Plan, RecordPlan, TerritoryAssignment, TerritoryBrief } from './model.js';
import { compareRecordKeys } from './ordering.js';

const ids = (list: readonly TerritoryBrief[]) => list.map((t) => t.id).join(',');
const state = (list: readonly TerritoryAssignment[]) =>
  list
    .map((t) => `${t.id}:${t.assigned}`)
    .sort()
    .join(',');

function sameChange(a: RecordPlan, b: RecordPlan): boolean {
  return (
    ids(a.add) === ids(b.add) &&
    ids(a.remove) === ids(b.remove) &&
    state(a.before) === state(b.before)
  );
}

function describe(change: RecordPlan): string {
  const parts = [...change.add.map((t) => `+${t.name}`), ...change.remove.map((t) => `-${t.name}`)];
  return parts.join(' ');
}

function label(change: RecordPlan): string {
  return `${change.module} ${change.name === undefined ? '' : `${change.name} `}(${change.id})`;
}

/** One line per record whose change differs between the two plans; empty when they agree. */
export function changeDifferences(reviewed: Plan, fresh: Plan): string[] {
  const lines: string[] = [];
  let i = 0;
  let j = 0;
  const a = reviewed.changes;
  const b = fresh.changes;
  while (i < a.length || j < b.length) {
    const left = a[i];
    const right = b[j];
    const order =
      left === undefined ? 1 : right === undefined ? -1 : compareRecordKeys(left, right);
    if (order < 0 && left !== undefined) {
      lines.push(`- ${label(left)}: reviewed ${describe(left)}; now no change`);
      i += 1;
    } else if (order > 0 && right !== undefined) {
      lines.push(`+ ${label(right)}: not reviewed; now ${describe(right)}`);
      j += 1;
    } else if (left !== undefined && right !== undefined) {
      if (!sameChange(left, right)) {
        const moved =
          state(left.before) !== state(right.before)
            ? ' (its territories moved since the review)'
            : '';
        lines.push(`~ ${label(right)}: reviewed ${describe(left)}; now ${describe(right)}${moved}`);
      }
      i += 1;
      j += 1;
    }
  }
  return lines;
}

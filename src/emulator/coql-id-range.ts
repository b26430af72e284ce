// `id > x`, `id >= x`, `id < x`, `id <= x` read off the module's id-sorted index with a binary
// search, so a keyset page (`where id > 'last' order by id asc limit 2000`) costs what the
// page holds, not what the module holds. Ids compare as numbers, as Zoho's bigint ids do.
import type { ModuleTable } from './org-state.js';
import { compareIds } from './zoho-time.js';

export type RangeOp = '<' | '<=' | '>' | '>=';

export function isRangeOp(op: string): op is RangeOp {
  return op === '<' || op === '<=' || op === '>' || op === '>=';
}

/** The first index in `sorted` whose id is not below `id` (`strict`: not at or below). */
function lowerBound(sorted: readonly string[], id: string, strict: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const cmp = compareIds(sorted[mid] as string, id);
    if (cmp < 0 || (strict && cmp === 0)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The ids matching `id op value`, ascending. */
export function idsInRange(table: ModuleTable, op: RangeOp, value: string): readonly string[] {
  const sorted = table.sortedIds;
  switch (op) {
    case '>':
      return sorted.slice(lowerBound(sorted, value, true));
    case '>=':
      return sorted.slice(lowerBound(sorted, value, false));
    case '<':
      return sorted.slice(0, lowerBound(sorted, value, false));
    case '<=':
      return sorted.slice(0, lowerBound(sorted, value, true));
  }
}

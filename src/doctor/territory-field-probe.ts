// Assumption A3, checked on a page of a real list answer: list calls carry the territory field
// with `$assigned` on every territory. Without the marker a rule-assigned territory would look
// manual, and a plan would try to remove it (Zoho refuses with NOT_ALLOWED).
import { ASSIGNED_AUTOMATICALLY, ASSIGNED_MANUALLY, TERRITORY_FIELD } from '../constants/zoho.js';
import { isObject } from '../core/is-object.js';
import type { ModuleName } from '../core/model.js';

export interface TerritoryFieldProbe {
  readonly records: number;
  /** Records whose answer has the field (either spelling), null included. */
  readonly withField: number;
  /** Records with at least one territory. */
  readonly withTerritories: number;
  readonly assignments: number;
  /** Territory entries without a `$assigned` of manually / automatically. */
  readonly unmarked: number;
  /** The key the answer used, when any record had one. */
  readonly key?: string;
}

const KEYS = ['Territories', 'Territory'] as const;

export function probeTerritoryField(
  module: ModuleName,
  records: readonly Readonly<Record<string, unknown>>[],
): TerritoryFieldProbe {
  const preferred = TERRITORY_FIELD[module];
  const keys = [preferred, ...KEYS.filter((k) => k !== preferred)];
  let withField = 0;
  let withTerritories = 0;
  let assignments = 0;
  let unmarked = 0;
  let usedKey: string | undefined;
  for (const record of records) {
    const key = keys.find((k) => Object.hasOwn(record, k));
    if (key === undefined) continue;
    withField += 1;
    usedKey ??= key;
    const value = record[key];
    const items = Array.isArray(value)
      ? value
      : value === null || value === undefined
        ? []
        : [value];
    if (items.length > 0) withTerritories += 1;
    for (const item of items) {
      assignments += 1;
      const marker = isObject(item) ? item.$assigned : undefined;
      if (marker !== ASSIGNED_MANUALLY && marker !== ASSIGNED_AUTOMATICALLY) unmarked += 1;
    }
  }
  return {
    records: records.length,
    withField,
    withTerritories,
    assignments,
    unmarked,
    ...(usedKey === undefined ? {} : { key: usedKey }),
  };
}

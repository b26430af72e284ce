// Which fields hold a record's display name and territories, per module.
import { ASSIGNED_AUTOMATICALLY, NAME_FIELD, TERRITORY_FIELD } from '../constants/zoho.js';
import type { AssignedBy, ModuleName, TerritoryAssignment } from '../core/model.js';
import { boundedName } from './response-limits.js';
import { isObject } from '../core/is-object.js';
import { optionalString } from './zoho-envelope.js';

/** Both spellings: SDK 7 and COQL say Deals use `Territory`, the v7 sample shows `Territories`. */
const TERRITORY_KEYS = ['Territories', 'Territory'] as const;

/** Per module, its own spelling first: worked out once, not for each of 100,000 records. */
const KEYS_BY_MODULE = new Map<ModuleName, readonly string[]>();

function territoryKeys(module: ModuleName): readonly string[] {
  let keys = KEYS_BY_MODULE.get(module);
  if (keys === undefined) {
    const preferred = TERRITORY_FIELD[module];
    keys = [preferred, ...TERRITORY_KEYS.filter((k) => k !== preferred)];
    KEYS_BY_MODULE.set(module, keys);
  }
  return keys;
}

export function recordName(module: ModuleName, record: Readonly<Record<string, unknown>>) {
  return boundedName(optionalString(record[NAME_FIELD[module]]), 'a record name');
}

/**
 * The record's territories, or undefined when the body has no territory key at all (the
 * caller then asks the single-record GET). null, [] and a present-but-empty key mean none.
 * Throws a TypeError for a territory without an id: an answer this tool cannot trust.
 */
export function readTerritories(
  module: ModuleName,
  record: Readonly<Record<string, unknown>>,
): TerritoryAssignment[] | undefined {
  const key = territoryKeys(module).find((k) => Object.hasOwn(record, k));
  if (key === undefined) return undefined;
  const value = record[key];
  if (value === null || value === undefined) return [];
  // A lookup-style single object is accepted as a list of one.
  const items: readonly unknown[] = Array.isArray(value) ? value : [value];
  // Zoho allows 10 a record, where a scan beats a Set; a Set keeps a hostile list linear.
  const seen = items.length > 16 ? new Set<string>() : undefined;
  const territories: TerritoryAssignment[] = [];
  for (const item of items) {
    const territory = toAssignment(item);
    if (territory === undefined) {
      throw new TypeError(`a ${key} entry without a string id`);
    }
    if (
      seen === undefined ? territories.some((t) => t.id === territory.id) : seen.has(territory.id)
    ) {
      continue;
    }
    seen?.add(territory.id);
    territories.push(territory);
  }
  // Held to its size: a list built by push has room for 16, and a plan keeps 100,000 of them
  // until its last answer.
  return territories.slice();
}

function toAssignment(item: unknown): TerritoryAssignment | undefined {
  if (!isObject(item)) return undefined;
  const id = optionalString(item.id);
  if (id === undefined) return undefined;
  const name =
    boundedName(optionalString(item.Name) ?? optionalString(item.name), 'a territory name') ?? '';
  return { id, name, assigned: assignedBy(item.$assigned) };
}

/**
 * Zoho marks rule-assigned territories "automatically". Anything else, including a missing
 * marker, is taken as manual: a wrong guess then surfaces as Zoho's NOT_ALLOWED on removal
 * instead of a territory the tool silently never manages.
 */
function assignedBy(value: unknown): AssignedBy {
  return value === ASSIGNED_AUTOMATICALLY ? 'automatically' : 'manually';
}

// How a stored record is served: the REST form (territory objects with $assigned,
// $assigned_time, $assigned_by; assumption A3; lookups as {name, id}, A32) and the COQL form
// (lowercase `name`, id only; lookups as {id}, A28).
import { TERRITORY_FIELD } from '../constants/zoho.js';
import type { OrgState, StoredRecord } from './org-state.js';
import type { SeedModule } from './seed-types.js';
import { fieldsOf, lookupTarget } from './module-catalog.js';

/** Territories answered under the key asked for: Deals accept both spellings (A3). */
export function territoryKeys(module: SeedModule): readonly string[] {
  return module === 'Deals' ? ['Territory', 'Territories'] : [TERRITORY_FIELD[module]];
}

function restTerritories(state: OrgState, record: StoredRecord): unknown {
  if (record.territories.length === 0) return null;
  return record.territories.map((a) => ({
    Name: state.territories.get(a.territoryId)?.name ?? null,
    id: a.territoryId,
    $assigned_by: a.assigned === 'manually' ? { name: state.user.name, id: state.user.id } : null,
    $assigned_time: a.assignedTime,
    $assigned: a.assigned,
  }));
}

function coqlTerritories(state: OrgState, record: StoredRecord): unknown {
  if (record.territories.length === 0) return null;
  return record.territories.map((a) => ({
    name: state.territories.get(a.territoryId)?.name ?? null,
    id: a.territoryId,
  }));
}

/**
 * A lookup field (Account_Name of Contacts and Deals, Contact_Name of Deals) holds the looked-up
 * record's id in the seed; Zoho answers the record it names, or null when it names none.
 */
function lookupValue(
  state: OrgState,
  record: StoredRecord,
  field: string,
  target: SeedModule,
  coql: boolean,
): unknown {
  const value = record.fields[field];
  const found = typeof value === 'string' ? state.record(target, value) : undefined;
  if (!found) return null;
  return coql ? { id: found.id } : { name: found.name, id: found.id };
}

function fieldValue(state: OrgState, record: StoredRecord, field: string, coql: boolean): unknown {
  switch (field) {
    case 'id':
      return record.id;
    case 'Owner':
      return coql
        ? { id: state.user.id }
        : { name: state.user.name, id: state.user.id, email: state.user.email };
    case 'Created_Time':
      return record.createdTime;
    case 'Modified_Time':
      return record.modifiedTime;
    default: {
      if (territoryKeys(record.module).includes(field)) {
        return coql ? coqlTerritories(state, record) : restTerritories(state, record);
      }
      const target = lookupTarget(record.module, field);
      if (target) return lookupValue(state, record, field, target, coql);
      return record.fields[field] ?? null;
    }
  }
}

const KNOWN_FIELDS = new Map<SeedModule, ReadonlySet<string>>();

function knownFields(module: SeedModule): ReadonlySet<string> {
  let known = KNOWN_FIELDS.get(module);
  if (!known) {
    known = new Set([...territoryKeys(module), ...fieldsOf(module).map((f) => f.api_name)]);
    KNOWN_FIELDS.set(module, known);
  }
  return known;
}

/** Whether the module has the field (unknown fields are left out of the answer). */
function knows(record: StoredRecord, field: string): boolean {
  return knownFields(record.module).has(field) || Object.hasOwn(record.fields, field);
}

/** The record with the given fields (id always first); every field when `fields` is undefined. */
export function viewRecord(
  state: OrgState,
  record: StoredRecord,
  fields: readonly string[] | undefined,
  coql = false,
): Record<string, unknown> {
  const names = fields ?? [
    'Owner',
    ...Object.keys(record.fields),
    'Created_Time',
    'Modified_Time',
    TERRITORY_FIELD[record.module],
  ];
  const out: Record<string, unknown> = { id: record.id };
  for (const name of names) {
    if (name === 'id' || !knows(record, name)) continue;
    out[name] = fieldValue(state, record, name, coql);
  }
  return out;
}

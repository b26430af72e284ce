// Current territories of records: GET /crm/v7/{module}?ids=..&fields=<name>,<territory> in
// chunks of 100, falling back to the single-record GET when the list leaves the field out.
import {
  API_VERSION,
  MAX_IDS_PER_GET_RECORDS,
  NAME_FIELD,
  TERRITORY_FIELD,
} from '../constants/zoho.js';
import type { CurrentRecord, ModuleName, TerritoryAssignment } from '../core/model.js';
import type { ApiCall, ApiResponse } from './api-call.js';
import { isSuccess } from './api-call.js';
import { chunk, unique } from './chunk.js';
import { getByIds } from './records-by-ids.js';
import { readTerritories, recordName } from './record-fields.js';
import { readScope } from './scopes.js';
import type { Transport } from './transport.js';
import { isObject } from '../core/is-object.js';
import { readDataArray, readStatus } from './zoho-envelope.js';
import type { JsonObject } from './zoho-envelope.js';

type Found = { readonly name?: string; readonly territories?: TerritoryAssignment[] };

/** Called with each chunk's records as soon as they are read, before the whole read ends. */
export type OnRecords = (records: readonly CurrentRecord[]) => void;

export async function readRecords(
  transport: Transport,
  module: ModuleName,
  ids: readonly string[],
  onRecords?: OnRecords,
): Promise<{ records: CurrentRecord[]; missing: string[] }> {
  const chunks = await Promise.all(
    chunk(unique(ids), MAX_IDS_PER_GET_RECORDS).map(async (part) => {
      const read = await readPart(transport, module, part);
      onRecords?.(read.records);
      return read;
    }),
  );
  const readOneByOne = chunks.reduce((sum, part) => sum + part.readOneByOne, 0);
  if (readOneByOne > 0) {
    transport.emit({
      type: 'notice',
      module,
      message:
        `Zoho's list call left out ${TERRITORY_FIELD[module]} for ${readOneByOne} ` +
        `${module} record(s); read them one at a time (GET /crm/${API_VERSION}/${module}/{id}).`,
    });
  }
  return {
    records: joined(chunks.map((part) => part.records)),
    missing: joined(chunks.map((part) => part.missing)),
  };
}

/**
 * The lists one after the other. A plain loop: flatMap costs several times more over 100,000
 * records, and concat(...lists) passes one argument per list, past the engine's limit for an
 * export of millions of records.
 */
function joined<T>(lists: readonly (readonly T[])[]): T[] {
  const all: T[] = [];
  for (const list of lists) {
    for (let i = 0; i < list.length; i += 1) all.push(list[i] as T);
  }
  return all;
}

/** One Get Records call, plus a single-record GET for each record it left the field out of. */
async function readPart(
  transport: Transport,
  module: ModuleName,
  ids: readonly string[],
): Promise<{ records: CurrentRecord[]; missing: string[]; readOneByOne: number }> {
  const found = await readChunk(transport, module, ids);
  const withoutField = ids.filter(
    (id) => found.has(id) && found.get(id)?.territories === undefined,
  );
  if (withoutField.length > 0) {
    const singles = await Promise.all(withoutField.map((id) => readOne(transport, module, id)));
    withoutField.forEach((id, index) => {
      const single = singles[index];
      if (single === undefined) found.delete(id);
      else found.set(id, single);
    });
  }

  const records: CurrentRecord[] = [];
  const missing: string[] = [];
  for (const id of ids) {
    const record = found.get(id);
    if (record === undefined) missing.push(id);
    else records.push(currentRecord(module, id, record));
  }
  return { records, missing, readOneByOne: withoutField.length };
}

/** Runs for every record read (100,000 in a large org): no spreads, no copies. */
function currentRecord(module: ModuleName, id: string, found: Found): CurrentRecord {
  const territories = found.territories ?? [];
  return found.name === undefined
    ? { module, id, territories }
    : { module, id, name: found.name, territories };
}

async function readChunk(
  transport: Transport,
  module: ModuleName,
  ids: readonly string[],
): Promise<Map<string, Found>> {
  const fields = [NAME_FIELD[module], TERRITORY_FIELD[module]];
  const { call, response, records } = await getByIds(transport, module, ids, fields);
  const found = new Map<string, Found>();
  for (const record of records) {
    found.set(record.id as string, toFound(transport, call, response, module, record));
  }
  return found;
}

/** undefined when the record does not exist. */
async function readOne(
  transport: Transport,
  module: ModuleName,
  id: string,
): Promise<Found | undefined> {
  const call: ApiCall = {
    kind: 'record',
    method: 'GET',
    path: `/crm/${API_VERSION}/${module}/${encodeURIComponent(id)}`,
    scope: readScope(module),
  };
  const response = await transport.send(call);
  if (response.status === 204 || isInvalidRecordId(response)) return undefined;
  const record = recordsOf(transport, call, response).find((r) => r.id === id);
  if (record === undefined) return undefined;
  const found = toFound(transport, call, response, module, record);
  // The single-record GET is the documented source; no field there means no territories.
  return { ...found, territories: found.territories ?? [] };
}

function recordsOf(transport: Transport, call: ApiCall, response: ApiResponse): JsonObject[] {
  if (!isSuccess(response)) throw transport.fail(call, response);
  const data = readDataArray(response.body);
  if (data === undefined) throw transport.unexpected(call, response, 'no `data` array');
  return data.filter(isObject);
}

function toFound(
  transport: Transport,
  call: ApiCall,
  response: ApiResponse,
  module: ModuleName,
  record: JsonObject,
): Found {
  try {
    const name = recordName(module, record);
    const territories = readTerritories(module, record);
    if (name === undefined) return territories === undefined ? {} : { territories };
    return territories === undefined ? { name } : { name, territories };
  } catch (error) {
    if (error instanceof TypeError) throw transport.unexpected(call, response, error.message);
    throw error;
  }
}

function isInvalidRecordId(response: ApiResponse): boolean {
  if (response.status !== 400 && response.status !== 404) return false;
  return readStatus(response.body)?.code === 'INVALID_DATA';
}

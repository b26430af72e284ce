// One Get Records call by ids (`?ids=a,b,..&fields=..`, at most 100 ids, assumption A4) that
// answers the records as Zoho sends them: the same shape a listing page has, territories with
// `$assigned` included, which COQL leaves out.
import { API_VERSION, MAX_IDS_PER_GET_RECORDS } from '../constants/zoho.js';
import type { ModuleName } from '../core/model.js';
import { compareIds } from '../core/ordering.js';
import { TerritorySyncError } from '../errors.js';
import type { ApiCall, ApiResponse } from './api-call.js';
import { isSuccess } from './api-call.js';
import { readScope } from './scopes.js';
import type { Transport } from './transport.js';
import { isObject } from '../core/is-object.js';
import { readDataArray } from './zoho-envelope.js';
import type { JsonObject } from './zoho-envelope.js';

/** One Get Records answer by ids: the call and answer (for error messages) and its records. */
export interface ByIdsAnswer {
  readonly call: ApiCall;
  readonly response: ApiResponse;
  /** The requested records that exist, each once, in the order Zoho sent them. */
  readonly records: readonly JsonObject[];
}

/** The one Get Records call by ids; plan, apply and export all read records through it. */
export async function getByIds(
  transport: Transport,
  module: ModuleName,
  ids: readonly string[],
  fields: readonly string[],
): Promise<ByIdsAnswer> {
  if (ids.length === 0 || ids.length > MAX_IDS_PER_GET_RECORDS) {
    throw new TerritorySyncError(
      'INTERNAL',
      `Get Records by ids takes 1 to ${MAX_IDS_PER_GET_RECORDS} ids, got ${ids.length}.`,
    );
  }
  const call: ApiCall = {
    kind: 'records',
    method: 'GET',
    path: `/crm/${API_VERSION}/${module}`,
    query: { ids: ids.join(','), fields: fields.join(',') },
    scope: readScope(module),
  };
  const response = await transport.send(call);
  // 204: none of them exists (or no longer: deleted since they were listed).
  if (response.status === 204) return { call, response, records: [] };
  if (!isSuccess(response)) throw transport.fail(call, response);
  const data = readDataArray(response.body);
  if (data === undefined) throw transport.unexpected(call, response, 'no `data` array');
  const wanted = new Set(ids);
  const found = new Map<string, JsonObject>();
  for (const record of data) {
    if (!isObject(record) || typeof record.id !== 'string') continue;
    if (wanted.has(record.id) && !found.has(record.id)) found.set(record.id, record);
  }
  return { call, response, records: [...found.values()] };
}

/** The records among `ids` that exist, ascending by id (a listing must stay ascending). */
export async function recordsByIds(
  transport: Transport,
  module: ModuleName,
  ids: readonly string[],
  fields: readonly string[],
): Promise<JsonObject[]> {
  const { records } = await getByIds(transport, module, ids, fields);
  // Zoho does not promise the order of an ids answer.
  return [...records].sort((a, b) => compareIds(a.id as string, b.id as string));
}

// One Get Records call by ids (`?ids=a,b,..&fields=..`, at most 100 ids, assumption A4) that
// answers the records as Zoho sends them: the same shape a listing page has, territories with
// `$assigned` included, which COQL leaves out.
import { API_VERSION, MAX_IDS_PER_GET_RECORDS } from '../constants/zoho.js';
import type { ModuleName } from '../core/model.js';
import { compareIds } from '../core/ordering.js';
import { TerritorySyncError } from '../errors.js';
import type { ApiCall } from './api-call.js';
import { isSuccess } from './api-call.js';
import { readScope } from './scopes.js';
import type { Transport } from './transport.js';
import { isObject, readDataArray } from './zoho-envelope.js';
import type { JsonObject } from './zoho-envelope.js';

/** The records among `ids` that exist, ascending by id; ids Zoho did not ask for are dropped. */
export async function recordsByIds(
  transport: Transport,
  module: ModuleName,
  ids: readonly string[],
  fields: readonly string[],
): Promise<JsonObject[]> {
  if (ids.length === 0 || ids.length > MAX_IDS_PER_GET_RECORDS) {
    throw new TerritorySyncError(
      'INTERNAL',
      `recordsByIds takes 1 to ${MAX_IDS_PER_GET_RECORDS} ids, got ${ids.length}.`,
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
  // 204: none of them exists any more (deleted since they were listed).
  if (response.status === 204) return [];
  if (!isSuccess(response)) throw transport.fail(call, response);
  const data = readDataArray(response.body);
  if (data === undefined) throw transport.unexpected(call, response, 'no `data` array');
  const wanted = new Set(ids);
  const found = new Map<string, JsonObject>();
  for (const record of data) {
    if (!isObject(record) || typeof record.id !== 'string') continue;
    if (wanted.has(record.id) && !found.has(record.id)) found.set(record.id, record);
  }
  // Zoho does not promise the order of an ids answer; a listing must stay ascending.
  return [...found].sort(([a], [b]) => compareIds(a, b)).map(([, record]) => record);
}

// GET /crm/v7/settings/territories, every page (per_page 2000, 204 = no territories).
import { API_VERSION, MAX_TERRITORIES_PER_PAGE } from '../constants/zoho.js';
import type { Catalogue, Territory } from '../core/model.js';
import type { ApiCall } from './api-call.js';
import { isSuccess } from './api-call.js';
import { TERRITORIES_READ_SCOPE } from './scopes.js';
import type { Transport } from './transport.js';
import { isObject, optionalString } from './zoho-envelope.js';

/** A guard against a server that always says more_records: 2 million territories. */
const MAX_PAGES = 1000;

export async function readCatalogue(transport: Transport): Promise<Catalogue> {
  const byId = new Map<string, Territory>();
  for (let page = 1; page <= MAX_PAGES; page += 1) {
    const call: ApiCall = {
      kind: 'territories',
      method: 'GET',
      path: `/crm/${API_VERSION}/settings/territories`,
      query: { page: String(page), per_page: String(MAX_TERRITORIES_PER_PAGE) },
      scope: TERRITORIES_READ_SCOPE,
    };
    const response = await transport.send(call);
    if (response.status === 204) break;
    if (!isSuccess(response)) throw transport.fail(call, response);
    const body = response.body;
    if (!isObject(body) || !Array.isArray(body.territories)) {
      throw transport.unexpected(call, response, 'no `territories` array');
    }
    for (const item of body.territories) {
      const territory = toTerritory(item);
      if (territory === undefined) {
        throw transport.unexpected(call, response, 'a territory without a string id and name');
      }
      if (!byId.has(territory.id)) byId.set(territory.id, territory);
    }
    const more = isObject(body.info) && body.info.more_records === true;
    if (!more || body.territories.length === 0) break;
  }
  return { territories: [...byId.values()] };
}

function toTerritory(item: unknown): Territory | undefined {
  if (!isObject(item)) return undefined;
  const id = optionalString(item.id);
  const name = optionalString(item.name);
  if (id === undefined || name === undefined) return undefined;
  // reporting_to is the parent; the root ("Organization Parent Territory") has null.
  const parentId = isObject(item.reporting_to)
    ? (optionalString(item.reporting_to.id) ?? null)
    : null;
  return { id, name, parentId };
}

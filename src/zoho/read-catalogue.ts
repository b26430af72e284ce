// GET /crm/v7/settings/territories, every page (per_page 2000, 204 = no territories).
// A catalogue is read to the end or not at all: a plan resolved against part of it would be
// wrong, so a paging that does not end (or ends in a contradiction) is refused.
import { API_VERSION, MAX_TERRITORIES_PER_PAGE } from '../constants/zoho.js';
import type { Catalogue, Territory } from '../core/model.js';
import type { ApiCall } from './api-call.js';
import { isSuccess } from './api-call.js';
import { incompleteRead } from './call-errors.js';
import { MAX_CATALOGUE_PAGES, boundedName } from './response-limits.js';
import { TERRITORIES_READ_SCOPE } from './scopes.js';
import type { Transport } from './transport.js';
import { isObject } from '../core/is-object.js';
import { optionalString } from './zoho-envelope.js';

const PATH = `/crm/${API_VERSION}/settings/territories`;

export async function readCatalogue(
  transport: Transport,
  maxPages = MAX_CATALOGUE_PAGES,
): Promise<Catalogue> {
  const byId = new Map<string, Territory>();
  for (let page = 1; page <= maxPages; page += 1) {
    const call: ApiCall = {
      kind: 'territories',
      method: 'GET',
      path: PATH,
      query: { page: String(page), per_page: String(MAX_TERRITORIES_PER_PAGE) },
      scope: TERRITORIES_READ_SCOPE,
    };
    const response = await transport.send(call);
    if (response.status === 204) return { territories: [...byId.values()] };
    if (!isSuccess(response)) throw transport.fail(call, response);
    const body = response.body;
    if (!isObject(body) || !Array.isArray(body.territories)) {
      throw transport.unexpected(call, response, 'no `territories` array');
    }
    const before = byId.size;
    for (const item of body.territories) {
      let territory: Territory | undefined;
      try {
        territory = toTerritory(item);
      } catch (error) {
        if (error instanceof TypeError) throw transport.unexpected(call, response, error.message);
        throw error;
      }
      if (territory === undefined) {
        throw transport.unexpected(call, response, 'a territory without a string id and name');
      }
      if (!byId.has(territory.id)) byId.set(territory.id, territory);
    }
    const more = isObject(body.info) && body.info.more_records === true;
    if (!more) return { territories: [...byId.values()] };
    // More promised, but this page brought nothing new: the next one would not either.
    if (byId.size === before) {
      throw transport.unexpected(
        call,
        response,
        body.territories.length === 0
          ? `more_records on page ${page} but no territories in it`
          : `more_records on page ${page} but only territories earlier pages already gave`,
      );
    }
  }
  throw incompleteRead({
    method: 'GET',
    path: PATH,
    what: 'territories',
    read: byId.size,
    pages: maxPages,
    pageName: 'pages',
    pageSize: `up to ${MAX_TERRITORIES_PER_PAGE.toLocaleString('en-US')} territories`,
    consequence: 'a plan resolved against part of the catalogue would be wrong, so none was made',
  });
}

function toTerritory(item: unknown): Territory | undefined {
  if (!isObject(item)) return undefined;
  const id = optionalString(item.id);
  const name = boundedName(optionalString(item.name), 'a territory name');
  if (id === undefined || name === undefined) return undefined;
  // reporting_to is the parent; the root ("Organization Parent Territory") has null.
  const parentId = isObject(item.reporting_to)
    ? (optionalString(item.reporting_to.id) ?? null)
    : null;
  return { id, name, parentId };
}

// The next ids after a key, by COQL: `select id from M where id > 'K' order by id asc limit
// 2000`. A keyset has no offset, so it is not bound by the 100,000-record limit that offset
// and page_token paging share. The answer is checked before it is used as the next key: a page
// that does not move past the key would otherwise be asked for again and again.
import {
  API_VERSION,
  MAX_COQL_LIMIT,
  PAGE_TOKEN_PAGINATION_LIMIT,
  SCOPES,
} from '../constants/zoho.js';
import type { ModuleName } from '../core/model.js';
import { compareIds } from '../core/ordering.js';
import { TerritorySyncError } from '../errors.js';
import type { ApiCall, ApiResponse } from './api-call.js';
import { isSuccess } from './api-call.js';
import { RECORD_ID } from './id-order.js';
import type { Transport } from './transport.js';
import { ZohoApiError } from './zoho-api-error.js';
import { isObject } from '../core/is-object.js';
import { MAX_COQL_ID_PAGE_BYTES } from './response-limits.js';
import { readDataArray, readStatus } from './zoho-envelope.js';

export const COQL_PATH = `/crm/${API_VERSION}/coql`;

export interface IdPage {
  /** Ascending, each greater than the key asked for. */
  readonly ids: readonly string[];
  /** Zoho says more ids follow the last one. */
  readonly more: boolean;
}

export async function idsAfter(
  transport: Transport,
  module: ModuleName,
  after: string,
): Promise<IdPage> {
  // The key is interpolated into the query, so it must be a plain id and nothing else.
  if (!RECORD_ID.test(after)) {
    throw new TerritorySyncError(
      'INTERNAL',
      `COQL keyset asked to start after "${after}", not a record id.`,
    );
  }
  const call = idPageCall(module, `id > '${after}'`);
  const response = await transport.send(call);
  if (response.status === 401 && readStatus(response.body)?.code === 'OAUTH_SCOPE_MISMATCH') {
    throw coqlScopeMissing(module);
  }
  if (!isSuccess(response)) throw transport.fail(call, response);
  return idPage(transport, call, response, after);
}

/**
 * The query for one keyset page: the next MAX_COQL_LIMIT ids `where` selects, ascending. `where`
 * is interpolated as it is: callers build it from a checked id or canonical criteria.
 */
export function idPageCall(module: ModuleName, where: string): ApiCall {
  return {
    kind: 'coql',
    method: 'POST',
    path: COQL_PATH,
    json: {
      select_query: `select id from ${module} where ${where} order by id asc limit ${MAX_COQL_LIMIT}`,
    },
    scope: SCOPES.coqlRead,
    maxResponseBytes: MAX_COQL_ID_PAGE_BYTES,
  };
}

/**
 * A successful answer to a keyset query for at most MAX_COQL_LIMIT ids (`select id ... order by
 * id asc limit 2000`), checked before any id is used as the next key or as a match: 204 is no
 * ids; every row's id a digit string, strictly ascending from `after` (from the first row when
 * there is no key yet); no more rows than were asked for; `more_records` a boolean beside rows,
 * and never true without them. A read that stopped early on a malformed `more_records` would
 * look complete, and a selector's missing matches would become removals.
 */
export function idPage(
  transport: Transport,
  call: ApiCall,
  response: ApiResponse,
  after: string | undefined,
): IdPage {
  if (response.status === 204) return { ids: [], more: false };
  const data = readDataArray(response.body);
  if (data === undefined) throw transport.unexpected(call, response, 'no `data` array');
  if (data.length > MAX_COQL_LIMIT) {
    throw transport.unexpected(
      call,
      response,
      `${data.length.toLocaleString('en-US')} rows, more than the ${MAX_COQL_LIMIT.toLocaleString('en-US')} asked for`,
    );
  }
  const ids: string[] = [];
  let previous = after;
  for (const row of data) {
    const id = isObject(row) ? row.id : undefined;
    if (typeof id !== 'string' || !RECORD_ID.test(id)) {
      throw transport.unexpected(call, response, 'a row whose id is not a digit string');
    }
    // Strictly ascending from the key: the only shape that always moves the key forward.
    if (previous !== undefined && compareIds(id, previous) <= 0) {
      throw transport.unexpected(
        call,
        response,
        after === undefined
          ? `id ${id} after ${previous}: the ids are not in ascending order`
          : `id ${id} after ${previous}: the ids do not move past the key ${after} in ascending order`,
      );
    }
    ids.push(id);
    previous = id;
  }
  const info = isObject(response.body) && isObject(response.body.info) ? response.body.info : {};
  if (ids.length > 0 && typeof info.more_records !== 'boolean') {
    throw transport.unexpected(call, response, 'rows but no boolean `info.more_records`');
  }
  if (info.more_records === true && ids.length === 0) {
    throw transport.unexpected(call, response, 'more_records but no ids');
  }
  return { ids, more: info.more_records === true };
}

/** The token may list records but not run COQL, which reading past 100,000 needs. */
function coqlScopeMissing(module: ModuleName): ZohoApiError {
  return new ZohoApiError(
    'AUTH',
    `Zoho lists at most the first ${PAGE_TOKEN_PAGINATION_LIMIT.toLocaleString('en-US')} ${module} through Get Records; reading past them ` +
      `takes COQL, and the token lacks ${SCOPES.coqlRead}. Create the refresh token again with ` +
      `${SCOPES.coqlRead} among its scopes.`,
    {
      zohoCode: 'OAUTH_SCOPE_MISMATCH',
      httpStatus: 401,
      method: 'POST',
      path: COQL_PATH,
      details: { scope: SCOPES.coqlRead },
    },
  );
}

/** True for the error that says the token cannot read past Zoho's listing limit. */
export function isCoqlScopeMissing(error: unknown): error is ZohoApiError {
  return (
    error instanceof ZohoApiError &&
    error.answerCode === 'OAUTH_SCOPE_MISMATCH' &&
    error.path === COQL_PATH
  );
}

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
import type { ApiCall } from './api-call.js';
import { isSuccess } from './api-call.js';
import { RECORD_ID } from './id-order.js';
import type { Transport } from './transport.js';
import { ZohoApiError } from './zoho-api-error.js';
import { isObject } from '../core/is-object.js';
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
  const call: ApiCall = {
    kind: 'coql',
    method: 'POST',
    path: COQL_PATH,
    json: {
      select_query: `select id from ${module} where id > '${after}' order by id asc limit ${MAX_COQL_LIMIT}`,
    },
    scope: SCOPES.coqlRead,
  };
  const response = await transport.send(call);
  if (response.status === 204) return { ids: [], more: false };
  if (response.status === 401 && readStatus(response.body)?.code === 'OAUTH_SCOPE_MISMATCH') {
    throw coqlScopeMissing(module);
  }
  if (!isSuccess(response)) throw transport.fail(call, response);
  const data = readDataArray(response.body);
  if (data === undefined) throw transport.unexpected(call, response, 'no `data` array');
  const ids: string[] = [];
  let previous = after;
  for (const row of data) {
    const id = isObject(row) ? row.id : undefined;
    if (typeof id !== 'string' || !RECORD_ID.test(id)) {
      throw transport.unexpected(call, response, 'a row whose id is not a digit string');
    }
    // Strictly ascending from the key: the only shape that always moves the key forward.
    if (compareIds(id, previous) <= 0) {
      throw transport.unexpected(
        call,
        response,
        `id ${id} after ${previous}: the ids do not move past the key ${after} in ascending order`,
      );
    }
    ids.push(id);
    previous = id;
  }
  const info = isObject(response.body) && isObject(response.body.info) ? response.body.info : {};
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

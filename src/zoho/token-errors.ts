// What the accounts server's refusals mean and what to change. Zoho answers OAuth errors with
// HTTP 200 and an `error` key; a wrong data centre looks exactly like a wrong client or token.
import {
  OAUTH_ERROR_ACCESS_DENIED,
  OAUTH_ERROR_INVALID_CLIENT,
  OAUTH_ERROR_INVALID_CODE,
  OAUTH_TOKEN_PATH,
} from '../constants/zoho.js';
import { dataCentreOf } from './data-centres.js';
import { ZohoApiError } from './zoho-api-error.js';
import { isObject } from '../core/is-object.js';
import { optionalString } from './zoho-envelope.js';

export const TOKEN_PATH = OAUTH_TOKEN_PATH;

type Redact = (text: string) => string;

function at(accountsUrl: string): string {
  const dc = dataCentreOf(accountsUrl);
  return dc === undefined ? accountsUrl : `${accountsUrl} (data centre ${dc})`;
}

export function tokenError(
  accountsUrl: string,
  status: number,
  body: unknown,
  redact: Redact,
): ZohoApiError {
  const error = isObject(body) ? optionalString(body.error) : undefined;
  const description = isObject(body) ? optionalString(body.error_description) : undefined;
  const info = {
    zohoCode: error ?? `HTTP_${status}`,
    httpStatus: status,
    method: 'POST',
    path: TOKEN_PATH,
  };
  switch (error) {
    case OAUTH_ERROR_INVALID_CLIENT:
      return new ZohoApiError(
        'AUTH',
        `Zoho rejected the client id or secret (invalid_client) at ${at(accountsUrl)}. Check ` +
          `ZOHO_CLIENT_ID / ZOHO_CLIENT_SECRET and that the data centre matches where the ` +
          `client was created (us, eu, in, au, jp, ca, cn, sa).`,
        info,
      );
    case OAUTH_ERROR_INVALID_CODE:
      return new ZohoApiError(
        'AUTH',
        `Zoho rejected the refresh token (invalid_code) at ${at(accountsUrl)}. Check ` +
          `ZOHO_REFRESH_TOKEN: it may have been revoked, belong to another client, or come from ` +
          `another data centre than this one (us, eu, in, au, jp, ca, cn, sa); generate a new ` +
          `one in the Zoho API Console if needed.`,
        info,
      );
    case OAUTH_ERROR_ACCESS_DENIED:
      return new ZohoApiError(
        'AUTH',
        `Zoho's accounts server ${at(accountsUrl)} refused a new access token: ` +
          `${redact(description ?? 'Access Denied')} Zoho allows 10 refreshes per refresh token ` +
          `in 10 minutes; wait up to 10 minutes, or run with a short-lived ZOHO_ACCESS_TOKEN ` +
          `and without ZOHO_CLIENT_ID, ZOHO_CLIENT_SECRET and ZOHO_REFRESH_TOKEN (while those ` +
          `three are set, they are used and each run refreshes once).`,
        info,
      );
    case undefined:
      return new ZohoApiError(
        'AUTH',
        `Zoho's accounts server ${at(accountsUrl)} answered ${status} without an access token ` +
          `to POST ${TOKEN_PATH}. Check that the connection's accounts URL is Zoho's accounts ` +
          `server for your data centre (or the emulator's address).`,
        info,
      );
    default:
      return new ZohoApiError(
        'AUTH',
        `Zoho's accounts server ${at(accountsUrl)} refused a new access token ` +
          `(${redact(error)}${description ? `: ${redact(description)}` : ''}). Check ` +
          `ZOHO_CLIENT_ID, ZOHO_CLIENT_SECRET, ZOHO_REFRESH_TOKEN and the data centre.`,
        info,
      );
  }
}

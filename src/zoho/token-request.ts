// POST {accounts}/oauth/v2/token with grant_type=refresh_token. Not behind the API
// concurrency limiter: it is another server, costs no credits, and calls that hold a slot
// may be waiting on it.
import { withBackoff } from './backoff.js';
import type { BackoffDeps } from './backoff.js';
import { gaveUpAfter, retryNetworkFailure } from './call-errors.js';
import type { ClientEvent } from './client-events.js';
import type { ZohoCredentials } from './client-types.js';
import { isLoopbackHost } from '../core/loopback.js';
import { TerritorySyncError } from '../errors.js';
import { apiHostSuffix, dataCentreOf, stripSlash } from './data-centres.js';
import type { ZohoConnection } from './data-centres.js';
import { exchange } from './http-exchange.js';
import type { RawResponse } from './http-exchange.js';
import type { Redactor } from './redactor.js';
import { MAX_JSON_DEPTH } from './response-limits.js';
import type { StatsRecorder } from './stats-recorder.js';
import { TOKEN_PATH, tokenError } from './token-errors.js';
import { isTransientStatus } from './transient.js';
import { ZohoApiError } from './zoho-api-error.js';
import { isObject } from '../core/is-object.js';
import { optionalString } from './zoho-envelope.js';

export interface AccessToken {
  readonly value: string;
  /**
   * Where API calls go: the configured API domain; the token answer's api_domain only when none
   * was configured and it is on the same data centre (chooseApiDomain).
   */
  readonly apiDomain: string;
}

export interface TokenRequestDeps {
  readonly backoff: Omit<BackoffDeps, 'onRetry'>;
  readonly timeoutMs: number;
  /** The most bytes of the accounts server's answer read (response-limits.ts). */
  readonly maxResponseBytes: number;
  readonly redactor: Redactor;
  readonly stats: StatsRecorder;
  readonly emit: (event: ClientEvent) => void;
}

type RefreshCredentials = Extract<ZohoCredentials, { kind: 'refresh-token' }>;

export async function requestAccessToken(
  credentials: RefreshCredentials,
  connection: ZohoConnection,
  deps: TokenRequestDeps,
): Promise<AccessToken> {
  const accountsUrl = stripSlash(connection.accountsUrl);
  const redact = (text: string) => deps.redactor.redact(text);
  const started = deps.backoff.now();
  deps.stats.tokenRefresh();
  let ok = false;
  try {
    const response = await withBackoff<RawResponse>(
      async () => {
        const result = await exchange({
          method: 'POST',
          url: `${accountsUrl}${TOKEN_PATH}`,
          headers: {},
          form: {
            grant_type: 'refresh_token',
            client_id: credentials.clientId,
            client_secret: credentials.clientSecret,
            refresh_token: credentials.refreshToken,
          },
          timeoutMs: deps.timeoutMs,
          maxBodyBytes: deps.maxResponseBytes,
        });
        const target = { method: 'POST', path: TOKEN_PATH, origin: accountsUrl };
        if (!result.ok) {
          const { failure } = result;
          return retryNetworkFailure(target, failure, deps.redactor);
        }
        const { status } = result.response;
        if (isTransientStatus(status)) {
          return {
            kind: 'retry',
            reason: String(status),
            giveUp: (summary) =>
              new ZohoApiError(
                'ZOHO_API',
                `Zoho's accounts server ${accountsUrl} kept answering ${status} to POST ` +
                  `${TOKEN_PATH}; ${gaveUpAfter(summary)}. Try again later.`,
                {
                  zohoCode: `HTTP_${status}`,
                  httpStatus: status,
                  method: 'POST',
                  path: TOKEN_PATH,
                },
              ),
          };
        }
        return { kind: 'done', value: result.response };
      },
      {
        ...deps.backoff,
        onRetry: (retry, delayMs, reason) => {
          deps.stats.retry();
          deps.emit({
            type: 'retry',
            kind: 'token',
            method: 'POST',
            path: TOKEN_PATH,
            retry,
            delayMs,
            reason,
          });
        },
      },
    );
    const token = readToken(response.body, connection, redact);
    if (token === undefined) {
      // Every text of a refusal may reach a log: none may carry a credential the server echoed.
      const body = deps.redactor.scrubParsed(response.body, MAX_JSON_DEPTH).value;
      throw tokenError(accountsUrl, response.status, body, redact);
    }
    deps.redactor.add(token.value);
    ok = true;
    return token;
  } finally {
    deps.emit({ type: 'token', accountsUrl, ok, ms: deps.backoff.now() - started });
  }
}

function readToken(
  body: unknown,
  connection: ZohoConnection,
  redact: (text: string) => string,
): AccessToken | undefined {
  if (!isObject(body)) return undefined;
  const value = optionalString(body.access_token);
  if (value === undefined || value === '') return undefined;
  // The access token is the one value taken as sent; api_domain may end up in a message.
  const apiDomain = optionalString(body.api_domain);
  return {
    value,
    apiDomain: chooseApiDomain(apiDomain === undefined ? undefined : redact(apiDomain), connection),
  };
}

/**
 * The configured API domain is final: a sandbox rehearsal must never follow the token answer to
 * production. Only when nothing was configured does Zoho's api_domain count, and then only if it
 * is https on the accounts server's data centre (or loopback when the accounts server is).
 */
export function chooseApiDomain(answered: string | undefined, connection: ZohoConnection): string {
  if (answered === undefined || answered === '' || connection.apiDomainConfigured !== false) {
    return connection.apiDomain;
  }
  const why = unacceptableApiDomain(answered, connection.accountsUrl);
  if (why === undefined) return stripSlash(new URL(answered).origin);
  throw new TerritorySyncError(
    'INVALID_CONFIG',
    `Zoho's token answer says to send API calls to ${JSON.stringify(answered)}, but ${why}; ` +
      `the default for this connection is ${connection.apiDomain}. Nothing was sent there.`,
    {
      hint:
        "Set connection.apiDomain (or ZOHO_API_DOMAIN) to your org's API domain, e.g. " +
        'https://www.zohoapis.eu; a configured domain is always used as is.',
    },
  );
}

function unacceptableApiDomain(answered: string, accountsUrl: string): string | undefined {
  let url: URL;
  let accounts: URL;
  try {
    url = new URL(answered);
    accounts = new URL(accountsUrl);
  } catch {
    return 'that is not a URL';
  }
  if (url.pathname !== '/' || url.search !== '' || url.username !== '' || url.password !== '') {
    return 'an API domain has no path, query or user name';
  }
  if (isLoopbackHost(accounts.hostname)) {
    return isLoopbackHost(url.hostname) && (url.protocol === 'http:' || url.protocol === 'https:')
      ? undefined
      : `the accounts server ${accountsUrl} is on this machine and that is not`;
  }
  if (url.protocol !== 'https:') return 'it is not https';
  const dc = dataCentreOf(accountsUrl);
  if (dc === undefined) return `the accounts server ${accountsUrl} is not one of Zoho's`;
  const suffix = apiHostSuffix(dc);
  const host = url.hostname.toLowerCase();
  return host === suffix || host.endsWith(`.${suffix}`)
    ? undefined
    : `it is not a Zoho API domain of the ${dc} data centre (*.${suffix})`;
}

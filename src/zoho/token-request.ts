// POST {accounts}/oauth/v2/token with grant_type=refresh_token. Not behind the API
// concurrency limiter: it is another server, costs no credits, and calls that hold a slot
// may be waiting on it.
import { withBackoff } from './backoff.js';
import type { BackoffDeps } from './backoff.js';
import { gaveUpAfter, retryNetworkFailure } from './call-errors.js';
import type { ClientEvent } from './client-events.js';
import type { ZohoCredentials } from './client-types.js';
import { stripSlash } from './data-centres.js';
import type { ZohoConnection } from './data-centres.js';
import { exchange } from './http-exchange.js';
import type { RawResponse } from './http-exchange.js';
import type { Redactor } from './redactor.js';
import type { StatsRecorder } from './stats-recorder.js';
import { TOKEN_PATH, tokenError } from './token-errors.js';
import { isTransientStatus } from './transient.js';
import { ZohoApiError } from './zoho-api-error.js';
import { isObject, optionalString } from './zoho-envelope.js';

export interface AccessToken {
  readonly value: string;
  /** Where API calls go: the token response's api_domain wins over the configured one. */
  readonly apiDomain: string;
}

export interface TokenRequestDeps {
  readonly backoff: Omit<BackoffDeps, 'onRetry'>;
  readonly timeoutMs: number;
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
    const token = readToken(response.body, connection);
    if (token === undefined) throw tokenError(accountsUrl, response.status, response.body, redact);
    deps.redactor.add(token.value);
    ok = true;
    return token;
  } finally {
    deps.emit({ type: 'token', accountsUrl, ok, ms: deps.backoff.now() - started });
  }
}

function readToken(body: unknown, connection: ZohoConnection): AccessToken | undefined {
  if (!isObject(body)) return undefined;
  const value = optionalString(body.access_token);
  if (value === undefined || value === '') return undefined;
  const apiDomain = optionalString(body.api_domain);
  return { value, apiDomain: isHttpUrl(apiDomain) ? apiDomain : connection.apiDomain };
}

function isHttpUrl(text: string | undefined): text is string {
  if (text === undefined) return false;
  try {
    const { protocol } = new URL(text);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

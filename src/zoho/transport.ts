// Every CRM API call goes through here: token, concurrency limit, retries with backoff,
// one refresh on INVALID_TOKEN, credits header, stats and trace.
import { CREDITS_REMAINING_HEADER, OAUTH_HEADER_PREFIX } from '../constants/zoho.js';
import type { ApiCall, ApiResponse } from './api-call.js';
import { buildUrl } from './api-call.js';
import { withBackoff } from './backoff.js';
import type { AttemptOutcome, BackoffDeps } from './backoff.js';
import {
  creditsExhausted,
  gaveUpOnStatus,
  invalidTokenError,
  noteAnswered,
  retryNetworkFailure,
  responseError,
  unexpectedResponse,
} from './call-errors.js';
import type { ClientEvent } from './client-events.js';
import { creditsRemaining } from './credits-header.js';
import { stripSlash } from './data-centres.js';
import { exchange } from './http-exchange.js';
import type { ExchangeResult, RawResponse } from './http-exchange.js';
import type { Redactor } from './redactor.js';
import type { CallSignal, ConcurrencyLimiter } from './concurrency-limiter.js';
import type { StatsRecorder } from './stats-recorder.js';
import type { AccessToken } from './token-request.js';
import type { TokenSource } from './token-source.js';
import { MAX_JSON_DEPTH } from './response-limits.js';
import { isTransientStatus } from './transient.js';
import type { ZohoApiError } from './zoho-api-error.js';
import { readStatus } from './zoho-envelope.js';

export interface TransportDeps {
  readonly tokens: TokenSource;
  readonly accountsUrl: string;
  readonly limiter: ConcurrencyLimiter;
  readonly backoff: Omit<BackoffDeps, 'onRetry'>;
  readonly timeoutMs: number;
  /** The most bytes of one answer's body read (response-limits.ts). */
  readonly maxResponseBytes: number;
  readonly stats: StatsRecorder;
  readonly redactor: Redactor;
  readonly emit: (event: ClientEvent) => void;
}

export interface Transport {
  /**
   * Sends the call and returns Zoho's answer, whatever its status, once it is neither
   * transient (429, 5xx, dropped connection: retried) nor INVALID_TOKEN (refreshed once).
   * The answer carries the API domain it came from.
   */
  send(call: ApiCall): Promise<ApiResponse>;
  /** The typed error for an answer the caller cannot use. */
  fail(call: ApiCall, response: ApiResponse): ZohoApiError;
  unexpected(call: ApiCall, response: ApiResponse, what: string): ZohoApiError;
  emit(event: ClientEvent): void;
}

export function createTransport(deps: TransportDeps): Transport {
  // Every call of a run goes to the token's one API domain: its origin is parsed once, not per
  // call (a Get Records URL carries 100 ids).
  let known: { readonly apiDomain: string; readonly origin: string } | undefined;
  const originOf = (apiDomain: string): string => {
    if (known?.apiDomain !== apiDomain) known = { apiDomain, origin: new URL(apiDomain).origin };
    return known.origin;
  };
  // What once answered is remembered for the whole process (noteAnswered never forgets), so
  // each URL is noted once per client, not parsed again on each of 100,000 answers.
  const noted = new Set<string>();
  const answered = (url: string): void => {
    if (noted.has(url)) return;
    noted.add(url);
    noteAnswered(url);
  };

  async function attemptWithBackoff(call: ApiCall, token: AccessToken): Promise<ApiResponse> {
    const apiDomain = stripSlash(token.apiDomain);
    const url = buildUrl(apiDomain, call.path, call.query);
    const target = { method: call.method, path: call.path, origin: originOf(apiDomain) };
    return withBackoff<ApiResponse>(
      async (attempt) => {
        const { result, ms } = await deps.limiter.run(async () => {
          const started = deps.backoff.now();
          const result = await exchange({
            method: call.method,
            url,
            headers: { authorization: `${OAUTH_HEADER_PREFIX} ${token.value}` },
            json: call.json,
            timeoutMs: deps.timeoutMs,
            maxBodyBytes: Math.min(deps.maxResponseBytes, call.maxResponseBytes ?? Infinity),
          });
          return { result, ms: deps.backoff.now() - started };
        }, concurrencySignal);
        deps.stats.call(call.kind);
        const base = { kind: call.kind, method: call.method, path: call.path, ms, attempt };
        if (!result.ok) {
          const { failure } = result;
          // Status 0 for an answer cut off at the size limit too: the trace then names the code.
          deps.emit({ type: 'request', ...base, status: 0, networkCode: failure.code });
          return retryNetworkFailure(target, failure, deps.redactor);
        }
        // Whatever it said, the host is there: a refused connection later is a restart.
        answered(target.origin);
        deps.emit({ type: 'request', ...base, status: result.response.status });
        return judgeAnswer(deps, call, result.response, apiDomain);
      },
      {
        ...deps.backoff,
        onRetry: (retry, delayMs, reason) => {
          deps.stats.retry();
          deps.emit({
            type: 'retry',
            kind: call.kind,
            method: call.method,
            path: call.path,
            retry,
            delayMs,
            reason,
          });
        },
      },
    );
  }

  return {
    async send(call) {
      const token = await deps.tokens.current();
      // A refreshed token came from the accounts server: it answers.
      if (deps.tokens.refreshable) answered(deps.accountsUrl);
      const first = await attemptWithBackoff(call, token);
      if (!isInvalidToken(first)) return first;
      const context = {
        refreshable: deps.tokens.refreshable,
        apiDomain: token.apiDomain,
        accountsUrl: deps.accountsUrl,
      };
      if (!deps.tokens.invalidate(token.value)) throw invalidTokenError(call, context);
      const fresh = await deps.tokens.current();
      const second = await attemptWithBackoff(call, fresh);
      if (isInvalidToken(second)) {
        throw invalidTokenError(call, { ...context, apiDomain: fresh.apiDomain });
      }
      return second;
    },
    fail: (call, response) => responseError(call, response, deps.redactor),
    unexpected: (call, response, what) => unexpectedResponse(call, response, what),
    emit: deps.emit,
  };
}

/**
 * One answer that arrived: counted, scrubbed of known secrets, and either the call's result or
 * a retry of a transient status. Throws where no retry can help (too deep, credits gone).
 */
function judgeAnswer(
  deps: TransportDeps,
  call: ApiCall,
  raw: RawResponse,
  apiDomain: string,
): AttemptOutcome<ApiResponse> {
  const remaining = creditsRemaining(raw.headers[CREDITS_REMAINING_HEADER]);
  deps.stats.credits(remaining);
  // The one place Zoho's answers enter the client: whatever a reader or writer takes from
  // the body from here on (messages, codes, details, names) holds no known secret.
  const scrubbed = deps.redactor.scrubParsed(raw.body, MAX_JSON_DEPTH, raw.text);
  const response: ApiResponse = {
    status: raw.status,
    body: scrubbed.withinDepth ? scrubbed.value : undefined,
    invalidJson: raw.invalidJson,
    apiDomain,
  };
  if (!scrubbed.withinDepth) {
    throw unexpectedResponse(
      call,
      response,
      `JSON nested more than ${MAX_JSON_DEPTH} levels deep, which no Zoho answer is`,
    );
  }
  if (raw.status === 429) {
    deps.stats.rateLimited();
    // The day's credits, not the concurrency, are what ran out: no retry can succeed.
    if (remaining === 0) throw creditsExhausted(call, response);
  }
  if (!isTransientStatus(raw.status)) return { kind: 'done', value: response };
  const code = readStatus(response.body)?.rawCode;
  return {
    kind: 'retry',
    reason: code === undefined ? String(raw.status) : `${raw.status} ${code}`,
    giveUp: (summary) => gaveUpOnStatus(call, response, summary, deps.redactor),
  };
}

function concurrencySignal({ result }: { result: ExchangeResult }): CallSignal {
  if (!result.ok) return 'neutral';
  if (result.response.status === 429) return 'throttled';
  return isTransientStatus(result.response.status) ? 'neutral' : 'ok';
}

function isInvalidToken(response: ApiResponse): boolean {
  return response.status === 401 && readStatus(response.body)?.code === 'INVALID_TOKEN';
}

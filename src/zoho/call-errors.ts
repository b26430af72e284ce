// Typed, actionable errors for CRM API calls. Each message is one paragraph saying what went
// wrong and what to change; none holds a header, a token or a secret.
import { MAX_TERRITORIES_PER_RECORD, UNKNOWN_ZOHO_CODE } from '../constants/zoho.js';
import type { ZohoAnswerCode } from '../constants/zoho.js';
import { urlOrigin } from '../core/loopback.js';
import type { ModuleName, WriteAction } from '../core/model.js';
import type { ApiCall, ApiResponse } from './api-call.js';
import type { AttemptOutcome, GiveUp } from './backoff.js';
import { isTransientNetworkCode } from './transient.js';
import { RESPONSE_TOO_LARGE } from './http-exchange.js';
import type { NetworkFailure } from './http-exchange.js';
import type { Redactor } from './redactor.js';
import { describeBytes } from './response-limits.js';
import { SCOPES_FOR_EVERYTHING } from './scopes.js';
import { ZohoApiError } from './zoho-api-error.js';
import type { ZohoApiErrorInfo } from './zoho-api-error.js';
import { readStatus } from './zoho-envelope.js';

const AUTH_CODES: ReadonlySet<ZohoAnswerCode> = new Set([
  'INVALID_TOKEN',
  'AUTHENTICATION_FAILURE',
  'OAUTH_SCOPE_MISMATCH',
]);
const PERMISSION_CODES: ReadonlySet<ZohoAnswerCode> = new Set([
  'NO_PERMISSION',
  'AUTHORIZATION_FAILED',
]);
// Zoho's "Territory Management is disabled" example answers FEATURE_NOT_ENABLED too.
const FEATURE_CODES: ReadonlySet<ZohoAnswerCode> = new Set([
  'TERRITORY_NOT_ENABLED',
  'FEATURE_NOT_ENABLED',
]);

function where(call: ApiCall): string {
  return `${call.method} ${call.path}`;
}

/** "gave up after 3 retries in 4.2 s" */
export function gaveUpAfter(summary: GiveUp): string {
  const retries = summary.retries === 1 ? '1 retry' : `${summary.retries} retries`;
  return `gave up after ${retries} in ${(summary.elapsedMs / 1000).toFixed(1)} s`;
}

/**
 * "LIMIT_EXCEEDED (limit exceeded)", or what the body was instead; `zohoCode` as written (for
 * ZohoApiError), `code` checked (for comparisons).
 */
function describe(response: ApiResponse): {
  zohoCode: string;
  code: ZohoAnswerCode;
  said: string;
} {
  const status = readStatus(response.body);
  if (status) {
    const said = status.message ? `${status.rawCode} (${status.message})` : status.rawCode;
    return { zohoCode: status.rawCode, code: status.code, said };
  }
  return {
    zohoCode: `HTTP_${response.status}`,
    code: UNKNOWN_ZOHO_CODE,
    said: response.invalidJson ? 'with a body that is not JSON' : 'without a Zoho error code',
  };
}

/**
 * What a record's LIMIT_EXCEEDED means and what to do, for the report (one record's answer,
 * never a call's error). Not sent again: the same entry would get the same answer. A removal
 * named more territories than a record can hold (A31), so the record was read with more than
 * Zoho allows; an assignment would take the record past its limit, which the plan ruled out, so
 * its territories changed after they were read (those assigned by rules count too).
 */
export function territoryLimitMessage(refusal: {
  readonly action: WriteAction;
  readonly module: ModuleName;
  /** Territories the entry named. */
  readonly sent: number;
  readonly details: Readonly<Record<string, unknown>> | undefined;
  /** Zoho's own message, already scrubbed by the transport. */
  readonly said: string;
}): string {
  const limit = limitOf(refusal.details?.limit, refusal.module);
  const zoho = refusal.said === '' ? '' : ` (Zoho: "${refusal.said}")`;
  if (refusal.action === 'remove') {
    return (
      `Zoho refused to remove ${refusal.sent} territories from the record in one call: a ` +
      `record holds at most ${limit}${zoho}. Not sent again: keep some of them in the desired ` +
      'file for this run and remove them in the next one, or remove them in Zoho CRM; then run ' +
      '`territory-sync plan` again.'
    );
  }
  return (
    `Zoho refused: the record would hold more than ${limit} territories, ` +
    `counting those its rules assigned${zoho}; its territories changed after they were read. ` +
    'Not sent again: run `territory-sync plan` to see it as it is now, and drop territories ' +
    `from the desired file where a record would hold more than ${limit}.`
  );
}

/** Zoho's `details.limit` when it is a count, else the documented one. */
function limitOf(limit: unknown, module: ModuleName): number {
  return typeof limit === 'number' && Number.isSafeInteger(limit) && limit > 0
    ? limit
    : MAX_TERRITORIES_PER_RECORD[module];
}

/** A request-level answer the caller cannot use (bare error envelope, unexpected status). */
export function responseError(
  call: ApiCall,
  response: ApiResponse,
  redactor: Redactor,
): ZohoApiError {
  const { zohoCode, code, said } = describe(response);
  const details = redactor.redactDetails(readStatus(response.body)?.details ?? {});
  const info = {
    zohoCode,
    httpStatus: response.status,
    method: call.method,
    path: call.path,
    details,
  };
  const answered = `Zoho answered ${response.status} ${redactor.redact(said)} to ${where(call)}`;
  if (code === 'OAUTH_SCOPE_MISMATCH') {
    return new ZohoApiError(
      'AUTH',
      `${answered}: the token lacks the scope this call needs. Create the refresh token again ` +
        `with ${call.scope} among its scopes (${SCOPES_FOR_EVERYTHING} cover everything ` +
        `territory-sync does).`,
      info,
    );
  }
  if (AUTH_CODES.has(code) || response.status === 401) {
    return new ZohoApiError(
      'AUTH',
      `${answered}: Zoho did not accept the credentials. Check ZOHO_CLIENT_ID, ` +
        `ZOHO_CLIENT_SECRET and ZOHO_REFRESH_TOKEN (or ZOHO_ACCESS_TOKEN), and that the API ` +
        `domain belongs to the data centre that issued them.`,
      info,
    );
  }
  if (PERMISSION_CODES.has(code)) {
    const permissions = Array.isArray(details.permissions)
      ? ` (missing permissions: ${details.permissions.map(String).join(', ')})`
      : '';
    return new ZohoApiError(
      'AUTH',
      `${answered}${permissions}: the Zoho user behind the token may not do this. Use a user ` +
        `whose profile can read and update this module and its territories, or grant the ` +
        `permission in Zoho CRM (Setup > Users and Control > Profiles).`,
      info,
    );
  }
  if (FEATURE_CODES.has(code)) return featureError(call, code, answered, info);
  return new ZohoApiError(
    'ZOHO_API',
    `${answered}. This answer was not expected here; re-run with --verbose to see the calls, ` +
      `and check the module, the ids and the connection's API domain.`,
    info,
  );
}

/**
 * Territory management, or assignment through the API for this module, is off. For Leads that is
 * Zoho support's switch, not a setting the admin can flip.
 */
function featureError(
  call: ApiCall,
  code: ZohoAnswerCode,
  answered: string,
  info: ZohoApiErrorInfo,
): ZohoApiError {
  const leadWrite = /^\/crm\/v\d+\/Leads\/(\d+\/)?actions\/(assign|remove)_territories$/;
  if (code === 'TERRITORY_NOT_ENABLED' && leadWrite.test(call.path)) {
    return new ZohoApiError(
      'FEATURE_NOT_ENABLED',
      `${answered}: this org does not accept territory assignment for Leads through the API. ` +
        `Ask Zoho support to enable assigning territories to Leads through the API for this org ` +
        `(TERRITORY_NOT_ENABLED), or remove "modules: { Leads: true }" from the config and the ` +
        `Leads section from the desired files. \`territory-sync doctor\` shows the org's answer.`,
      info,
    );
  }
  return new ZohoApiError(
    'FEATURE_NOT_ENABLED',
    `${answered}: territory management is not enabled for this org or module. Enable it in ` +
      `Zoho CRM (Setup > Territory Management), then run the command again.`,
    info,
  );
}

/** The body is not what the documented contract promises. */
export function unexpectedResponse(
  call: ApiCall,
  response: ApiResponse,
  what: string,
): ZohoApiError {
  return new ZohoApiError(
    'ZOHO_API',
    `Zoho answered ${response.status} to ${where(call)} with ${what}. Check that the API ` +
      `domain points at Zoho CRM (or the emulator) and that the API version is v7.`,
    {
      zohoCode: 'UNEXPECTED_RESPONSE',
      httpStatus: response.status,
      method: call.method,
      path: call.path,
    },
  );
}

/** INVALID_TOKEN that refreshing cannot cure. */
export function invalidTokenError(
  call: ApiCall,
  context: { refreshable: boolean; apiDomain: string; accountsUrl: string },
): ZohoApiError {
  const info = {
    zohoCode: 'INVALID_TOKEN',
    httpStatus: 401,
    method: call.method,
    path: call.path,
  };
  if (!context.refreshable) {
    return new ZohoApiError(
      'AUTH',
      `Zoho rejected ZOHO_ACCESS_TOKEN (INVALID_TOKEN) for ${where(call)} at ` +
        `${context.apiDomain}. Access tokens expire after an hour: generate a new one, or set ` +
        `ZOHO_CLIENT_ID, ZOHO_CLIENT_SECRET and ZOHO_REFRESH_TOKEN so territory-sync can ` +
        `refresh it; also check that the API domain is in the data centre that issued it.`,
      info,
    );
  }
  return new ZohoApiError(
    'AUTH',
    `Zoho rejected a freshly refreshed access token (INVALID_TOKEN) for ${where(call)} at ` +
      `${context.apiDomain}. The token came from ${context.accountsUrl}: check that the API ` +
      `domain belongs to the same data centre (us, eu, in, au, jp, ca, cn, sa) and that the ` +
      `refresh token is not being revoked.`,
    info,
  );
}

/** Retries ran out on a 429 or a 5xx. */
export function gaveUpOnStatus(
  call: ApiCall,
  response: ApiResponse,
  summary: GiveUp,
  redactor: Redactor,
): ZohoApiError {
  const { zohoCode, said } = describe(response);
  const kept = `Zoho kept answering ${response.status} ${redactor.redact(said)} to ${where(call)}; ${gaveUpAfter(summary)}`;
  const advice =
    response.status === 429
      ? 'The org has used its concurrent-call limit or its API credits for the last 24 hours: ' +
        'lower `concurrency` in the config, or wait for credits to free up, then re-run.'
      : 'Zoho may be having trouble; try again later (re-running is safe: it converges).';
  return new ZohoApiError('ZOHO_API', `${kept}. ${advice}`, {
    zohoCode,
    httpStatus: response.status,
    method: call.method,
    path: call.path,
    details: redactor.redactDetails(readStatus(response.body)?.details ?? {}),
  });
}

/**
 * A 429 that says the org's credits for the rolling 24 hours are gone (X-API-CREDITS-REMAINING:
 * 0), not that too many calls were out at once: no retry within minutes can succeed, so the
 * run stops at once instead of spending its backoff on every remaining call.
 */
export function creditsExhausted(call: ApiCall, response: ApiResponse): ZohoApiError {
  return new ZohoApiError(
    'CREDITS_EXHAUSTED',
    `Zoho answered 429 to ${where(call)}: the org has no API credits left for the last 24 ` +
      'hours (X-API-CREDITS-REMAINING: 0). Nothing more can be read or written until some ' +
      'free up; every integration of the org shares them.',
    {
      zohoCode: describe(response).zohoCode,
      httpStatus: response.status,
      method: call.method,
      path: call.path,
      hint:
        'Credits come back as the 24-hour window slides. Re-run then (an interrupted apply ' +
        'can finish with `territory-sync apply --resume <journal>`); what was applied stays ' +
        'applied. Zoho shows the usage under Setup > Developer Hub > APIs and SDKs > Dashboard.',
    },
  );
}

const REFUSED = 'ECONNREFUSED';

/** Retries of a refused connection to a host that never answered: one, after a short pause. */
const QUICK_RETRY = { maxRetries: 1, maxDelayMs: 250 } as const;

/**
 * Origins (scheme, host, port) that have answered over HTTP in this process: the configured
 * API domain once any call got an answer, the accounts server once a token came from it. A
 * refused connection to one of them is a server restarting (retried in full); to any other,
 * most likely a wrong URL or a server (an emulator) that is not running, reported at once.
 */
const answeredOrigins = new Set<string>();

/** Records that `url`'s host answered: from now on its refused connections are retried in full. */
export function noteAnswered(url: string): void {
  answeredOrigins.add(urlOrigin(url));
}

function hasAnswered(url: string): boolean {
  return answeredOrigins.has(urlOrigin(url));
}

/** No HTTP answer: refused, reset, timed out, DNS. */
export function networkError(
  target: { method: string; path: string; origin: string },
  failure: NetworkFailure,
  summary: GiveUp | undefined,
  redactor: Redactor,
): ZohoApiError {
  const tried = summary === undefined ? '' : `; ${gaveUpAfter(summary)}`;
  const info = { zohoCode: failure.code, httpStatus: 0, method: target.method, path: target.path };
  if (failure.code === REFUSED) {
    const never = hasAnswered(target.origin) ? '' : ' (it has not answered in this run)';
    return new ZohoApiError(
      'NETWORK',
      `Could not get an answer from ${target.origin} for ${target.method} ${target.path}: ` +
        `${REFUSED}, nothing is listening at that address${never}${tried}. Check the URL ` +
        `(ZOHO_API_DOMAIN / ZOHO_ACCOUNTS_URL, or the config's connection) and that the server ` +
        'is running there; for the emulator, start `territory-sync emulator` and use the URL ' +
        'it prints.',
      info,
    );
  }
  return new ZohoApiError(
    'NETWORK',
    `Could not get an answer from ${target.origin} for ${target.method} ${target.path}: ` +
      `${failure.code} (${redactor.redact(failure.description)})${tried}. Check the network connection ` +
      `and that ${target.origin} is the right address for your data centre.`,
    info,
  );
}

/**
 * An answer whose body passed the client's limit (response-limits.ts): cut off as it arrived,
 * never held whole. Not retried: the same question would get the same answer.
 */
function responseTooLarge(
  target: { method: string; path: string; origin: string },
  failure: NetworkFailure,
): ZohoApiError {
  const limit = describeBytes(failure.limitBytes ?? 0);
  const status =
    failure.status === undefined || failure.status === 0 ? '' : ` (HTTP ${failure.status})`;
  return new ZohoApiError(
    'ZOHO_API',
    `Zoho answered ${target.method} ${target.path} with more than ${limit}${status}; ` +
      `territory-sync stopped reading at that limit rather than hold the answer in memory, and ` +
      `did not retry. Zoho's real answers to these calls (at most 2,000 territories, 200 ` +
      `records, 100 records by id or 2,000 COQL ids a call) are far smaller: check that ${target.origin} is Zoho ` +
      `(the connection's API domain and accounts URL), not a proxy or another service.`,
    {
      zohoCode: RESPONSE_TOO_LARGE,
      httpStatus: failure.status ?? 0,
      method: target.method,
      path: target.path,
      details: { limitBytes: failure.limitBytes ?? 0 },
    },
  );
}

/**
 * No usable HTTP answer: a transient failure (reset, refused, timeout) is retried, giving up
 * with a network error that says how often it tried; anything else (DNS, an answer over the
 * size limit) fails at once. A refused connection to a host that has not answered yet is
 * retried once, quickly (QUICK_RETRY).
 */
export function retryNetworkFailure(
  target: { method: string; path: string; origin: string },
  failure: NetworkFailure,
  redactor: Redactor,
): AttemptOutcome<never> {
  if (failure.code === RESPONSE_TOO_LARGE) throw responseTooLarge(target, failure);
  if (!isTransientNetworkCode(failure.code)) {
    throw networkError(target, failure, undefined, redactor);
  }
  return {
    kind: 'retry',
    reason: failure.code,
    giveUp: (summary) => networkError(target, failure, summary, redactor),
    // A host that never answered and refuses the connection is most likely not there at all:
    // the full backoff (about 20 s) would only delay saying so.
    ...(failure.code === REFUSED && !hasAnswered(target.origin) ? { quick: QUICK_RETRY } : {}),
  };
}

/** The zohoCode of a paged read refused because its paging did not end within the page cap. */
export const INCOMPLETE_READ = 'INCOMPLETE_READ';

/**
 * A paged read that Zoho kept saying more_records to past its page cap. What was read is not
 * all there is, and is not returned: nothing may be planned or exported from part of it.
 */
export function incompleteRead(read: {
  readonly method: string;
  readonly path: string;
  /** What was counted: "territories", "Accounts". */
  readonly what: string;
  readonly read: number;
  readonly pages: number;
  /** "pages", "COQL pages" */
  readonly pageName: string;
  /** "up to 2,000 territories" */
  readonly pageSize: string;
  readonly consequence: string;
}): ZohoApiError {
  const count = (n: number) => n.toLocaleString('en-US');
  return new ZohoApiError(
    'ZOHO_API',
    `Zoho kept answering more_records to ${read.method} ${read.path} after ` +
      `${count(read.pages)} ${read.pageName} of ${read.pageSize} (${count(read.read)} ` +
      `${read.what} read), the most territory-sync reads; stopped rather than read without ` +
      `end. The read is incomplete: ${read.consequence}.`,
    {
      zohoCode: INCOMPLETE_READ,
      httpStatus: 200,
      method: read.method,
      path: read.path,
      details: { read: read.read, pages: read.pages },
      hint: 'Re-run with --verbose to see the calls, and check that the API domain points at Zoho CRM.',
    },
  );
}

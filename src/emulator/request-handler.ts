// One HTTP request through the emulator: route, body, auth, concurrency, credits, latency,
// faults, scopes, handler, answer. Whatever arrives, the answer is Zoho-shaped and the server
// keeps running.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CREDITS_REMAINING_HEADER,
  OAUTH_HEADER_PREFIX,
  OAUTH_TOKEN_PATH,
} from '../constants/zoho.js';
import { ADMIN_PREFIX, adminRequestRefusal, handleAdmin } from './admin-api.js';
import type { ApiRequest } from './api-context.js';
import { matchApiRoute } from './api-routes.js';
import type { EmulatorCore } from './emulator-core.js';
import { parseForm, readBody } from './http-body.js';
import { allows, scopeSet } from './scopes.js';
import type { RouteKind } from './stats.js';
import type { AccessGrant } from './token-store.js';
import {
  authenticationFailure,
  bodyTooLarge,
  internalError,
  invalidRequestMethod,
  invalidToken,
  invalidUrlPattern,
  scopeMismatch,
  tooManyRequests,
  type ZohoAnswer,
} from './zoho-answers.js';

/** Zoho's own request limit is not published; 1 MiB is far above any valid call. */
export const MAX_API_BODY_BYTES = 1024 * 1024;
/** Reseeding a benchmark org of 100,000+ records needs room. */
const MAX_ADMIN_BODY_BYTES = 512 * 1024 * 1024;

const SECRET_PARAMS = /^(refresh_token|client_secret|client_id|code|access_token|token)$/i;

/** The path and query as logged: secrets in the query (Zoho accepts them there) are masked. */
function loggable(url: URL): string {
  const query = [...url.searchParams]
    .map(([k, v]) => `${k}=${SECRET_PARAMS.test(k) ? '***' : v}`)
    .join('&');
  return query ? `${url.pathname}?${query}` : url.pathname;
}

interface Outcome {
  answer?: ZohoAnswer;
  /** Destroy the socket instead of answering (after the work, for responseLost). */
  reset?: boolean;
}

export function createRequestHandler(
  core: EmulatorCore,
  log: ((line: string) => void) | undefined,
) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const started = Date.now();
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const method = req.method ?? 'GET';
    let release: (() => void) | undefined;
    const finish = (outcome: Outcome) => {
      release?.();
      release = undefined;
      if (outcome.reset || !outcome.answer) {
        log?.(`${method} ${loggable(url)} reset ${Date.now() - started}ms`);
        req.socket.destroy();
        return;
      }
      const { status, body } = outcome.answer;
      const headers: Record<string, string> = {};
      if (url.pathname.startsWith('/crm/')) {
        core.counters.status(status);
        const credits = core.credits.headerValue();
        if (credits !== undefined) headers[CREDITS_REMAINING_HEADER] = credits;
      }
      if (body === undefined) {
        res.writeHead(status, headers).end();
      } else {
        const text = JSON.stringify(body);
        headers['content-type'] = 'application/json;charset=UTF-8';
        headers['content-length'] = String(Buffer.byteLength(text));
        res.writeHead(status, headers).end(text);
      }
      log?.(`${method} ${loggable(url)} ${status} ${Date.now() - started}ms`);
    };
    res.on('error', () => undefined);
    req.on('error', () => undefined);
    route(core, req, url, method, (release_) => {
      release = release_;
    }).then(finish, () => finish({ answer: internalError() }));
  };
}

async function route(
  core: EmulatorCore,
  req: IncomingMessage,
  url: URL,
  method: string,
  onEnter: (release: () => void) => void,
): Promise<Outcome> {
  const path = url.pathname;
  if (path.startsWith(ADMIN_PREFIX)) {
    // Before the body: a refused request's upload is dropped unread.
    const refusal = adminRequestRefusal(method, req.headers);
    if (refusal) return { answer: refusal };
    const body = await readBody(req, MAX_ADMIN_BODY_BYTES);
    if (body.kind === 'too-large') return { answer: bodyTooLarge(body.limit) };
    return { answer: handleAdmin(core, method, path, url.searchParams, body.text) };
  }
  const body = await readBody(req, MAX_API_BODY_BYTES);
  if (path === OAUTH_TOKEN_PATH) return token(core, req, url, method, body);
  const match = matchApiRoute(method, path);
  const kind: RouteKind = match.kind === 'found' ? match.route.kind : 'unknown';
  const template = match.kind === 'found' ? match.template : `${method} (unknown)`;
  core.counters.call(kind, template);
  if (match.kind === 'not-found') return { answer: invalidUrlPattern() };
  if (match.kind === 'wrong-method') return { answer: invalidRequestMethod() };
  if (body.kind === 'too-large') return { answer: bodyTooLarge(body.limit) };

  const header = req.headers.authorization;
  if (!header) return { answer: authenticationFailure() };
  const [scheme, presented, ...rest] = header.trim().split(/\s+/);
  if (scheme !== OAUTH_HEADER_PREFIX || !presented || rest.length > 0) {
    return { answer: authenticationFailure() };
  }
  const lookup = core.tokens.lookup(presented);
  if (lookup.kind !== 'valid') return { answer: invalidToken() };
  const grant: AccessGrant = lookup.grant;

  if (!core.gate.tryEnter()) return { answer: tooManyRequests() };
  onEnter(() => core.gate.leave());
  if (!core.spendCredit(template)) return { answer: tooManyRequests() };
  const wait = core.latency();
  if (wait > 0) await sleep(wait);

  const fault = core.faults.forCall(match.route.kind);
  if (fault?.kind === 'connectionReset') return { reset: true };
  if (fault?.kind === 'serverError') return { answer: internalError(fault.status) };
  if (fault?.kind === 'tooManyRequests') return { answer: tooManyRequests() };
  if (fault?.kind === 'tokenExpiry') {
    core.tokens.expire(presented);
    return { answer: invalidToken() };
  }
  const need = match.route.scope?.(match.params);
  if (need && !allows(scopeSet(grant.scopes), need)) return { answer: scopeMismatch() };

  const request: ApiRequest = {
    params: match.params,
    query: url.searchParams,
    bodyText: body.text,
    grant,
    lockRecords: fault?.kind === 'recordLocked',
    parts: core,
  };
  const answer = await match.route.handler(request);
  if (match.route.kind === 'write') core.counters.writeAnswer(answer.body);
  return fault?.kind === 'responseLost' ? { reset: true } : { answer };
}

async function token(
  core: EmulatorCore,
  req: IncomingMessage,
  url: URL,
  method: string,
  body: Awaited<ReturnType<typeof readBody>>,
): Promise<Outcome> {
  core.counters.call('token', `${method} ${OAUTH_TOKEN_PATH}`);
  if (method !== 'POST') return { answer: { status: 405, body: { error: 'invalid_request' } } };
  if (body.kind === 'too-large') return { answer: bodyTooLarge(body.limit) };
  const fault = core.faults.forCall('token');
  if (fault?.kind === 'connectionReset') return { reset: true };
  if (fault?.kind === 'serverError') return { answer: internalError(fault.status) };
  const wait = core.latency();
  if (wait > 0) await sleep(wait);
  // Zoho's examples pass the parameters in the query string; its SDKs send a form body.
  const params = {
    ...Object.fromEntries(url.searchParams),
    ...parseForm(req.headers['content-type'], body.text),
  };
  return { answer: core.tokens.refresh(params) };
}

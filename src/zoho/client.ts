// createZohoClient: wires token, limiter, retry policy and stats into one transport, and
// exposes the few reads and writes territory-sync needs.
import { DEFAULT_CONCURRENCY, DEFAULT_REQUEST_TIMEOUT_SECONDS } from '../constants/defaults.js';
import { TerritorySyncError } from '../errors.js';
import type { ClientEvent } from './client-events.js';
import type { ZohoClient, ZohoClientOptions } from './client-types.js';
import { stripSlash } from './data-centres.js';
import { MAX_KEYSET_PAGES } from './list-by-keyset.js';
import { listRecords } from './list-records.js';
import { pendingRecords } from './pending-records.js';
import { readCatalogue } from './read-catalogue.js';
import { readOrg } from './read-org.js';
import { readRecords } from './read-records.js';
import { Redactor } from './redactor.js';
import {
  MAX_API_RESPONSE_BYTES,
  MAX_CATALOGUE_PAGES,
  MAX_TOKEN_RESPONSE_BYTES,
} from './response-limits.js';
import type { ResponseLimits } from './response-limits.js';
import { resolveRetryPolicy } from './retry-policy.js';
import { ConcurrencyLimiter } from './concurrency-limiter.js';
import { StatsRecorder } from './stats-recorder.js';
import type { ZohoConnection } from './data-centres.js';
import { requestAccessToken } from './token-request.js';
import { refreshingTokenSource, staticTokenSource } from './token-source.js';
import type { TokenSource } from './token-source.js';
import { readSelectorMatches } from './selector-matches.js';
import { readFields } from './read-fields.js';
import { createTransport } from './transport.js';
import { writeTerritories } from './write-territories.js';

export { DEFAULT_CONCURRENCY };
export const DEFAULT_REQUEST_TIMEOUT_MS = DEFAULT_REQUEST_TIMEOUT_SECONDS * 1000;

export const DEFAULT_RESPONSE_LIMITS: ResponseLimits = {
  apiResponseBytes: MAX_API_RESPONSE_BYTES,
  tokenResponseBytes: MAX_TOKEN_RESPONSE_BYTES,
  cataloguePages: MAX_CATALOGUE_PAGES,
  keysetPages: MAX_KEYSET_PAGES,
};

function resolveLimits(overrides: Partial<ResponseLimits> | undefined): ResponseLimits {
  const limits = { ...DEFAULT_RESPONSE_LIMITS, ...overrides };
  for (const [key, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new RangeError(`limits.${key} must be a positive integer, got ${String(value)}`);
    }
  }
  return limits;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function checkedUrl(name: string, value: string): string {
  let protocol: string | undefined;
  try {
    protocol = new URL(value).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== 'https:' && protocol !== 'http:') {
    throw new TerritorySyncError(
      'INVALID_CONFIG',
      `The Zoho connection's ${name} is not an http(s) URL. Set a data centre ` +
        `(us, eu, in, au, jp, ca, cn, sa) or a full URL such as https://www.zohoapis.eu.`,
    );
  }
  return stripSlash(value);
}

export function createZohoClient(options: ZohoClientOptions): ZohoClient {
  const { credentials } = options;
  const connection = {
    ...options.connection,
    apiDomain: checkedUrl('apiDomain', options.connection.apiDomain),
    accountsUrl: checkedUrl('accountsUrl', options.connection.accountsUrl),
  };
  const stats = new StatsRecorder();
  const redactor = new Redactor();
  const emit = (event: ClientEvent) => options.onEvent?.(event);
  const backoff = {
    policy: resolveRetryPolicy(options.retry),
    random: options.random ?? Math.random,
    sleep: options.sleep ?? realSleep,
    now: options.now ?? Date.now,
  };
  const timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const limits = resolveLimits(options.limits);

  let tokens: TokenSource;
  if (credentials.kind === 'access-token') {
    redactor.add(credentials.accessToken);
    tokens = staticTokenSource({ value: credentials.accessToken, apiDomain: connection.apiDomain });
  } else {
    redactor.add(credentials.clientSecret);
    redactor.add(credentials.refreshToken);
    // The first token's API domain is kept for the whole run: a later refresh that names
    // another one must not move the rest of a run (its writes) to another org.
    let pinned: ZohoConnection = connection;
    tokens = refreshingTokenSource(async () => {
      const token = await requestAccessToken(credentials, pinned, {
        backoff,
        timeoutMs,
        maxResponseBytes: limits.tokenResponseBytes,
        redactor,
        stats,
        emit,
      });
      pinned = { ...pinned, apiDomain: token.apiDomain, apiDomainConfigured: true };
      return token;
    });
  }

  const transport = createTransport({
    tokens,
    accountsUrl: connection.accountsUrl,
    limiter: new ConcurrencyLimiter(options.concurrency ?? DEFAULT_CONCURRENCY, (change) => {
      stats.limitChange(change.limit);
      emit({ type: 'concurrency', ...change });
    }),
    backoff,
    timeoutMs,
    maxResponseBytes: limits.apiResponseBytes,
    stats,
    redactor,
    emit,
  });

  return {
    readOrg: () => readOrg(transport),
    readCatalogue: () => readCatalogue(transport, limits.cataloguePages),
    readRecords: (module, ids, onRecords) => readRecords(transport, module, ids, onRecords),
    write: (module, action, entries) => writeTerritories(transport, module, action, entries),
    pendingRecords: (module, ids) => pendingRecords(transport, module, ids),
    listRecords: (module, listOptions) =>
      listRecords(transport, module, listOptions, limits.keysetPages),
    readSelectorMatches: (module, criteria, onPage) =>
      readSelectorMatches(transport, module, criteria, limits.keysetPages, onPage),
    readFields: (module) => readFields(transport, module),
    stats: () => stats.snapshot(),
  };
}

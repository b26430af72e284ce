// The public shape of the Zoho client: what the CLI and the executor program against.
import type { ZohoAnswerCode } from '../constants/zoho.js';
import type { Catalogue, CurrentRecord, ModuleName, WriteAction } from '../core/model.js';
import type { ClientEvent } from './client-events.js';
import type { ZohoConnection } from './data-centres.js';
import type { ResponseLimits } from './response-limits.js';
import type { RetryPolicy } from './retry-policy.js';

export type ZohoCredentials =
  | { kind: 'refresh-token'; clientId: string; clientSecret: string; refreshToken: string }
  | { kind: 'access-token'; accessToken: string };

export interface ZohoClientOptions {
  connection: ZohoConnection;
  credentials: ZohoCredentials;
  /** Simultaneous API calls; default 5 (the lowest edition's limit). */
  concurrency?: number;
  /** Defaults: 6 retries, 500 ms base, 20 s cap, 120 s total. */
  retry?: Partial<RetryPolicy>;
  /** Per HTTP exchange; default 30 s. */
  requestTimeoutMs?: number;
  /** Jitter source in [0, 1); default Math.random. */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Clock for the retry time budget; default Date.now. */
  now?: () => number;
  onEvent?: (event: ClientEvent) => void;
  /**
   * Guards against a broken or hostile server: the most bytes one answer may have, the most
   * pages a paged read may take. The defaults suit every real org; tests lower them.
   */
  limits?: Partial<ResponseLimits>;
}

/**
 * Zoho's answer for one record. A record data[] has no entry for (see write-territories.ts
 * `attribute`) has no result at all.
 */
export interface WriteEntryResult {
  readonly recordId: string;
  readonly status: 'success' | 'error';
  /**
   * SCHEDULED, SUCCESS, DUPLICATE_DATA, INVALID_DATA, ALREADY_SCHEDULED, RECORD_LOCKED ...;
   * UNKNOWN for a code outside ZOHO_CODES (Zoho's text then leads `message`).
   */
  readonly code: ZohoAnswerCode;
  readonly message: string;
  readonly jobId?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface ClientStats {
  /** HTTP exchanges with the CRM API, retries included (each may cost a credit). */
  readonly calls: number;
  readonly byKind: Readonly<Record<string, number>>;
  /** Backoff retries (429, 5xx, connection failures). */
  readonly retries: number;
  readonly tokenRefreshes: number;
  /** Latest X-API-CREDITS-REMAINING seen (Zoho sends it once half the credits are used). */
  readonly creditsRemaining?: number;
  /** 429 answers received. */
  readonly rateLimited: number;
  /** The fewest calls the limiter let out at once after 429s; absent when it never lowered. */
  readonly lowestConcurrency?: number;
}

/** The org a token belongs to (GET /crm/v7/org). */
export interface OrgInfo {
  /** Zoho's org id, a digit string. */
  readonly id: string;
  /** The company name, when Zoho gave a readable one. */
  readonly name?: string;
  /**
   * The API domain the call actually went to, without a trailing slash: the access token's
   * (the configured domain, or Zoho's api_domain where the connection lets it count).
   */
  readonly apiDomain: string;
}

/**
 * One field of a module (GET /crm/v7/settings/fields), as much as the online check of selectors'
 * criteria needs (docs/SELECTORS.md §2).
 */
export interface FieldMetadata {
  /** The name COQL and the API know the field by. */
  readonly apiName: string;
  /** Zoho's `data_type` ("text", "integer", "picklist", "lookup", "textarea" ...); '' when none. */
  readonly dataType: string;
  /** The module a lookup field points to, when the answer names one that is a module API name. */
  readonly lookupModule?: string;
  /** A picklist's values, stored (actual_value) and shown (display_value); absent when not listed. */
  readonly picklistValues?: readonly string[];
}

export interface ZohoClient {
  /** The org the token belongs to; needs ZohoCRM.org.READ. */
  readOrg(): Promise<OrgInfo>;
  readCatalogue(): Promise<Catalogue>;
  /** `onRecords` sees each call's records as they arrive (to work while the rest are read). */
  readRecords(
    module: ModuleName,
    ids: readonly string[],
    onRecords?: (records: readonly CurrentRecord[]) => void,
  ): Promise<{ records: CurrentRecord[]; missing: string[] }>;
  write(
    module: ModuleName,
    action: WriteAction,
    entries: readonly { id: string; territoryIds: readonly string[] }[],
  ): Promise<WriteEntryResult[]>;
  /** Records among `ids` with a territory job still SCHEDULED or IN_PROGRESS. */
  pendingRecords(module: ModuleName, ids: readonly string[]): Promise<Set<string>>;
  /** Every record of a module once, ascending by id: pages, page_token, then COQL past 100,000. */
  listRecords(
    module: ModuleName,
    options: { fields: readonly string[]; perPage?: number },
  ): AsyncIterable<readonly Record<string, unknown>[]>;
  /**
   * Every id the criteria match, ascending, by COQL keyset pages of 2,000 ids (needs
   * ZohoCRM.coql.READ): max(1, ⌈matches / 2,000⌉) calls. `criteria` is a selector's canonical
   * rendering (DesiredSelector.criteria), anything else is refused unsent; `onPage` sees each
   * page's ids as they arrive. Zoho's refusals of the criteria are ZohoApiErrors naming the
   * module and the criteria (`details.criteria`), for the caller to prefix with the selector.
   */
  readSelectorMatches(
    module: ModuleName,
    criteria: string,
    onPage?: (ids: readonly string[]) => void,
  ): Promise<readonly string[]>;
  /**
   * A module's fields (one GET /crm/v7/settings/fields, needs ZohoCRM.settings.fields.READ).
   * `module` may be any module API name (a lookup's target); anything else is refused unsent.
   */
  readFields(module: string): Promise<readonly FieldMetadata[]>;
  stats(): ClientStats;
}

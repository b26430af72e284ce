// Zoho CRM facts shared by the emulator and the client. Only documented limits, codes and
// messages live here, plus the assumptions written down in docs/ASSUMPTIONS.md (marked
// ASSUMPTION). Logic never lives here: the emulator and the client must not share behaviour,
// or a bug on both sides would hide itself in every test.
import type { ModuleName } from '../core/model.js';

export const API_VERSION = 'v7';

/** Maximum territories a record may carry, counting those assigned by rules. */
export const MAX_TERRITORIES_PER_RECORD: Readonly<Record<ModuleName, number>> = {
  Accounts: 10,
  Contacts: 10,
  Leads: 10,
  Deals: 1,
};

/** Records per assign/remove call (v8 OAS: data maxItems 10). */
export const MAX_RECORDS_PER_WRITE = 10;
/** Territories per record in one assign/remove call (v8 OAS: Territories maxItems 100). */
export const MAX_TERRITORIES_PER_WRITE_ENTRY = 100;
/** ASSUMPTION A4: ids per Get Records call (undocumented in v7; v1 allowed 100). */
export const MAX_IDS_PER_GET_RECORDS = 100;
export const MAX_FIELDS_PER_GET_RECORDS = 50;
export const MAX_RECORDS_PER_PAGE = 200;
/** page/per_page reach only this many records; page_token beyond. */
export const DISCRETE_PAGINATION_LIMIT = 2000;
export const PAGE_TOKEN_PAGINATION_LIMIT = 100_000;
export const MAX_TERRITORIES_PER_PAGE = 2000;
export const MAX_IDS_PER_FEATURE_INFO = 100;
export const MAX_COQL_IN_VALUES = 100;
/** COQL overview: "You can include up to 25 criteria" in WHERE (docs/ASSUMPTIONS.md A33). */
export const MAX_COQL_CRITERIA = 25;
export const MAX_COQL_LIMIT = 2000;

export const ACCESS_TOKEN_LIFETIME_SECONDS = 3600;
/** "up to ten access tokens in a span of ten minutes" per refresh token. */
export const TOKEN_REFRESHES_PER_WINDOW = 10;
export const TOKEN_REFRESH_WINDOW_SECONDS = 600;

/** Concurrency per edition (simultaneous calls per org per app). */
export const EDITION_CONCURRENCY = {
  free: 5,
  standard: 10,
  professional: 15,
  enterprise: 20,
  ultimate: 25,
} as const;

/** The field holding a record's territories. Deals use `Territory` per SDK7 and COQL docs. */
export const TERRITORY_FIELD: Readonly<Record<ModuleName, string>> = {
  Accounts: 'Territories',
  Contacts: 'Territories',
  Leads: 'Territories',
  Deals: 'Territory',
};

/** Zoho error codes this tool and the emulator speak. */
export const ZOHO_CODES = [
  'SCHEDULED',
  'SUCCESS',
  'ALREADY_SCHEDULED',
  'INVALID_REQUEST_METHOD',
  'RECORD_LOCKED',
  'AUTHORIZATION_FAILED',
  'LIMIT_EXCEEDED',
  'INVALID_DATA',
  'MANDATORY_NOT_FOUND',
  'DUPLICATE_DATA',
  'ALREADY_USED',
  'OAUTH_SCOPE_MISMATCH',
  'TERRITORY_NOT_ENABLED',
  'NO_PERMISSION',
  'NOT_ALLOWED',
  'INTERNAL_ERROR',
  'INVALID_TOKEN',
  'AUTHENTICATION_FAILURE',
  'INVALID_MODULE',
  'INVALID_URL_PATTERN',
  'TOO_MANY_REQUESTS',
  'DISCRETE_PAGINATION_LIMIT_EXCEEDED',
  'PAGINATION_LIMIT_EXCEEDED',
  'REQUIRED_PARAM_MISSING',
  'SYNTAX_ERROR',
  'NOT_SUPPORTED',
  'FEATURE_NOT_ENABLED',
  'TOKEN_BOUND_DATA_MISMATCH',
  'EXPIRED_VALUE',
  'AMBIGUITY_DURING_PROCESSING',
  'INVALID_QUERY',
  'REQUEST_ENTITY_TOO_LARGE',
] as const;
export type ZohoCode = (typeof ZOHO_CODES)[number];
/**
 * What the client makes of a code Zoho sent that is none of ZOHO_CODES (or of no code at all).
 * Server text never becomes a `ZohoCode` unchecked: src/zoho/zoho-envelope.ts `readZohoCode`
 * is the one place that turns it into a `ZohoAnswerCode`.
 */
export const UNKNOWN_ZOHO_CODE = 'UNKNOWN';
export type ZohoAnswerCode = ZohoCode | typeof UNKNOWN_ZOHO_CODE;

// ---------------------------------------------------------------------------------------------
// Names and shapes both sides must spell the same way. Entries marked ASSUMPTION are decided in
// docs/ASSUMPTIONS.md (A-numbers there), because Zoho's documentation is silent.

/** The OAuth header scheme: `Authorization: Zoho-oauthtoken <access token>`. */
export const OAUTH_HEADER_PREFIX = 'Zoho-oauthtoken';
export const OAUTH_TOKEN_PATH = '/oauth/v2/token';

/** ASSUMPTION A7: OAuth failures answer HTTP 200 with one of these `error` values ... */
export const OAUTH_ERROR_INVALID_CLIENT = 'invalid_client';
export const OAUTH_ERROR_INVALID_CODE = 'invalid_code';
/** ... except the refresh-rate block, which answers HTTP 400 with this `error`. */
export const OAUTH_ERROR_ACCESS_DENIED = 'Access Denied';
export const OAUTH_ACCESS_DENIED_STATUS = 400;

/** The scopes the documented operations need (a scope mismatch names one of these). */
export const SCOPES = {
  modulesAll: 'ZohoCRM.modules.ALL',
  territoriesRead: 'ZohoCRM.settings.territories.READ',
  coqlRead: 'ZohoCRM.coql.READ',
  usersRead: 'ZohoCRM.users.READ',
  modulesMetaRead: 'ZohoCRM.settings.modules.READ',
  fieldsMetaRead: 'ZohoCRM.settings.fields.READ',
} as const;

/** The field holding a record's display name (Contacts and Leads: the computed Full_Name). */
export const NAME_FIELD: Readonly<Record<ModuleName, string>> = {
  Accounts: 'Account_Name',
  Contacts: 'Full_Name',
  Leads: 'Full_Name',
  Deals: 'Deal_Name',
};

/** Modules the assign/remove APIs name; Leads answer TERRITORY_NOT_ENABLED (403) unless Zoho enabled them (A26). */
export const TERRITORY_MODULES = ['Leads', 'Accounts', 'Contacts', 'Deals'] as const;

/** `$assigned` values in a record's territory objects. */
export const ASSIGNED_MANUALLY = 'manually';
export const ASSIGNED_AUTOMATICALLY = 'automatically';

/** ASSUMPTION A1: HTTP status of an assign/remove answer, by what its data[] holds. */
export const WRITE_STATUS_ALL_SCHEDULED = 202;
export const WRITE_STATUS_MIXED = 207;
export const WRITE_STATUS_ALL_FAILED = 400;

/** ASSUMPTION A5: the job-status feature and its answer. */
export const TERRITORY_JOBS_FEATURE = 'territory_scheduled_jobs';
export const FEATURE_INFO_KEY = 'feature_specific_info';
export const JOB_STATUSES = ['SCHEDULED', 'IN_PROGRESS', 'COMPLETED', 'FAILED'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
/** A record is pending while one of its jobs has one of these statuses. */
export const PENDING_JOB_STATUSES: readonly JobStatus[] = ['SCHEDULED', 'IN_PROGRESS'];
export const JOB_SOURCE_ASSIGN = 'manual_territory_assignment';
export const JOB_SOURCE_REMOVE = 'manual_territory_removal';
/** Finished jobs stay listed this long. */
export const FINISHED_JOB_RETENTION_SECONDS = 600;

/** ASSUMPTION A6: credits header, sent once this share of the daily credits is used. */
export const CREDITS_REMAINING_HEADER = 'x-api-credits-remaining';
export const CREDITS_HEADER_THRESHOLD = 0.5;
/** ASSUMPTION A6: every API call costs one credit; the token endpoint costs none. */
export const CREDITS_PER_CALL = 1;

/** ASSUMPTION A9: how long the emulator lets a job wait before it lands. */
export const DEFAULT_EMULATOR_JOB_DELAY_MS = 300;

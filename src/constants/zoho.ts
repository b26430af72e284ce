// Zoho CRM facts shared by the emulator and the client. Only documented limits, codes and
// messages live here, plus the assumptions written down in docs/ASSUMPTIONS.md (marked
// ASSUMPTION). Logic never lives here: the emulator and the client must not share behaviour,
// or a bug on both sides would hide itself in every test.
import type { ModuleName } from '../core/model.js';

export const API_VERSION = 'v7';

/** Maximum territories a record may carry, counting those assigned by rules. */
export const MAX_TERRITORIES_PER_RECORD: Readonly<Record<ModuleName | 'Leads', number>> = {
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
export const TERRITORY_FIELD: Readonly<Record<ModuleName | 'Leads', string>> = {
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
] as const;
export type ZohoCode = (typeof ZOHO_CODES)[number];

/** Zoho's reason for refusing Leads, quoted from the v7 assign page. */
export const LEADS_REFUSAL =
  'You cannot directly assign territories to Leads using this API (TERRITORY_NOT_ENABLED): ' +
  'Zoho assigns Lead territories only through territory rules.';

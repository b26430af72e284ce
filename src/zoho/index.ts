// The Zoho client: the only part of territory-sync that talks to Zoho (and imports got).
export {
  createZohoClient,
  DEFAULT_CONCURRENCY,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_RESPONSE_LIMITS,
} from './client.js';
export type {
  ClientStats,
  FieldMetadata,
  OrgInfo,
  WriteEntryResult,
  ZohoClient,
  ZohoClientOptions,
  ZohoCredentials,
} from './client-types.js';
export type { ClientEvent } from './client-events.js';
export { DATA_CENTRES, dataCentreOf } from './data-centres.js';
export type { DataCentre, ZohoConnection } from './data-centres.js';
export { DEFAULT_RETRY_POLICY, retryDelay } from './retry-policy.js';
// What one answer may weigh and how many pages a paged read may take (ZohoClientOptions.limits).
export type { ResponseLimits } from './response-limits.js';
export type { RetryPolicy } from './retry-policy.js';
export { ZohoApiError } from './zoho-api-error.js';
export type { ZohoApiErrorInfo } from './zoho-api-error.js';
// How a record body names itself and carries its territories (Territories or Territory, $assigned).
export { readTerritories, recordName } from './record-fields.js';
// The scope GET /crm/v7/org needs (readOrg): doctor probes it.
export { ORG_READ_SCOPE } from './scopes.js';
// Reading past Zoho's 100,000-record listing limit takes COQL; a token without its scope cannot.
export { isCoqlScopeMissing } from './coql-ids.js';

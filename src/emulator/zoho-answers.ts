// Zoho-shaped answers. Bodies and messages are copied from Zoho's documentation and example
// files (typos included); where Zoho is silent the choice is written in docs/ASSUMPTIONS.md.

/** What a route handler returns; the server writes it. A body of undefined means 204. */
export interface ZohoAnswer {
  readonly status: number;
  readonly body?: unknown;
}

export interface ZohoErrorBody {
  readonly code: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly message: string;
  readonly status: 'error';
}

export function errorBody(
  code: string,
  message: string,
  details: Readonly<Record<string, unknown>> = {},
): ZohoErrorBody {
  return { code, details, message, status: 'error' };
}

export function ok(body: unknown, status = 200): ZohoAnswer {
  return { status, body };
}

export const NO_CONTENT: ZohoAnswer = { status: 204 };

function fail(
  status: number,
  code: string,
  message: string,
  details: Readonly<Record<string, unknown>> = {},
): ZohoAnswer {
  return { status, body: errorBody(code, message, details) };
}

export const authenticationFailure = (): ZohoAnswer =>
  fail(401, 'AUTHENTICATION_FAILURE', 'Authentication failed');

export const invalidToken = (): ZohoAnswer => fail(401, 'INVALID_TOKEN', 'invalid oauth token');

/** The body of Zoho's getRecords response-401-scopemismatch example. */
export const scopeMismatch = (): ZohoAnswer => fail(401, 'OAUTH_SCOPE_MISMATCH', 'Unauthorized');

export const invalidUrlPattern = (): ZohoAnswer =>
  fail(404, 'INVALID_URL_PATTERN', 'Please check if the URL trying to access is a correct one');

export const invalidRequestMethod = (): ZohoAnswer =>
  fail(400, 'INVALID_REQUEST_METHOD', 'The http request method type is not a valid one');

export const invalidModule = (resourcePathIndex = 0): ZohoAnswer =>
  fail(400, 'INVALID_MODULE', 'the module name given seems to be invalid', {
    resource_path_index: resourcePathIndex,
  });

export const notSupported = (resourcePathIndex = 0): ZohoAnswer =>
  fail(400, 'NOT_SUPPORTED', 'the api is not supported for this module', {
    resource_path_index: resourcePathIndex,
  });

export const featureNotEnabled = (): ZohoAnswer =>
  fail(400, 'FEATURE_NOT_ENABLED', 'Territory Management is not enabled');

export const territoryNotEnabledForLeads = (): ZohoAnswer =>
  fail(403, 'TERRITORY_NOT_ENABLED', 'the territory feature is not enabled for Leads Module');

export const internalError = (status = 500): ZohoAnswer =>
  fail(status, 'INTERNAL_ERROR', 'Internal Server Error');

export const tooManyRequests = (): ZohoAnswer =>
  fail(
    429,
    'TOO_MANY_REQUESTS',
    'Number of API requests for the 24 hour period is exceeded or the concurrency limit of the user for the app is exceeded.',
  );

export const requiredParamMissing = (paramName: string): ZohoAnswer =>
  fail(400, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', {
    param_name: paramName,
  });

export const paramLimitExceeded = (paramName: string, limit: number): ZohoAnswer =>
  fail(400, 'LIMIT_EXCEEDED', 'limit exceeded', { limit, param_name: paramName });

export const invalidParam = (paramName: string): ZohoAnswer =>
  fail(400, 'INVALID_DATA', 'invalid data', { param_name: paramName });

/** A bad id in the URL path (the single-record forms). */
export const invalidIdInPath = (resourcePathIndex: number): ZohoAnswer =>
  fail(400, 'INVALID_DATA', 'the id given seems to be invalid', {
    resource_path_index: resourcePathIndex,
  });

export const invalidJsonBody = (): ZohoAnswer =>
  fail(400, 'INVALID_DATA', 'body is not a valid JSON', {});

export const bodyTooLarge = (limitBytes: number): ZohoAnswer =>
  fail(413, 'REQUEST_ENTITY_TOO_LARGE', 'The request entity is too large', { limit: limitBytes });

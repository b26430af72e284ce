// One logical call to the CRM API, as the readers and writers describe it to the transport.

export interface ApiCall {
  /** Stats and trace key: org, territories, records, record, assign, remove, jobs, list. */
  readonly kind: string;
  readonly method: 'GET' | 'POST';
  /** From the API domain, e.g. /crm/v7/Accounts; no query string. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly json?: unknown;
  /** The OAuth scope this call needs, named when Zoho answers OAUTH_SCOPE_MISMATCH. */
  readonly scope: string;
  /**
   * A tighter cap on the answer's body than the client's, for a call whose answer the query
   * itself bounds (a page of COQL ids); the lower of the two applies.
   */
  readonly maxResponseBytes?: number;
}

export interface ApiResponse {
  readonly status: number;
  readonly body: unknown;
  readonly invalidJson: boolean;
  /**
   * The API domain this answer came from (the access token's, no trailing slash): where the
   * call actually went, which may differ from the configured one.
   */
  readonly apiDomain: string;
}

export function isSuccess(response: ApiResponse): boolean {
  return response.status >= 200 && response.status < 300;
}

/** Commas stay literal: Zoho's own examples write `ids=a,b` and `fields=a,b`. */
export function buildUrl(
  apiDomain: string,
  path: string,
  query: Readonly<Record<string, string>> = {},
): string {
  const search = Object.entries(query)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v).replace(/%2C/gi, ',')}`)
    .join('&');
  return `${apiDomain.replace(/\/+$/, '')}${path}${search === '' ? '' : `?${search}`}`;
}

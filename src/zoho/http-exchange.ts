// The only importer of got. One HTTP exchange, no retries, no thrown HTTP errors: callers
// decide from Zoho's body. A failure comes back as a code and a short text, never as got's
// error, whose enumerable `options` hold the request headers and so the access token.
import { got, RequestError } from 'got';

export interface ExchangeRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly json?: unknown;
  readonly form?: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Parsed JSON; undefined for an empty body; `invalidJson` when the text was not JSON. */
  readonly body: unknown;
  readonly invalidJson: boolean;
}

export interface NetworkFailure {
  /** ECONNRESET, ECONNREFUSED, ETIMEDOUT, ... */
  readonly code: string;
  readonly description: string;
}

export type ExchangeResult =
  | { readonly ok: true; readonly response: RawResponse }
  | { readonly ok: false; readonly failure: NetworkFailure };

const http = got.extend({
  retry: { limit: 0 },
  throwHttpErrors: false,
  followRedirect: false,
  responseType: 'text',
  headers: { accept: 'application/json', 'user-agent': 'territory-sync' },
});

export async function exchange(request: ExchangeRequest): Promise<ExchangeResult> {
  try {
    const response = await http(request.url, {
      method: request.method,
      headers: { ...request.headers },
      ...(request.json === undefined ? {} : { json: request.json }),
      ...(request.form === undefined ? {} : { form: { ...request.form } }),
      timeout: { request: request.timeoutMs },
    });
    const { body, invalidJson } = parseBody(response.body);
    return {
      ok: true,
      response: { status: response.statusCode, headers: response.headers, body, invalidJson },
    };
  } catch (error) {
    return { ok: false, failure: describeFailure(error) };
  }
}

function parseBody(text: string): { body: unknown; invalidJson: boolean } {
  if (text.trim() === '') return { body: undefined, invalidJson: false };
  try {
    return { body: JSON.parse(text) as unknown, invalidJson: false };
  } catch {
    return { body: undefined, invalidJson: true };
  }
}

function describeFailure(error: unknown): NetworkFailure {
  if (error instanceof RequestError) {
    // got's messages name the failure ("read ECONNRESET", "Timeout awaiting 'request' for
    // 30000ms") and hold no header; the caller still redacts known secrets from them.
    return { code: error.code, description: error.message };
  }
  return {
    code: 'EUNKNOWN',
    description: error instanceof Error ? error.message : String(error),
  };
}

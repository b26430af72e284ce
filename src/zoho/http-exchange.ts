// The only importer of got. One HTTP exchange, no retries, no thrown HTTP errors: callers
// decide from Zoho's body. A failure comes back as a code and a short text, never as got's
// error, whose enumerable `options` hold the request headers and so the access token.
//
// The body is read as a stream and counted as it arrives (after decompression): once it passes
// `maxBodyBytes` the request is destroyed, so an endless or enormous answer costs at most the
// limit in memory, never the whole body first.
import { got, RequestError } from 'got';
import type { Response } from 'got';
import { MAX_JSON_CONTAINERS, describeBytes } from './response-limits.js';

export interface ExchangeRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly json?: unknown;
  readonly form?: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  /** The most body bytes read; a longer answer is dropped as RESPONSE_TOO_LARGE. */
  readonly maxBodyBytes: number;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Parsed JSON; undefined for an empty body; `invalidJson` when the text was not JSON. */
  readonly body: unknown;
  readonly invalidJson: boolean;
  /** The text `body` was parsed from: lets the redactor skip a walk (Redactor.scrubParsed). */
  readonly text: string;
}

/** The failure code of an answer whose body passed `maxBodyBytes`. Never worth a retry. */
export const RESPONSE_TOO_LARGE = 'RESPONSE_TOO_LARGE';

export interface NetworkFailure {
  /** ECONNRESET, ECONNREFUSED, ETIMEDOUT, ..., or RESPONSE_TOO_LARGE. */
  readonly code: string;
  readonly description: string;
  /** RESPONSE_TOO_LARGE: the HTTP status of the answer that was cut off. */
  readonly status?: number;
  /** RESPONSE_TOO_LARGE: the limit it passed. */
  readonly limitBytes?: number;
}

export type ExchangeResult =
  | { readonly ok: true; readonly response: RawResponse }
  | { readonly ok: false; readonly failure: NetworkFailure };

const http = got.extend({
  retry: { limit: 0 },
  throwHttpErrors: false,
  followRedirect: false,
  headers: { accept: 'application/json', 'user-agent': 'territory-sync' },
});

export function exchange(request: ExchangeRequest): Promise<ExchangeResult> {
  return new Promise<ExchangeResult>((resolve) => {
    const limit = request.maxBodyBytes;
    let status = 0;
    let headers: RawResponse['headers'] = {};
    let chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: ExchangeResult) => {
      if (settled) return;
      settled = true;
      chunks = [];
      resolve(result);
    };
    const stream = http.stream(request.url, {
      method: request.method,
      headers: { ...request.headers },
      ...(request.json === undefined ? {} : { json: request.json }),
      ...(request.form === undefined ? {} : { form: { ...request.form } }),
      timeout: { request: request.timeoutMs },
    });
    const tooLarge = (what: string) => {
      settle({
        ok: false,
        failure: {
          code: RESPONSE_TOO_LARGE,
          description: `${what} passed the limit of ${describeBytes(limit)}`,
          status,
          limitBytes: limit,
        },
      });
      // Stops reading and closes the connection: nothing more of the body is received.
      stream.destroy();
    };
    stream.on('response', (response: Response) => {
      status = response.statusCode;
      headers = response.headers;
      // A declared length over the limit is refused before a byte of the body is read. (For a
      // compressed body it counts compressed bytes, which only undercounts: the count below
      // still stops it.)
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > limit) {
        tooLarge(`the declared body of ${declared.toLocaleString('en-US')} bytes`);
      }
    });
    stream.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limit) {
        tooLarge('the body');
        return;
      }
      chunks.push(chunk);
    });
    stream.on('end', () => {
      if (settled) return;
      const text =
        chunks.length === 1
          ? (chunks[0] as Buffer).toString('utf8')
          : Buffer.concat(chunks, size).toString('utf8');
      chunks = [];
      settle({ ok: true, response: { status, headers, ...parseBody(text) } });
    });
    stream.on('error', (error: unknown) => settle({ ok: false, failure: describeFailure(error) }));
  });
}

function parseBody(text: string): { body: unknown; invalidJson: boolean; text: string } {
  if (text.trim() === '') return { body: undefined, invalidJson: false, text };
  // Counted before parsing (braces inside strings count too: an over-estimate, never under):
  // an answer of millions of tiny objects is refused as unusable, not built in memory. A text
  // no longer than the limit cannot pass it (each container opens with a character of its
  // own), so the usual answer of a few KB is not scanned at all.
  if (text.length > MAX_JSON_CONTAINERS && countContainers(text) > MAX_JSON_CONTAINERS) {
    return { body: undefined, invalidJson: true, text };
  }
  try {
    return { body: JSON.parse(text) as unknown, invalidJson: false, text };
  } catch {
    return { body: undefined, invalidJson: true, text };
  }
}

function countContainers(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x7b || c === 0x5b) count += 1;
  }
  return count;
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

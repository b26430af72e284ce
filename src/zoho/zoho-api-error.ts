import type { ZohoAnswerCode } from '../constants/zoho.js';
import { TerritorySyncError } from '../errors.js';
import type { ErrorCode } from '../errors.js';
import { readZohoCode } from './zoho-envelope.js';

export interface ZohoApiErrorInfo {
  /**
   * What failed, as written: Zoho's code (INVALID_TOKEN, TOO_MANY_REQUESTS ...), the OAuth
   * `error`, a network code (ECONNRESET) or the client's own (HTTP_502, UNEXPECTED_RESPONSE).
   */
  readonly zohoCode: string;
  /** 0 when no HTTP answer arrived (connection refused, reset, timeout). */
  readonly httpStatus: number;
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  readonly details?: Readonly<Record<string, unknown>>;
  readonly hint?: string;
}

/**
 * A call to Zoho that failed. Holds only plain, token-free facts: never a got error, request
 * options or headers, so logging, inspecting or serialising it cannot leak a credential.
 */
export class ZohoApiError extends TerritorySyncError {
  override readonly name: string = 'ZohoApiError';
  /** The code as written (see ZohoApiErrorInfo): what messages and logs show. */
  readonly zohoCode: string;
  /**
   * `zohoCode` checked against ZOHO_CODES, UNKNOWN for anything else (a network code, the
   * client's own, a code Zoho does not document): what callers compare.
   */
  readonly answerCode: ZohoAnswerCode;
  readonly httpStatus: number;
  readonly method: string;
  readonly path: string;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, info: ZohoApiErrorInfo) {
    super(code, message, info.hint === undefined ? {} : { hint: info.hint });
    this.zohoCode = info.zohoCode;
    this.answerCode = readZohoCode(info.zohoCode);
    this.httpStatus = info.httpStatus;
    this.method = info.method;
    this.path = info.path;
    this.details = info.details ?? {};
  }
}

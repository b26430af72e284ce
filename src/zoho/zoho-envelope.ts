// Reading Zoho's JSON envelopes: a bare {code, details, message, status} for request-level
// answers, {data: [...]} for per-record ones.

import { UNKNOWN_ZOHO_CODE, ZOHO_CODES } from '../constants/zoho.js';
import type { ZohoAnswerCode, ZohoCode } from '../constants/zoho.js';
import { isObject } from '../core/is-object.js';

export type JsonObject = Record<string, unknown>;

const KNOWN_CODES: ReadonlySet<string> = new Set(ZOHO_CODES);

function isZohoCode(value: string): value is ZohoCode {
  return KNOWN_CODES.has(value);
}

/**
 * The boundary for Zoho's codes: the server's text becomes a `ZohoCode` only when it is one of
 * ZOHO_CODES, anything else (or no string at all) UNKNOWN. Callers that show the code keep the
 * raw text beside it.
 */
export function readZohoCode(value: unknown): ZohoAnswerCode {
  return typeof value === 'string' && isZohoCode(value) ? value : UNKNOWN_ZOHO_CODE;
}

export interface ZohoStatus {
  /** Zoho's code, checked against ZOHO_CODES (UNKNOWN otherwise): what callers compare. */
  readonly code: ZohoAnswerCode;
  /** The code as Zoho wrote it: what messages show. */
  readonly rawCode: string;
  readonly message: string;
  readonly details: JsonObject;
}

/** The bare request-level envelope, when the body is one. */
export function readStatus(body: unknown): ZohoStatus | undefined {
  if (!isObject(body) || typeof body.code !== 'string') return undefined;
  return {
    code: readZohoCode(body.code),
    rawCode: body.code,
    message: typeof body.message === 'string' ? body.message : '',
    details: isObject(body.details) ? body.details : {},
  };
}

/** `data` when it is an array, e.g. per-record write results or records. */
export function readDataArray(body: unknown): unknown[] | undefined {
  return isObject(body) && Array.isArray(body.data) ? body.data : undefined;
}

export function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

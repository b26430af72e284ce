// Reading Zoho's JSON envelopes: a bare {code, details, message, status} for request-level
// answers, {data: [...]} for per-record ones.

import { isObject } from '../core/is-object.js';

export type JsonObject = Record<string, unknown>;

export interface ZohoStatus {
  readonly code: string;
  readonly message: string;
  readonly details: JsonObject;
}

/** The bare request-level envelope, when the body is one. */
export function readStatus(body: unknown): ZohoStatus | undefined {
  if (!isObject(body) || typeof body.code !== 'string') return undefined;
  return {
    code: body.code,
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

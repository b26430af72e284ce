// What a failed probe means for doctor: which check it fails and what the user should do.
import { OAUTH_TOKEN_PATH } from '../constants/zoho.js';
import type { ZohoAnswerCode } from '../constants/zoho.js';
import { TerritorySyncError } from '../errors.js';
import { ZohoApiError } from '../zoho/index.js';

export type FailureKind =
  /** The accounts server refused or did not answer: no access token. */
  | 'token'
  /** OAUTH_SCOPE_MISMATCH: the token lacks the scope this call needs. */
  | 'scope'
  /** The API refused the token itself (INVALID_TOKEN, AUTHENTICATION_FAILURE). */
  | 'auth'
  /** No answer from the API domain. */
  | 'network'
  /** Territory management is off for the org or the module. */
  | 'feature'
  | 'other';

export interface ProbeFailure {
  readonly kind: FailureKind;
  /** Zoho's words (its code as written among them) and what to do. */
  readonly message: string;
  /** Zoho's code checked against ZOHO_CODES (UNKNOWN otherwise): what checks compare. */
  readonly answerCode?: ZohoAnswerCode;
}

// Zoho's "Territory Management is disabled" example answers FEATURE_NOT_ENABLED too.
const FEATURE_CODES: ReadonlySet<ZohoAnswerCode> = new Set([
  'TERRITORY_NOT_ENABLED',
  'FEATURE_NOT_ENABLED',
]);

const TOKEN_REFUSED_CODES: ReadonlySet<ZohoAnswerCode> = new Set([
  'INVALID_TOKEN',
  'AUTHENTICATION_FAILURE',
]);

/** Errors the client raises become findings; anything else is a bug and is thrown again. */
export function probeFailure(error: unknown): ProbeFailure {
  if (!(error instanceof TerritorySyncError)) throw error;
  const message = error.hint === undefined ? error.message : `${error.message} ${error.hint}`;
  if (!(error instanceof ZohoApiError)) return { kind: 'other', message };
  const code = error.answerCode;
  const base = { message, answerCode: code };
  if (error.path === OAUTH_TOKEN_PATH) return { kind: 'token', ...base };
  if (code === 'OAUTH_SCOPE_MISMATCH') return { kind: 'scope', ...base };
  if (error.code === 'NETWORK') return { kind: 'network', ...base };
  if (FEATURE_CODES.has(code)) return { kind: 'feature', ...base };
  if (TOKEN_REFUSED_CODES.has(code)) return { kind: 'auth', ...base };
  return { kind: 'other', ...base };
}

/** Runs a probe: its value, or what its failure means. */
export async function attempt<T>(
  probe: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; failure: ProbeFailure }> {
  try {
    return { ok: true, value: await probe() };
  } catch (error) {
    return { ok: false, failure: probeFailure(error) };
  }
}

// Get Records' page_token: opaque to clients, bound to the query it continues ("input param
// is added or altered or deleted" -> TOKEN_BOUND_DATA_MISMATCH) and valid for 24 hours.
import { createHash } from 'node:crypto';

export const PAGE_TOKEN_LIFETIME_MS = 24 * 3600 * 1000;

interface TokenBody {
  readonly o: number;
  readonly k: string;
  readonly e: number;
}

export function queryKey(parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 16);
}

export function encodePageToken(offset: number, key: string, expiresAt: number): string {
  const body: TokenBody = { o: offset, k: key, e: expiresAt };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

export type PageTokenRead =
  | { readonly kind: 'ok'; readonly offset: number; readonly expiresAt: number }
  | { readonly kind: 'mismatch' }
  | { readonly kind: 'expired' };

export function decodePageToken(token: string, key: string, now: number): PageTokenRead {
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    return { kind: 'mismatch' };
  }
  const b = body as Partial<TokenBody> | null;
  if (
    typeof b !== 'object' ||
    b === null ||
    typeof b.o !== 'number' ||
    !Number.isSafeInteger(b.o) ||
    b.o < 0 ||
    typeof b.e !== 'number' ||
    b.k !== key
  ) {
    return { kind: 'mismatch' };
  }
  if (b.e <= now) return { kind: 'expired' };
  return { kind: 'ok', offset: b.o, expiresAt: b.e };
}

// Query parameters as Zoho reads them: comma lists, positive integers, id lists.
import { invalidParam, paramLimitExceeded, type ZohoAnswer } from './zoho-answers.js';
import { ID_PATTERN } from './zoho-time.js';

export type Parsed<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly answer: ZohoAnswer };

export function commaList(value: string | null): string[] {
  if (value === null) return [];
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** An integer in [1, max]; absent -> fallback; over max -> LIMIT_EXCEEDED; junk -> INVALID_DATA. */
export function positiveInt(
  query: URLSearchParams,
  name: string,
  fallback: number,
  max = Number.MAX_SAFE_INTEGER,
): Parsed<number> {
  const raw = query.get(name);
  if (raw === null) return { ok: true, value: fallback };
  if (!/^[0-9]{1,9}$/.test(raw.trim()) || Number(raw) < 1) {
    return { ok: false, answer: invalidParam(name) };
  }
  const value = Number(raw);
  if (value > max) return { ok: false, answer: paramLimitExceeded(name, max) };
  return { ok: true, value };
}

/** Distinct digit ids from a comma list, at most `max`; letters -> INVALID_DATA. */
export function idList(
  query: URLSearchParams,
  name: string,
  max: number,
): Parsed<string[] | undefined> {
  const raw = query.get(name);
  if (raw === null) return { ok: true, value: undefined };
  const ids = [...new Set(commaList(raw))];
  if (ids.length === 0 || !ids.every((id) => ID_PATTERN.test(id))) {
    return { ok: false, answer: invalidParam(name) };
  }
  if (ids.length > max) return { ok: false, answer: paramLimitExceeded(name, max) };
  return { ok: true, value: ids };
}

// An optional signature for saved plans (TERRITORY_SYNC_PLAN_KEY): an HMAC of the planHash, so
// a plan carried between CI jobs as an artifact cannot be swapped or edited by anyone without
// the key. The planHash alone is a corruption check that anyone can recompute.
import { createHmac, timingSafeEqual } from 'node:crypto';

const PREFIX = 'hmac-sha256:';

export function signPlanHash(planHash: string, key: string): string {
  return `${PREFIX}${createHmac('sha256', key).update(planHash, 'utf8').digest('hex')}`;
}

/** True when `signature` is the HMAC of planHash with this key; compared in constant time. */
export function signatureMatches(planHash: string, signature: string, key: string): boolean {
  const expected = Buffer.from(signPlanHash(planHash, key), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

// Plan hashing: what a saved plan was computed from (desiredHash) and what it says (planHash).
// apply checks planHash so a plan edited after review is refused.
import { createHash } from 'node:crypto';
import { writeCanonicalJson } from './canonical-json.js';
import type { DesiredFile, Plan } from './model.js';
import { compareText } from './ordering.js';

export type UnhashedPlan = Omit<Plan, 'planHash' | 'signature'>;

/** Chunks handed to the hash at once: one update per token would dominate a large plan. */
const HASH_BUFFER_CHARS = 1 << 16;

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** sha256 over the sorted `path\0sha256\n` lines of the desired files. */
export function computeDesiredHash(files: readonly DesiredFile[]): string {
  const lines = files.map((file) => `${file.path}\0${file.sha256}\n`).sort(compareText);
  return sha256Hex(lines.join(''));
}

/** sha256 of the canonical JSON of the plan without its planHash and signature (ignored if present). */
export function computePlanHash(plan: UnhashedPlan): string {
  const unhashed: Record<string, unknown> = { ...plan };
  delete unhashed['planHash'];
  delete unhashed['signature'];
  const hash = createHash('sha256');
  let pending = '';
  writeCanonicalJson(unhashed, (chunk) => {
    pending += chunk;
    if (pending.length >= HASH_BUFFER_CHARS) {
      hash.update(pending, 'utf8');
      pending = '';
    }
  });
  return hash.update(pending, 'utf8').digest('hex');
}

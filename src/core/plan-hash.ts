// Plan hashing: what a saved plan was computed from (desiredHash) and what it says (planHash).
// apply checks planHash so a plan edited after review is refused.
import { createHash } from 'node:crypto';
import { writeCanonicalJson } from './canonical-json.js';
import type { DesiredFile, Plan } from './model.js';
import { compareText } from './ordering.js';

export type UnhashedPlan = Omit<Plan, 'planHash' | 'signature'>;

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
  // writeCanonicalJson hands over pieces of about 64 KB, never one token at a time.
  writeCanonicalJson(unhashed, (chunk) => hash.update(chunk, 'utf8'));
  return hash.digest('hex');
}

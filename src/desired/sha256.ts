import { createHash } from 'node:crypto';

/**
 * The hex sha256 a plan records for each desired file, so it says exactly what it came from, and
 * for each selector's canonical criteria (text hashed as UTF-8).
 */
export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

import type { PlanCheckOptions } from '../apply/saved-plan.js';
import { TerritorySyncError } from '../errors.js';

/** Shorter keys are guessable offline from one signed plan. */
const MIN_KEY_CHARS = 32;

/** TERRITORY_SYNC_PLAN_KEY: the HMAC key saved plans are signed and checked with, when set. */
export function planKeyFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  const key = env.TERRITORY_SYNC_PLAN_KEY;
  if (key === undefined || key === '') return undefined;
  if (key.trim().length < MIN_KEY_CHARS || new Set(key).size < 8) {
    throw new TerritorySyncError(
      'INVALID_CONFIG',
      `TERRITORY_SYNC_PLAN_KEY is set but is not a usable key: a signing key needs at least ${MIN_KEY_CHARS} characters, not blanks or one character repeated.`,
      {
        hint: 'Generate one with `openssl rand -hex 32` and store it as a CI secret, or unset the variable to save unsigned plans.',
      },
    );
  }
  return key;
}

/** How show, apply and --resume check a saved plan: with the signing key when one is set. */
export function planCheckOptions(
  env: Readonly<Record<string, string | undefined>>,
): PlanCheckOptions {
  const key = planKeyFromEnv(env);
  return key === undefined ? {} : { key };
}

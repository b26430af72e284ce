// Reading a saved plan (plan --out) back for show and apply. A plan file is hostile input like
// any other: it is refused unless it is intact, signed when a key is set, and agrees with what
// its own changes give (verify-plan.ts). Nothing here talks to Zoho.
import { readBounded } from '../files/read-bounded.js';
import type { Bounded } from '../files/read-bounded.js';
import type { ValidateFunction } from 'ajv';
import { isObject } from '../core/is-object.js';
import { PLAN_FORMAT_VERSION } from '../core/model.js';
import type { Plan } from '../core/model.js';
import { computePlanHash } from '../core/plan-hash.js';
import type { UnhashedPlan } from '../core/plan-hash.js';
import { checkPlanHash } from '../core/plan-json.js';
import { signatureMatches } from '../core/plan-signature.js';
import { findPlanAlterations } from '../core/verify-plan.js';
import { TerritorySyncError } from '../errors.js';
import { JOURNAL_START_PREFIX } from './journal-entry.js';
import { compileSchema } from '../schemas.js';

let validator: ValidateFunction | undefined;

/** Plans of 100,000 changes are ~60 MB; anything far beyond is not a plan this tool wrote. */
export const MAX_PLAN_FILE_BYTES = 256 * 1024 * 1024;

const NEW_PLAN =
  'Make a new plan with `territory-sync plan --out plan.json`, review it, and apply that.';

export interface PlanCheckOptions {
  /** TERRITORY_SYNC_PLAN_KEY: when set, the plan must carry a signature made with it. */
  readonly key?: string;
}

/** Reads a regular file of at most `limit` bytes; a FIFO or device is refused before it can block. */
export async function readRegularFile(
  file: string,
  shownAs: string,
  limit: number,
  what: string,
  hint: string,
): Promise<string> {
  const refuse = (why: string, cause?: unknown) =>
    new TerritorySyncError('INVALID_INPUT', `${shownAs}: ${why}`, {
      hint,
      ...(cause === undefined ? {} : { cause }),
    });
  let read: Bounded;
  try {
    read = await readBounded(file, limit);
  } catch (cause) {
    const code = (cause as { code?: unknown }).code;
    throw refuse(
      code === 'ENOENT' ? `there is no such ${what}.` : `cannot read the ${what}.`,
      cause,
    );
  }
  if ('notAFile' in read) throw refuse(`is not a regular file, so it is not a ${what}.`);
  if ('tooLarge' in read) {
    throw refuse(
      read.tooLarge === undefined
        ? `is more than the ${limit / 1024 / 1024} MB a ${what} may be.`
        : `is ${Math.ceil(read.tooLarge / 1024 / 1024)} MB, more than the ${limit / 1024 / 1024} MB a ${what} may be.`,
    );
  }
  return read.toString('utf8');
}

/** Reads a plan saved by `plan --out`, refusing anything that is not exactly such a plan. */
export async function readSavedPlan(
  file: string,
  shownAs: string,
  options: PlanCheckOptions = {},
): Promise<Plan> {
  const text = await readRegularFile(
    file,
    shownAs,
    MAX_PLAN_FILE_BYTES,
    'plan file',
    'Check the path; create a plan with `territory-sync plan --out plan.json`.',
  );
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const journal = text.startsWith(JOURNAL_START_PREFIX);
    throw new TerritorySyncError(
      'INVALID_INPUT',
      journal
        ? `${shownAs}: is an apply journal, not a saved plan.`
        : `${shownAs}: is not JSON, so it is not a saved plan.`,
      {
        hint: journal
          ? `Finish the apply it records with \`territory-sync apply --resume ${shownAs}\`.`
          : 'Create a plan with `territory-sync plan --out plan.json`.',
      },
    );
  }
  return checkPlanValue(value, shownAs, options);
}

/**
 * Refuses anything that is not exactly a plan this version made and nobody edited since: the
 * signature first (when a key is set), then the schema, the planHash, and every derived part.
 */
export function checkPlanValue(
  value: unknown,
  shownAs: string,
  options: PlanCheckOptions = {},
): Plan {
  if (options.key !== undefined) checkSignature(value, shownAs, options.key);
  validator ??= compileSchema('plan', { strict: false });
  if (!validator(value)) {
    const first = validator.errors?.[0];
    const found =
      typeof value === 'object' && value !== null && 'formatVersion' in value
        ? (value as { formatVersion: unknown }).formatVersion
        : undefined;
    // Only an older or newer format is news; a current one failed for another reason.
    const version =
      found !== undefined && found !== PLAN_FORMAT_VERSION
        ? ` (it is format version ${String(found)}, this version reads ${PLAN_FORMAT_VERSION})`
        : '';
    throw new TerritorySyncError(
      'INVALID_INPUT',
      `${shownAs}: is not a territory-sync plan this version can apply${version}: ` +
        `${first?.instancePath || '/'} ${first?.message ?? 'is invalid'}.`,
      { hint: 'Make a new plan with this version: `territory-sync plan --out plan.json`.' },
    );
  }
  const plan = value as Plan;
  if (!checkPlanHash(plan)) {
    throw new TerritorySyncError(
      'PLAN_ALTERED',
      `${shownAs}: its content does not match its planHash: the file was edited or damaged after it was made. Nothing was sent.`,
      { hint: NEW_PLAN },
    );
  }
  const alterations = findPlanAlterations(plan);
  if (alterations.length > 0) {
    const parts = [...new Set(alterations.map((a) => a.part))];
    throw new TerritorySyncError(
      'PLAN_ALTERED',
      `${shownAs}: what it says about its ${parts.join(', ')} does not follow from its changes, so the file was edited after it was made. Nothing was sent.\n` +
        alterations.map((a) => `  ${a.part}: ${a.detail}`).join('\n'),
      { hint: NEW_PLAN },
    );
  }
  return plan;
}

function checkSignature(value: unknown, shownAs: string, key: string): void {
  const record = isObject(value) ? value : undefined;
  const signature = record?.['signature'];
  const hint =
    'TERRITORY_SYNC_PLAN_KEY is set, so only plans signed with it are accepted. Make the plan ' +
    'where the same key is set (`territory-sync plan --out plan.json`), or unset the key.';
  if (typeof signature !== 'string') {
    throw new TerritorySyncError('PLAN_SIGNATURE', `${shownAs}: is not signed. Nothing was sent.`, {
      hint,
    });
  }
  let hash: string;
  try {
    hash = computePlanHash(record as unknown as UnhashedPlan);
  } catch {
    hash = '';
  }
  if (hash === '' || !signatureMatches(hash, signature, key)) {
    throw new TerritorySyncError(
      'PLAN_SIGNATURE',
      `${shownAs}: its signature does not match its content with this TERRITORY_SYNC_PLAN_KEY: it was edited, or signed with another key. Nothing was sent.`,
      { hint },
    );
  }
}

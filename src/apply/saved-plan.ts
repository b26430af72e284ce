import { readFile } from 'node:fs/promises';
import type { Plan } from '../core/model.js';
import { checkPlanHash } from '../core/plan-json.js';
import { TerritorySyncError } from '../errors.js';
import type { ValidateFunction } from 'ajv';
import { compileSchema } from '../schemas.js';

let validator: ValidateFunction | undefined;

/** Reads a plan saved by `plan --out`, refusing anything that is not exactly such a plan. */
export async function readSavedPlan(file: string, shownAs: string): Promise<Plan> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new TerritorySyncError('INVALID_INPUT', `${shownAs}: cannot read the plan file.`, {
      hint: 'Check the path; create a plan with `territory-sync plan --out plan.json`.',
      cause,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new TerritorySyncError(
      'INVALID_INPUT',
      `${shownAs}: is not JSON, so it is not a saved plan.`,
      {
        hint: 'Create a plan with `territory-sync plan --out plan.json`.',
      },
    );
  }
  return checkPlanValue(value, shownAs);
}

/** Refuses anything that is not exactly a plan this version made and nobody edited since. */
export function checkPlanValue(value: unknown, shownAs: string): Plan {
  validator ??= compileSchema('plan', { strict: false });
  if (!validator(value)) {
    const first = validator.errors?.[0];
    throw new TerritorySyncError(
      'INVALID_INPUT',
      `${shownAs}: is not a territory-sync plan this version can apply (${first?.instancePath || '/'} ${first?.message ?? 'is invalid'}).`,
      { hint: 'Make a new plan with this version: `territory-sync plan --out plan.json`.' },
    );
  }
  const plan = value as Plan;
  if (!checkPlanHash(plan)) {
    throw new TerritorySyncError(
      'INVALID_INPUT',
      `${shownAs}: its content does not match its planHash: the file was edited after it was made.`,
      {
        hint: 'Plans are applied exactly as reviewed. Make a new one with `territory-sync plan --out`.',
      },
    );
  }
  return plan;
}

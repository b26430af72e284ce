// Reads an apply journal back for `apply --resume`. The plan inside must be intact (schema and
// planHash); a torn last line (the process died mid-write) is expected and ignored.
import { PLAN_FORMAT } from '../core/model.js';
import type { Plan } from '../core/model.js';
import { TerritorySyncError } from '../errors.js';
import { JOURNAL_FORMAT, JOURNAL_FORMAT_VERSION } from './journal-entry.js';
import type { JournalFinish, JournalIntent, JournalResult } from './journal-entry.js';
import { MAX_PLAN_FILE_BYTES, checkPlanValue, readRegularFile } from './saved-plan.js';
import type { PlanCheckOptions } from './saved-plan.js';

export interface JournalContents {
  readonly plan: Plan;
  readonly startedAt: string;
  readonly resumes?: string;
  readonly intents: readonly JournalIntent[];
  readonly results: readonly JournalResult[];
  /** Absent when the apply was cut short (killed, crashed, power lost). */
  readonly finish?: JournalFinish;
}

const RESUME_HINT =
  'Pass the journal an apply printed when it started (.territory-sync/journal-*.jsonl).';

function notAJournal(shownAs: string, why: string): TerritorySyncError {
  return new TerritorySyncError('INVALID_INPUT', `${shownAs}: ${why}`, { hint: RESUME_HINT });
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function looksLikeSavedPlan(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) && value.format === PLAN_FORMAT;
  } catch {
    return false;
  }
}

export async function readJournal(
  file: string,
  shownAs: string,
  options: PlanCheckOptions = {},
): Promise<JournalContents> {
  // A journal holds its plan and one line per call: twice a plan's size is plenty.
  const text = await readRegularFile(
    file,
    shownAs,
    2 * MAX_PLAN_FILE_BYTES,
    'journal',
    RESUME_HINT,
  );
  if (looksLikeSavedPlan(text)) {
    throw new TerritorySyncError(
      'INVALID_INPUT',
      `${shownAs}: is a saved plan, not an apply journal.`,
      { hint: `Apply a saved plan with \`territory-sync apply ${shownAs}\`. ${RESUME_HINT}` },
    );
  }
  const lines = text.split('\n');
  // A complete journal ends with a newline; anything after the last one is a torn write.
  lines.pop();
  const entries: Record<string, unknown>[] = [];
  for (const [index, line] of lines.entries()) {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw notAJournal(shownAs, `line ${index + 1} is not JSON, so this is not an apply journal.`);
    }
    if (!isObject(value) || typeof value.type !== 'string') {
      throw notAJournal(shownAs, `line ${index + 1} is not a journal entry.`);
    }
    entries.push(value);
  }
  const start = entries[0];
  if (
    start?.type !== 'start' ||
    start.format !== JOURNAL_FORMAT ||
    start.formatVersion !== JOURNAL_FORMAT_VERSION
  ) {
    throw notAJournal(
      shownAs,
      `does not start with a ${JOURNAL_FORMAT} v${JOURNAL_FORMAT_VERSION} header, so this version cannot resume it.`,
    );
  }
  const plan = checkPlanValue(start.plan, `${shownAs} (the plan on its first line)`, options);
  if (start.planHash !== plan.planHash) {
    throw notAJournal(shownAs, 'its header names another plan than the one it holds.');
  }
  const rest = entries.slice(1);
  const finish = rest.find((e) => e.type === 'finish') as JournalFinish | undefined;
  return {
    plan,
    startedAt: typeof start.at === 'string' ? start.at : '',
    ...(typeof start.resumes === 'string' ? { resumes: start.resumes } : {}),
    intents: rest.filter((e) => e.type === 'intent') as unknown as JournalIntent[],
    results: rest.filter((e) => e.type === 'result') as unknown as JournalResult[],
    ...(finish === undefined ? {} : { finish }),
  };
}

// Reads an apply journal back for `apply --resume`. Every line must have its entry's shape
// (schemas/journal-line.schema.json) and the plan inside must be intact (schema and planHash);
// a torn last line (the process died mid-write) is expected and ignored.
import { isObject } from '../core/is-object.js';
import { PLAN_FORMAT } from '../core/model.js';
import type { Plan } from '../core/model.js';
import { TerritorySyncError } from '../errors.js';
import { JOURNAL_FORMAT, JOURNAL_FORMAT_VERSION } from './journal-entry.js';
import type {
  JournalCodes,
  JournalEntry,
  JournalFinish,
  JournalIntent,
  JournalResult,
  JournalStart,
} from './journal-entry.js';
import { checkJournalLine } from './journal-line.js';
import { MAX_PLAN_FILE_BYTES, checkPlanValue, readRegularFile } from './saved-plan.js';
import type { PlanCheckOptions } from './saved-plan.js';

export interface JournalContents {
  readonly plan: Plan;
  readonly startedAt: string;
  readonly resumes?: string;
  readonly intents: readonly JournalIntent[];
  readonly results: readonly JournalResult<JournalCodes>[];
  /** Absent when the apply was cut short (killed, crashed, power lost). */
  readonly finish?: JournalFinish<JournalCodes>;
}

const RESUME_HINT =
  'Pass the journal an apply printed when it started (.territory-sync/journal-*.jsonl).';

function notAJournal(shownAs: string, why: string): TerritorySyncError {
  return new TerritorySyncError('INVALID_INPUT', `${shownAs}: ${why}`, { hint: RESUME_HINT });
}

const DAMAGED_HINT =
  'The journal was changed after the apply wrote it, so --resume cannot rely on it. Make a ' +
  'fresh plan instead (`territory-sync plan --out plan.json`, then `territory-sync apply ' +
  'plan.json`): it reads the CRM as it is now, so records the interrupted apply already ' +
  'changed are not written again.';

const ENTRY_NAMES: Readonly<Record<string, string>> = {
  start: 'the start entry',
  intent: 'an intent entry',
  result: 'a result entry',
  finish: 'the finish entry',
};

interface DamagedLine {
  readonly line: number;
  readonly type: unknown;
  readonly problems: readonly string[];
}

/** Each line as its entry, or every line that is not one, with why (line numbers 1-based). */
function checkLines(values: readonly Record<string, unknown>[]): {
  readonly entries: readonly JournalEntry<JournalCodes>[];
  readonly damaged: readonly DamagedLine[];
} {
  const entries: JournalEntry<JournalCodes>[] = [];
  const damaged: DamagedLine[] = [];
  let finishLine: number | undefined;
  for (const [index, value] of values.entries()) {
    const line = index + 1;
    const checked = checkJournalLine(value);
    const problems = checked.ok ? [] : [...checked.problems];
    if (index > 0 && value.type === 'start') {
      problems.push('a journal has one start entry, on its first line');
    }
    if (finishLine !== undefined) {
      problems.push(`it comes after the finish entry on line ${finishLine}, which ends a journal`);
    }
    if (value.type === 'finish') finishLine ??= line;
    if (checked.ok && problems.length === 0) entries.push(checked.entry);
    else damaged.push({ line, type: value.type, problems });
  }
  return { entries, damaged };
}

function damagedJournal(shownAs: string, damaged: readonly DamagedLine[]): TerritorySyncError {
  const [first, ...others] = damaged as [DamagedLine, ...DamagedLine[]];
  const name = typeof first.type === 'string' ? ENTRY_NAMES[first.type] : undefined;
  const what =
    name === undefined
      ? `line ${first.line} is not a journal entry this version wrote`
      : `line ${first.line} (${name}) is damaged`;
  const shownLines = others.slice(0, 5).map((d) => d.line);
  const more =
    others.length === 0
      ? ''
      : ` ${others.length === 1 ? 'Line' : 'Lines'} ${shownLines.join(', ')}` +
        `${others.length > shownLines.length ? ` and ${others.length - shownLines.length} more` : ''}` +
        ` ${others.length === 1 ? 'is' : 'are'} not right either.`;
  return new TerritorySyncError(
    'INVALID_INPUT',
    `${shownAs}: ${what}: ${first.problems.join('; ')}.${more} Nothing was sent.`,
    { hint: DAMAGED_HINT },
  );
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
  const values: Record<string, unknown>[] = [];
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
    values.push(value);
  }
  const head = values[0];
  if (
    head?.type !== 'start' ||
    head.format !== JOURNAL_FORMAT ||
    head.formatVersion !== JOURNAL_FORMAT_VERSION
  ) {
    throw notAJournal(
      shownAs,
      `does not start with a ${JOURNAL_FORMAT} v${JOURNAL_FORMAT_VERSION} header, so this version cannot resume it.`,
    );
  }
  const { entries, damaged } = checkLines(values);
  if (damaged.length > 0) throw damagedJournal(shownAs, damaged);
  const start = entries[0] as JournalStart;
  const plan = checkPlanValue(start.plan, `${shownAs} (the plan on its first line)`, options);
  if (start.planHash !== plan.planHash) {
    throw notAJournal(shownAs, 'its header names another plan than the one it holds.');
  }
  const rest = entries.slice(1);
  const finish = rest.find((e): e is JournalFinish<JournalCodes> => e.type === 'finish');
  return {
    plan,
    startedAt: start.at,
    ...(start.resumes === undefined ? {} : { resumes: start.resumes }),
    intents: rest.filter((e): e is JournalIntent => e.type === 'intent'),
    results: rest.filter((e): e is JournalResult<JournalCodes> => e.type === 'result'),
    ...(finish === undefined ? {} : { finish }),
  };
}

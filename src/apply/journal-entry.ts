// The apply journal: one JSON object a line, appended and fsync'd as the apply goes, so that
// after a crash or a kill `apply --resume JOURNAL` knows the plan and what was sent. It holds
// the plan, record ids, territory ids and Zoho's per-record codes: never a credential.
import type { ModuleName, Plan, WriteAction } from '../core/model.js';
import type { RecordCode, RecordStatus, StopCode } from './apply-report.js';
import type { WriteOutcomeCode } from './ports.js';

/**
 * The codes a journal line carries. The executor writes typed codes (`WrittenCodes`, the
 * default); a line read back is only known to match the schema, where a code is any string
 * (another version, or a hand-edited file, may hold others): readers use `JournalCodes`.
 */
export interface JournalCodes {
  readonly outcome: string;
  readonly stop: string;
  readonly record: string;
}
export interface WrittenCodes extends JournalCodes {
  readonly outcome: WriteOutcomeCode;
  readonly stop: StopCode;
  readonly record: RecordCode;
}

export const JOURNAL_FORMAT = 'territory-sync/apply-journal';
export const JOURNAL_FORMAT_VERSION = 1;

/** First line: everything a resume needs, without the YAML or the CRM. */
export interface JournalStart {
  readonly type: 'start';
  readonly format: typeof JOURNAL_FORMAT;
  readonly formatVersion: typeof JOURNAL_FORMAT_VERSION;
  readonly at: string;
  readonly planHash: string;
  /** Set when this apply finishes another one: that apply's planHash. */
  readonly resumes?: string;
  readonly plan: Plan;
}

/** Written (and synced) before a write call goes out. */
export interface JournalIntent {
  readonly type: 'intent';
  readonly at: string;
  /** 1-based, in the order calls were started. */
  readonly call: number;
  readonly wave: number;
  /** 0 for the first send of these records, then one more per resubmission. */
  readonly round: number;
  readonly module: ModuleName;
  readonly action: WriteAction;
  readonly records: readonly { readonly id: string; readonly territoryIds: readonly string[] }[];
}

/** Written after the call: Zoho's answer per record, or why there was none. */
export interface JournalResult<C extends JournalCodes = WrittenCodes> {
  readonly type: 'result';
  readonly at: string;
  readonly call: number;
  readonly outcomes: readonly {
    readonly id: string;
    readonly status: 'success' | 'error';
    readonly code: C['outcome'];
    readonly message: string;
    /** Zoho's job id for the record, when it scheduled one (older journals have none). */
    readonly jobId?: string;
  }[];
}

/** Last line: how the apply ended. Its absence means the apply was cut short. */
export interface JournalFinish<C extends JournalCodes = WrittenCodes> {
  readonly type: 'finish';
  readonly at: string;
  readonly verified: boolean;
  readonly stoppedEarly?: { readonly code: C['stop']; readonly message: string };
  readonly summary: Readonly<Record<RecordStatus, number>>;
  readonly records: readonly {
    readonly module: ModuleName;
    readonly id: string;
    readonly status: RecordStatus;
    readonly code?: C['record'];
  }[];
}

export type JournalEntry<C extends JournalCodes = WrittenCodes> =
  JournalStart | JournalIntent | JournalResult<C> | JournalFinish<C>;

/** Where the executor's journal lines go; appending resolves once the line is durable. */
export interface JournalSink {
  append(entry: JournalEntry): Promise<void>;
}

/**
 * The apply ran to its end and left nothing to do: not stopped, verified, every record
 * converged. Anything else is unfinished work that `apply --resume` may still need.
 */
export function finishedClean(finish: JournalFinish<JournalCodes>): boolean {
  const { failed, pending, skipped } = finish.summary;
  return (
    finish.stoppedEarly === undefined &&
    finish.verified &&
    failed === 0 &&
    pending === 0 &&
    skipped === 0
  );
}

/** How every journal this version writes begins: its start line's first keys. */
export const JOURNAL_START_PREFIX = `${JSON.stringify({
  type: 'start',
  format: JOURNAL_FORMAT,
  formatVersion: JOURNAL_FORMAT_VERSION,
}).slice(0, -1)},`;

import type { ModuleName, WriteAction } from '../core/model.js';
import type { ErrorCode } from '../errors.js';
import type { WriteOutcomeCode } from './ports.js';

/** A record's code in the report: its write's, or what verification found. */
export type RecordCode = WriteOutcomeCode | 'NOT_CONVERGED' | 'NOT_FOUND';

/** Why an apply stopped early: a failure's code, the journal, or a signal. */
export type StopCode = ErrorCode | 'JOURNAL' | 'INTERRUPTED';

export type RecordStatus = 'converged' | 'failed' | 'pending' | 'skipped';

export interface RecordResult {
  readonly module: ModuleName;
  readonly id: string;
  readonly name?: string;
  readonly status: RecordStatus;
  /** For anything but converged: what happened, in words, with Zoho's code when there is one. */
  readonly code?: RecordCode;
  readonly reason?: string;
  /** Write calls that carried this record (resubmissions included). */
  readonly attempts: number;
  /**
   * Set (status `pending`) when Zoho accepted the record's write and, as asked with --no-wait,
   * nobody waited for its job or read the record back: sent as planned, convergence unknown.
   */
  readonly notWaitedFor?: true;
}

export interface ApplyCounts {
  readonly writeCalls: number;
  readonly jobPolls: number;
  readonly verifyReads: number;
  /** Entries sent again after RECORD_LOCKED / ALREADY_SCHEDULED / a partly converged answer. */
  readonly resubmissions: number;
  /** HTTP calls repeated after 429, 5xx or a network error (by the client, during this apply). */
  readonly transportRetries: number;
}

export const APPLY_REPORT_FORMAT = 'territory-sync/apply-report';

export interface ApplyReport {
  readonly format: typeof APPLY_REPORT_FORMAT;
  readonly formatVersion: 1;
  readonly planHash: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  /** Whether jobs were waited for and records re-read (false with --no-wait). */
  readonly verified: boolean;
  readonly records: readonly RecordResult[];
  readonly summary: Readonly<Record<RecordStatus, number>>;
  /**
   * Only when not verified (--no-wait): how many of the `pending` records Zoho scheduled and were
   * left unverified on purpose (those with `notWaitedFor`). The rest of `pending` waits on a job
   * that had not finished, or on one started elsewhere.
   */
  readonly scheduledNotVerified?: number;
  readonly counts: ApplyCounts;
  /**
   * Set when the apply stopped before the end of its plan: INTERRUPTED (SIGINT/SIGTERM), AUTH
   * (credentials refused mid-run), JOURNAL (the journal could not be written), or the code of
   * the failure that stopped job polling or verification. The records say what did happen.
   */
  readonly stoppedEarly?: StopReason;
}

export interface StopReason {
  readonly code: StopCode;
  readonly message: string;
}

export interface ApplyEvent {
  readonly kind:
    'wave-start' | 'batch-sent' | 'waiting-for-jobs' | 'retry' | 'verify' | 'stopping' | 'warning';
  readonly wave?: number;
  readonly module?: ModuleName;
  readonly action?: WriteAction;
  readonly records?: number;
  readonly message: string;
}

export function isFullyConverged(report: ApplyReport): boolean {
  return report.stoppedEarly === undefined && report.records.every((r) => r.status === 'converged');
}

/**
 * The apply did what it was asked: it ran to the end and every record converged or, with
 * --no-wait, was scheduled by Zoho and left unverified on purpose. Anything else (a refused
 * record, one not sent, a job still running, a stop) is a partial apply.
 */
export function appliedAsAsked(report: ApplyReport): boolean {
  return (
    report.stoppedEarly === undefined &&
    report.records.every((r) => r.status === 'converged' || r.notWaitedFor === true)
  );
}

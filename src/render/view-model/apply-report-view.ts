import type { ApplyReport, RecordResult, RecordStatus } from '../../apply/apply-report.js';
import { plural } from '../words.js';
import { oneLine } from '../sanitize.js';
import { recordLabel } from './record-label.js';

export interface ApplyRecordView {
  readonly module: string;
  readonly label: string;
  readonly status: RecordStatus;
  readonly reason?: string;
}

/** What an apply report shows, computed once for text and markdown. */
export interface ApplyReportView {
  readonly headline: string;
  readonly ok: boolean;
  /** Records that did not converge, first; converged ones are only counted. */
  readonly problems: readonly ApplyRecordView[];
  readonly callsLine: string;
}

function recordView(r: RecordResult): ApplyRecordView {
  const why = [r.code, r.reason].filter((x) => x !== undefined).join(': ');
  return {
    module: r.module,
    label: recordLabel(r.id, r.name),
    status: r.status,
    ...(why === '' ? {} : { reason: oneLine(why) }),
  };
}

export function buildApplyReportView(report: ApplyReport): ApplyReportView {
  const s = report.summary;
  const total = report.records.length;
  const ok = s.converged === total;
  const rest = [
    s.failed > 0 ? `${s.failed} failed` : undefined,
    s.pending > 0 ? `${s.pending} still pending` : undefined,
    s.skipped > 0 ? `${s.skipped} skipped` : undefined,
  ].filter((x) => x !== undefined);
  const verb = report.verified ? 'converged (verified by re-reading the CRM)' : 'scheduled';
  const headline = ok
    ? `Apply complete: ${plural(total, 'record')} ${verb}.`
    : `Apply finished partially: ${s.converged} of ${plural(total, 'record')} converged, ${rest.join(', ')}.`;
  const c = report.counts;
  const callsLine = [
    `API: ${plural(c.writeCalls, 'write call')}`,
    `${plural(c.jobPolls, 'job-status call')}`,
    `${plural(c.verifyReads, 'verification read')}`,
    `${plural(c.resubmissions, 'record resubmission')}`,
    `${plural(c.transportRetries, 'retry', 'retries')} after 429/5xx/network errors`,
  ].join(', ');
  return {
    headline,
    ok,
    problems: report.records.filter((r) => r.status !== 'converged').map(recordView),
    callsLine: `${callsLine}.`,
  };
}

// The apply report for people: what did not converge and why, then the totals.
import type { ApplyReport } from '../apply/apply-report.js';
import { paint } from './ansi.js';
import { escapeMarkdown } from './markdown-escape.js';
import { buildApplyReportView } from './view-model/apply-report-view.js';
import type { ApplyReportView } from './view-model/apply-report-view.js';
import { formatCount, plural } from './words.js';

const STATUS_WORD = {
  converged: 'converged',
  failed: 'FAILED',
  pending: 'PENDING',
  skipped: 'SKIPPED',
} as const;

/**
 * The view, with records sent under --no-wait (Zoho scheduled them; not verified on purpose)
 * counted in the headline instead of listed one by one as not converged.
 */
function applyView(report: ApplyReport): ApplyReportView {
  const sent = report.records.filter((r) => r.notWaitedFor === true).length;
  if (sent === 0) return buildApplyReportView(report);
  const rest = report.records.filter((r) => r.notWaitedFor !== true);
  const s = report.summary;
  const others = buildApplyReportView({
    ...report,
    records: rest,
    summary: { ...s, pending: s.pending - sent },
  });
  const total = report.records.length;
  const scheduled = 'scheduled in Zoho, not verified (--no-wait)';
  const ok = others.problems.length === 0 && report.stoppedEarly === undefined;
  const open = [
    s.failed > 0 ? `${s.failed} failed` : undefined,
    s.pending > sent ? `${s.pending - sent} still pending` : undefined,
    s.skipped > 0 ? `${s.skipped} skipped` : undefined,
  ].filter((x) => x !== undefined);
  const headline = ok
    ? `Apply sent: ${plural(sent, 'record')} ${scheduled}. Run \`territory-sync plan\` later to confirm.`
    : `Apply finished partially: ${[`${formatCount(sent)} of ${plural(total, 'record')} ${scheduled}`, ...open].join(', ')}.`;
  return { ...others, headline, ok };
}

export function renderApplyReport(
  report: ApplyReport,
  options: { readonly color?: boolean } = {},
): string {
  const view = applyView(report);
  const p = paint(options.color ?? false);
  const lines: string[] = [];
  if (view.problems.length > 0) {
    lines.push(p.bold('Records that did not converge:'));
    for (const r of view.problems) {
      lines.push(
        `  ${p.red(STATUS_WORD[r.status])}  ${r.module} ${r.label}${r.reason ? ` — ${r.reason}` : ''}`,
      );
    }
    lines.push('');
  }
  lines.push(view.callsLine);
  lines.push(view.ok ? p.green(p.bold(view.headline)) : p.red(p.bold(view.headline)));
  return `${lines.join('\n')}\n`;
}

/** Characters of the apply summary: GitHub drops a step summary over 1 MiB whole. */
export const APPLY_MARKDOWN_LIMIT = 65_536;
/** Characters of one table cell: a record's name and Zoho's reason are short when honest. */
const MAX_CELL_CHARS = 500;

function cell(text: string): string {
  const short = text.length > MAX_CELL_CHARS ? `${text.slice(0, MAX_CELL_CHARS)}…` : text;
  return escapeMarkdown(short);
}

export function renderApplyReportMarkdown(
  report: ApplyReport,
  limit: number = APPLY_MARKDOWN_LIMIT,
): string {
  const view = applyView(report);
  const head = [`### ${view.ok ? '✅' : '⚠️'} ${cell(view.headline)}`, ''];
  // A blank line first: GitHub's markdown would read the line right after a table as a row.
  const tail = ['', cell(view.callsLine)];
  const rows: string[] = [];
  if (view.problems.length > 0) {
    rows.push('| status | module | record | reason |', '| --- | --- | --- | --- |');
    let used = [...head, ...tail].join('\n').length + 200;
    let shown = 0;
    for (const r of view.problems) {
      const row = `| ${STATUS_WORD[r.status]} | ${r.module} | ${cell(r.label)} | ${cell(r.reason ?? '')} |`;
      if (used + row.length + 1 > limit) break;
      rows.push(row);
      used += row.length + 1;
      shown += 1;
    }
    const left = view.problems.length - shown;
    if (left > 0) {
      rows.push(
        '',
        `… and ${left.toLocaleString('en-US')} more records: see the apply report (--report) or the log.`,
      );
    }
  }
  return `${[...head, ...rows, ...tail].join('\n')}\n`;
}

// The apply report for people: what did not converge and why, then the totals.
import type { ApplyReport } from '../apply/apply-report.js';
import { paint } from './ansi.js';
import { escapeMarkdown } from './markdown-escape.js';
import { buildApplyReportView } from './view-model/apply-report-view.js';

const STATUS_WORD = {
  converged: 'converged',
  failed: 'FAILED',
  pending: 'PENDING',
  skipped: 'SKIPPED',
} as const;

export function renderApplyReport(
  report: ApplyReport,
  options: { readonly color?: boolean } = {},
): string {
  const view = buildApplyReportView(report);
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

export function renderApplyReportMarkdown(report: ApplyReport): string {
  const view = buildApplyReportView(report);
  const lines = [`### ${view.ok ? '✅' : '⚠️'} ${escapeMarkdown(view.headline)}`, ''];
  if (view.problems.length > 0) {
    lines.push('| status | module | record | reason |', '| --- | --- | --- | --- |');
    for (const r of view.problems) {
      lines.push(
        `| ${STATUS_WORD[r.status]} | ${r.module} | ${escapeMarkdown(r.label)} | ${escapeMarkdown(r.reason ?? '')} |`,
      );
    }
    lines.push('');
  }
  lines.push(escapeMarkdown(view.callsLine));
  return `${lines.join('\n')}\n`;
}

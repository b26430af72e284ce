// The terminal plan, shaped like the sample in docs/SEMANTICS.md §2: module header, "  ~ record", "      + name".
import type { Diagnostic } from '../core/model.js';
import type { Paint } from './ansi.js';
import { paint } from './ansi.js';
import { formatDiagnostic } from './diagnostics.js';
import type { GroupBy } from './markdown.js';
import type { LineView, PlanView, SafetyView, TerritoriesView } from './view-model/plan-view.js';
import { formatCount, plural } from './words.js';

/** Record blocks printed before the rest is summarised in one line. */
export const DEFAULT_MAX_RECORDS = 2000;

export interface TextRenderOptions {
  readonly color?: boolean;
  /** Record blocks (per record) or record lines (per territory) before the rest is counted. */
  readonly maxRecords?: number;
  readonly groupBy?: GroupBy;
}

export function renderPlanText(view: PlanView, options: TextRenderOptions = {}): string {
  const p = paint(options.color ?? false);
  const max = options.maxRecords ?? DEFAULT_MAX_RECORDS;
  const byTerritory = options.groupBy === 'territory' && view.territories !== undefined;
  const records = byTerritory
    ? territoryLines(view, view.territories as TerritoriesView, p, max)
    : recordLines(view, p, max);
  const notes = [
    baseRefLines(view),
    view.selectors === undefined
      ? []
      : [
          'Selectors',
          ...view.selectors.flatMap((selector) => [
            `  ${selector.summary}`,
            ...selector.details.map((detail) => `    ${detail}`),
          ]),
          ...(view.ledgerLine === undefined ? [] : [view.ledgerLine]),
        ],
    warningLines(view.warnings, options.color ?? false),
    safetyLines(view.safety, p),
  ];
  const closing = [
    ...(byTerritory ? reviewerLines(view.territories as TerritoriesView) : []),
    ...(view.apiLine === undefined ? [] : [view.apiLine]),
    p.bold(view.headline),
  ];
  const sections: string[][] = [];
  if (view.target !== undefined) sections.push([`Target: ${view.target}`]);
  // Without notes the plan reads straight through to its summary line, as in the sample.
  if (notes.every((lines) => lines.length === 0)) {
    sections.push([...records, ...closing]);
  } else {
    sections.push(records, ...notes, closing);
  }
  const blocks = sections.filter((lines) => lines.length > 0).map((lines) => lines.join('\n'));
  return `${blocks.join('\n\n')}\n`;
}

function recordLines(view: PlanView, p: Paint, maxRecords: number): string[] {
  const out: string[] = [];
  let shown = 0;
  for (const module of view.modules) {
    if (shown >= maxRecords) break;
    out.push(p.bold(module.module));
    for (const record of module.records) {
      if (shown >= maxRecords) break;
      out.push(`  ${p.yellow('~')} ${record.label}`);
      for (const line of record.lines) out.push(`      ${paintLine(line, p)}`);
      shown += 1;
    }
  }
  const hidden = view.recordCount - shown;
  if (hidden > 0) out.push(`... and ${plural(hidden, 'more record')} (see ${view.fullPlanHint})`);
  return out;
}

/**
 * Per territory, most changed first: "Organization/EMEA/DACH: gains 2 records, loses 1 (net
 * +1). Owners: @acme/emea", then each record it gains (+) and loses (-).
 */
function territoryLines(
  view: PlanView,
  territories: TerritoriesView,
  p: Paint,
  maxLines: number,
): string[] {
  const out: string[] = [];
  let shown = 0;
  let rowsShown = 0;
  for (const row of territories.rows) {
    if (shown >= maxLines) break;
    const net = row.net > 0 ? `+${formatCount(row.net)}` : formatCount(row.net);
    const owners = territories.ownersConfigured
      ? ` Owners: ${row.owners.length === 0 ? 'none in the config' : row.owners.join(', ')}`
      : '';
    out.push(`${p.bold(row.path)}: ${row.summary} (net ${net}).${owners}`);
    rowsShown += 1;
    for (const line of row.lines) {
      if (shown >= maxLines) break;
      out.push(`  ${paintLine(line, p)}`);
      shown += 1;
    }
  }
  const hidden = territories.lineCount - shown;
  if (hidden > 0) {
    const rowsLeft = territories.rows.length - rowsShown;
    const where =
      rowsLeft > 0 ? `, ${plural(rowsLeft, 'more territory', 'more territories')} not listed` : '';
    out.push(`... and ${plural(hidden, 'more change')}${where} (see ${view.fullPlanHint})`);
  }
  return out;
}

function reviewerLines(territories: TerritoriesView): string[] {
  if (!territories.ownersConfigured) return [];
  const lines: string[] = [];
  if (territories.reviewers.length > 0) {
    lines.push(`Needs review from: ${territories.reviewers.join(', ')}`);
  }
  if (territories.unowned.length > 0) {
    lines.push(`No owner in the config for: ${territories.unowned.join(', ')}`);
  }
  return lines;
}

function paintLine(line: LineView, p: Paint): string {
  const text = `${line.symbol} ${line.text}`;
  if (line.kind === 'add') return p.green(text);
  if (line.kind === 'remove') return p.red(text);
  return text;
}

function warningLines(warnings: readonly Diagnostic[], color: boolean): string[] {
  return warnings.map((d) => formatDiagnostic(d, { color }));
}

function baseRefLines(view: PlanView): string[] {
  if (view.baseRef === undefined) return [];
  const { summary, released } = view.baseRef;
  if (released.length === 0) return [summary];
  return [
    summary,
    'No longer managed (left as they are in the CRM):',
    ...released.map((r) => `  ${r}`),
  ];
}

function safetyLines(safety: SafetyView | undefined, p: Paint): string[] {
  if (safety === undefined) return [];
  return [p.yellow(p.bold(safety.headline)), ...safety.details.map((detail) => `  ${detail}`)];
}

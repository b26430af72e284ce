// The results as plain text: one table (one row per scenario and size), then per-row details.
import type { BenchRow } from './bench-row.js';
import type { RowName } from './scenarios.js';

const count = (n: number) => n.toLocaleString('en-US');
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}x` : '-');

const HEADERS = [
  'scenario',
  'N',
  'changed',
  'calls',
  'minimum',
  'calls/min',
  'wall',
  'ideal',
  'wall/ideal',
  'peak RSS',
  'result',
] as const;
/**
 * The row a scenario's wall time is compared with, measured in the same run: plan against its
 * floor (the same calls from a bare client), the selector plan against the same records listed
 * by id (what reading the matches by COQL first costs).
 */
const BASELINE: Partial<Record<RowName, RowName>> = { plan: 'floor', selectors: 'selector-ids' };

/** Columns aligned left; the rest are numbers, aligned right. */
const LEFT = new Set(['scenario', 'result']);

function cells(row: BenchRow): string[] {
  const hasCalls = row.calls !== undefined && row.minimum !== undefined;
  return [
    row.scenario,
    count(row.records),
    count(row.changed),
    hasCalls ? count(row.calls ?? 0) : '-',
    hasCalls ? count(row.minimum ?? 0) : '-',
    hasCalls ? ratio(row.calls ?? 0, row.minimum ?? 0) : '-',
    seconds(row.wallMs),
    row.idealMs === undefined ? '-' : seconds(row.idealMs),
    row.idealMs === undefined ? '-' : ratio(row.wallMs, row.idealMs),
    `${Math.round(row.peakRssMb)} MB`,
    row.ok ? 'ok' : 'WRONG',
  ];
}

export function formatTable(rows: readonly BenchRow[]): string {
  const body = rows.map(cells);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => {
        const width = widths[i] ?? v.length;
        return LEFT.has(HEADERS[i] ?? '') ? v.padEnd(width) : v.padStart(width);
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(HEADERS), rule, ...body.map(line)].join('\n');
}

export function formatDetails(rows: readonly BenchRow[]): string {
  return rows
    .map((row) => {
      const head = `${row.scenario} ${count(row.records)}:`;
      const parts: string[] = [];
      for (const b of row.breakdown ?? [])
        parts.push(`${b.kind} ${count(b.calls)}/${count(b.minimum)}`);
      for (const [phase, ms] of Object.entries(row.phases ?? {}))
        parts.push(`${phase} ${Math.round(ms)} ms`);
      for (const [kind, perSecond] of Object.entries(row.rates ?? {}))
        parts.push(`${kind} ${count(perSecond)}/s`);
      const baselineName = BASELINE[row.scenario];
      const baseline = rows.find((r) => r.scenario === baselineName && r.records === row.records);
      if (baseline !== undefined) {
        parts.push(`wall/${baseline.scenario} ${(row.wallMs / baseline.wallMs).toFixed(2)}x`);
      }
      // The scripts skip apply's stale check and verification; plan + apply still does more.
      const plan = rows.find((r) => r.scenario === 'plan' && r.records === row.records);
      const apply = rows.find((r) => r.scenario === 'apply' && r.records === row.records);
      if ((row.scenario === 'naive' || row.scenario === 'sequential') && plan && apply) {
        parts.push(`wall/(plan+apply) ${(row.wallMs / (plan.wallMs + apply.wallMs)).toFixed(1)}x`);
      }
      if (row.maxInFlight !== undefined) parts.push(`max in flight ${row.maxInFlight}`);
      if (row.tooManyRequests !== undefined) parts.push(`429s ${row.tooManyRequests}`);
      parts.push(`cpu ${seconds(row.cpuMs)}`);
      return `${head} ${parts.join(', ')}${row.ok ? '' : `\n  WRONG: ${row.check}`}`;
    })
    .join('\n');
}

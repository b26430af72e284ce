// Compiler-style problems: "file:line:col: error CODE: message", then the related places and
// the fix indented beneath, so editors and CI log parsers can jump to the first line. Any code is
// shown (`Diagnostic<string>`): the GitHub annotations count an apply record's codes here too.
import { escapeInvisible } from '../core/escape-invisible.js';
import type { Diagnostic, SourceLocation } from '../core/model.js';
import { paint } from './ansi.js';
import { oneLine } from './sanitize.js';
import { formatCount, plural } from './words.js';

/**
 * Problems printed in full; the rest are counted by code. A 100,000-record file with every record
 * broken would otherwise print megabytes, and nobody fixes problem 51 before problem 1.
 */
export const MAX_PRINTED_DIAGNOSTICS = 50;

export interface DiagnosticFormatOptions {
  readonly color: boolean;
  /** At most this many printed in full (default MAX_PRINTED_DIAGNOSTICS). */
  readonly max?: number;
}

/**
 * "file:line:col". The file is whatever name the user (or a pull request) gave it: a newline or
 * an escape in it is shown as `\uXXXX`, so the name cannot start a line of its own.
 */
export function formatLocation(location: SourceLocation): string {
  return `${escapeInvisible(location.file)}:${location.line}:${location.column}`;
}

export function formatDiagnostic(
  d: Diagnostic<string>,
  { color }: DiagnosticFormatOptions,
): string {
  const p = paint(color);
  const severity = d.severity === 'error' ? p.red(p.bold('error')) : p.yellow(p.bold('warning'));
  const where = d.location === undefined ? '' : `${formatLocation(d.location)}: `;
  const lines = [`${where}${severity} ${p.bold(oneLine(d.code))}: ${oneLine(d.message)}`];
  // A repeat points at the entry it repeats; other problems at the places involved (the other
  // selectors past a limit, the selector a stale exclusion belongs to).
  const repeat = d.code.startsWith('DUPLICATE_');
  (d.related ?? []).forEach((related, index) => {
    const label = !repeat ? 'see' : index === 0 ? 'first listed at' : 'also listed at';
    lines.push(`  ${label} ${formatLocation(related)}`);
  });
  if (d.hint !== undefined) lines.push(`  fix: ${oneLine(d.hint)}`);
  return lines.join('\n');
}

/**
 * The first `max` problems, errors before warnings when not all fit, kept in the order given;
 * and those left out.
 */
export function selectShown(
  ds: readonly Diagnostic<string>[],
  max: number,
): { shown: readonly Diagnostic<string>[]; omitted: readonly Diagnostic<string>[] } {
  const limit = Math.max(0, max);
  if (ds.length <= limit) return { shown: ds, omitted: [] };
  const errors = ds.filter((d) => d.severity === 'error').slice(0, limit);
  const room = limit - errors.length;
  const chosen = new Set([...errors, ...ds.filter((d) => d.severity !== 'error').slice(0, room)]);
  return {
    shown: ds.filter((d) => chosen.has(d)),
    omitted: ds.filter((d) => !chosen.has(d)),
  };
}

/** "BAD_RECORD_ID (9,000), SCHEMA_TYPE (950)": most frequent first. */
export function countByCode(ds: readonly Diagnostic<string>[]): string {
  const counts = new Map<string, number>();
  for (const d of ds) counts.set(d.code, (counts.get(d.code) ?? 0) + 1);
  return [...counts]
    .sort(([a, m], [b, n]) => n - m || a.localeCompare(b))
    .map(([code, n]) => `${code} (${formatCount(n)})`)
    .join(', ');
}

/** "... and 9,950 more errors not shown: BAD_RECORD_ID (9,950)." — one line per severity. */
export function formatOmitted(omitted: readonly Diagnostic<string>[]): string[] {
  const errors = omitted.filter((d) => d.severity === 'error');
  const warnings = omitted.filter((d) => d.severity !== 'error');
  const lines: string[] = [];
  if (errors.length > 0) {
    lines.push(`... and ${plural(errors.length, 'more error')} not shown: ${countByCode(errors)}.`);
  }
  if (warnings.length > 0) {
    lines.push(
      `... and ${plural(warnings.length, 'more warning')} not shown: ${countByCode(warnings)}.`,
    );
  }
  return lines;
}

/**
 * One block per problem, in the order given, up to `max`; then a count by code of the rest.
 * '' when there is nothing to report.
 */
export function formatDiagnostics(
  ds: readonly Diagnostic<string>[],
  options: DiagnosticFormatOptions,
): string {
  if (ds.length === 0) return '';
  const { shown, omitted } = selectShown(ds, options.max ?? MAX_PRINTED_DIAGNOSTICS);
  const blocks = [...shown.map((d) => formatDiagnostic(d, options)), ...formatOmitted(omitted)];
  return `${blocks.join('\n')}\n`;
}

/** "2 errors, 1 warning in 1 file". Files are counted from the problems' own locations. */
export function formatProblemCount(ds: readonly Diagnostic<string>[]): string {
  const errors = ds.filter((d) => d.severity === 'error').length;
  const warnings = ds.length - errors;
  if (ds.length === 0) return 'No problems found';
  const parts: string[] = [];
  if (errors > 0) parts.push(plural(errors, 'error'));
  if (warnings > 0) parts.push(plural(warnings, 'warning'));
  const files = new Set(ds.flatMap((d) => (d.location === undefined ? [] : [d.location.file])));
  const inFiles = files.size === 0 ? '' : ` in ${plural(files.size, 'file')}`;
  return `${parts.join(', ')}${inFiles}`;
}

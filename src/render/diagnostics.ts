// Compiler-style problems: "file:line:col: error CODE: message", then the related places and
// the fix indented beneath, so editors and CI log parsers can jump to the first line.
import type { Diagnostic, SourceLocation } from '../core/model.js';
import { paint } from './ansi.js';
import { oneLine } from './sanitize.js';
import { plural } from './words.js';

export interface DiagnosticFormatOptions {
  readonly color: boolean;
}

export function formatLocation(location: SourceLocation): string {
  return `${location.file}:${location.line}:${location.column}`;
}

export function formatDiagnostic(d: Diagnostic, { color }: DiagnosticFormatOptions): string {
  const p = paint(color);
  const severity = d.severity === 'error' ? p.red(p.bold('error')) : p.yellow(p.bold('warning'));
  const where = d.location === undefined ? '' : `${formatLocation(d.location)}: `;
  const lines = [`${where}${severity} ${p.bold(d.code)}: ${oneLine(d.message)}`];
  (d.related ?? []).forEach((related, index) => {
    lines.push(
      `  ${index === 0 ? 'first listed at' : 'also listed at'} ${formatLocation(related)}`,
    );
  });
  if (d.hint !== undefined) lines.push(`  fix: ${oneLine(d.hint)}`);
  return lines.join('\n');
}

/** One block per problem, in the order given; '' when there is nothing to report. */
export function formatDiagnostics(
  ds: readonly Diagnostic[],
  options: DiagnosticFormatOptions,
): string {
  if (ds.length === 0) return '';
  return `${ds.map((d) => formatDiagnostic(d, options)).join('\n')}\n`;
}

/** "2 errors, 1 warning in 1 file". Files are counted from the problems' own locations. */
export function formatProblemCount(ds: readonly Diagnostic[]): string {
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

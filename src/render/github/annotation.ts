// Diagnostics as GitHub annotations, so a problem in territories.yaml is shown on its line in
// the pull request's "Files changed" view as well as in the log.
import type { Diagnostic, SourceLocation } from '../../core/model.js';
import { formatLocation } from '../diagnostics.js';
import { plural } from '../words.js';
import { workflowCommand } from './workflow-command.js';

/** GitHub shows at most this many annotations of one type per step; the rest only in the log. */
export const GITHUB_ANNOTATIONS_SHOWN_PER_TYPE = 10;

export interface AnnotationOptions {
  /**
   * Maps a diagnostic's file to the path GitHub knows (relative to the repository root), for
   * a CLI run from a subfolder. Identity when absent.
   */
  readonly repoPath?: (file: string) => string;
}

export function locationProperties(
  location: SourceLocation | undefined,
  options: AnnotationOptions,
): { file?: string; line?: number; col?: number } {
  if (location === undefined) return {};
  return {
    file: options.repoPath ? options.repoPath(location.file) : location.file,
    line: location.line,
    col: location.column,
  };
}

/** `::error file=..,line=..,col=..,title=CODE::message (hint)`; warnings become `::warning`. */
export function annotationForDiagnostic(d: Diagnostic, options: AnnotationOptions = {}): string {
  const related = d.related ?? [];
  const seeAlso =
    related.length === 0 ? '' : ` Also at ${related.map((r) => formatLocation(r)).join(', ')}.`;
  const hint = d.hint === undefined ? '' : ` (${d.hint})`;
  return workflowCommand(
    d.severity,
    { ...locationProperties(d.location, options), title: d.code },
    `${d.message}${seeAlso}${hint}`,
  );
}

export interface DiagnosticAnnotationOptions extends AnnotationOptions {
  /** Warnings beyond this many are folded into one summary warning. */
  readonly maxWarnings?: number;
}

/**
 * Every error (a failing check must show all of them, in the log at least), and warnings up to
 * what GitHub displays, the last slot saying how many more there are and where to read them.
 */
export function annotationsForDiagnostics(
  ds: readonly Diagnostic[],
  options: DiagnosticAnnotationOptions = {},
): string[] {
  const max = Math.max(1, options.maxWarnings ?? GITHUB_ANNOTATIONS_SHOWN_PER_TYPE);
  const errors = ds.filter((d) => d.severity === 'error');
  const warnings = ds.filter((d) => d.severity === 'warning');
  const lines = errors.map((d) => annotationForDiagnostic(d, options));
  if (warnings.length <= max) {
    return [...lines, ...warnings.map((d) => annotationForDiagnostic(d, options))];
  }
  const shown = warnings.slice(0, max - 1);
  const rest = warnings.length - shown.length;
  return [
    ...lines,
    ...shown.map((d) => annotationForDiagnostic(d, options)),
    workflowCommand(
      'warning',
      { title: 'More warnings' },
      `${plural(rest, 'more warning')} not annotated here: see the step's log.`,
    ),
  ];
}

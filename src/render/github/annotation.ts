// Diagnostics as GitHub annotations, so a problem in territories.yaml is shown on its line in
// the pull request's "Files changed" view as well as in the log.
import type { Diagnostic, SourceLocation } from '../../core/model.js';
import { countByCode, formatLocation } from '../diagnostics.js';
import { plural } from '../words.js';
import { workflowCommand } from './workflow-command.js';
import type { WorkflowCommandLine } from './workflow-command.js';

/** GitHub shows at most this many annotations of one type per step and drops the rest. */
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
export function annotationForDiagnostic(
  d: Diagnostic<string>,
  options: AnnotationOptions = {},
): WorkflowCommandLine {
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
  /** Errors beyond this many are folded into one summary error. */
  readonly maxErrors?: number;
  /** Warnings beyond this many are folded into one summary warning. */
  readonly maxWarnings?: number;
}

/** Up to `max` annotations of one severity, the last slot counting the rest by code. */
function foldBeyond(
  ds: readonly Diagnostic<string>[],
  severity: Diagnostic['severity'],
  max: number,
  options: AnnotationOptions,
): WorkflowCommandLine[] {
  if (ds.length <= max) return ds.map((d) => annotationForDiagnostic(d, options));
  const shown = ds.slice(0, max - 1);
  const rest = ds.slice(max - 1);
  return [
    ...shown.map((d) => annotationForDiagnostic(d, options)),
    workflowCommand(
      severity,
      { title: `More ${severity}s` },
      `${plural(rest.length, `more ${severity}`)} not annotated here, by code: ` +
        `${countByCode(rest)}. See the step's log.`,
    ),
  ];
}

/**
 * Errors, then warnings, each up to what GitHub displays for a step, the last slot saying how
 * many more there are and of which codes. Printing more would only lengthen the log: GitHub
 * drops them from the pull request, and a file with 10,000 broken records would print 10,000.
 */
export function annotationsForDiagnostics(
  ds: readonly Diagnostic<string>[],
  options: DiagnosticAnnotationOptions = {},
): WorkflowCommandLine[] {
  const maxErrors = Math.max(1, options.maxErrors ?? GITHUB_ANNOTATIONS_SHOWN_PER_TYPE);
  const maxWarnings = Math.max(1, options.maxWarnings ?? GITHUB_ANNOTATIONS_SHOWN_PER_TYPE);
  const errors = ds.filter((d) => d.severity === 'error');
  const warnings = ds.filter((d) => d.severity === 'warning');
  return [
    ...foldBeyond(errors, 'error', maxErrors, options),
    ...foldBeyond(warnings, 'warning', maxWarnings, options),
  ];
}

// Small builders so every Diagnostic this layer emits has a code, a message, a hint and a place.
import type { Diagnostic, RecordKey, SourceLocation } from '../core/model.js';
import { compareLocations } from '../core/ordering.js';
import type { DesiredDiagnosticCode } from './diagnostic-codes.js';

export interface DiagnosticInput {
  readonly code: DesiredDiagnosticCode;
  readonly message: string;
  readonly hint: string;
  readonly location: SourceLocation;
  readonly related?: readonly SourceLocation[];
  readonly record?: RecordKey;
}

export function problem(input: DiagnosticInput): Diagnostic {
  return { severity: 'error', ...input };
}

export function warning(input: DiagnosticInput): Diagnostic {
  return { severity: 'warning', ...input };
}

/** `file:line:col`, the form editors and CI annotations turn into links. */
export function formatLocation(location: SourceLocation): string {
  return `${location.file}:${location.line}:${location.column}`;
}

/** By file, line and column; ties keep the order they were found in (Array.sort is stable). */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => compareLocations(a.location, b.location));
}

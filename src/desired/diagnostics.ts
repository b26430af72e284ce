// Small builders so every Diagnostic this layer emits has a code, a message, a hint and a place.
import type { Diagnostic, RecordKey, SourceLocation } from '../core/model.js';
import { compareLocations } from '../core/ordering.js';
import type { DesiredDiagnosticCode } from '../core/diagnostic-codes.js';
import { escapeInvisible } from '../core/escape-invisible.js';

export interface DiagnosticInput {
  readonly code: DesiredDiagnosticCode;
  readonly message: string;
  readonly hint: string;
  readonly location: SourceLocation;
  readonly related?: readonly SourceLocation[];
  readonly record?: RecordKey;
}

/**
 * Messages quote what the file says (a key, an alias name), and the file may say "\e[2J" in an
 * escape. Every renderer prints messages, some without cleaning them (a GitHub annotation), so
 * they are made safe here, once.
 */
const visible = (text: string): string => escapeInvisible(text);

function build(severity: Diagnostic['severity'], input: DiagnosticInput): Diagnostic {
  return { severity, ...input, message: visible(input.message), hint: visible(input.hint) };
}

export function problem(input: DiagnosticInput): Diagnostic {
  return build('error', input);
}

export function warning(input: DiagnosticInput): Diagnostic {
  return build('warning', input);
}

/** Longer text is cut in messages: a pasted page (or a mis-pointed file) must not flood them. */
const EXCERPT_LENGTH = 80;

/** `text`, or its start and its length when it is too long to repeat in a message. */
export function excerpt(text: string, max = EXCERPT_LENGTH): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max - 20)}… (${text.length.toLocaleString('en-US')} characters)`;
}

/** `file:line:col`, the form editors and CI annotations turn into links. */
export function formatLocation(location: SourceLocation): string {
  return `${location.file}:${location.line}:${location.column}`;
}

/** By file, line and column; ties keep the order they were found in (Array.sort is stable). */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => compareLocations(a.location, b.location));
}

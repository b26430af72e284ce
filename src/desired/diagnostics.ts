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

/** Characters that act instead of showing: terminal controls, line breaks, bidi overrides. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

/**
 * Messages quote what the file says (a key, an alias name), and the file may say "\e[2J" in an
 * escape. Every renderer prints messages, some without cleaning them (a GitHub annotation), so
 * they are made safe here, once: such a character is shown as its escape, `\u001b`.
 */
function visible(text: string): string {
  return text.replace(
    INVISIBLE,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

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

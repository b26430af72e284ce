// What a schema error is about, and the shape of its explanation: shared by the messages for
// wrong keys and for wrong types.
import type { ErrorObject } from 'ajv';
import type { SourceLocation } from '../core/model.js';
import type { PathRole } from './document-path.js';
import type { DesiredDiagnosticCode } from '../core/diagnostic-codes.js';
import { DESIRED_DIAGNOSTIC } from '../core/diagnostic-codes.js';
import { excerpt } from './diagnostics.js';
import type { DocumentPath, YamlTree } from './located-tree.js';

export const ALIAS_SHAPES = '{ name: ... }, { path: ... } or { id: ... }';

export interface Found {
  readonly code: DesiredDiagnosticCode;
  readonly message: string;
  readonly hint: string;
  /** Defaults to the value at the error's path. */
  readonly location?: SourceLocation;
}

export interface ErrorContext {
  readonly tree: YamlTree;
  readonly path: DocumentPath;
  readonly role: PathRole;
  readonly value: unknown;
  readonly error: ErrorObject;
}

/** A value as a sentence fragment: "a list", "the number 42", "the text 'EMEA'". */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return `the text '${excerpt(value)}'`;
  return describeKind(value);
}

/**
 * The same without repeating any text: for a whole file, which may be one a setting pointed at
 * by mistake (a key file, /etc/passwd) and must not be echoed into a CI log.
 */
export function describeKind(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'number') return `the number ${value}`;
  return String(value);
}

/** The fallback: ajv's own words, at least placed and coded. */
export function generic(ctx: ErrorContext): Found {
  const where = ctx.path.length === 0 ? 'The file' : ctx.path.join('.');
  return {
    code: DESIRED_DIAGNOSTIC.schemaType,
    message: `${where}: ${ctx.error.message ?? 'is not valid'}.`,
    hint: 'Compare with the format in schemas/territories.schema.json.',
  };
}

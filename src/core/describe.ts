// How the planner names things in messages, so every Diagnostic reads the same way.
import type { DesiredTerritory, RecordKey, SourceLocation } from './model.js';

/** `Accounts "Acme GmbH" (554023000003635023)`, or `Accounts 554023000003635023` without a name. */
export function describeRecord(key: RecordKey, name?: string): string {
  return name === undefined || name === ''
    ? `${key.module} ${key.id}`
    : `${key.module} "${name}" (${key.id})`;
}

/** What the user wrote, and what an alias stands for: `"dach" (alias for path "...")`. */
export function describeReference(territory: DesiredTerritory): string {
  if (territory.alias === undefined) return `"${territory.written}"`;
  return `"${territory.written}" (alias for ${territory.ref.kind} "${territory.ref.value}")`;
}

/** A list a person reads: `A`, `A and B`, `A, B and C` (or `A, B or C`). */
export function joinWords(words: readonly string[], conjunction: 'and' | 'or' = 'and'): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} ${conjunction} ${words[words.length - 1] ?? ''}`;
}

export function quoteAll(words: readonly string[]): string[] {
  return words.map((word) => `"${word}"`);
}

/** A defensive copy, so a plan never carries extra properties a caller hung on its inputs. */
export function copyLocation(location: SourceLocation): SourceLocation {
  return { file: location.file, line: location.line, column: location.column };
}

// Where one record's entry is written in one desired file, read with the loader's own YAML
// reader and positions (src/desired), whether or not the file as a whole validates: `why` must
// still point at a record in a file with a mistake elsewhere, or listed twice.
import type { RecordKey, SourceLocation } from '../core/model.js';
import { parseYaml } from '../desired/parse-yaml.js';
import { asMap } from '../desired/plain-data.js';

export interface EntryPlace {
  /** The record's id key. */
  readonly location: SourceLocation;
  /** The entry's last line (1-based): its key line when the entry is written on one line. */
  readonly endLine: number;
}

export type EntryLookup =
  | { readonly kind: 'found'; readonly place: EntryPlace }
  | { readonly kind: 'absent' }
  /** The file is not YAML the loader can read: the entry may be in it, unseen. */
  | { readonly kind: 'unreadable' };

const BLANK_OR_COMMENT = /^\s*(?:#.*)?$/;

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/**
 * The last line of the entry whose key starts `keyLine`: a block entry runs until the next line
 * indented no deeper than its key, less the blank and comment lines before it (a comment above
 * the next record belongs to that one). A key that does not start its line (a flow mapping)
 * has its entry on that line.
 */
export function entryEndLine(text: string, location: SourceLocation): number {
  const lines = text.split(/\r\n|\n|\r/);
  const keyLine = lines[location.line - 1];
  if (keyLine === undefined || indentOf(keyLine) !== location.column - 1) return location.line;
  const indent = location.column - 1;
  let next = location.line;
  while (next < lines.length) {
    const line = lines[next] as string;
    if (!BLANK_OR_COMMENT.test(line) && indentOf(line) <= indent) break;
    next += 1;
  }
  let end = next;
  while (end > location.line && BLANK_OR_COMMENT.test(lines[end - 1] as string)) end -= 1;
  return end;
}

/** The record's entry in `text` (the contents of `file`), if it has one. */
export function locateEntry(file: string, text: string, record: RecordKey): EntryLookup {
  const tree = parseYaml(file, text).tree;
  if (tree === undefined) return { kind: 'unreadable' };
  const records = asMap(asMap(asMap(tree.value)?.records)?.[record.module]);
  if (records === undefined || !Object.hasOwn(records, record.id)) return { kind: 'absent' };
  const location = tree.locateChild(records, record.id, 'key');
  return { kind: 'found', place: { location, endLine: entryEndLine(text, location) } };
}

// Text a desired file may hold. YAML forbids control characters written raw, and in a value they
// could drive a terminal (ANSI escapes) or forge lines in a log; bidirectional-text controls can
// make a reviewed file read differently from what it says (Trojan Source, CVE-2021-42574). Both
// are refused wherever they are: raw in the file, or written as escapes ("\e", "\u202e") inside
// quoted text. So is text longer than any name, path or note.
import { MANAGED_MODULES } from '../core/model.js';
import type { Diagnostic, SourceLocation } from '../core/model.js';
import { DESIRED_DIAGNOSTIC } from '../core/diagnostic-codes.js';
import { problem } from './diagnostics.js';
import { MAX_KEY_LENGTH, MAX_TEXT_LENGTH } from './limits.js';
import { locateOffset } from './located-tree.js';
import { asMap } from './plain-data.js';
import type { YamlTree } from './located-tree.js';

const RAW_UNSAFE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufffe\uffff]/g;
/** In a value a tab and a line break are fine (a block note); a carriage return is not. */
const VALUE_UNSAFE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufffe\uffff]/;
const BIDI = /[\u202a-\u202e\u2066-\u2069]/;

const NAMES: Readonly<Record<number, string>> = {
  0x00: 'NUL',
  0x07: 'BEL',
  0x08: 'backspace',
  0x0d: 'carriage return',
  0x1b: 'ESC, which starts terminal escape sequences',
  0x7f: 'DEL',
};

function describeCharacter(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  const name = NAMES[code];
  return name === undefined ? hex : `${hex}, ${name}`;
}

/** Where the first unsafe character written raw is, and how many there are; undefined if none. */
export function rawTextProblem(file: string, text: string): Diagnostic | undefined {
  RAW_UNSAFE.lastIndex = 0;
  const first = RAW_UNSAFE.exec(text);
  if (first === null) return undefined;
  let count = 1;
  while (RAW_UNSAFE.exec(text) !== null) count += 1;
  const location = locateOffset(file, text, first.index);
  const more = count > 1 ? ` (${count.toLocaleString('en-US')} in this file)` : '';
  const char = first[0];
  if (BIDI.test(char)) {
    return problem({
      code: DESIRED_DIAGNOSTIC.controlCharacter,
      message: `An invisible bidirectional-text control (${describeCharacter(char)}) is written here${more}: it can make the file display differently from what it says.`,
      hint: 'Delete it; right-to-left names display correctly without embedding or override controls.',
      location,
    });
  }
  return problem({
    code: DESIRED_DIAGNOSTIC.controlCharacter,
    message: `A control character (${describeCharacter(char)}) is written here${more}; YAML text cannot hold it.`,
    hint: 'Delete it. If this is not a text file (a binary, an archive, a spreadsheet), point the "desired" setting at the YAML file instead.',
    location,
  });
}

function textProblem(
  text: string,
  part: 'key' | 'value',
  location: SourceLocation,
): Diagnostic | undefined {
  const max = part === 'key' ? MAX_KEY_LENGTH : MAX_TEXT_LENGTH;
  if (text.length > max) {
    return problem({
      code: DESIRED_DIAGNOSTIC.textTooLong,
      message: `This ${part === 'key' ? 'key' : 'text'} is ${text.length.toLocaleString('en-US')} characters long; ${part === 'key' ? 'keys' : 'names, paths and notes'} are at most ${max.toLocaleString('en-US')}.`,
      hint: 'Check for a missing closing quote or a pasted text: record ids are 18 or 19 digits and territory names are short.',
      location,
    });
  }
  const unsafe = VALUE_UNSAFE.exec(text);
  if (unsafe === null) return undefined;
  const char = unsafe[0];
  return problem({
    code: DESIRED_DIAGNOSTIC.controlCharacter,
    message: BIDI.test(char)
      ? `This quoted text holds an invisible bidirectional-text control (${describeCharacter(char)}): it would display differently from what it says.`
      : `This quoted text holds a control character (${describeCharacter(char)}), written as an escape such as "\\e", "\\x1b" or "\\u001b".`,
    hint: 'Remove the escape: territory names, paths and notes are plain text.',
    location,
  });
}

/**
 * The selectors whose `where` the criteria parser reads (every managed module's, opted in or
 * not): it bounds their length itself (criteria run longer than any name) and refuses every
 * control, line-separator and bidirectional character at the character, so they are not
 * checked here as well.
 */
function selectorEntries(root: unknown): Set<object> {
  const entries = new Set<object>();
  const section = asMap(asMap(root)?.selectors);
  if (section === undefined) return entries;
  for (const module of MANAGED_MODULES) {
    const list = section[module];
    if (!Array.isArray(list)) continue;
    for (const entry of list) if (asMap(entry) !== undefined) entries.add(entry as object);
  }
  return entries;
}

/** Every key and text value that is too long or holds an escaped control character. */
export function valueTextDiagnostics(tree: YamlTree): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const selectors = selectorEntries(tree.value);
  // The cheap test first: 100,000 records hold half a million texts.
  const passes = (text: string): boolean =>
    text.length <= MAX_KEY_LENGTH && !VALUE_UNSAFE.test(text);
  const check = (container: object, key: string, text: string, part: 'key' | 'value'): void => {
    const found = textProblem(text, part, tree.locateChild(container, key, part));
    if (found !== undefined) diagnostics.push(found);
  };
  if (typeof tree.value === 'string') {
    const found = textProblem(tree.value, 'value', tree.locate([], 'value'));
    if (found !== undefined) diagnostics.push(found);
  }
  // An explicit stack: the readers bound the depth, but a walk need not rely on it.
  const pending: object[] = [];
  if (tree.value !== null && typeof tree.value === 'object') pending.push(tree.value);
  for (let container = pending.pop(); container !== undefined; container = pending.pop()) {
    const isList = Array.isArray(container);
    const entries = container as Readonly<Record<string, unknown>>;
    const keys = isList ? undefined : Object.keys(container);
    const count = keys === undefined ? (container as unknown[]).length : keys.length;
    for (let i = 0; i < count; i += 1) {
      // A list item's key (its index as text) is only made to locate a problem.
      const key = keys === undefined ? undefined : (keys[i] ?? '');
      if (key !== undefined && !passes(key)) check(container, key, key, 'key');
      const value = key === undefined ? (container as unknown[])[i] : entries[key];
      if (typeof value === 'string') {
        if (key === 'where' && selectors.has(container)) continue;
        if (!passes(value)) check(container, key ?? String(i), value, 'value');
      } else if (value !== null && typeof value === 'object') pending.push(value);
    }
  }
  return diagnostics;
}

// A strict, fast reader for the YAML desired files are normally written in: block mappings
// indented with spaces, one record a line, values as plain or simply quoted text, one-line
// [lists] and { maps }, block lists of plain items, and comments. The `yaml` library needs
// seconds for 100,000 records; this needs a fraction of that. It declines (returns undefined)
// at the first thing outside that subset, and the full reader then reads the file instead, so
// it never has to explain a mistake. A property test holds its output equal to the full
// reader's on every document it accepts.
import type { SourceLocation } from '../core/model.js';
import { MAX_KEY_LENGTH, MAX_NESTING } from './limits.js';
import { createTree, INTEGER_AS_TEXT, offsetLocator, PositionTable } from './located-tree.js';
import type { DuplicateKey, PositionIndex, YamlTree } from './located-tree.js';
import { setEntry } from './plain-data.js';

class Declined extends Error {}

function decline(): never {
  throw new Declined();
}

/** Characters the full reader treats specially, or that could start a number, null or bool. */
const UNSAFE_START = new Set([...'-?:,[]{}#&*!|>\'"%@`.+~ ']);
/** Plain words YAML's core schema reads as null or booleans. */
const KEYWORDS = new Set([
  'null',
  'Null',
  'NULL',
  'true',
  'True',
  'TRUE',
  'false',
  'False',
  'FALSE',
]);
const DIGITS = /^[0-9]+$/;
const FIRST_IS_DIGIT = /^[0-9]/;
/**
 * Tabs, carriage returns, control characters, BOMs, Unicode line separators and astral
 * characters: all legal in places, all rare, all left to the full reader.
 */
const UNUSUAL_CHARACTER =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ud800-\udfff]/;

function hasUnusualCharacter(text: string): boolean {
  // One native scan of the whole file (code units, no `u` flag: any surrogate half matches).
  return UNUSUAL_CHARACTER.test(text);
}

interface Scalar {
  readonly value: unknown;
  /** As written, without quotes: what a key is called. */
  readonly text: string;
  readonly start: number;
}

type Inline =
  | { readonly kind: 'scalar'; readonly scalar: Scalar }
  | { readonly kind: 'seq'; readonly start: number; readonly items: readonly Scalar[] }
  | {
      readonly kind: 'map';
      readonly start: number;
      readonly pairs: readonly { readonly key: Scalar; readonly value: Inline }[];
    };

interface Line {
  readonly indent: number;
  /** Where the key, or the '-' of a list item, starts. */
  readonly start: number;
  readonly key: Scalar | undefined;
  /** Undefined for `key:` with nothing after it. */
  readonly value: Inline | undefined;
}

function inlineStart(value: Inline): number {
  return value.kind === 'scalar' ? value.scalar.start : value.start;
}

class LineScanner {
  /** Offset of every line read so far, for line and column numbers. */
  readonly lineStarts: number[] = [];
  private pos = 0;
  private nextLine = 0;

  constructor(private readonly text: string) {}

  /** The next line that holds something, or undefined at the end of the text. */
  next(): Line | undefined {
    const { text } = this;
    while (this.nextLine <= text.length) {
      const start = this.nextLine;
      const newline = text.indexOf('\n', start);
      const end = newline < 0 ? text.length : newline;
      this.lineStarts.push(start);
      this.nextLine = newline < 0 ? text.length + 1 : newline + 1;
      const line = this.line(start, end);
      if (line !== undefined) return line;
    }
    return undefined;
  }

  /** Tokenizes the line [start, end), or returns undefined for a blank or comment line. */
  private line(start: number, end: number): Line | undefined {
    const { text } = this;
    let p = start;
    while (text[p] === ' ') p += 1;
    if (p === end || text[p] === '#') return undefined;
    const indent = p - start;
    if (text[p] === '-') {
      if (text[p + 1] !== ' ') decline();
      this.pos = p + 1;
      this.spaces();
      const scalar = this.scalar(end, false, false);
      this.lineEnd(end);
      return { indent, start: p, key: undefined, value: { kind: 'scalar', scalar } };
    }
    this.pos = p;
    const key = this.scalar(end, false, true);
    // The full reader refuses longer keys, and says why.
    if (key.text.length > MAX_KEY_LENGTH) decline();
    if (text[this.pos] !== ':') decline();
    this.pos += 1;
    if (this.pos < end && text[this.pos] !== ' ') decline();
    this.spaces();
    if (this.pos === end || text[this.pos] === '#')
      return { indent, start: p, key, value: undefined };
    const value = this.inline(end);
    this.lineEnd(end);
    return { indent, start: p, key, value };
  }

  private spaces(): void {
    while (this.text[this.pos] === ' ') this.pos += 1;
  }

  private lineEnd(end: number): void {
    const before = this.pos;
    this.spaces();
    if (this.pos === end) return;
    if (this.text[this.pos] === '#' && (this.pos > before || this.text[this.pos - 1] === ' ')) {
      return;
    }
    decline();
  }

  private inline(end: number): Inline {
    const c = this.text[this.pos];
    if (c === '[') return this.flowSeq(end);
    if (c === '{') return this.flowMap(end);
    return { kind: 'scalar', scalar: this.scalar(end, false, false) };
  }

  private flowSeq(end: number): Inline {
    const start = this.pos;
    this.pos += 1;
    const items: Scalar[] = [];
    this.spaces();
    if (this.text[this.pos] === ']') {
      this.pos += 1;
      return { kind: 'seq', start, items };
    }
    for (;;) {
      this.spaces();
      items.push(this.scalar(end, true, false));
      this.spaces();
      const c = this.text[this.pos];
      this.pos += 1;
      if (c === ']') return { kind: 'seq', start, items };
      if (c !== ',' || this.pos >= end) decline();
    }
  }

  private flowMap(end: number): Inline {
    const start = this.pos;
    this.pos += 1;
    const pairs: { key: Scalar; value: Inline }[] = [];
    this.spaces();
    if (this.text[this.pos] === '}') {
      this.pos += 1;
      return { kind: 'map', start, pairs };
    }
    for (;;) {
      this.spaces();
      const key = this.scalar(end, true, true);
      if (key.text.length > MAX_KEY_LENGTH) decline();
      if (this.text[this.pos] !== ':' || this.text[this.pos + 1] !== ' ') decline();
      this.pos += 1;
      this.spaces();
      const value: Inline =
        this.text[this.pos] === '['
          ? this.flowSeq(end)
          : { kind: 'scalar', scalar: this.scalar(end, true, false) };
      pairs.push({ key, value });
      this.spaces();
      const c = this.text[this.pos];
      this.pos += 1;
      if (c === '}') return { kind: 'map', start, pairs };
      if (c !== ',' || this.pos >= end) decline();
    }
  }

  /**
   * A quoted or plain scalar. Keys end at ': ' (or ':' at the end of the line); values may not
   * hold ':' at all, nor (in a flow collection) any flow indicator or comment.
   */
  private scalar(end: number, flow: boolean, isKey: boolean): Scalar {
    const { text } = this;
    const start = this.pos;
    const c = text[start];
    if (c === '"' || c === "'") {
      const close = text.indexOf(c, start + 1);
      if (close < 0 || close >= end) decline();
      const content = text.slice(start + 1, close);
      if (c === '"' && content.includes('\\')) decline();
      if (c === "'" && text[close + 1] === "'") decline();
      this.pos = close + 1;
      return { value: content, text: content, start };
    }
    if (c === undefined || start >= end || UNSAFE_START.has(c)) decline();
    let i = start;
    for (; i < end; i += 1) {
      const ch = text[i];
      if (ch === ':') {
        if (isKey && (i + 1 === end || text[i + 1] === ' ')) break;
        decline();
      }
      if (ch === '#' && text[i - 1] === ' ') {
        if (flow || isKey) decline();
        break;
      }
      if (flow) {
        if (ch === ',' || ch === ']' || ch === '}') break;
        if (ch === '[' || ch === '{') decline();
      }
    }
    let stop = i;
    while (stop > start && text[stop - 1] === ' ') stop -= 1;
    const written = text.slice(start, stop);
    this.pos = stop;
    if (isKey) return { value: written, text: written, start };
    if (DIGITS.test(written)) {
      return {
        value: INTEGER_AS_TEXT.test(written) ? written : Number(written),
        text: written,
        start,
      };
    }
    if (KEYWORDS.has(written) || FIRST_IS_DIGIT.test(written)) decline();
    return { value: written, text: written, start };
  }
}

class TreeBuilder {
  readonly positions: PositionIndex = new Map();
  readonly duplicates: DuplicateKey[] = [];
  private readonly path: string[] = [];
  /** One line of lookahead: `key:` alone needs the next line to know what its value is. */
  private current: Line | undefined;
  /** Mappings open around the current line: deeper than any desired file is left to the full reader. */
  private depth = 0;

  constructor(
    private readonly scanner: LineScanner,
    private readonly at: (offset: number) => SourceLocation,
  ) {
    this.current = scanner.next();
  }

  document(): { value: Record<string, unknown>; rootOffset: number } {
    const first = this.current;
    if (first === undefined || first.indent !== 0 || first.key === undefined) decline();
    const value = this.mapping(0);
    if (this.current !== undefined) decline();
    return { value, rootOffset: first.start };
  }

  private advance(): void {
    this.current = this.scanner.next();
  }

  private mapping(indent: number): Record<string, unknown> {
    this.depth += 1;
    if (this.depth > MAX_NESTING) decline();
    const plain = {} as Record<string, unknown>;
    const where = PositionTable.forMap();
    for (let line = this.current; line?.indent === indent; line = this.current) {
      const { key } = line;
      if (key === undefined) decline();
      this.advance();
      this.path.push(key.text);
      const before = this.duplicates.length;
      let value: unknown = null;
      let valueAt = -1;
      if (line.value !== undefined) {
        value = this.inline(line.value);
        valueAt = inlineStart(line.value);
      } else {
        const next = this.current;
        if (next !== undefined && next.indent > indent) {
          valueAt = next.start;
          value = next.key === undefined ? this.sequence(next.indent) : this.mapping(next.indent);
        } else if (next !== undefined && next.indent === indent && next.key === undefined) {
          // YAML lets a mapping's list sit at the key's own indentation.
          valueAt = next.start;
          value = this.sequence(indent);
        }
      }
      this.path.pop();
      this.addPair(plain, where, key, value, valueAt, before);
    }
    if (this.current !== undefined && this.current.indent > indent) decline();
    this.positions.set(plain, where);
    this.depth -= 1;
    return plain;
  }

  private sequence(indent: number): unknown[] {
    const list: unknown[] = [];
    const where = PositionTable.forList();
    for (let line = this.current; line?.indent === indent; line = this.current) {
      if (line.key !== undefined || line.value?.kind !== 'scalar') break;
      this.advance();
      where.addItem(line.value.scalar.start);
      list.push(line.value.scalar.value);
    }
    if (this.current !== undefined && this.current.indent > indent) decline();
    this.positions.set(list, where);
    return list;
  }

  private inline(value: Inline): unknown {
    switch (value.kind) {
      case 'scalar':
        return value.scalar.value;
      case 'seq': {
        const list = value.items.map((item) => item.value);
        this.positions.set(list, PositionTable.forList(value.items.map((item) => item.start)));
        return list;
      }
      case 'map': {
        const plain = {} as Record<string, unknown>;
        const where = PositionTable.forMap();
        for (const pair of value.pairs) {
          this.path.push(pair.key.text);
          const before = this.duplicates.length;
          const inner = this.inline(pair.value);
          this.path.pop();
          this.addPair(plain, where, pair.key, inner, inlineStart(pair.value), before);
        }
        this.positions.set(plain, where);
        return plain;
      }
    }
  }

  /** First one wins, as in the full reader; a repeat's own contents are not looked into. */
  private addPair(
    plain: Record<string, unknown>,
    where: PositionTable,
    key: Scalar,
    value: unknown,
    valueAt: number,
    duplicatesBefore: number,
  ): void {
    const first = where.indexOf(key.text);
    if (first >= 0) {
      this.duplicates.length = duplicatesBefore;
      this.duplicates.push({
        path: [...this.path],
        key: key.text,
        first: this.at(where.keyOffset(first)),
        second: this.at(key.start),
      });
      return;
    }
    where.addKey(key.text, key.start, valueAt);
    setEntry(plain, key.text, value);
  }
}

/** The tree, or undefined when the text is outside the subset this reader vouches for. */
export function parseCanonicalYaml(file: string, text: string): YamlTree | undefined {
  if (hasUnusualCharacter(text)) return undefined;
  try {
    const scanner = new LineScanner(text);
    const at = offsetLocator(file, scanner.lineStarts);
    const builder = new TreeBuilder(scanner, at);
    const { value, rootOffset } = builder.document();
    return createTree({
      file,
      text,
      value,
      duplicates: builder.duplicates,
      positions: builder.positions,
      rootOffset,
      at,
    });
  } catch (error) {
    if (error instanceof Declined) return undefined;
    throw error;
  }
}

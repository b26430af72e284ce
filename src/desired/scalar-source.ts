// Where a character of a YAML scalar's value was written. The criteria parser reports a problem
// as an offset into the `where` value; the user needs the file's line and column
// (docs/SELECTORS.md §2, "Locating a problem in the criteria"). The value and its source differ
// wherever YAML rewrites text: quotes, escapes (`\"`, `\u00e9`), `''` in single quotes, folded
// lines, block scalars' indentation. So the scalar's source is walked from its start, each value
// character matched against what the source gives there; the first disagreement, or a form this
// walk does not read (an explicit indentation indicator, an alias, a tag), gives up, and the
// caller points at the scalar's start instead of at a wrong character.

/** YAML 1.2's one-character escapes in double quotes (§5.7). */
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};
const HEX_ESCAPES: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };
const HEX = /^[0-9a-fA-F]+$/;

/** Stops the walk: the source does not give the value here, or the form is not read. */
class Unmapped extends Error {}

function unmapped(): never {
  throw new Unmapped();
}

/** The value's units matched, in order, to the source offsets that wrote them. */
class Walk {
  private readonly offsets: number[] = [];

  constructor(
    private readonly value: string,
    /** The walk stops once this unit is placed: nothing after it is needed. */
    private readonly wanted: number,
  ) {}

  get finished(): boolean {
    return this.offsets.length > this.wanted || this.offsets.length >= this.value.length;
  }

  /** `text` is what the source at `offset` gives; each of its units must be the value's next. */
  give(text: string, offset: number): void {
    for (let k = 0; k < text.length && !this.finished; k += 1) {
      if (this.value[this.offsets.length] !== text[k]) unmapped();
      this.offsets.push(offset);
    }
  }

  /** The value's remaining units, as long as they are `unit`: a block's kept final line breaks. */
  giveRepeated(unit: string, offset: number): void {
    while (!this.finished && this.value[this.offsets.length] === unit) this.offsets.push(offset);
  }

  offsetOf(unit: number, end: number): number | undefined {
    if (unit < this.offsets.length) return this.offsets[unit];
    return unit === this.value.length && this.offsets.length === unit ? end : undefined;
  }
}

const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\r';

/**
 * Spaces and line breaks inside a flow scalar (plain or quoted), from `i`: kept as written on one
 * line; across lines folded (YAML 1.2 §6.5): one break reads as a space, n breaks as n-1 line
 * feeds, and the spaces around them are dropped. Returns where the run ends.
 */
function flowWhitespace(text: string, i: number, walk: Walk): number {
  let j = i;
  let breaks = 0;
  let firstBreak = -1;
  while (j < text.length && (isBlank(text[j]) || text[j] === '\n')) {
    if (text[j] === '\n') {
      breaks += 1;
      if (firstBreak < 0) firstBreak = j;
    }
    j += 1;
  }
  if (breaks === 0) {
    for (let k = i; k < j; k += 1) walk.give(text[k] ?? '', k);
  } else {
    walk.give(breaks === 1 ? ' ' : '\n'.repeat(breaks - 1), firstBreak);
  }
  return j;
}

function plain(text: string, start: number, walk: Walk): number {
  let i = start;
  while (!walk.finished) {
    const c = text[i];
    if (c === undefined) unmapped();
    if (isBlank(c) || c === '\n') i = flowWhitespace(text, i, walk);
    else {
      walk.give(c, i);
      i += 1;
    }
  }
  return i;
}

function singleQuoted(text: string, start: number, walk: Walk): number {
  let i = start + 1;
  while (!walk.finished) {
    const c = text[i];
    if (c === undefined) unmapped();
    if (c === "'") {
      if (text[i + 1] !== "'") unmapped();
      walk.give("'", i);
      i += 2;
    } else if (isBlank(c) || c === '\n') i = flowWhitespace(text, i, walk);
    else {
      walk.give(c, i);
      i += 1;
    }
  }
  return i;
}

function doubleQuoted(text: string, start: number, walk: Walk): number {
  let i = start + 1;
  while (!walk.finished) {
    const c = text[i];
    if (c === undefined || c === '"') unmapped();
    if (c === '\\') {
      i = escape(text, i, walk);
    } else if (isBlank(c) || c === '\n') i = flowWhitespace(text, i, walk);
    else {
      walk.give(c, i);
      i += 1;
    }
  }
  return i;
}

/** One escape at `i` (its backslash); returns where it ends. */
function escape(text: string, i: number, walk: Walk): number {
  const kind = text[i + 1] ?? '';
  if (kind === '\n' || kind === '\r') {
    // An escaped line break joins the lines with nothing, dropping the next line's indentation.
    let j = i + 1;
    if (text[j] === '\r') j += 1;
    if (text[j] === '\n') j += 1;
    while (text[j] === ' ' || text[j] === '\t') j += 1;
    return j;
  }
  const simple = SIMPLE_ESCAPES[kind];
  if (simple !== undefined) {
    walk.give(simple, i);
    return i + 2;
  }
  const digits = HEX_ESCAPES[kind];
  if (digits === undefined) unmapped();
  const hex = text.slice(i + 2, i + 2 + digits);
  if (hex.length !== digits || !HEX.test(hex)) unmapped();
  const code = Number.parseInt(hex, 16);
  if (code > 0x10ffff) unmapped();
  walk.give(String.fromCodePoint(code), i);
  return i + 2 + digits;
}

/**
 * A `|` or `>` block scalar: content lines lose the indentation of the first; `|` keeps every
 * line break, `>` folds a break between two lines that are not more indented into a space, and
 * k empty lines between them into k line feeds (YAML 1.2 §8.1).
 */
function block(text: string, start: number, walk: Walk): number {
  const folded = text[start] === '>';
  let i = start + 1;
  for (let k = 0; k < 2; k += 1) {
    const c = text[i] ?? '';
    if (c === '-' || c === '+') i += 1;
    // An explicit indentation counts from the parent's, which this walk does not know.
    else if (c >= '1' && c <= '9') unmapped();
  }
  const headerEnd = text.indexOf('\n', i);
  if (headerEnd < 0) unmapped();
  const rest = text.slice(i, headerEnd).trim();
  if (rest !== '' && !rest.startsWith('#')) unmapped();

  let indent = -1;
  let pendingBreaks = 0;
  let previous: 'none' | 'normal' | 'more' = 'none';
  let previousEnd = headerEnd;
  let lineStart = headerEnd + 1;
  while (!walk.finished && lineStart <= text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline < 0 ? text.length : newline;
    const contentEnd = text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
    let spaces = 0;
    while (text[lineStart + spaces] === ' ') spaces += 1;
    const empty = lineStart + spaces >= contentEnd;
    if (empty && (indent < 0 || spaces <= indent)) {
      pendingBreaks += 1;
    } else {
      if (indent < 0) indent = spaces;
      if (spaces < indent) break;
      const from = lineStart + indent;
      const kind = text[from] === ' ' || text[from] === '\t' ? 'more' : 'normal';
      if (previous === 'none') walk.give('\n'.repeat(pendingBreaks), lineStart);
      else if (folded && previous === 'normal' && kind === 'normal') {
        walk.give(pendingBreaks === 0 ? ' ' : '\n'.repeat(pendingBreaks), previousEnd);
      } else walk.give('\n'.repeat(pendingBreaks + 1), previousEnd);
      for (let k = from; k < contentEnd && !walk.finished; k += 1) walk.give(text[k] ?? '', k);
      previous = kind;
      previousEnd = lineEnd;
      pendingBreaks = 0;
    }
    if (newline < 0) break;
    lineStart = newline + 1;
  }
  walk.giveRepeated('\n', previousEnd);
  return previous === 'none' ? headerEnd : previousEnd;
}

/**
 * The offset in `text` that wrote unit `unit` of `value` (one past the value's end for
 * `unit === value.length`), the value's scalar source starting at `start`; `start` itself when
 * the walk cannot tell exactly.
 */
export function scalarSourceOffset(
  text: string,
  start: number,
  value: string,
  unit: number,
): number {
  if (start < 0 || start >= text.length) return Math.max(start, 0);
  const walk = new Walk(value, unit);
  try {
    const first = text[start];
    const end =
      first === '"'
        ? doubleQuoted(text, start, walk)
        : first === "'"
          ? singleQuoted(text, start, walk)
          : first === '|' || first === '>'
            ? block(text, start, walk)
            : plain(text, start, walk);
    return walk.offsetOf(unit, end) ?? start;
  } catch (error) {
    if (error instanceof Unmapped) return start;
    throw error;
  }
}

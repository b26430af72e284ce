// How far YAML aliases (*name) expand a file, estimated from its text before any YAML reader
// runs. A billion-laughs file is a few hundred bytes, or a few MB, of anchors (&name) of lists
// of aliases of anchors...; the `yaml` library alone needs seconds and hundreds of MB to parse
// a few MB, so such a file must be refused before it is parsed, not while it is built.
//
// One pass over the characters: quoted text, comments and block scalars are skipped whole,
// every value is counted once, and an anchor's size is the count between where it starts and
// where its value surely ends (the end of its flow entry, or the first line indented no deeper
// than the one that holds it). An alias adds its anchor's size: the largest of the anchors of
// that name, so a name defined again cannot hide a large value behind a small one. Alias by
// alias, the estimate is never below what the parsed document expands to (a property test holds
// it to that), and for the shapes YAML is written in it stays under three times that: a file is
// refused here past PRESCAN_SLACK times the limit, and one that passes is counted exactly once
// parsed (yaml-alias-expansion.ts), before anything is built. Linear in the text.
import type { ExpansionLimit } from './limits.js';

/** How far above the limit the estimate may go before the file is refused unparsed. */
export const PRESCAN_SLACK = 4;

/** What aliases have added so far, just after one (for tests: the estimate is never below it). */
export interface ExpansionStep {
  readonly offset: number;
  readonly values: number;
  readonly characters: number;
}

export interface ExpansionProblem {
  /** Where the alias is (its '*'). */
  readonly offset: number;
  readonly measure: 'values' | 'characters';
  /** The limit that was passed. */
  readonly limit: number;
}

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const BANG = 33;
const DOUBLE_QUOTE = 34;
const HASH = 35;
const PERCENT = 37;
const AMPERSAND = 38;
const SINGLE_QUOTE = 39;
const STAR = 42;
const COMMA = 44;
const DASH = 45;
const COLON = 58;
const GREATER = 62;
const QUESTION = 63;
const OPEN_BRACKET = 91;
const BACKSLASH = 92;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const PIPE = 124;
const CLOSE_BRACE = 125;

function isFlowIndicator(c: number): boolean {
  return (
    c === COMMA ||
    c === OPEN_BRACKET ||
    c === CLOSE_BRACKET ||
    c === OPEN_BRACE ||
    c === CLOSE_BRACE
  );
}

/** Space, tab, a line break or the end of the text (NaN). */
function isBlank(c: number): boolean {
  return c === SPACE || c === TAB || c === LF || c === CR || Number.isNaN(c);
}

/** The value an anchor names, from the anchor to where that value surely ends. */
interface Region {
  readonly name: string;
  /** Where the anchor is: an anchor on a key (`&name key: value`) names the key alone. */
  readonly lineStart: number;
  readonly column: number;
  /** Flow depth at the anchor: 0 in block context. */
  readonly depth: number;
  /** Block context: a line indented at least this deep is inside. */
  readonly minIndent: number;
  /** Block context: a '- ' line at exactly this indent is inside too (a key's list); else -1. */
  readonly listIndent: number;
  readonly values: number;
  readonly characters: number;
}

/** Per anchor name: the largest finished definition, and where the outermost open one began. */
interface AnchorSize {
  values: number;
  characters: number;
  open: number;
  openValues: number;
  openCharacters: number;
}

/** One open '[' or '{', and what its current entry has held so far. */
interface FlowLevel {
  readonly map: boolean;
  started: number;
  colon: boolean;
}

class AliasPrescan {
  /** Everything counted so far: the text's own values and what aliases added. */
  private values = 0;
  private characters = 0;
  /** What aliases added: what the limit bounds. */
  private addedValues = 0;
  private addedCharacters = 0;
  private readonly regions: Region[] = [];
  private readonly anchors = new Map<string, AnchorSize>();
  private readonly flow: FlowLevel[] = [];
  private lineStart = 0;
  /** Block context: the column whose deeper lines belong to the value now being read. */
  private lineParent = 0;
  /** Block context: the line so far holds only node properties (&anchor, !tag). */
  private firstOnLine = true;
  /** Block context: the next value is a mapping value (after 'key:'). */
  private valueOfKey = false;
  /** Column where the last value on this line began (its properties included): a key's, at ':'. */
  private lastStart = 0;
  /** Block context: the next property or content begins a value (line start, after '- ', ': '). */
  private valueBegins = true;
  /** Block context: the line ended inside plain text, which a deeper line continues. */
  private plainOpen = false;
  /** Nothing but indentation before this token on its line: plain text here may continue text. */
  private lineFresh = true;
  private tokenFresh = false;
  /** The token just read was a quoted text, an alias or a flow collection's end (JSON-like keys). */
  private adjacentColon = false;
  private readonly valuesCeiling: number;
  private readonly charactersCeiling: number;

  constructor(
    private readonly text: string,
    private readonly limit: ExpansionLimit,
    private readonly steps?: ExpansionStep[],
  ) {
    this.valuesCeiling = limit.values * PRESCAN_SLACK;
    this.charactersCeiling = limit.characters * PRESCAN_SLACK;
  }

  scan(): ExpansionProblem | undefined {
    const { text } = this;
    const n = text.length;
    let i = this.startLine(0);
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === LF) {
        i = this.startLine(i + 1);
        continue;
      }
      if (c === SPACE || c === TAB || c === CR) {
        i += 1;
        continue;
      }
      if (c === HASH && (i === 0 || isBlank(text.charCodeAt(i - 1)))) {
        i = this.lineEnd(i);
        continue;
      }
      if (c === STAR) {
        this.lineFresh = false;
        const problem = this.alias(i);
        if (problem !== undefined) return problem;
        i = this.nameEnd(i + 1);
        this.adjacentColon = true;
        continue;
      }
      const adjacent = this.adjacentColon;
      this.adjacentColon = false;
      this.tokenFresh = this.lineFresh;
      this.lineFresh = false;
      if (c === AMPERSAND) {
        i = this.anchor(i);
      } else if (c === BANG) {
        this.markValueStart(i);
        i = this.nameEnd(i + 1);
      } else if (this.flow.length > 0) {
        i = this.flowToken(i, c, adjacent);
      } else {
        i = this.blockToken(i, c, adjacent);
      }
    }
    return undefined;
  }

  total(): Omit<ExpansionStep, 'offset'> {
    return { values: this.values, characters: this.characters };
  }

  private column(i: number): number {
    return i - this.lineStart;
  }

  /** Index of the line break ending the line that holds `i` (or the end of the text). */
  private lineEnd(i: number): number {
    const end = this.text.indexOf('\n', i);
    return end < 0 ? this.text.length : end;
  }

  /** End of an anchor, alias or tag name. */
  private nameEnd(i: number): number {
    const { text } = this;
    let j = i;
    for (let c = text.charCodeAt(j); !isBlank(c) && !isFlowIndicator(c); c = text.charCodeAt(j)) {
      j += 1;
    }
    return j;
  }

  /** At a line's first character: skips its indentation and, in block context, ends regions. */
  private startLine(i: number): number {
    const { text } = this;
    this.lineStart = i;
    this.lineFresh = true;
    let p = i;
    while (text.charCodeAt(p) === SPACE) p += 1;
    if (this.flow.length > 0) return p;
    const c = text.charCodeAt(p);
    if (Number.isNaN(c) || c === LF || c === CR || c === HASH) return p;
    const indent = p - i;
    const continues = this.plainOpen && indent > this.lineParent;
    this.plainOpen = false;
    if (continues) return this.continuation(p);
    this.lineParent = indent;
    this.firstOnLine = true;
    this.valueOfKey = false;
    this.valueBegins = true;
    if (indent === 0 && (text.startsWith('---', p) || text.startsWith('...', p))) {
      if (isBlank(text.charCodeAt(p + 3))) {
        // A document's end ends every value in it.
        while (this.regions.length > 0) this.closeTop();
        return p + 3;
      }
    }
    if (indent === 0 && c === PERCENT) return this.lineEnd(p);
    const item = c === DASH && isBlank(text.charCodeAt(p + 1));
    for (let top = this.regions.at(-1); top !== undefined; top = this.regions.at(-1)) {
      if (top.depth > 0 || indent >= top.minIndent || (item && indent === top.listIndent)) break;
      this.closeTop();
    }
    return p;
  }

  /**
   * A line that continues plain text: all of it is text, whatever it starts with ('[', '- ',
   * '*', '&'), up to a comment. Joined to the text before by a space.
   */
  private continuation(p: number): number {
    const { text } = this;
    const end = this.lineEnd(p);
    let j = p;
    for (; j < end; j += 1) {
      const c = text.charCodeAt(j);
      if (c === HASH && (text.charCodeAt(j - 1) === SPACE || text.charCodeAt(j - 1) === TAB)) break;
    }
    this.characters += j - p + 1;
    this.plainOpen = j === end;
    return j;
  }

  /** The innermost open anchor's value ends here. */
  private closeTop(): void {
    const top = this.regions.pop();
    const size = top === undefined ? undefined : this.anchors.get(top.name);
    if (top === undefined || size === undefined) return;
    size.values = Math.max(size.values, this.values - top.values);
    size.characters = Math.max(size.characters, this.characters - top.characters);
    size.open -= 1;
  }

  private anchor(i: number): number {
    const { text } = this;
    const end = this.nameEnd(i + 1);
    const name = text.slice(i + 1, end);
    const depth = this.flow.length;
    this.markValueStart(i);
    let minIndent = 0;
    let listIndent = -1;
    if (depth === 0) {
      // What follows on the same line, past tags: nothing means the value is on the next lines.
      let p = end;
      for (;;) {
        while (text.charCodeAt(p) === SPACE || text.charCodeAt(p) === TAB) p += 1;
        if (text.charCodeAt(p) !== BANG) break;
        p = this.nameEnd(p + 1);
      }
      const next = text.charCodeAt(p);
      const restOfLineEmpty = isBlank(next) || next === HASH;
      if (restOfLineEmpty && this.firstOnLine) {
        // `&name` alone on its line: the value may continue at the same indentation.
        minIndent = this.lineParent;
      } else {
        minIndent = this.lineParent + 1;
        if (restOfLineEmpty && this.valueOfKey) listIndent = this.lineParent;
      }
    }
    this.regions.push({
      name,
      lineStart: this.lineStart,
      column: this.column(i),
      depth,
      minIndent,
      listIndent,
      values: this.values,
      characters: this.characters,
    });
    const size = this.anchors.get(name);
    if (size === undefined) {
      this.anchors.set(name, {
        values: 0,
        characters: 0,
        open: 1,
        openValues: this.values,
        openCharacters: this.characters,
      });
    } else {
      if (size.open === 0) {
        size.openValues = this.values;
        size.openCharacters = this.characters;
      }
      size.open += 1;
    }
    return end;
  }

  private alias(i: number): ExpansionProblem | undefined {
    const name = this.text.slice(i + 1, this.nameEnd(i + 1));
    const size = this.anchors.get(name);
    let values = 1;
    let characters = 0;
    if (size !== undefined) {
      // An alias inside the value its own anchor names never ends, and is refused while
      // building; here it counts as all that value holds so far, which is never too little.
      const openValues = size.open > 0 ? this.values - size.openValues : 0;
      const openCharacters = size.open > 0 ? this.characters - size.openCharacters : 0;
      values = Math.max(1, size.values, openValues);
      characters = Math.max(size.characters, openCharacters);
    }
    this.started();
    this.values += values;
    this.characters += characters;
    this.addedValues += values;
    this.addedCharacters += characters;
    this.markValueStart(i);
    this.steps?.push({ offset: i, values: this.addedValues, characters: this.addedCharacters });
    if (this.addedValues > this.valuesCeiling) {
      return { offset: i, measure: 'values', limit: this.limit.values };
    }
    if (this.addedCharacters > this.charactersCeiling) {
      return { offset: i, measure: 'characters', limit: this.limit.characters };
    }
    return undefined;
  }

  /** A value begins in the current flow entry. */
  private started(): void {
    const level = this.flow.at(-1);
    if (level !== undefined) level.started += 1;
  }

  private markValueStart(i: number): void {
    if (this.flow.length > 0 || !this.valueBegins) return;
    this.valueBegins = false;
    this.lastStart = this.column(i);
  }

  private scalar(length: number): void {
    this.started();
    this.values += 1;
    this.characters += length;
  }

  /** Everything a finished flow entry must count: a key and a value, or a one-pair mapping. */
  private endEntry(level: FlowLevel): void {
    if (level.started > 0 || level.colon) {
      const needed = level.map ? 2 : level.colon ? 3 : 1;
      if (level.started < needed) this.values += needed - level.started;
    }
    level.started = 0;
    level.colon = false;
  }

  private openFlow(i: number, c: number): number {
    this.started();
    this.markValueStart(i);
    this.values += 1;
    this.flow.push({ map: c === OPEN_BRACE, started: 0, colon: false });
    return i + 1;
  }

  private flowToken(i: number, c: number, adjacent: boolean): number {
    const { text } = this;
    const depth = this.flow.length;
    const level = this.flow[depth - 1];
    if (level === undefined) return i + 1;
    switch (c) {
      case OPEN_BRACKET:
      case OPEN_BRACE:
        return this.openFlow(i, c);
      case COMMA:
      case CLOSE_BRACKET:
      case CLOSE_BRACE:
        this.endEntry(level);
        for (let top = this.regions.at(-1); top?.depth === depth; top = this.regions.at(-1)) {
          this.closeTop();
        }
        if (c !== COMMA) {
          this.flow.pop();
          this.adjacentColon = true;
        }
        return i + 1;
      case DOUBLE_QUOTE:
      case SINGLE_QUOTE:
        return this.quoted(i, c);
      case COLON:
        if (
          adjacent ||
          isBlank(text.charCodeAt(i + 1)) ||
          isFlowIndicator(text.charCodeAt(i + 1))
        ) {
          // Anchors in this entry so far were on its key.
          for (let top = this.regions.at(-1); top?.depth === depth; top = this.regions.at(-1)) {
            this.closeTop();
          }
          level.colon = true;
          return i + 1;
        }
        return this.plain(i, true);
      case QUESTION:
        if (isBlank(text.charCodeAt(i + 1))) return i + 1;
        return this.plain(i, true);
      default:
        return this.plain(i, true);
    }
  }

  private blockToken(i: number, c: number, adjacent: boolean): number {
    const { text } = this;
    const next = text.charCodeAt(i + 1);
    switch (c) {
      case OPEN_BRACKET:
      case OPEN_BRACE:
        this.firstOnLine = false;
        return this.openFlow(i, c);
      case DOUBLE_QUOTE:
      case SINGLE_QUOTE:
        this.firstOnLine = false;
        this.markValueStart(i);
        return this.quoted(i, c);
      case DASH:
      case QUESTION:
        if (!isBlank(next)) break;
        // A list item or explicit key: its value, or the list (mapping) it opens, or null.
        this.values += 2;
        this.lineParent = this.column(i);
        this.firstOnLine = false;
        this.valueOfKey = false;
        this.valueBegins = true;
        return i + 1;
      case COLON:
        if (!adjacent && !isBlank(next)) break;
        // Anchors written with the key, on this line, named the key alone.
        for (let top = this.regions.at(-1); top !== undefined; top = this.regions.at(-1)) {
          if (top.depth > 0 || top.lineStart !== this.lineStart || top.column < this.lastStart)
            break;
          this.closeTop();
        }
        // The key before it was counted; its value may be null, and its mapping is one more.
        this.values += 2;
        this.lineParent = this.firstOnLine ? this.column(i) : this.lastStart;
        this.firstOnLine = false;
        this.valueOfKey = true;
        this.valueBegins = true;
        return i + 1;
      case PIPE:
      case GREATER:
        return this.blockScalar(i);
      default:
        break;
    }
    this.firstOnLine = false;
    this.markValueStart(i);
    return this.plain(i, false);
  }

  /** A quoted text, over as many lines as it takes. */
  private quoted(i: number, quote: number): number {
    const { text } = this;
    const n = text.length;
    let j = i + 1;
    let lastBreak = -1;
    while (j < n) {
      const c = text.charCodeAt(j);
      if (c === LF) {
        lastBreak = j;
        j += 1;
      } else if (c === BACKSLASH && quote === DOUBLE_QUOTE) {
        if (text.charCodeAt(j + 1) === LF) lastBreak = j + 1;
        j += 2;
      } else if (c === quote) {
        if (quote === SINGLE_QUOTE && text.charCodeAt(j + 1) === SINGLE_QUOTE) j += 2;
        else break;
      } else {
        j += 1;
      }
    }
    const end = Math.min(j, n);
    this.scalar(Math.max(0, end - i - 1));
    if (lastBreak >= 0) this.lineStart = lastBreak + 1;
    this.adjacentColon = true;
    return end + 1;
  }

  /** Plain text up to what ends it: ': ', ' #', a line break, and in flow a flow indicator. */
  private plain(i: number, inFlow: boolean): number {
    const { text } = this;
    const n = text.length;
    let j = i;
    for (; j < n; j += 1) {
      const c = text.charCodeAt(j);
      if (c === LF || c === CR) break;
      if (c === COLON) {
        const next = text.charCodeAt(j + 1);
        if (isBlank(next) || (inFlow && isFlowIndicator(next))) break;
      } else if (c === HASH) {
        const before = text.charCodeAt(j - 1);
        if (before === SPACE || before === TAB) break;
      } else if (inFlow && isFlowIndicator(c)) {
        break;
      }
    }
    let last = j;
    while (last > i && (text.charCodeAt(last - 1) === SPACE || text.charCodeAt(last - 1) === TAB)) {
      last -= 1;
    }
    // Text continued from the line before is joined to it by a space.
    this.scalar(last - i + (this.tokenFresh ? 1 : 0));
    if (!inFlow) this.plainOpen = j === n || text.charCodeAt(j) === LF || text.charCodeAt(j) === CR;
    return j === i ? j + 1 : j;
  }

  /** '|' or '>': the header line, then every blank line or line deeper than the parent's. */
  private blockScalar(i: number): number {
    const { text } = this;
    const n = text.length;
    const parent = this.lineParent;
    let p = this.lineEnd(i) + 1;
    let end = Math.min(p, n);
    // Each line's text and line break: at least the parent's indentation and one is not text.
    let length = 0;
    while (p < n) {
      const start = p;
      let q = p;
      while (text.charCodeAt(q) === SPACE) q += 1;
      const c = text.charCodeAt(q);
      const blank = c === LF || c === CR || Number.isNaN(c);
      if (!blank && q - start <= parent) break;
      p = this.lineEnd(q) + 1;
      end = Math.min(p, n);
      length += blank ? Math.max(1, end - start - parent - 1) : end - start - parent - 1;
    }
    this.scalar(length);
    this.firstOnLine = false;
    // The line that ended the text starts afresh (its indentation may end regions).
    return end >= n ? n : this.startLine(end);
  }
}

/**
 * Where the aliases of `text` first take it (by the estimate) past PRESCAN_SLACK times `limit`,
 * or undefined. Linear in the text; memory grows with the anchors only.
 */
export function prescanAliasExpansion(
  text: string,
  limit: ExpansionLimit,
): ExpansionProblem | undefined {
  // No '*' at all: nothing can expand.
  if (!text.includes('*')) return undefined;
  return new AliasPrescan(text, limit).scan();
}

/** The estimate after every alias, and in all: what the property test compares. */
export function traceAliasPrescan(text: string): {
  readonly steps: readonly ExpansionStep[];
  readonly total: Omit<ExpansionStep, 'offset'>;
} {
  const steps: ExpansionStep[] = [];
  const scan = new AliasPrescan(text, { values: Infinity, characters: Infinity }, steps);
  scan.scan();
  return { steps, total: scan.total() };
}

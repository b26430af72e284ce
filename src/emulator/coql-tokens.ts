// COQL's words, literals and punctuation, read in one pass (the work is linear in the query,
// whatever it holds), and the errors a query that cannot be read answers with. A string literal
// is in single quotes; a quote inside one is written twice (`'O''Brien'`, Zoho's COQL FAQ) and a
// backslash is an ordinary character (A33), so `'C:\'` is the text `C:\`.

/** A query Zoho refuses before running it: the code, message and details it answers. */
export class CoqlError extends Error {
  constructor(
    readonly code: string,
    readonly zohoMessage: string,
    readonly details: Readonly<Record<string, unknown>>,
  ) {
    super(`${code}: ${zohoMessage}`);
  }
}

/** How much of the query an error quotes back, so a huge query is not echoed whole. */
const NEAR_LENGTH = 100;

/** Zoho's example body for a query it cannot parse: `{near}` (A34). */
export function syntaxError(near: string): CoqlError {
  return new CoqlError('SYNTAX_ERROR', 'error occured while parsing the query', {
    near: near.slice(0, NEAR_LENGTH),
  });
}

export interface Token {
  readonly kind: 'word' | 'string' | 'number' | 'punct';
  readonly text: string;
}

const TWO_CHAR_PUNCT = new Set(['!=', '<>', '<=', '>=']);
const ONE_CHAR_PUNCT = new Set(['(', ')', ',', '=', '<', '>', '*']);

const isSpace = (ch: string) => ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
const isDigit = (ch: string) => ch >= '0' && ch <= '9';
const isWordStart = (ch: string) =>
  (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch === '_' || ch === '$';
const isWordPart = (ch: string) => isWordStart(ch) || isDigit(ch) || ch === '.';

export function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = query.length;
  while (i < n) {
    const ch = query[i] as string;
    if (isSpace(ch)) {
      i++;
      continue;
    }
    const start = i;
    if (ch === "'") {
      let text = '';
      let closed = false;
      i++;
      while (i < n) {
        const c = query[i] as string;
        const after = query[i + 1];
        if (c === "'" && after === "'") {
          text += "'";
          i += 2;
          continue;
        }
        if (c === "'") {
          closed = true;
          i++;
          break;
        }
        text += c;
        i++;
      }
      if (!closed) throw syntaxError(query.slice(start));
      tokens.push({ kind: 'string', text });
    } else if (isWordStart(ch)) {
      while (i < n && isWordPart(query[i] as string)) i++;
      tokens.push({ kind: 'word', text: query.slice(start, i) });
    } else if (isDigit(ch) || (ch === '-' && isDigit(query[i + 1] ?? ''))) {
      i++;
      while (i < n && isDigit(query[i] as string)) i++;
      if (query[i] === '.' && isDigit(query[i + 1] ?? '')) {
        i++;
        while (i < n && isDigit(query[i] as string)) i++;
      }
      tokens.push({ kind: 'number', text: query.slice(start, i) });
    } else if (TWO_CHAR_PUNCT.has(query.slice(i, i + 2))) {
      tokens.push({ kind: 'punct', text: query.slice(i, i + 2) });
      i += 2;
    } else if (ONE_CHAR_PUNCT.has(ch)) {
      tokens.push({ kind: 'punct', text: ch });
      i++;
    } else {
      throw syntaxError(query.slice(start, start + 20));
    }
  }
  return tokens;
}

/** Words that are never a column: COQL keywords are not case-sensitive. */
export const KEYWORDS = new Set([
  'select',
  'from',
  'where',
  'order',
  'by',
  'limit',
  'offset',
  'and',
  'or',
  'not',
  'in',
  'is',
  'null',
  'like',
  'between',
]);

export class Cursor {
  private i = 0;
  constructor(private readonly tokens: readonly Token[]) {}
  peek(offset = 0): Token | undefined {
    return this.tokens[this.i + offset];
  }
  /** At the end of the query the error is near its last word, as Zoho's `{"near":"where"}`. */
  next(): Token {
    const t = this.tokens[this.i++];
    if (!t) throw syntaxError(this.tokens.at(-1)?.text ?? '');
    return t;
  }
  isWord(word: string, offset = 0): boolean {
    const t = this.tokens[this.i + offset];
    return t?.kind === 'word' && t.text.toLowerCase() === word;
  }
  isPunct(p: string): boolean {
    const t = this.peek();
    return t?.kind === 'punct' && t.text === p;
  }
  expectWord(word: string): void {
    const t = this.next();
    if (t.kind !== 'word' || t.text.toLowerCase() !== word) throw syntaxError(t.text);
  }
  expectPunct(p: string): void {
    const t = this.next();
    if (t.kind !== 'punct' || t.text !== p) throw syntaxError(t.text);
  }
  /** A column name: a word that is not a keyword. */
  identifier(): string {
    const t = this.next();
    if (t.kind !== 'word' || KEYWORDS.has(t.text.toLowerCase())) throw syntaxError(t.text);
    return t.text;
  }
  done(): boolean {
    return this.i >= this.tokens.length;
  }
}

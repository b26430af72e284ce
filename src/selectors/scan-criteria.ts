// The tokens of a COQL `where` expression, read one character at a time: no regular expression
// runs over the input, so the time is linear in its length whatever it holds.
import { escapeInvisible } from '../core/escape-invisible.js';
import { MAX_NUMBER_LENGTH } from './criteria-limits.js';
import { CriteriaError } from './criteria-problem.js';

export type Token =
  | { readonly kind: 'word'; readonly text: string; readonly offset: number; readonly end: number }
  | { readonly kind: 'text'; readonly value: string; readonly offset: number; readonly end: number }
  | {
      readonly kind: 'number';
      readonly text: string;
      readonly offset: number;
      readonly end: number;
    }
  | {
      readonly kind: 'operator';
      readonly text: string;
      readonly offset: number;
      readonly end: number;
    }
  | { readonly kind: '(' | ')' | ','; readonly offset: number; readonly end: number }
  | { readonly kind: 'end'; readonly offset: number; readonly end: number };

const KNOWN_OPERATORS = new Set(['=', '!=', '<', '<=', '>', '>=']);

/** Operators people bring from other languages, and what COQL writes instead. */
const OPERATOR_ADVICE: Readonly<Record<string, string>> = {
  '<>': 'write != for "not equal"',
  '==': 'write = for "equal"',
  '=<': 'write <=',
  '=>': 'write >=',
  '!': 'write != for "not equal", or not in / not like',
};

const isDigit = (code: number) => code >= 0x30 && code <= 0x39;
const isLetter = (code: number) => (code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a;
const isWordPart = (code: number) => isLetter(code) || isDigit(code) || code === 0x5f;
const isSpace = (code: number) => code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
const isOperatorChar = (code: number) =>
  code === 0x3d || code === 0x21 || code === 0x3c || code === 0x3e;
/** Control, line-separator and bidirectional characters: never inside quoted text. */
const isUnsafe = (code: number) =>
  code < 0x20 ||
  (code >= 0x7f && code <= 0x9f) ||
  code === 0x2028 ||
  code === 0x2029 ||
  (code >= 0x202a && code <= 0x202e) ||
  (code >= 0x2066 && code <= 0x2069);

/** What the user wrote at `offset`, clipped and shown safely, for a message. */
export function shown(text: string): string {
  const clipped = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return escapeInvisible(clipped);
}

export class Scanner {
  private index = 0;

  constructor(private readonly source: string) {}

  next(): Token {
    const { source } = this;
    while (this.index < source.length && isSpace(source.charCodeAt(this.index))) this.index += 1;
    const start = this.index;
    if (start >= source.length) return { kind: 'end', offset: start, end: start };
    const code = source.charCodeAt(start);
    if (code === 0x28 || code === 0x29 || code === 0x2c) {
      this.index += 1;
      const kind = code === 0x28 ? '(' : code === 0x29 ? ')' : ',';
      return { kind, offset: start, end: start + 1 };
    }
    if (code === 0x27) return this.text(start);
    if (isDigit(code) || (code === 0x2d && isDigit(source.charCodeAt(start + 1)))) {
      return this.number(start);
    }
    if (isLetter(code)) return this.word(start);
    if (isOperatorChar(code)) return this.operator(start);
    return this.unexpected(start);
  }

  /** Quoted text: a quote inside is written twice ('O''Brien'), every other character as itself (A33). */
  private text(start: number): Token {
    const { source } = this;
    let value = '';
    let from = start + 1;
    let i = from;
    while (i < source.length) {
      const code = source.charCodeAt(i);
      if (code === 0x27) {
        value += source.slice(from, i);
        if (source.charCodeAt(i + 1) === 0x27) {
          value += "'";
          i += 2;
          from = i;
          continue;
        }
        this.index = i + 1;
        return { kind: 'text', value, offset: start, end: this.index };
      }
      if (isUnsafe(code)) {
        throw new CriteriaError({
          reason: 'unsafe-character',
          offset: i,
          length: 1,
          message: `Text in the criteria holds a control or invisible character (${shown(source[i] ?? '')}).`,
          hint: 'Write the value on one line, without control characters or bidirectional-text controls.',
        });
      }
      i += 1;
    }
    throw new CriteriaError({
      reason: 'unterminated-string',
      offset: start,
      length: source.length - start,
      message: `The text starting at ${shown(source.slice(start, start + 20))} has no closing quote.`,
      hint: "End it with a single quote; a quote inside text is written twice: 'O''Brien'.",
    });
  }

  private number(start: number): Token {
    const { source } = this;
    let i = start + (source.charCodeAt(start) === 0x2d ? 1 : 0);
    while (isDigit(source.charCodeAt(i))) i += 1;
    if (source.charCodeAt(i) === 0x2e && isDigit(source.charCodeAt(i + 1))) {
      i += 1;
      while (isDigit(source.charCodeAt(i))) i += 1;
    }
    let end = i;
    // "1e5", "1.2.3", "500k": a number runs into letters or dots; say so instead of guessing.
    while (end < source.length && (isWordPart(source.charCodeAt(end)) || source[end] === '.')) {
      end += 1;
    }
    if (end > i || i - start > MAX_NUMBER_LENGTH) {
      throw new CriteriaError({
        reason: 'bad-number',
        offset: start,
        length: Math.max(end, i) - start,
        message: `'${shown(source.slice(start, Math.max(end, i)))}' is not a number COQL reads.`,
        hint: `Write digits with an optional minus and decimal point (500, -2.5), at most ${MAX_NUMBER_LENGTH} characters; quote text: 'A-100'.`,
      });
    }
    this.index = i;
    return { kind: 'number', text: source.slice(start, i), offset: start, end: i };
  }

  private word(start: number): Token {
    const { source } = this;
    let i = start;
    for (;;) {
      while (isWordPart(source.charCodeAt(i))) i += 1;
      // A dot joins a lookup and its field (Account_Name.Billing_Country).
      if (source.charCodeAt(i) === 0x2e && isLetter(source.charCodeAt(i + 1))) {
        i += 1;
        continue;
      }
      break;
    }
    if (source.charCodeAt(i) === 0x2e) {
      throw new CriteriaError({
        reason: 'bad-field-name',
        offset: start,
        length: i + 1 - start,
        message: `'${shown(source.slice(start, i + 1))}' ends with a dot where a field name should follow.`,
        hint: 'Write a lookup and its field with one dot and no spaces: Account_Name.Billing_Country.',
      });
    }
    this.index = i;
    return { kind: 'word', text: source.slice(start, i), offset: start, end: i };
  }

  private operator(start: number): Token {
    const { source } = this;
    let i = start;
    while (i < source.length && i - start < 3 && isOperatorChar(source.charCodeAt(i))) i += 1;
    const text = source.slice(start, i);
    if (!KNOWN_OPERATORS.has(text)) {
      const advice = OPERATOR_ADVICE[text];
      throw new CriteriaError({
        reason: 'unknown-operator',
        offset: start,
        length: i - start,
        message: `'${shown(text)}' is not a COQL operator.`,
        hint:
          advice === undefined
            ? 'COQL compares with =, !=, <, <=, >, >=, in, not in, like, not like, between … and …, is null and is not null.'
            : `COQL has no '${shown(text)}': ${advice}.`,
      });
    }
    this.index = i;
    return { kind: 'operator', text, offset: start, end: i };
  }

  private unexpected(start: number): never {
    const { source } = this;
    const char = String.fromCodePoint(source.codePointAt(start) ?? 0);
    const hints: Readonly<Record<string, string>> = {
      '"': "COQL text is in single quotes: Billing_Country = 'Germany'.",
      '&': 'Join criteria with the word and.',
      '|': 'Join criteria with the word or.',
      '.': 'Write a decimal number with a digit before the point: 0.5.',
      '-': 'A minus sign belongs right before a number: -5.',
      '*': "COQL's like uses %, not *: Name like 'Acme%'.",
      ';': 'Write the criteria alone, without a semicolon or a second statement.',
    };
    throw new CriteriaError({
      reason: 'unexpected-character',
      offset: start,
      length: char.length,
      message: `'${shown(char)}' cannot appear here in COQL criteria.`,
      hint:
        hints[char] ??
        'Criteria hold field names, operators, values (quoted text, numbers, true, false), and, or and parentheses.',
    });
  }
}

// A selector's `where` (docs/SELECTORS.md) read into a CriteriaExpression, offline: the
// operators and literals are COQL's as Zoho documents them (docs/ASSUMPTIONS.md A23, A33);
// whether each field exists in the module is checked later, online, from `fields`.
//
// Recursive descent, one level per parenthesis (at most MAX_CRITERIA_DEPTH), each token read
// once: linear in the length, which is capped before anything is read. The first problem ends
// the parse; it is returned with its offset, never thrown.
import { TERRITORY_FIELD } from '../constants/zoho.js';
import type {
  ComparisonOperator,
  CriteriaExpression,
  CriteriaValue,
  Criterion,
  FieldReference,
} from './criteria.js';
import {
  MAX_CRITERIA_DEPTH,
  MAX_CRITERIA_LENGTH,
  MAX_FIELD_NAME_LENGTH,
  MAX_FIELD_SEGMENTS,
  MAX_IN_VALUES,
  MAX_SELECTOR_CRITERIA,
} from './criteria-limits.js';
import { CriteriaError } from './criteria-problem.js';
import type { CriteriaProblem } from './criteria-problem.js';
import { Scanner, shown } from './scan-criteria.js';
import type { Token } from './scan-criteria.js';

export type CriteriaResult =
  | {
      readonly ok: true;
      readonly expression: CriteriaExpression;
      /** Every field the criteria name, in the order written, with its offset. */
      readonly fields: readonly FieldReference[];
      /** Criteria counted as Zoho counts them against its limit. */
      readonly criteria: number;
      /** What is valid but likely not meant (a % inside a like pattern). */
      readonly warnings: readonly CriteriaProblem[];
    }
  | { readonly ok: false; readonly problem: CriteriaProblem };

export interface CriteriaOptions {
  /** Defaults to MAX_SELECTOR_CRITERIA: Zoho's limit less the keyset criterion reads add. */
  readonly maxCriteria?: number;
}

const KEYWORDS = new Set([
  'and',
  'or',
  'not',
  'in',
  'like',
  'between',
  'is',
  'null',
  'true',
  'false',
]);
const TERRITORY_FIELDS = new Set(Object.values(TERRITORY_FIELD).map((f) => f.toLowerCase()));

/** Words people reach for that COQL spells otherwise. */
const OPERATOR_WORDS: Readonly<Record<string, string>> = {
  contains: "Name like '%text%'",
  starts_with: "Name like 'text%'",
  ends_with: "Name like '%text'",
  equals: "Name = 'text'",
};

export function parseCriteria(source: string, options: CriteriaOptions = {}): CriteriaResult {
  try {
    return new Parser(source, options.maxCriteria ?? MAX_SELECTOR_CRITERIA).parse();
  } catch (error) {
    if (error instanceof CriteriaError) return { ok: false, problem: error.problem };
    throw error;
  }
}

class Parser {
  private readonly scanner: Scanner;
  private token: Token;
  private readonly fields: FieldReference[] = [];
  private readonly warnings: CriteriaProblem[] = [];
  private criteria = 0;
  /** Where the token read last ends: a problem spans up to it. */
  private lastEnd = 0;

  constructor(
    private readonly source: string,
    private readonly maxCriteria: number,
  ) {
    if (source.length > MAX_CRITERIA_LENGTH) {
      throw new CriteriaError({
        reason: 'too-long',
        offset: MAX_CRITERIA_LENGTH,
        length: source.length - MAX_CRITERIA_LENGTH,
        message: `The criteria are ${source.length.toLocaleString('en-US')} characters long; at most ${MAX_CRITERIA_LENGTH.toLocaleString('en-US')} are read.`,
        hint: 'Shorten them: records chosen one by one belong in `records:`, and a long list of values can often be a like or a range.',
      });
    }
    this.scanner = new Scanner(source);
    this.token = this.scanner.next();
  }

  parse(): CriteriaResult {
    if (this.token.kind === 'end') {
      throw new CriteriaError({
        reason: 'empty',
        offset: 0,
        length: this.source.length,
        message: 'The criteria are empty.',
        hint: "Write which records the selector takes, e.g. Billing_Country = 'Germany'; to take none, delete the selector.",
      });
    }
    const expression = this.expression(0);
    // Read through a call: the narrowing of `this.token` above does not survive the parse.
    const after = this.peek();
    if (after.kind === ')') {
      throw new CriteriaError({
        reason: 'unbalanced-parenthesis',
        offset: after.offset,
        length: 1,
        message: 'This closing parenthesis has no opening one.',
        hint: 'Delete it, or add the ( it closes.',
      });
    }
    if (after.kind !== 'end') {
      throw this.unexpected(after, 'and, or, or the end of the criteria');
    }
    return {
      ok: true,
      expression,
      fields: this.fields,
      criteria: this.criteria,
      warnings: this.warnings,
    };
  }

  private peek(): Token {
    return this.token;
  }

  private advance(): Token {
    const current = this.token;
    this.lastEnd = current.end;
    this.token = this.scanner.next();
    return current;
  }

  private isWord(word: string): boolean {
    return this.token.kind === 'word' && this.token.text.toLowerCase() === word;
  }

  /** Criteria joined by one connective; mixing and with or needs parentheses (Zoho's rule). */
  private expression(depth: number): CriteriaExpression {
    let left = this.term(depth);
    let connective: 'and' | 'or' | undefined;
    while (this.isWord('and') || this.isWord('or')) {
      const word = this.advance();
      const next = (word.kind === 'word' ? word.text.toLowerCase() : 'and') as 'and' | 'or';
      if (connective !== undefined && next !== connective) {
        throw new CriteriaError({
          reason: 'mixed-connectives',
          offset: word.offset,
          length: word.end - word.offset,
          message: `'${next}' follows '${connective}' without parentheses, and Zoho does not say which binds first.`,
          hint: `Group the criteria in pairs with parentheses, e.g. (A ${connective} B) ${next} C, or A ${connective} (B ${next} C).`,
        });
      }
      connective = next;
      left = { kind: next, left, right: this.term(depth) };
    }
    return left;
  }

  private term(depth: number): CriteriaExpression {
    const open = this.token;
    if (open.kind !== '(') return this.criterion();
    if (depth >= MAX_CRITERIA_DEPTH) {
      throw new CriteriaError({
        reason: 'too-deep',
        offset: open.offset,
        length: 1,
        message: `Parentheses are nested more than ${MAX_CRITERIA_DEPTH} deep here.`,
        hint: 'Remove parentheses that group a single criterion; criteria in pairs never need this many.',
      });
    }
    this.advance();
    const inner = this.expression(depth + 1);
    if (this.token.kind !== ')') {
      if (this.token.kind === 'end') throw unclosed(open);
      throw this.unexpected(this.token, 'and, or, or )');
    }
    this.advance();
    return inner;
  }

  private criterion(): Criterion {
    const first = this.advance();
    const field = this.field(first);
    const operator = this.advance();
    if (operator.kind === 'operator') {
      const value = this.value();
      if (value.kind === 'boolean' && operator.text !== '=' && operator.text !== '!=') {
        throw new CriteriaError({
          reason: 'bad-value',
          offset: operator.offset,
          length: this.lastEnd - operator.offset,
          message: `true and false compare only with = or !=, not '${operator.text}'.`,
          hint: `Write ${field} = true or ${field} = false.`,
        });
      }
      return this.counted(first, {
        kind: 'compare',
        field,
        operator: operator.text as ComparisonOperator,
        value,
      });
    }
    if (operator.kind !== 'word') throw this.missingOperator(field, operator);
    const word = operator.text.toLowerCase();
    if (word === 'not') {
      const what = this.advance();
      const next = what.kind === 'word' ? what.text.toLowerCase() : '';
      if (next === 'in') return this.counted(first, this.inList(field, true));
      if (next === 'like') return this.counted(first, this.like(field, true));
      throw new CriteriaError({
        reason: 'unknown-operator',
        offset: operator.offset,
        length: what.end - operator.offset,
        message: `'not ${shown(next === '' ? this.source.slice(what.offset, what.end) : next)}' is not a COQL operator.`,
        hint:
          next === 'between'
            ? `COQL has no not between: write (${field} < low or ${field} > high).`
            : next === 'null'
              ? `Write ${field} is not null.`
              : 'COQL negates with not in, not like, != and is not null.',
      });
    }
    if (word === 'in') return this.counted(first, this.inList(field, false));
    if (word === 'like') return this.counted(first, this.like(field, false));
    if (word === 'between') return this.counted(first, this.between(field));
    if (word === 'is') {
      const negated = this.isWord('not');
      if (negated) this.advance();
      if (!this.isWord('null')) {
        throw this.unexpected(this.token, negated ? 'null (is not null)' : 'null or not null');
      }
      this.advance();
      return this.counted(first, { kind: 'null', field, negated });
    }
    const advice = OPERATOR_WORDS[word];
    if (field.toLowerCase() === 'where') {
      // `where Employees > 1`: the keyword belongs to the query the tool writes, not the YAML.
      const rest = this.source.slice(operator.offset);
      throw new CriteriaError({
        reason: 'unknown-operator',
        offset: first.offset,
        length: first.end - first.offset,
        message: "The criteria hold the word 'where', which the query adds itself.",
        hint: `Leave out 'where': write ${shown(rest.length > 60 ? `${rest.slice(0, 60)}…` : rest)}`,
      });
    }
    throw new CriteriaError({
      reason: 'unknown-operator',
      offset: operator.offset,
      length: operator.end - operator.offset,
      message: `'${shown(operator.text)}' is not a COQL operator.`,
      hint:
        advice === undefined
          ? 'COQL compares with =, !=, <, <=, >, >=, in, not in, like, not like, between … and …, is null and is not null.'
          : `Write ${advice}.`,
    });
  }

  private counted(first: Token, criterion: Criterion): Criterion {
    this.criteria += 1;
    if (this.criteria > this.maxCriteria) {
      throw new CriteriaError({
        reason: 'too-many-criteria',
        offset: first.offset,
        length: this.lastEnd - first.offset,
        message: `This is criterion ${this.criteria}; a selector may have at most ${this.maxCriteria} (Zoho reads 25 per query, and every read adds one of its own).`,
        hint: 'Combine criteria on one field with in (...) or between, or split the selector in two: a record matched by either gets both sets of territories.',
      });
    }
    return criterion;
  }

  private field(token: Token): string {
    if (token.kind !== 'word' || KEYWORDS.has(token.text.toLowerCase())) {
      if (token.kind === 'word' && token.text.toLowerCase() === 'not') {
        throw new CriteriaError({
          reason: 'unknown-operator',
          offset: token.offset,
          length: token.end - token.offset,
          message: 'COQL has no not before a criterion.',
          hint: 'Write the opposite comparison instead: !=, not in, not like, is not null.',
        });
      }
      if (token.kind === 'end') {
        throw new CriteriaError({
          reason: 'expected-field',
          offset: token.offset,
          length: 0,
          message: 'The criteria end where a field name should follow.',
          hint: 'Finish the criterion (Field operator value) or delete the trailing and / or.',
        });
      }
      if (token.kind === 'text' || token.kind === 'number') {
        throw new CriteriaError({
          reason: 'expected-field',
          offset: token.offset,
          length: token.end - token.offset,
          message: `A value stands where a field name should: ${shown(this.source.slice(token.offset, token.end))}.`,
          hint: "Put the field first and the value after the operator: Billing_Country = 'Germany'.",
        });
      }
      throw this.unexpected(token, 'a field name');
    }
    const { text } = token;
    const segments = text.split('.');
    if (text.length > MAX_FIELD_NAME_LENGTH || segments.length > MAX_FIELD_SEGMENTS) {
      throw new CriteriaError({
        reason: 'bad-field-name',
        offset: token.offset,
        length: token.end - token.offset,
        message:
          segments.length > MAX_FIELD_SEGMENTS
            ? `'${shown(text)}' goes through ${segments.length - 1} lookups; COQL follows at most ${MAX_FIELD_SEGMENTS - 1}.`
            : `'${shown(text)}' is longer than a field name can be (at most ${MAX_FIELD_NAME_LENGTH} characters).`,
        hint: "Use the field's API name, as Setup > Developer Hub > APIs and SDKs shows it; COQL follows at most two lookups.",
      });
    }
    if (TERRITORY_FIELDS.has((segments[segments.length - 1] ?? '').toLowerCase())) {
      throw new CriteriaError({
        reason: 'territory-field',
        offset: token.offset,
        length: token.end - token.offset,
        message: `'${shown(text)}' holds territories, and COQL cannot filter on a territory field.`,
        hint: 'Select records by their own fields (country, industry, size); a selector gives territories, it cannot read them.',
      });
    }
    this.fields.push({ field: text, offset: token.offset });
    return text;
  }

  private value(): CriteriaValue {
    const token = this.advance();
    if (token.kind === 'text') return { kind: 'text', value: token.value };
    if (token.kind === 'number') return { kind: 'number', text: token.text };
    if (token.kind === 'word') {
      const word = token.text.toLowerCase();
      if (word === 'true' || word === 'false') return { kind: 'boolean', value: word === 'true' };
      throw new CriteriaError({
        reason: 'expected-value',
        offset: token.offset,
        length: token.end - token.offset,
        message:
          word === 'null'
            ? 'null is not a value to compare with.'
            : `'${shown(token.text)}' stands where a value should: COQL compares a field with a value, not with another field.`,
        hint:
          word === 'null'
            ? 'Write is null, or is not null.'
            : `Quote text in single quotes: '${shown(token.text)}'.`,
      });
    }
    if (token.kind === 'end') {
      throw new CriteriaError({
        reason: 'expected-value',
        offset: token.offset,
        length: 0,
        message: 'The criteria end where a value should follow.',
        hint: "Finish the criterion with a value: quoted text ('Germany'), a number, true or false.",
      });
    }
    throw this.unexpected(token, 'a value (quoted text, a number, true or false)');
  }

  private inList(field: string, negated: boolean): Criterion {
    const open = this.advance();
    const name = negated ? 'not in' : 'in';
    if (open.kind !== '(') {
      throw new CriteriaError({
        reason: 'unexpected-token',
        offset: open.offset,
        length: open.end - open.offset,
        message: `${name} takes a list in parentheses.`,
        hint: `Write ${field} ${name} ('a', 'b').`,
      });
    }
    if (this.token.kind === ')') {
      throw new CriteriaError({
        reason: 'empty-in-list',
        offset: open.offset,
        length: this.token.end - open.offset,
        message: `The ${name} list is empty.`,
        hint: `List at least one value, or delete the criterion${negated ? '' : ' (an empty in matches nothing)'}.`,
      });
    }
    const values: CriteriaValue[] = [];
    for (;;) {
      const at = this.token;
      if (values.length === MAX_IN_VALUES) {
        throw new CriteriaError({
          reason: 'in-list-too-long',
          offset: at.offset,
          length: at.end - at.offset,
          message: `The ${name} list has more than ${MAX_IN_VALUES} values, Zoho's limit.`,
          hint: `Split it: (${field} ${name} (first ${MAX_IN_VALUES}) ${negated ? 'and' : 'or'} ${field} ${name} (the rest)), or use like or a range.`,
        });
      }
      const value = this.value();
      if (value.kind === 'boolean') {
        throw new CriteriaError({
          reason: 'bad-value',
          offset: at.offset,
          length: at.end - at.offset,
          message: `true and false cannot be listed in ${name}.`,
          hint: `Write ${field} = true or ${field} = false.`,
        });
      }
      const firstKind = values[0]?.kind;
      if (firstKind !== undefined && firstKind !== value.kind) {
        throw new CriteriaError({
          reason: 'bad-value',
          offset: at.offset,
          length: at.end - at.offset,
          message: `The ${name} list mixes text and numbers.`,
          hint: 'List values of one kind: quote them all, or none.',
        });
      }
      values.push(value);
      const separator = this.advance();
      if (separator.kind === ')') break;
      if (separator.kind === ',') continue;
      if (separator.kind === 'end') throw unclosed(open);
      throw this.unexpected(separator, ', or )');
    }
    return { kind: 'in', field, negated, values };
  }

  private like(field: string, negated: boolean): Criterion {
    const token = this.advance();
    const name = negated ? 'not like' : 'like';
    if (token.kind !== 'text') {
      throw new CriteriaError({
        reason: 'bad-like-pattern',
        offset: token.offset,
        length: token.end - token.offset,
        message: `${name} takes quoted text with % where anything may stand.`,
        hint: `Write ${field} ${name} 'Acme%'.`,
      });
    }
    const pattern = token.value;
    const leading = pattern.startsWith('%');
    const trailing = pattern.length > 1 && pattern.endsWith('%');
    const core = pattern.slice(leading ? 1 : 0, pattern.length - (trailing ? 1 : 0));
    if ((!leading && !trailing) || /^%*$/.test(core)) {
      throw new CriteriaError({
        reason: 'bad-like-pattern',
        offset: token.offset,
        length: token.end - token.offset,
        message: `Zoho's ${name} finds text that starts with, ends with or contains a value; ${shown(this.source.slice(token.offset, token.end))} is none of these.`,
        hint:
          !leading && !trailing
            ? `Add % where anything may stand ('Acme%', '%GmbH', '%tech%'), or compare exactly with ${negated ? '!=' : '='}; a % inside the text is matched as itself.`
            : "Put % around at least one character: '%tech%'; to take every record with a value, write is not null.",
      });
    }
    if (core.includes('%')) {
      this.warnings.push({
        reason: 'literal-percent',
        offset: token.offset,
        length: token.end - token.offset,
        message: `Zoho matches the % inside ${shown(this.source.slice(token.offset, token.end))} as the character itself, not as "anything".`,
        hint: 'Keep it if the text holds a %; to match two fragments in any place, join two criteria with and.',
      });
    }
    return { kind: 'like', field, negated, pattern };
  }

  private between(field: string): Criterion {
    const start = this.token;
    const low = this.value();
    if (!this.isWord('and')) {
      throw new CriteriaError({
        reason: 'bad-between',
        offset: this.token.offset,
        length: this.token.end - this.token.offset,
        message: 'between takes two values joined by and.',
        hint: `Write ${field} between 100 and 500.`,
      });
    }
    this.advance();
    const high = this.value();
    const span = { offset: start.offset, length: this.lastEnd - start.offset };
    if (low.kind === 'boolean' || high.kind === 'boolean' || low.kind !== high.kind) {
      throw new CriteriaError({
        reason: 'bad-between',
        ...span,
        message:
          'between takes two numbers, or two quoted dates or texts, not a mix and not true or false.',
        hint: `Write ${field} between 100 and 500, or ${field} between '2024-01-01' and '2024-12-31'.`,
      });
    }
    if (low.kind === 'number' && high.kind === 'number' && Number(low.text) > Number(high.text)) {
      throw new CriteriaError({
        reason: 'bad-between',
        ...span,
        message: `between ${low.text} and ${high.text} matches nothing: the lower bound comes first.`,
        hint: `Write ${field} between ${high.text} and ${low.text}.`,
      });
    }
    return { kind: 'between', field, low, high };
  }

  private missingOperator(field: string, token: Token): CriteriaError {
    return new CriteriaError({
      reason: 'unknown-operator',
      offset: token.offset,
      length: token.end - token.offset,
      message:
        token.kind === 'end'
          ? `The criteria end after '${shown(field)}', where an operator should follow.`
          : `An operator should follow '${shown(field)}' here.`,
      hint: 'COQL compares with =, !=, <, <=, >, >=, in, not in, like, not like, between … and …, is null and is not null.',
    });
  }

  private unexpected(token: Token, expected: string): CriteriaError {
    const text = this.source.slice(token.offset, token.end);
    return new CriteriaError({
      reason: 'unexpected-token',
      offset: token.offset,
      length: token.end - token.offset,
      message:
        token.kind === 'end'
          ? `The criteria end where ${expected} should follow.`
          : `'${shown(text)}' stands where ${expected} should.`,
      hint:
        token.kind === ')' && expected.includes('value')
          ? 'Finish the criterion before closing the parenthesis.'
          : `Write ${expected} here.`,
    });
  }
}

function unclosed(open: Token): CriteriaError {
  return new CriteriaError({
    reason: 'unbalanced-parenthesis',
    offset: open.offset,
    length: 1,
    message: 'This opening parenthesis is never closed.',
    hint: 'Add the ) that closes it, or delete it.',
  });
}

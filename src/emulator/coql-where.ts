// COQL's WHERE clause, read as Zoho documents it: criteria (`=`, `!=`, `<`, `<=`, `>`, `>=`,
// `in`, `not in`, `like`, `not like`, `between … and`, `is null`, `is not null`) joined
// by `and`/`or` in pairs: more than two criteria must be grouped with brackets, `((A and B) and
// C)`, or Zoho answers an error (its COQL FAQ). At most 25 criteria and 100 values per `in`;
// parsing stops at the first one over, so a huge query costs no more than a valid one. There is
// no `not` before a criterion or a bracket, nor `not between`: Zoho answers "operator not
// supported" (A33, A34).
import { MAX_COQL_CRITERIA, MAX_COQL_IN_VALUES } from '../constants/zoho.js';
import { CoqlError, type Cursor, syntaxError } from './coql-tokens.js';

/**
 * Brackets nested deeper than this answer SYNTAX_ERROR (A34): 25 criteria grouped in pairs need
 * at most 24 levels, so only redundant brackets reach it, and the parser's recursion stays shallow.
 */
export const MAX_COQL_WHERE_DEPTH = 50;

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

/** Two conditions joined (one member per connective, so `kind` narrows). */
export type Joined =
  | { readonly kind: 'and'; readonly left: Condition; readonly right: Condition }
  | { readonly kind: 'or'; readonly left: Condition; readonly right: Condition };

export type Condition = Joined | Criterion;

export type Criterion =
  | {
      readonly kind: 'compare';
      readonly field: string;
      readonly op: CompareOp;
      readonly value: string;
    }
  | {
      readonly kind: 'in';
      readonly field: string;
      readonly values: readonly string[];
      readonly negated: boolean;
    }
  | {
      readonly kind: 'like';
      readonly field: string;
      readonly pattern: string;
      readonly negated: boolean;
    }
  | {
      readonly kind: 'between';
      readonly field: string;
      readonly low: string;
      readonly high: string;
    }
  | { readonly kind: 'null'; readonly field: string; readonly negated: boolean };

/** The operator as Zoho names it in error details: `not in`, `is not null`, `>=`. */
export function operatorName(c: Criterion): string {
  switch (c.kind) {
    case 'compare':
      return c.op;
    case 'null':
      return c.negated ? 'is not null' : 'is null';
    case 'between':
      return 'between';
    default:
      return c.negated ? `not ${c.kind}` : c.kind;
  }
}

/** The criteria of a condition, left to right. */
export function criteriaOf(c: Condition | undefined): Criterion[] {
  if (!c) return [];
  if (c.kind === 'and' || c.kind === 'or') return [...criteriaOf(c.left), ...criteriaOf(c.right)];
  return [c];
}

const COMPARE_OPS = new Set(['=', '!=', '<>', '<', '<=', '>', '>=']);

function notSupported(): CoqlError {
  return new CoqlError('SYNTAX_ERROR', 'operator not supported', { operator: 'not' });
}

class WhereParser {
  private criteria = 0;
  constructor(private readonly c: Cursor) {}

  /** One criterion, or two joined by `and`/`or`; a third at the same level is an error. */
  group(depth: number): Condition {
    const left = this.operand(depth);
    if (!this.isConnective()) return left;
    const kind = this.c.next().text.toLowerCase() as 'and' | 'or';
    const right = this.operand(depth);
    if (this.isConnective()) throw syntaxError(this.c.peek()?.text ?? '');
    return { kind, left, right };
  }

  private isConnective(): boolean {
    return this.c.isWord('and') || this.c.isWord('or');
  }

  private operand(depth: number): Condition {
    if (this.c.isWord('not')) throw notSupported();
    if (this.c.isPunct('(')) {
      if (depth >= MAX_COQL_WHERE_DEPTH) throw syntaxError('(');
      this.c.next();
      const inner = this.group(depth + 1);
      this.c.expectPunct(')');
      return inner;
    }
    if (++this.criteria > MAX_COQL_CRITERIA) {
      throw new CoqlError('LIMIT_EXCEEDED', 'limit exceeded', {
        limit: MAX_COQL_CRITERIA,
        clause: 'where',
      });
    }
    return this.criterion();
  }

  private criterion(): Criterion {
    const c = this.c;
    const field = c.identifier();
    if (c.isWord('is')) {
      c.next();
      const negated = c.isWord('not');
      if (negated) c.next();
      c.expectWord('null');
      return { kind: 'null', field, negated };
    }
    const negated = c.isWord('not');
    if (negated) {
      c.next();
      // `not in` and `not like` only: Zoho documents no `not between` (A33).
      if (!c.isWord('in') && !c.isWord('like')) throw notSupported();
    }
    if (c.isWord('in')) {
      c.next();
      return { kind: 'in', field, values: this.list(negated), negated };
    }
    if (c.isWord('like')) {
      c.next();
      return { kind: 'like', field, pattern: this.literal(), negated };
    }
    if (c.isWord('between')) {
      c.next();
      const low = this.literal();
      c.expectWord('and');
      return { kind: 'between', field, low, high: this.literal() };
    }
    const op = c.next();
    if (op.kind !== 'punct' || !COMPARE_OPS.has(op.text)) throw syntaxError(op.text);
    const value = this.literal();
    return { kind: 'compare', field, op: (op.text === '<>' ? '!=' : op.text) as CompareOp, value };
  }

  private list(negated: boolean): string[] {
    this.c.expectPunct('(');
    const values = [this.literal()];
    while (this.c.isPunct(',')) {
      this.c.next();
      if (values.length === MAX_COQL_IN_VALUES) {
        throw new CoqlError('LIMIT_EXCEEDED', 'limit exceeded', {
          limit: MAX_COQL_IN_VALUES,
          operator: negated ? 'not in' : 'in',
        });
      }
      values.push(this.literal());
    }
    this.c.expectPunct(')');
    return values;
  }

  /** A quoted string, a number, or true/false. */
  private literal(): string {
    const t = this.c.next();
    if (t.kind === 'string' || t.kind === 'number') return t.text;
    if (t.kind === 'word' && ['true', 'false'].includes(t.text.toLowerCase()))
      return t.text.toLowerCase();
    throw syntaxError(t.text);
  }
}

/** The condition after WHERE; the cursor is left on what follows it (ORDER BY, LIMIT). */
export function parseWhere(c: Cursor): Condition {
  return new WhereParser(c).group(0);
}

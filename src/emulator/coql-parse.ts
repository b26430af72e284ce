// A parser for the COQL this project's clients send: select fields from a module, a WHERE of
// comparisons joined by and/or (with parentheses), ORDER BY, LIMIT [offset]. Anything else is
// a SYNTAX_ERROR, as Zoho answers queries it cannot read.

export type Condition =
  | { readonly kind: 'and' | 'or'; readonly left: Condition; readonly right: Condition }
  | {
      readonly kind: 'in';
      readonly field: string;
      readonly values: readonly string[];
      readonly negated: boolean;
    }
  | {
      readonly kind: 'compare';
      readonly field: string;
      readonly op: string;
      readonly value: string;
    }
  | { readonly kind: 'null'; readonly field: string; readonly negated: boolean };

export interface CoqlQuery {
  readonly fields: readonly string[];
  readonly module: string;
  readonly where: Condition | undefined;
  readonly orderBy: readonly { readonly field: string; readonly desc: boolean }[];
  readonly limit: number | undefined;
  readonly offset: number;
}

export class CoqlSyntaxError extends Error {
  constructor(
    readonly clause: string,
    readonly near: string,
  ) {
    super(`syntax error in ${clause} near ${near}`);
  }
}

interface Token {
  readonly kind: 'word' | 'string' | 'number' | 'punct';
  readonly text: string;
}

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  const re =
    /\s*(?:('(?:[^'\\]|\\.|'')*')|([A-Za-z_$][\w$.]*)|(-?\d+(?:\.\d+)?)|(!=|<>|<=|>=|[(),=<>*]))/y;
  let index = 0;
  while (index < query.length) {
    if (/^\s*$/.test(query.slice(index))) break;
    re.lastIndex = index;
    const m = re.exec(query);
    if (!m) throw new CoqlSyntaxError('query', query.slice(index, index + 20).trim());
    index = re.lastIndex;
    if (m[1] !== undefined) {
      tokens.push({
        kind: 'string',
        text: m[1].slice(1, -1).replace(/''/g, "'").replace(/\\(.)/g, '$1'),
      });
    } else if (m[2] !== undefined) tokens.push({ kind: 'word', text: m[2] });
    else if (m[3] !== undefined) tokens.push({ kind: 'number', text: m[3] });
    else tokens.push({ kind: 'punct', text: m[4] as string });
  }
  return tokens;
}

class Cursor {
  private i = 0;
  constructor(private readonly tokens: readonly Token[]) {}
  peek(): Token | undefined {
    return this.tokens[this.i];
  }
  next(clause: string): Token {
    const t = this.tokens[this.i++];
    if (!t) throw new CoqlSyntaxError(clause, '<end of query>');
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
  expectWord(word: string, clause: string): void {
    const t = this.next(clause);
    if (t.kind !== 'word' || t.text.toLowerCase() !== word)
      throw new CoqlSyntaxError(clause, t.text);
  }
  expectPunct(p: string, clause: string): void {
    const t = this.next(clause);
    if (t.kind !== 'punct' || t.text !== p) throw new CoqlSyntaxError(clause, t.text);
  }
  done(): boolean {
    return this.i >= this.tokens.length;
  }
}

const KEYWORDS = new Set([
  'select',
  'from',
  'where',
  'order',
  'by',
  'limit',
  'offset',
  'and',
  'or',
]);

function identifier(c: Cursor, clause: string): string {
  const t = c.next(clause);
  if (t.kind !== 'word' || KEYWORDS.has(t.text.toLowerCase()))
    throw new CoqlSyntaxError(clause, t.text);
  return t.text;
}

function literal(c: Cursor, clause: string): string {
  const t = c.next(clause);
  if (t.kind === 'string' || t.kind === 'number') return t.text;
  if (t.kind === 'word' && ['true', 'false'].includes(t.text.toLowerCase()))
    return t.text.toLowerCase();
  throw new CoqlSyntaxError(clause, t.text);
}

function condition(c: Cursor): Condition {
  let left = term(c);
  while (c.isWord('and') || c.isWord('or')) {
    const kind = c.next('where').text.toLowerCase() as 'and' | 'or';
    left = { kind, left, right: term(c) };
  }
  return left;
}

function term(c: Cursor): Condition {
  if (c.isPunct('(')) {
    c.next('where');
    const inner = condition(c);
    c.expectPunct(')', 'where');
    return inner;
  }
  const field = identifier(c, 'where');
  if (c.isWord('is')) {
    c.next('where');
    const negated = c.isWord('not');
    if (negated) c.next('where');
    c.expectWord('null', 'where');
    return { kind: 'null', field, negated };
  }
  const negated = c.isWord('not') && c.isWord('in', 1);
  if (negated) c.next('where');
  if (c.isWord('in')) {
    c.next('where');
    c.expectPunct('(', 'where');
    const values = [literal(c, 'where')];
    while (c.isPunct(',')) {
      c.next('where');
      values.push(literal(c, 'where'));
    }
    c.expectPunct(')', 'where');
    return { kind: 'in', field, values, negated };
  }
  const op = c.next('where');
  if (op.kind !== 'punct' || !['=', '!=', '<>', '<', '>', '<=', '>='].includes(op.text)) {
    throw new CoqlSyntaxError('where', op.text);
  }
  return {
    kind: 'compare',
    field,
    op: op.text === '<>' ? '!=' : op.text,
    value: literal(c, 'where'),
  };
}

function integer(c: Cursor, clause: string): number {
  const t = c.next(clause);
  if (t.kind !== 'number' || !/^\d+$/.test(t.text)) throw new CoqlSyntaxError(clause, t.text);
  return Number(t.text);
}

export function parseCoql(query: string): CoqlQuery {
  const c = new Cursor(tokenize(query));
  c.expectWord('select', 'select');
  const fields = [identifier(c, 'select')];
  while (c.isPunct(',')) {
    c.next('select');
    fields.push(identifier(c, 'select'));
  }
  c.expectWord('from', 'from');
  const module = identifier(c, 'from');
  let where: Condition | undefined;
  if (c.isWord('where')) {
    c.next('where');
    where = condition(c);
  }
  const orderBy: { field: string; desc: boolean }[] = [];
  if (c.isWord('order')) {
    c.next('order by');
    c.expectWord('by', 'order by');
    do {
      if (orderBy.length > 0) c.next('order by');
      const field = identifier(c, 'order by');
      let desc = false;
      if (c.isWord('asc') || c.isWord('desc'))
        desc = c.next('order by').text.toLowerCase() === 'desc';
      orderBy.push({ field, desc });
    } while (c.isPunct(','));
  }
  let limit: number | undefined;
  let offset = 0;
  if (c.isWord('limit')) {
    c.next('limit');
    const first = integer(c, 'limit');
    if (c.isPunct(',')) {
      c.next('limit');
      offset = first;
      limit = integer(c, 'limit');
    } else {
      limit = first;
      if (c.isWord('offset')) {
        c.next('offset');
        offset = integer(c, 'offset');
      }
    }
  }
  if (!c.done()) throw new CoqlSyntaxError('query', c.peek()?.text ?? '');
  return { fields, module, where, orderBy, limit, offset };
}

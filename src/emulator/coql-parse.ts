// A parser for the COQL this emulator answers: select columns from a module, a WHERE clause
// (coql-where.ts), ORDER BY, LIMIT [offset]. Anything else is a SYNTAX_ERROR, as Zoho answers
// queries it cannot read.
import { Cursor, syntaxError, tokenize } from './coql-tokens.js';
import { parseWhere, type Condition } from './coql-where.js';

export interface CoqlQuery {
  readonly fields: readonly string[];
  readonly module: string;
  readonly where: Condition | undefined;
  readonly orderBy: readonly { readonly field: string; readonly desc: boolean }[];
  readonly limit: number | undefined;
  readonly offset: number;
}

function integer(c: Cursor): number {
  const t = c.next();
  if (t.kind !== 'number' || !/^\d+$/.test(t.text)) throw syntaxError(t.text);
  return Number(t.text);
}

/** Throws CoqlError (coql-tokens.ts) with Zoho's answer for a query it refuses to read. */
export function parseCoql(query: string): CoqlQuery {
  const c = new Cursor(tokenize(query));
  c.expectWord('select');
  const fields = [c.identifier()];
  while (c.isPunct(',')) {
    c.next();
    fields.push(c.identifier());
  }
  c.expectWord('from');
  const module = c.identifier();
  let where: Condition | undefined;
  if (c.isWord('where')) {
    c.next();
    where = parseWhere(c);
  }
  const orderBy: { field: string; desc: boolean }[] = [];
  if (c.isWord('order')) {
    c.next();
    c.expectWord('by');
    do {
      if (orderBy.length > 0) c.next();
      const field = c.identifier();
      let desc = false;
      if (c.isWord('asc') || c.isWord('desc')) desc = c.next().text.toLowerCase() === 'desc';
      orderBy.push({ field, desc });
    } while (c.isPunct(','));
  }
  let limit: number | undefined;
  let offset = 0;
  if (c.isWord('limit')) {
    c.next();
    const first = integer(c);
    if (c.isPunct(',')) {
      c.next();
      offset = first;
      limit = integer(c);
    } else {
      limit = first;
      if (c.isWord('offset')) {
        c.next();
        offset = integer(c);
      }
    }
  }
  if (!c.done()) throw syntaxError(c.peek()?.text ?? '');
  return { fields, module, where, orderBy, limit, offset };
}

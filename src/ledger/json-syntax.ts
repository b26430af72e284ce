// Where a JSON text first breaks the grammar, for the message that refuses it. JSON.parse does
// not always say (Node 20: "Unexpected token 'x', "<a piece of the file>" is not valid JSON"
// has no position, and quotes the file, which may hold anything). A key repeated in one object
// counts as broken too: JSON.parse keeps the last, while a person reviewing the file may read
// the first, so a repeat could hide what a ledger really says. A loop with an explicit stack, so
// a file of ten million '[' costs memory, not the call stack.
import { lineAndColumn } from '../core/text-position.js';

export interface JsonSyntaxError {
  /** 1-based line and column (UTF-16 units) of the first character that breaks the grammar. */
  readonly line: number;
  readonly column: number;
  /** What was expected there, in words. */
  readonly expected: string;
}

type Expect = 'value' | 'value-or-]' | 'key' | 'key-or-}' | 'colon' | 'after';

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const LITERALS = ['true', 'false', 'null'] as const;
const HEX = /^[0-9a-fA-F]{4}$/;

/** The first syntax error of `text` as JSON, or undefined when it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const fail = (offset: number, expected: string): JsonSyntaxError => ({
    ...lineAndColumn(text, offset),
    expected,
  });
  // An object's entry holds the keys read so far in it.
  const stack: (Set<string> | '[')[] = [];
  let expect: Expect = 'value';
  let i = 0;
  for (;;) {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i += 1;
    if (i >= text.length) {
      return expect === 'after' && stack.length === 0
        ? undefined
        : fail(i, 'more JSON: the text ends too early');
    }
    const c = text[i] as string;
    if (expect === 'value-or-]' && c === ']') {
      stack.pop();
      i += 1;
      expect = 'after';
      continue;
    }
    if (expect === 'key-or-}' && c === '}') {
      stack.pop();
      i += 1;
      expect = 'after';
      continue;
    }
    if (expect === 'value' || expect === 'value-or-]') {
      if (c === '{' || c === '[') {
        stack.push(c === '{' ? new Set() : '[');
        i += 1;
        expect = c === '{' ? 'key-or-}' : 'value-or-]';
        continue;
      }
      if (c === '"') {
        const end = stringEnd(text, i);
        if (typeof end !== 'number') return fail(end.offset, end.expected);
        i = end;
        expect = 'after';
        continue;
      }
      NUMBER.lastIndex = i;
      const number = NUMBER.exec(text);
      const literal = LITERALS.find((word) => text.startsWith(word, i));
      if (number !== null || literal !== undefined) {
        i += number?.[0].length ?? (literal as string).length;
        expect = 'after';
        continue;
      }
      return fail(i, 'a value (an object, a list, a "string", a number, true, false or null)');
    }
    if (expect === 'key' || expect === 'key-or-}') {
      if (c !== '"') return fail(i, 'a key in double quotes');
      const end = stringEnd(text, i);
      if (typeof end !== 'number') return fail(end.offset, end.expected);
      const key = JSON.parse(text.slice(i, end)) as string;
      const keys = stack[stack.length - 1];
      if (keys instanceof Set) {
        if (keys.has(key)) return fail(i, 'each key once per object (this one is repeated)');
        keys.add(key);
      }
      i = end;
      expect = 'colon';
      continue;
    }
    if (expect === 'colon') {
      if (c !== ':') return fail(i, "':' after the key");
      i += 1;
      expect = 'value';
      continue;
    }
    const top = stack[stack.length - 1];
    if (top === undefined) return fail(i, 'nothing after the JSON value');
    const close = top === '[' ? ']' : '}';
    if (c === ',') {
      i += 1;
      expect = top === '[' ? 'value' : 'key';
    } else if (c === close) {
      stack.pop();
      i += 1;
    } else {
      return fail(i, `',' or '${close}'`);
    }
  }
}

/** The offset after the string starting at `start` (a '"'), or where and why it breaks. */
function stringEnd(
  text: string,
  start: number,
): number | { readonly offset: number; readonly expected: string } {
  let j = start + 1;
  for (;;) {
    if (j >= text.length) return { offset: j, expected: "a closing '\"': the string never ends" };
    const code = text.charCodeAt(j);
    if (code === 0x22) return j + 1;
    if (code < 0x20) {
      return { offset: j, expected: 'no control character inside a string (write it as \\uXXXX)' };
    }
    if (code !== 0x5c) {
      j += 1;
      continue;
    }
    const escape = text[j + 1];
    if (escape === 'u') {
      if (!HEX.test(text.slice(j + 2, j + 6))) {
        return { offset: j, expected: 'four hexadecimal digits after \\u' };
      }
      j += 6;
    } else if (escape !== undefined && '"\\/bfnrt'.includes(escape)) {
      j += 2;
    } else {
      return { offset: j, expected: 'an escape: \\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX' };
    }
  }
}

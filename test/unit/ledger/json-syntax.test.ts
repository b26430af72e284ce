// The ledger's JSON syntax errors are located by our own scan (JSON.parse does not always say
// where): it must call valid exactly what JSON.parse accepts, and point at the first bad place.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError } from '../../../src/ledger/json-syntax.js';

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const JSONISH = [...'{}[],:"\\ \n\t0123456789-+.eEtrufalsnu/xb'];

describe('findJsonSyntaxError', () => {
  it.each([
    ['{"a": 1,}', 1, 9, 'a key in double quotes'],
    ['{"a" 1}', 1, 6, "':' after the key"],
    ['[1 2]', 1, 4, "',' or ']'"],
    ['{\n  "a": tru\n}', 2, 8, 'a value'],
    ['"a\tb"', 1, 3, 'no control character inside a string'],
    ['"\\x"', 1, 2, 'an escape'],
    ['"\\u12g4"', 1, 2, 'four hexadecimal digits'],
    ['01', 1, 2, 'nothing after the JSON value'],
    ['{"a": [1, 2', 1, 12, 'the text ends too early'],
    ['\ufeff{}', 1, 1, 'a value'],
  ])('locates %j at %i:%i', (text, line, column, expected) => {
    expect(parses(text)).toBe(false);
    const error = findJsonSyntaxError(text);
    expect(error).toMatchObject({ line, column });
    expect(error?.expected).toContain(expected);
  });

  it('calls a text valid exactly when JSON.parse accepts it', () => {
    const texts = fc.oneof(
      fc.json(),
      fc.array(fc.constantFrom(...JSONISH), { maxLength: 16 }).map((chars) => chars.join('')),
      fc.tuple(fc.json(), fc.nat(), fc.constantFrom(...JSONISH)).map(([json, at, char]) => {
        const i = at % (json.length + 1);
        return `${json.slice(0, i)}${char}${json.slice(i + 1)}`;
      }),
    );
    fc.assert(
      fc.property(texts, (text) => {
        expect(findJsonSyntaxError(text) === undefined).toBe(parses(text));
      }),
      { numRuns: 2000 },
    );
  });
});

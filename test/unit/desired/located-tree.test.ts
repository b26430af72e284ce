// Every problem in a desired file points at its line and column. The locator remembers the line
// it found last (records are located in file order); asked in any order, it must still give
// the place a reader counting lines by hand would.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { locateOffset, offsetLocator } from '../../../src/desired/located-tree.js';

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

describe('offsetLocator', () => {
  it('places every offset where counting lines does, whatever order it is asked in', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'b', ' ', '\n', '\n\n'), { minLength: 1, maxLength: 60 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 40 }),
        (pieces, picks) => {
          const text = pieces.join('');
          const at = offsetLocator('t.yaml', lineStartsOf(text));
          for (const pick of picks) {
            const offset = pick % (text.length + 1);
            expect(at(offset)).toEqual(locateOffset('t.yaml', text, offset));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('answers for the lines read so far while the reader is still adding lines', () => {
    const starts = [0, 4];
    const at = offsetLocator('t.yaml', starts);
    expect(at(6)).toEqual({ file: 't.yaml', line: 2, column: 3 });
    starts.push(9, 12);
    expect(at(10)).toEqual({ file: 't.yaml', line: 3, column: 2 });
    expect(at(2)).toEqual({ file: 't.yaml', line: 1, column: 3 });
    expect(at(13)).toEqual({ file: 't.yaml', line: 4, column: 2 });
  });
});

// A problem inside a `where` is shown at the character the user wrote, whatever YAML form holds
// the criteria (docs/SELECTORS.md §2, "Locating a problem in the criteria"): every unit of the
// value maps back to the source character that produced it, or to the scalar's start when
// the form is not read.
import { describe, expect, it } from 'vitest';
import { isScalar, parseDocument } from 'yaml';
import { scalarSourceOffset } from '../../../src/desired/scalar-source.js';

/** The value of `where:` as the yaml library reads it, and where its scalar starts. */
function scalar(text: string): { value: string; start: number } {
  const node = parseDocument(text).get('where', true);
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range)
    throw new Error('no scalar');
  return { value: node.value, start: node.range[0] };
}

/** Each letter, digit or % of the value sits at its own source character, or at its escape. */
function mapsExactly(text: string): void {
  const { value, start } = scalar(text);
  for (let unit = 0; unit < value.length; unit += 1) {
    const source = scalarSourceOffset(text, start, value, unit);
    const char = value[unit] ?? '';
    if (!/[A-Za-z0-9%]/.test(char)) continue;
    const written = text[source] === '\\' ? text.slice(source, source + 6) : text[source];
    expect([char, `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`]).toContain(written);
  }
}

describe('scalarSourceOffset', () => {
  it.each([
    ['plain', "where: Billing_Country = 'Germany' and Employees > 500\n"],
    ['double-quoted', `where: "Billing_Country = 'Germany' and Employees > 500"\n`],
    ['double-quoted with escapes', `where: "Name = 'a\\"b' and \\u0041ge > 5 and X\\tY = 1"\n`],
    ['single-quoted', "where: 'Last_Name = ''O''''Brien'' and Age > 5'\n"],
    [
      'a folded block',
      "where: >-\n  Billing_Country = 'Germany'\n  and Employees > 500\n\n  or X = 1\n",
    ],
    ['a literal block', "where: |\n  Billing_Country = 'Germany'\n    and Employees > 500\n"],
    ['plain over two lines', "where: Billing_Country = 'Germany'\n  and Employees > 500\n"],
    ['double-quoted over lines', `where: "A = 1 and\n  B = 2 \\\n  and C = 3"\n`],
  ])('maps every character of a %s scalar to where it was written', (_form, text) => {
    mapsExactly(text);
  });

  it('maps the end of the value to just past its last character', () => {
    const text = 'where: "A = "\nnext: 1\n';
    const { value, start } = scalar(text);
    expect(scalarSourceOffset(text, start, value, value.length)).toBe(text.indexOf('"\n'));
  });

  it('points at the scalar when the source does not give the value (an explicit indentation)', () => {
    const text = 'where: >2-\n   A = 1\n';
    const { value, start } = scalar(text);
    expect(scalarSourceOffset(text, start, value, 3)).toBe(start);
  });
});

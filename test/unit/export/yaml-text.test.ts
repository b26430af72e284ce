import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { yamlScalar } from '../../../src/export/yaml-text.js';

/** What a reader gets back for `text` written in the places the exporter writes scalars. */
function readBack(text: string): unknown[] {
  const scalar = yamlScalar(text);
  const doc = parse(`list: [${scalar}, x]\nmap: { note: ${scalar} }\nblock: ${scalar} # c\n`) as {
    list: unknown[];
    map: { note: unknown };
    block: unknown;
  };
  return [doc.list[0], doc.map.note, doc.block];
}

describe('yamlScalar', () => {
  it.each([
    ['US East', 'US East'],
    ['UK & Ireland', 'UK & Ireland'],
    ['Müller Maschinenbau GmbH', 'Müller Maschinenbau GmbH'],
    ['Organization/EMEA/DACH', 'Organization/EMEA/DACH'],
    ['true', '"true"'],
    ['No', '"No"'],
    ['null', '"null"'],
    ['2025', '"2025"'],
    ['554023000000430451', '"554023000000430451"'],
    ['a, b', '"a, b"'],
    ['key: value', '"key: value"'],
    ['#hash', '"#hash"'],
    ['- dash', '"- dash"'],
    ['trailing ', '"trailing "'],
    ['say "hi"', '"say \\"hi\\""'],
    ['line\nbreak', '"line\\nbreak"'],
    ['', '""'],
  ])('writes %j as %s', (text, expected) => {
    expect(yamlScalar(text)).toBe(expected);
    expect(readBack(text)).toEqual([text, text, text]);
  });

  it('escapes characters that would forge lines or reorder text for a reviewer', () => {
    const text = 'evil\u2028line\u202eright\u0007bell';
    const written = yamlScalar(text);
    for (const raw of ['\u2028', '\u202e', '\u0007']) expect(written).not.toContain(raw);
    expect(readBack(text)).toEqual([text, text, text]);
  });

  it('reads back every string exactly', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'grapheme', maxLength: 20 }),
          fc.string({ unit: 'binary', maxLength: 20 }),
          fc.string({ unit: 'binary-ascii', maxLength: 20 }),
        ),
        (text) => {
          expect(readBack(text)).toEqual([text, text, text]);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

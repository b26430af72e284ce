// The fast canonical reader must agree with the full YAML reader on every document it accepts:
// same data, same repeated keys, same line and column for every key and value. And it must
// accept the way desired files are normally written, or it would be no faster.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCanonicalYaml } from '../../../src/desired/canonical-yaml.js';
import { parseFullYaml } from '../../../src/desired/full-yaml.js';
import type { YamlTree } from '../../../src/desired/located-tree.js';

/** Every path to a key or list item in plain data, parents first. */
function allPaths(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object') return [];
  return Object.keys(value).flatMap((key) => [
    [...prefix, key],
    ...allPaths((value as Record<string, unknown>)[key], [...prefix, key]),
  ]);
}

function snapshot(tree: YamlTree) {
  const paths = allPaths(tree.value);
  return {
    value: tree.value,
    duplicates: tree.duplicates,
    root: tree.locate([], 'value'),
    places: paths.map((path) => ({
      path: path.join('/'),
      key: tree.locate(path, 'key'),
      value: tree.locate(path, 'value'),
    })),
  };
}

/** Undefined when the canonical reader declines; otherwise both readers' views, to compare. */
function bothReaders(text: string) {
  const fast = parseCanonicalYaml('f.yaml', text);
  if (fast === undefined) return undefined;
  const full = parseFullYaml('f.yaml', text);
  return {
    fast: snapshot(fast),
    full: full.tree === undefined ? full.diagnostics : snapshot(full.tree),
    fullDiagnostics: full.diagnostics,
  };
}

function expectAgreement(text: string): boolean {
  const both = bothReaders(text);
  if (both === undefined) return false;
  expect(both.fullDiagnostics, text).toEqual([]);
  expect(both.fast, text).toEqual(both.full);
  return true;
}

// Scalars as people write them, and the ones that trip YAML up.
const WORDS = [
  'US East',
  'UK & Ireland',
  'Müller Maschinenbau GmbH',
  "O'Brien",
  'Organization/EMEA/DACH',
  '/Organization/Americas',
  'emea-enterprise',
  'Wile E. Coyote (Acme Corp)',
  '554023000003635023',
  '5540230000036350231',
  '55402300000363502',
  '42',
  '0042',
  'version',
  'records',
  'territories',
  'note',
  'Accounts',
  'C#',
  'a, b',
  'x [y] {z}',
  'null',
  'Null',
  'true',
  'FALSE',
  '~',
  '-x',
  '- x',
  'a: b',
  'a:b',
  'a #b',
  '#x',
  "it's",
  'say "hi"',
  '3M',
  '0x1F',
  '1e5',
  '.5',
  '+1',
  '&a',
  '*a',
  '!t',
  '|',
  '>',
  '%x',
  '@x',
  '`x',
  '?x',
  ':x',
  '[x]',
  '{x}',
  'back\\slash',
  ' padded ',
  '',
  '\u00a0nbsp',
  'tab\there',
  '__proto__',
  'constructor',
  'a,b',
  'x]',
  'x}',
  'Straße',
];

/** What the canonical reader must accept, in any quoting. */
const SAFE_WORDS = [
  'US East',
  'UK & Ireland',
  'Müller Maschinenbau GmbH',
  'Organization/EMEA/DACH',
  '/Organization/Americas',
  'emea-enterprise',
  'Wile E. Coyote (Acme Corp)',
  '554023000003635023',
  '5540230000036350231',
  '42',
  'version',
  'records',
  'Accounts',
  'C#',
  'Straße',
];

function render(text: string, style: string): string {
  if (style === 'double') return `"${text}"`;
  if (style === 'single') return `'${text}'`;
  return text;
}

const quoting = fc.constantFrom('plain', 'double', 'single');
const comment = fc.constantFrom('', '', ' # note', '  #x', ' #');

function documents(words: readonly string[]): fc.Arbitrary<string> {
  const scalar = fc
    .tuple(fc.constantFrom(...words), quoting)
    .map(([text, style]) => render(text, style));
  const flowSeq = fc
    .array(scalar, { maxLength: 4 })
    .chain((items) =>
      fc.constantFrom(`[${items.join(', ')}]`, `[ ${items.join(',')} ]`, `[${items.join(' , ')}]`),
    );
  const flowMap = fc
    .array(fc.tuple(scalar, fc.oneof(scalar, flowSeq)), { maxLength: 3 })
    .map((pairs) => `{ ${pairs.map(([k, v]) => `${k}: ${v}`).join(', ')} }`);

  /** A block mapping at `indent`, nested up to `depth` more levels. */
  function blockMap(
    depth: number,
  ): fc.Arbitrary<(indent: number, step: number) => { lines: string[] }> {
    const value: fc.Arbitrary<
      (indent: number, step: number) => { inline?: string; lines: string[] }
    > =
      depth <= 0
        ? fc.oneof(scalar, flowSeq, flowMap).map((inline) => () => ({ inline, lines: [] }))
        : fc.oneof(
            fc.oneof(scalar, flowSeq, flowMap).map((inline) => () => ({ inline, lines: [] })),
            fc.constant(() => ({ inline: '', lines: [] })),
            blockMap(depth - 1).map((child) => (indent: number, step: number) => ({
              lines: child(indent + step, step).lines,
            })),
            fc
              .tuple(
                fc.array(fc.tuple(scalar, comment), { minLength: 1, maxLength: 3 }),
                fc.boolean(),
              )
              .map(([items, compact]) => (indent: number, step: number) => ({
                lines: items.map(
                  ([item, note]) =>
                    `${' '.repeat(compact ? indent : indent + step)}- ${item}${note}`,
                ),
              })),
          );
    return fc
      .array(fc.tuple(scalar, value, comment, fc.constantFrom('', '', '#c', '   ')), {
        minLength: 1,
        maxLength: 4,
      })
      .map((pairs) => (indent: number, step: number) => ({
        lines: pairs.flatMap(([key, makeValue, note, extra]) => {
          const made = makeValue(indent, step);
          const head = `${' '.repeat(indent)}${key}:${made.inline ? ` ${made.inline}` : ''}${note}`;
          const between = extra === '' ? [] : [`${' '.repeat(indent)}${extra}`];
          return [head, ...between, ...made.lines];
        }),
      }));
  }

  return fc
    .tuple(blockMap(3), fc.constantFrom(1, 2, 4), fc.boolean())
    .map(
      ([make, step, trailingNewline]) =>
        make(0, step).lines.join('\n') + (trailingNewline ? '\n' : ''),
    );
}

const usualDocuments = documents(SAFE_WORDS);
const trickyDocuments = documents([...SAFE_WORDS, ...WORDS]);

describe('the canonical YAML reader', () => {
  it('accepts documents written the usual way, and agrees with the full reader on them', () => {
    fc.assert(
      fc.property(usualDocuments, (text) => {
        expect(expectAgreement(text), text).toBe(true);
      }),
      { numRuns: 300, interruptAfterTimeLimit: 20_000 },
    );
  });

  it('agrees with the full reader on every tricky document it accepts', () => {
    let accepted = 0;
    fc.assert(
      fc.property(trickyDocuments, (text) => {
        if (expectAgreement(text)) accepted += 1;
      }),
      { numRuns: 400, interruptAfterTimeLimit: 20_000 },
    );
    // Enough of them are accepted for the comparison to mean something.
    expect(accepted).toBeGreaterThan(40);
  });

  it('agrees after any one-character slip, or leaves the file to the full reader', () => {
    const slip = fc
      .tuple(
        trickyDocuments,
        fc.nat(),
        fc.constantFrom(...' \n\t:#-[]{},"\'&*!|>?%@`~\\\r'),
        fc.nat(2),
      )
      .map(([text, at, char, kind]) => {
        const i = at % (text.length + 1);
        if (kind === 0) return text.slice(0, i) + char + text.slice(i);
        if (kind === 1) return text.slice(0, i) + text.slice(i + 1);
        return text.slice(0, i) + char + text.slice(i + 1);
      });
    let accepted = 0;
    fc.assert(
      fc.property(slip, (text) => {
        if (expectAgreement(text)) accepted += 1;
      }),
      { numRuns: 1500, interruptAfterTimeLimit: 20_000 },
    );
    expect(accepted).toBeGreaterThan(100);
  });

  it('accepts desired files written the usual way', () => {
    const usual = [
      '# yaml-language-server: $schema=./schemas/territories.schema.json',
      'version: 1',
      '',
      'territories:',
      '  emea: { name: EMEA }',
      '  dach: { path: Organization/EMEA/DACH }      # use a path where names repeat',
      '  west: { id: "554023000000430451" }',
      'records:',
      '  Accounts:',
      '    "554023000003635023": [emea, dach]',
      '    554023000003635024: { territories: [west], note: Acme Corp }',
      '    "554023000003635025": []',
      '  Contacts:',
      '    "554023000003635100":',
      '      - EMEA',
      '      - UK & Ireland',
      '  Deals:',
      '    "554023000003639999": west',
      '',
    ].join('\n');
    expect(expectAgreement(usual)).toBe(true);
  });

  it('leaves anchors, block text and multi-line values to the full reader', () => {
    for (const text of [
      'version: 1\nrecords:\n  Accounts:\n    "554023000003635023": &x [a]\n',
      'version: 1\nnote: |\n  two\n  lines\n',
      'version: 1\nnote: one\n  two\n',
      'version: 1\r\nrecords:\r\n',
      '\ufeffversion: 1\n',
      '---\nversion: 1\n',
    ]) {
      expect(parseCanonicalYaml('f.yaml', text), text).toBeUndefined();
    }
  });
});

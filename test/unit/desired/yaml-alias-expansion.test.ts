// YAML alias expansion is bounded twice: estimated from the text before the `yaml` library runs
// (yaml-alias-prescan.ts), then counted exactly on the parsed document before anything is built
// (yaml-alias-expansion.ts). The estimate is only safe if it is never below the count, alias by
// alias: a property test holds it to that on random documents in every style YAML allows.
import fc from 'fast-check';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseDesiredSources } from '../../../src/desired/load-desired.js';
import {
  expansionLimit,
  MIN_EXPANDED_CHARACTERS,
  MIN_EXPANDED_VALUES,
} from '../../../src/desired/limits.js';
import {
  aliasTargets,
  measureAliasExpansion,
  traceAliasExpansion,
} from '../../../src/desired/yaml-alias-expansion.js';
import {
  prescanAliasExpansion,
  PRESCAN_SLACK,
  traceAliasPrescan,
} from '../../../src/desired/yaml-alias-prescan.js';

function parse(text: string) {
  return parseDocument(text, { intAsBigInt: true, uniqueKeys: false, prettyErrors: false });
}

function exact(text: string) {
  const doc = parse(text);
  expect(doc.errors).toEqual([]);
  return traceAliasExpansion(doc, aliasTargets(doc));
}

/** xorshift32: a failing seed repeats. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 0x9e3779b9;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

interface Rendered {
  /** What follows `key: ` or `- ` on the same line (may be empty). */
  readonly head: string;
  /** The lines after it, indented already. */
  readonly body: readonly string[];
}

/** Random YAML in block and flow style, with anchors, aliases, comments and tricky text. */
class DocumentGenerator {
  private readonly closed: string[] = [];
  private next = 0;

  constructor(
    private readonly r: () => number,
    /** Anchors may be defined again under a name used before (YAML allows it). */
    private readonly redefine = true,
  ) {}

  private chance(p: number): boolean {
    return this.r() < p;
  }

  private pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.r() * items.length)];
    if (item === undefined) throw new Error('empty choice');
    return item;
  }

  /** `&name ` (sometimes a name used before: anchors may be redefined), and the name. */
  private anchor(): string | undefined {
    if (!this.chance(0.35)) return undefined;
    if (this.redefine && this.closed.length > 0 && this.chance(0.1)) return this.pick(this.closed);
    this.next += 1;
    return `a${this.next}`;
  }

  private close(name: string | undefined): void {
    if (name !== undefined) this.closed.push(name);
  }

  private alias(): string | undefined {
    return this.closed.length > 0 && this.chance(0.3) ? `*${this.pick(this.closed)}` : undefined;
  }

  private comment(): string {
    return this.chance(0.15) ? this.pick([' # note *a1 &x [', ' #', ' # }: ,']) : '';
  }

  private plainWord(inFlow: boolean): string {
    const words = [
      'EMEA',
      'x',
      'Organization/EMEA/DACH',
      '554023000003635001',
      '12',
      'a*b',
      'x & y',
      "it's",
      'a:b',
      'five * three',
      'a#b',
      'Müller',
    ];
    const blockOnly = ['see [1]', 'a, b', 'x {y}', 'q]'];
    return this.pick(inFlow ? words : [...words, ...blockOnly]);
  }

  private quoted(): string {
    return this.pick([
      '"EMEA"',
      '"a, [b]: c # d"',
      '"*a1 &a2"',
      '"esc \\" \\\\ \\n \\u00e9"',
      "'it''s'",
      "'[x]: {y}'",
      '""',
      "''",
    ]);
  }

  private scalar(inFlow: boolean): string {
    return this.chance(0.3) ? this.quoted() : this.plainWord(inFlow);
  }

  private key(used: Set<string>, inFlow: boolean): string {
    for (;;) {
      const base = this.chance(0.2)
        ? this.pick(['"quoted key"', "'single'", '"k: v"'])
        : `k${Math.floor(this.r() * 1000)}`;
      if (used.has(base)) continue;
      used.add(base);
      if (!inFlow && this.chance(0.08)) {
        const name = this.anchor();
        this.close(name);
        return name === undefined ? base : `&${name} ${base}`;
      }
      return base;
    }
  }

  /** `&name` and a tag, in either order, or nothing. */
  private props(name: string | undefined): string {
    const tag = this.chance(0.1) ? this.pick(['!!str', '!t', '!!seq']) : undefined;
    const parts = [name === undefined ? undefined : `&${name}`, tag].filter((p) => p !== undefined);
    return (this.chance(0.5) ? parts : parts.reverse()).join(' ');
  }

  flow(depth: number): string {
    const alias = this.alias();
    if (alias !== undefined) return alias;
    const name = this.anchor();
    const written = this.props(name);
    const props = written === '' ? '' : `${written}${this.pick([' ', '\n    '])}`;
    let body: string;
    const kind = depth >= 3 ? 0 : Math.floor(this.r() * 3);
    if (kind === 0) {
      body = this.scalar(true);
    } else if (kind === 1) {
      const items = Array.from({ length: Math.floor(this.r() * 4) }, () => this.flow(depth + 1));
      body = `[${items.join(this.pick([', ', ',', ',\n    ']))}]`;
    } else {
      const used = new Set<string>();
      const pairs = Array.from({ length: Math.floor(this.r() * 4) }, () => {
        const key = this.key(used, true);
        return this.chance(0.15) ? key : `${key}: ${this.flow(depth + 1)}`;
      });
      body = `{${pairs.join(', ')}}`;
    }
    this.close(name);
    return `${props}${body}`;
  }

  /** A value at `indent` (the indentation of the line holding its key or dash). */
  block(indent: number, depth: number): Rendered {
    const alias = this.alias();
    if (alias !== undefined) return { head: `${alias}${this.comment()}`, body: [] };
    const choice = depth >= 4 ? Math.floor(this.r() * 2) : Math.floor(this.r() * 6);
    if (choice <= 1) return { head: `${this.flow(depth)}${this.comment()}`, body: [] };
    const name = this.anchor();
    const props = this.props(name);
    const inner = indent + 2;
    const pad = ' '.repeat(inner);
    const body: string[] = [];
    let head = props;
    if (choice === 2 && this.chance(0.3)) {
      // Text over several lines: quoted, or plain with lines that look like YAML.
      const quoted = this.chance(0.5);
      head = `${props}${props === '' ? '' : ' '}${quoted ? '"first, [line]' : 'first line'}`;
      body.push(
        `${pad}${this.pick(['more *a1 &a2 [x', 'next - line', 'k &z', '[not a list', '{ nor a map', '- nor an item', '*a1 nor an alias', '&a1 nor an anchor', '| nor a block'])}`,
      );
      if (quoted) body.push(`${pad}end # not a comment"${this.comment()}`);
    } else if (choice === 2) {
      head = `${props}${props === '' ? '' : ' '}${this.pick(['|', '>', '|-', '>+'])}${this.comment()}`;
      const lines = 1 + Math.floor(this.r() * 3);
      for (let i = 0; i < lines; i += 1) {
        body.push(`${pad}${this.pick(['text *a1 [', '&a2 - x', '# not a comment', 'k: v', ''])}`);
      }
    } else if (choice === 3) {
      const used = new Set<string>();
      const count = 1 + Math.floor(this.r() * 3);
      for (let i = 0; i < count; i += 1) {
        if (this.chance(0.1)) body.push(`${' '.repeat(Math.floor(this.r() * 6))}# comment line`);
        const key = this.key(used, false);
        const value = this.block(inner, depth + 1);
        if (this.chance(0.1)) {
          body.push(`${pad}? ${key}`, `${pad}:${value.head === '' ? '' : ' '}${value.head}`);
        } else {
          body.push(`${pad}${key}:${value.head === '' ? '' : ' '}${value.head}`);
        }
        body.push(...value.body);
      }
    } else {
      // A list: indented, or at the key's own indentation (YAML allows both under a key).
      const compact = this.chance(0.3);
      const at = compact ? indent : inner;
      const count = 1 + Math.floor(this.r() * 3);
      for (let i = 0; i < count; i += 1) {
        const value = this.block(at, depth + 1);
        body.push(`${' '.repeat(at)}-${value.head === '' ? '' : ' '}${value.head}`, ...value.body);
      }
    }
    this.close(name);
    return { head: choice === 2 ? head : `${head}${this.comment()}`, body };
  }

  document(): string {
    const lines: string[] = [];
    if (this.chance(0.1)) lines.push('---');
    const used = new Set<string>();
    const count = 2 + Math.floor(this.r() * 6);
    for (let i = 0; i < count; i += 1) {
      const key = this.key(used, false);
      const value = this.block(0, 0);
      lines.push(`${key}:${value.head === '' ? '' : ' '}${value.head}`, ...value.body);
    }
    if (this.chance(0.1)) lines.push('...');
    const newline = this.chance(0.1) ? '\r\n' : '\n';
    return `${lines.join(newline)}${newline}`;
  }
}

describe('the estimate from the text', () => {
  it('is never below the exact count, alias by alias, on random documents', () => {
    let valid = 0;
    let withAliases = 0;
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const text = new DocumentGenerator(random(seed)).document();
        const doc = parse(text);
        if (doc.errors.length > 0) return;
        valid += 1;
        const count = traceAliasExpansion(doc, aliasTargets(doc));
        const estimate = traceAliasPrescan(text);
        expect(estimate.total.values, text).toBeGreaterThanOrEqual(count.total.values);
        expect(estimate.total.characters, text).toBeGreaterThanOrEqual(count.total.characters);
        if (count.steps.length > 0) withAliases += 1;
        const byOffset = new Map(estimate.steps.map((step) => [step.offset, step]));
        for (const step of count.steps) {
          const estimated = byOffset.get(step.offset);
          expect(estimated, `alias at ${step.offset} not seen in\n${text}`).toBeDefined();
          expect(estimated?.values ?? 0, text).toBeGreaterThanOrEqual(step.values);
          expect(estimated?.characters ?? 0, text).toBeGreaterThanOrEqual(step.characters);
        }
      }),
      { numRuns: 400 },
    );
    expect(valid).toBeGreaterThan(200);
    expect(withAliases).toBeGreaterThan(150);
  });

  it('is within PRESCAN_SLACK of the count where anchors are neither redefined nor used inside themselves', () => {
    let worst = { values: 0, characters: 0 };
    let compared = 0;
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const text = new DocumentGenerator(random(seed), false).document();
        const doc = parse(text);
        if (doc.errors.length > 0) return;
        const count = traceAliasExpansion(doc, aliasTargets(doc));
        if (count.unsized > 0 || count.steps.length === 0) return;
        compared += 1;
        // What aliases added, in all: the last step.
        const estimate = traceAliasPrescan(text).steps.at(-1);
        const counted = count.steps.at(-1);
        // A few values or characters more are nothing next to the limit: ratios from 32 up.
        worst = {
          values: Math.max(
            worst.values,
            (estimate?.values ?? 0) / Math.max(32, counted?.values ?? 0),
          ),
          characters: Math.max(
            worst.characters,
            (estimate?.characters ?? 0) / Math.max(32, counted?.characters ?? 0),
          ),
        };
      }),
      { numRuns: 400 },
    );
    expect(compared).toBeGreaterThan(150);
    // So the estimate never refuses what the exact count would accept.
    expect(worst.values).toBeLessThan(PRESCAN_SLACK);
    expect(worst.characters).toBeLessThan(PRESCAN_SLACK);
  });

  it.each([
    ['a flow list', 'a: &a [x, y]\nb: *a\n'],
    ['a block list', 'a: &a\n  - x\n  - y\nb: *a\n'],
    ['a list at its key’s indentation', 'a: &a\n- x\n- y\nb: *a\n'],
    ['a block mapping', 'a: &a\n  k: v\n  l: w\nb: *a\n'],
    ['a flow mapping with implicit nulls', 'a: &a {k, l: w}\nb: *a\n'],
    ['one-pair mappings in a flow list', 'a: &a [k: v, x]\nb: *a\n'],
    ['a literal block', 'a: &a |\n  line *b\n  [x\nb: *a\n'],
    ['an anchored key', '&a key: v\nb: *a\n'],
    ['an anchor alone on its line', 'a:\n  &a\n  k: v\nb: *a\n'],
    ['a list item holding a mapping', '- &a k: v\n  l: w\n- *a\n'],
    ['a redefined anchor', 'a: &a [x, y, z]\nb: &a q\nc: *a\n'],
  ])('covers %s', (_name, text) => {
    const count = exact(text);
    const estimate = traceAliasPrescan(text);
    expect(count.steps.length).toBeGreaterThan(0);
    expect(estimate.steps.map((step) => step.offset)).toEqual(count.steps.map((s) => s.offset));
    estimate.steps.forEach((step, i) => {
      expect(step.values).toBeGreaterThanOrEqual(count.steps[i]?.values ?? Infinity);
      expect(step.characters).toBeGreaterThanOrEqual(count.steps[i]?.characters ?? Infinity);
    });
  });

  it('does not take text for aliases: quotes, comments, block text and plain text with *', () => {
    const text = [
      'a: &a [x, y]',
      'b: "*a *a"',
      "c: '*a'",
      'd: 5 * 3 *a',
      '# *a *a *a',
      'e: |',
      '  *a *a',
      'f: [five * a]',
    ].join('\n');
    expect(traceAliasPrescan(text).steps).toEqual([]);
  });

  it('reads a line that continues plain text as text, even when it starts with [ or *', () => {
    // Read as a flow list, '[ticket 12' would never close, and every alias below would count
    // all that came before it: twice as much each time.
    const lines = ['version: 1', 'records:', '  Accounts:', `    "554023000003600000":`];
    lines.push('      territories: &shared [EMEA, DACH]', '      note: Acme GmbH, see');
    lines.push('        [ticket 12', '        *not an alias');
    for (let i = 1; i <= 300; i += 1) {
      lines.push(`    "${554023000003600000n + BigInt(i)}": { territories: *shared }`);
    }
    const text = `${lines.join('\n')}\n`;
    const count = exact(text);
    const estimate = traceAliasPrescan(text);
    expect(estimate.steps).toHaveLength(300);
    expect(estimate.total.values).toBeGreaterThanOrEqual(count.total.values);
    expect(estimate.total.values).toBeLessThan(PRESCAN_SLACK * count.total.values);
    expect(prescanAliasExpansion(text, expansionLimit(text.length))).toBeUndefined();
    expect(parseDesiredSources([{ path: 'note.yaml', text }]).ok).toBe(true);
  });
});

describe('the limits', () => {
  it('have floors for small files and grow with the file', () => {
    expect(expansionLimit(100)).toEqual({
      values: MIN_EXPANDED_VALUES,
      characters: MIN_EXPANDED_CHARACTERS,
    });
    expect(expansionLimit(5_000_000)).toEqual({ values: 5_000_000, characters: 100_000_000 });
  });

  it('let 10,000 records repeat a list of ten 30-character paths', () => {
    const paths = Array.from({ length: 10 }, (_, i) => `Organization/EMEA/Region-${i}/Zone`);
    const lines = ['version: 1', 'records:', '  Accounts:'];
    lines.push(`    "554023000003600000": &shared [${paths.join(', ')}]`);
    for (let i = 1; i < 10_000; i += 1)
      lines.push(`    "${554023000003600000n + BigInt(i)}": *shared`);
    const text = `${lines.join('\n')}\n`;
    const limit = expansionLimit(text.length);
    expect(prescanAliasExpansion(text, limit)).toBeUndefined();
    const doc = parse(text);
    expect(measureAliasExpansion(doc, aliasTargets(doc), limit)).toBeUndefined();
    const result = parseDesiredSources([{ path: 'shared.yaml', text }]);
    expect(result.ok).toBe(true);
  });

  it('the exact count refuses what the estimate lets through, before anything is built', () => {
    // 60 copies of a list of ten 4,096-character names: 2.5 million characters from 40 KB,
    // above the 2 million floor but below four times it, so the parsed document is counted.
    const names = Array.from({ length: 10 }, (_, i) => `N${i}`.padEnd(4096, 'x'));
    const lines = ['version: 1', 'records:', '  Accounts:'];
    lines.push(`    "554023000003600000": &names [${names.join(', ')}]`);
    for (let i = 1; i <= 60; i += 1) lines.push(`    "${554023000003600000n + BigInt(i)}": *names`);
    const text = `${lines.join('\n')}\n`;
    const limit = expansionLimit(text.length);
    expect(prescanAliasExpansion(text, limit)).toBeUndefined();
    const result = parseDesiredSources([{ path: 'names.yaml', text }]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics.map((d) => d.code)).toEqual(['YAML_ALIAS']);
    const [diagnostic] = result.diagnostics;
    // 2,000,000 / 40,960 characters a copy: the 49th alias, on line 53, passes the limit.
    expect(diagnostic?.location).toEqual({ file: 'names.yaml', line: 53, column: 27 });
    expect(diagnostic?.message).toContain('they add more than 2,000,000 characters');
  });
});

// A fuzzer over mutated valid files: start from the shipped territories.yaml and the valid
// fixtures, delete, insert and replace characters, swap, duplicate and re-indent lines, and hold
// the loader to its promise on whatever comes out: it never throws, every problem is placed
// inside the file it names, and the same text always gives the same answer.
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic, SourceLocation } from '../../src/core/model.js';
import { parseDesiredSources } from '../../src/desired/load-desired.js';
import { REPO_ROOT, runCli } from '../helpers/run-cli.js';
import { expectNoCrash } from './refusal.js';

interface Seed {
  readonly path: string;
  readonly text: string;
}

type Mutation =
  | { readonly kind: 'delete'; readonly at: number; readonly length: number }
  | { readonly kind: 'insert'; readonly at: number; readonly text: string }
  | { readonly kind: 'replace'; readonly at: number; readonly text: string }
  | { readonly kind: 'swap-lines'; readonly a: number; readonly b: number }
  | { readonly kind: 'duplicate-line'; readonly line: number }
  | { readonly kind: 'indent'; readonly line: number; readonly delta: number };

/** What YAML gives meaning to, what ids are made of, and what a hostile edit would add. */
const SIGNIFICANT = [
  ...':-?,[]{}#&*!|>\'"%@`. \n\t\\0123456789',
  '\r\n',
  '---',
  '...',
  '<<: ',
  '__proto__',
  '~',
  'é',
  '\u0000',
  '\u001b',
  '\u202e',
  '\u2028',
  '\ufeff',
];

const fragment = fc.oneof(
  fc.string({ unit: fc.constantFrom(...SIGNIFICANT), minLength: 1, maxLength: 4 }),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }),
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constant('delete' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 8 }),
  }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fragment }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), text: fragment }),
  fc.record({ kind: fc.constant('swap-lines' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate-line' as const), line: fc.nat() }),
  fc.record({
    kind: fc.constant('indent' as const),
    line: fc.nat(),
    delta: fc.integer({ min: -4, max: 4 }),
  }),
);

function mutate(text: string, m: Mutation): string {
  const at = (n: number) => (text.length === 0 ? 0 : n % (text.length + 1));
  const lines = text.split('\n');
  const line = (n: number) => n % lines.length;
  switch (m.kind) {
    case 'delete':
      return text.slice(0, at(m.at)) + text.slice(at(m.at) + m.length);
    case 'insert':
      return text.slice(0, at(m.at)) + m.text + text.slice(at(m.at));
    case 'replace':
      return text.slice(0, at(m.at)) + m.text + text.slice(at(m.at) + m.text.length);
    case 'swap-lines': {
      const [a, b] = [line(m.a), line(m.b)];
      const copy = [...lines];
      [copy[a], copy[b]] = [lines[b] ?? '', lines[a] ?? ''];
      return copy.join('\n');
    }
    case 'duplicate-line': {
      const i = line(m.line);
      return [...lines.slice(0, i + 1), lines[i] ?? '', ...lines.slice(i + 1)].join('\n');
    }
    case 'indent': {
      const i = line(m.line);
      const current = lines[i] ?? '';
      const changed =
        m.delta >= 0
          ? ' '.repeat(m.delta) + current
          : current.replace(new RegExp(`^ {0,${-m.delta}}`), '');
      return [...lines.slice(0, i), changed, ...lines.slice(i + 1)].join('\n');
    }
  }
}

async function loadSeeds(): Promise<Seed[]> {
  const valid = path.join(REPO_ROOT, 'test/fixtures/desired/valid');
  const files = ['territories.yaml'];
  for (const entry of await readdir(valid, { recursive: true })) {
    if (entry.endsWith('.yaml')) files.push(path.join('test/fixtures/desired/valid', entry));
  }
  return Promise.all(
    files.sort().map(async (file) => ({
      path: file,
      text: await readFile(path.join(REPO_ROOT, file), 'utf8'),
    })),
  );
}

/** True when `at` names `file` and a line and column that exist in `text`. */
function insideFile(at: SourceLocation | undefined, file: string, text: string): boolean {
  if (at === undefined || at.file !== file) return false;
  const lines = text.split('\n');
  const line = lines[at.line - 1];
  return line !== undefined && at.column >= 1 && at.column <= line.length + 1;
}

function misplaced(diagnostics: readonly Diagnostic[], file: string, text: string): Diagnostic[] {
  return diagnostics.filter(
    (d) =>
      !insideFile(d.location, file, text) ||
      (d.related ?? []).some((r) => !insideFile(r, file, text)),
  );
}

let seeds: Seed[] = [];
let root: string;
beforeAll(async () => {
  seeds = await loadSeeds();
  root = await mkdtemp(path.join(tmpdir(), 'territory-sync-fuzz-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const mutated = () =>
  fc
    .record({
      seed: fc.nat(),
      mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }),
    })
    .map(({ seed, mutations }) => {
      const base = seeds[seed % seeds.length] ?? { path: 'empty.yaml', text: '' };
      return { path: base.path, text: mutations.reduce(mutate, base.text) };
    });

describe('the loader on mutated valid files', () => {
  it('starts from every valid file there is', () => {
    expect(seeds.length).toBeGreaterThanOrEqual(7);
    for (const seed of seeds) expect(parseDesiredSources([seed]).ok, seed.path).toBe(true);
  });

  it('never throws, places every problem inside the file, and answers the same way twice', () => {
    fc.assert(
      fc.property(mutated(), (input) => {
        const first = parseDesiredSources([input]);
        const again = parseDesiredSources([input]);
        expect(JSON.stringify(again)).toBe(JSON.stringify(first));
        const diagnostics = first.ok ? first.warnings : first.diagnostics;
        expect(misplaced(diagnostics, input.path, input.text)).toEqual([]);
        if (!first.ok) expect(diagnostics.some((d) => d.severity === 'error')).toBe(true);
      }),
      { numRuns: 300, interruptAfterTimeLimit: 20_000 },
    );
  });

  it('the CLI reports mutated files with located messages and never crashes', async () => {
    const samples = fc.sample(mutated(), { numRuns: 15 });
    for (const [i, input] of samples.entries()) {
      const file = `mutant-${i}.yaml`;
      await writeFile(path.join(root, file), input.text);
      const result = await runCli(['validate', file], { cwd: root });
      expectNoCrash(result);
      expect([0, 1]).toContain(result.code);
      if (result.code === 1) {
        const escaped = file.replace(/[.]/g, '\\.');
        expect(result.stderr).toMatch(new RegExp(`^${escaped}:\\d+:\\d+: error [A-Z_0-9]+: `, 'm'));
      }
    }
  });
});

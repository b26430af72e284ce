// However many problems a file has, the user reads the first ones in full and a count by code
// of the rest, errors before warnings when not all fit.
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../src/core/model.js';
import {
  countByCode,
  formatDiagnostics,
  MAX_PRINTED_DIAGNOSTICS,
  selectShown,
} from '../../../src/render/diagnostics.js';

function problem(n: number, code = 'BAD_RECORD_ID', severity: Diagnostic['severity'] = 'error') {
  return {
    code,
    severity,
    message: `problem ${n}`,
    location: { file: 'territories.yaml', line: n, column: 5 },
  } satisfies Diagnostic<string>;
}

const blocks = (text: string) => text.split('\n').filter((l) => /^territories\.yaml:\d+/.test(l));

describe('formatDiagnostics with many problems', () => {
  it('prints all of them up to the cap, with no summary line', () => {
    const ds = Array.from({ length: MAX_PRINTED_DIAGNOSTICS }, (_, i) => problem(i + 1));
    const text = formatDiagnostics(ds, { color: false });
    expect(blocks(text)).toHaveLength(MAX_PRINTED_DIAGNOSTICS);
    expect(text).not.toContain('not shown');
  });

  it('prints the first 50 and counts the rest by code, most frequent first', () => {
    const ds = [
      ...Array.from({ length: 60 }, (_, i) => problem(i + 1)),
      ...Array.from({ length: 1_500 }, (_, i) => problem(100 + i, 'SCHEMA_TYPE')),
      problem(9_999, 'DUPLICATE_RECORD'),
    ];
    const text = formatDiagnostics(ds, { color: false });
    const shown = blocks(text);
    expect(shown).toHaveLength(50);
    expect(shown[0]).toBe('territories.yaml:1:5: error BAD_RECORD_ID: problem 1');
    expect(shown[49]).toBe('territories.yaml:50:5: error BAD_RECORD_ID: problem 50');
    expect(text.endsWith('\n')).toBe(true);
    expect(text.split('\n').at(-2)).toBe(
      '... and 1,511 more errors not shown: SCHEMA_TYPE (1,500), BAD_RECORD_ID (10), ' +
        'DUPLICATE_RECORD (1).',
    );
  });

  it('gives the slots to errors when warnings come first, keeping the file order', () => {
    const warnings = Array.from({ length: 5 }, (_, i) =>
      problem(i + 1, 'KEPT_BY_RULES', 'warning'),
    );
    const errors = Array.from({ length: 4 }, (_, i) => problem(10 + i));
    const text = formatDiagnostics([...warnings, ...errors], { color: false, max: 6 });
    const shown = blocks(text);
    expect(shown.map((l) => /:(\d+):5:/.exec(l)?.[1])).toEqual(['1', '2', '10', '11', '12', '13']);
    expect(text).toContain('... and 3 more warnings not shown: KEPT_BY_RULES (3).\n');
    expect(text).not.toContain('more errors');
  });

  it('accounts for every problem exactly once', () => {
    const ds = Array.from({ length: 500 }, (_, i) =>
      problem(i + 1, i % 3 === 0 ? 'A' : 'B', i % 7 === 0 ? 'warning' : 'error'),
    );
    const { shown, omitted } = selectShown(ds, 50);
    expect(shown).toHaveLength(50);
    expect(shown.every((d) => d.severity === 'error')).toBe(true);
    expect(new Set([...shown, ...omitted]).size).toBe(500);
    expect(countByCode(ds)).toBe('B (333), A (167)');
  });

  it('stays small for 100,000 problems', () => {
    const ds = Array.from({ length: 100_000 }, (_, i) => problem(i + 1));
    const text = formatDiagnostics(ds, { color: false });
    expect(text.length).toBeLessThan(8 * 1024);
    expect(text).toContain('... and 99,950 more errors not shown: BAD_RECORD_ID (99,950).');
  });
});

import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../src/core/model.js';
import {
  formatDiagnostic,
  formatDiagnostics,
  formatProblemCount,
} from '../../../src/render/diagnostics.js';

const dealTwoTerritories: Diagnostic = {
  code: 'DUPLICATE_RECORD',
  severity: 'error',
  message: 'Deal 554023000003639901 is listed twice.',
  hint: 'keep one entry for this Deal.',
  location: { file: 'territories.yaml', line: 12, column: 7 },
  related: [{ file: 'territories.yaml', line: 10, column: 5 }],
};

const keptByRules: Diagnostic = {
  code: 'KEPT_BY_RULES',
  severity: 'warning',
  message: '"LATAM" is assigned by territory rules.',
  location: { file: 'more/accounts.yaml', line: 3, column: 5 },
};

const noLocation: Diagnostic<string> = {
  code: 'NO_DESIRED_FILES',
  severity: 'error',
  message: 'No file matches territories/*.yaml.',
};

describe('formatDiagnostic', () => {
  it('points a repeat at what it repeats, and any other problem at the places involved', () => {
    const stale: Diagnostic = {
      code: 'STALE_EXCLUSION',
      severity: 'warning',
      message: 'Selector dach excludes 554023000003635023, which it does not match.',
      location: { file: 'territories.yaml', line: 9, column: 11 },
      related: [{ file: 'territories.yaml', line: 5, column: 13 }],
    };
    expect(formatDiagnostic(stale, { color: false }).split('\n')[1]).toBe(
      '  see territories.yaml:5:13',
    );
  });

  it('reads like a compiler: location, severity, code, message; related places and fix beneath', () => {
    expect(formatDiagnostic(dealTwoTerritories, { color: false })).toBe(
      [
        'territories.yaml:12:7: error DUPLICATE_RECORD: Deal 554023000003639901 is listed twice.',
        '  first listed at territories.yaml:10:5',
        '  fix: keep one entry for this Deal.',
      ].join('\n'),
    );
  });

  it('gives one line per related location', () => {
    const d: Diagnostic = {
      ...dealTwoTerritories,
      related: [
        { file: 'a.yaml', line: 1, column: 2 },
        { file: 'b.yaml', line: 3, column: 4 },
      ],
    };
    expect(formatDiagnostic(d, { color: false }).split('\n').slice(1, 3)).toEqual([
      '  first listed at a.yaml:1:2',
      '  also listed at b.yaml:3:4',
    ]);
  });

  it('starts with the severity when there is no location, and says "warning" for warnings', () => {
    expect(formatDiagnostic(noLocation, { color: false })).toBe(
      'error NO_DESIRED_FILES: No file matches territories/*.yaml.',
    );
    expect(formatDiagnostic(keptByRules, { color: false })).toBe(
      'more/accounts.yaml:3:5: warning KEPT_BY_RULES: "LATAM" is assigned by territory rules.',
    );
  });

  it('colours the severity only when asked', () => {
    expect(formatDiagnostic(dealTwoTerritories, { color: false })).not.toContain('\u001b[');
    const coloured = formatDiagnostic(dealTwoTerritories, { color: true });
    expect(coloured).toContain('\u001b[31m\u001b[1merror\u001b[22m\u001b[39m');
    expect(formatDiagnostic(keptByRules, { color: true })).toContain('\u001b[33m');
  });

  it('keeps a message quoting a hostile record name on one line', () => {
    const d: Diagnostic<string> = {
      ...noLocation,
      message: 'Record "a\nerror FAKE: b\u001b[2J" is odd.',
    };
    expect(formatDiagnostic(d, { color: false })).toBe(
      'error NO_DESIRED_FILES: Record "a\\u000aerror FAKE: b\\u001b[2J" is odd.',
    );
  });
});

describe('formatDiagnostics', () => {
  it('prints one block per problem, in order, ending with a newline', () => {
    const text = formatDiagnostics([dealTwoTerritories, noLocation], { color: false });
    expect(text).toMatchSnapshot();
    expect(text.endsWith('.\n')).toBe(true);
  });

  it('prints nothing for no problems', () => {
    expect(formatDiagnostics([], { color: false })).toBe('');
  });
});

describe('formatProblemCount', () => {
  it.each([
    [[dealTwoTerritories, dealTwoTerritories, keptByRules], '2 errors, 1 warning in 2 files'],
    [[dealTwoTerritories], '1 error in 1 file'],
    [[keptByRules, keptByRules], '2 warnings in 1 file'],
    [[noLocation], '1 error'],
    [[], 'No problems found'],
  ] as const)('%#: %s', (ds, expected) => {
    expect(formatProblemCount(ds)).toBe(expected);
  });
});

import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/core/model.js';
import {
  annotationForDiagnostic,
  annotationsForDiagnostics,
} from '../../src/render/github/annotation.js';

const duplicate: Diagnostic = {
  code: 'DUPLICATE_RECORD',
  severity: 'error',
  message: 'Accounts 554023000003635001 is listed twice.',
  hint: 'Keep one entry',
  location: { file: 'territories.yaml', line: 24, column: 5 },
  related: [{ file: 'more/emea.yaml', line: 3, column: 5 }],
};

function warning(n: number): Diagnostic {
  return {
    code: 'KEPT_BY_RULES',
    severity: 'warning',
    message: `warning ${n}`,
    location: { file: 'territories.yaml', line: n, column: 5 },
  };
}

describe('annotationForDiagnostic', () => {
  it('puts an error on its file, line and column, titled by its code, with the fix', () => {
    expect(annotationForDiagnostic(duplicate)).toBe(
      '::error file=territories.yaml,line=24,col=5,title=DUPLICATE_RECORD::' +
        'Accounts 554023000003635001 is listed twice. Also at more/emea.yaml:3:5. (Keep one entry)',
    );
  });

  it('makes a warning a ::warning', () => {
    expect(annotationForDiagnostic(warning(7))).toBe(
      '::warning file=territories.yaml,line=7,col=5,title=KEPT_BY_RULES::warning 7',
    );
  });

  it('annotates the run, not a line, when the problem has no location', () => {
    const noFile: Diagnostic<string> = {
      code: 'INVALID_CONFIG',
      severity: 'error',
      message: 'Bad config',
    };
    expect(annotationForDiagnostic(noFile)).toBe('::error title=INVALID_CONFIG::Bad config');
  });

  it('escapes what the user wrote so it stays one annotation', () => {
    const tricky: Diagnostic = {
      code: 'UNKNOWN_TERRITORY',
      severity: 'error',
      message: 'Unknown territory "50% off\n::error::forged"',
      hint: 'Did you mean: EMEA, APAC?',
      location: { file: 'sales, EMEA.yaml', line: 2, column: 9 },
    };
    const line = annotationForDiagnostic(tricky);
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toBe(
      '::error file=sales%2C EMEA.yaml,line=2,col=9,title=UNKNOWN_TERRITORY::' +
        'Unknown territory "50%25 off%0A::error::forged" (Did you mean: EMEA, APAC?)',
    );
  });

  it('maps the file to a repository path when the CLI ran in a subfolder', () => {
    const line = annotationForDiagnostic(warning(1), { repoPath: (f) => `crm/${f}` });
    expect(line).toContain('file=crm/territories.yaml,');
  });
});

describe('annotationsForDiagnostics', () => {
  it('folds errors and warnings beyond what GitHub shows into one summary each', () => {
    const errors = Array.from({ length: 12 }, (_, i) => ({ ...duplicate, message: `e${i}` }));
    const warnings = Array.from({ length: 15 }, (_, i) => warning(i + 1));
    const lines = annotationsForDiagnostics([...warnings, ...errors]);
    const shownErrors = lines.filter((l) => l.startsWith('::error '));
    expect(shownErrors).toHaveLength(10);
    expect(shownErrors[9]).toBe(
      '::error title=More errors::3 more errors not annotated here, by code: ' +
        "DUPLICATE_RECORD (3). See the step's log.",
    );
    const shown = lines.filter((l) => l.startsWith('::warning '));
    expect(shown).toHaveLength(10);
    expect(shown.slice(0, 9).map((l) => l.split('::').pop())).toEqual(
      Array.from({ length: 9 }, (_, i) => `warning ${i + 1}`),
    );
    expect(shown[9]).toBe(
      '::warning title=More warnings::6 more warnings not annotated here, by code: ' +
        "KEPT_BY_RULES (6). See the step's log.",
    );
  });

  it('shows up to the cap without a summary', () => {
    const lines = annotationsForDiagnostics(
      Array.from({ length: 3 }, (_, i) => warning(i)),
      {
        maxWarnings: 3,
      },
    );
    expect(lines).toHaveLength(3);
    expect(lines.join('\n')).not.toContain('More warnings');
  });

  it('returns nothing for no problems', () => {
    expect(annotationsForDiagnostics([])).toEqual([]);
  });
});

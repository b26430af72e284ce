// Workflow commands quote CRM names and what users wrote. GitHub's own escapes cover %, CR and
// LF (and ':' ',' in properties); every other control or bidi character must not reach the
// annotation raw either.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../src/core/model.js';
import {
  annotationForDiagnostic,
  annotationsForDiagnostics,
  visibleText,
  workflowCommand,
} from '../../../src/render/github/index.js';

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const RAW = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/;

describe('workflowCommand with control characters', () => {
  it('shows ESC, BEL, NUL and bidi overrides in the message as \\uXXXX', () => {
    const line = workflowCommand('error', {}, 'Evil\u001b[31m\u0007\u0000\u202eName');
    expect(line).toBe('::error::Evil\\u001b[31m\\u0007\\u0000\\u202eName');
  });

  it("keeps GitHub's own escapes for line breaks, so a multi-line message stays readable", () => {
    expect(workflowCommand('warning', {}, 'a\r\nb\u2028c')).toBe('::warning::a%0D%0Ab\\u2028c');
  });

  it("escapes properties' control characters, ':' and ','", () => {
    const line = workflowCommand(
      'error',
      { file: 'crm/a,b:\u001b[2J\u202e.yaml', title: 'X:\nY' },
      'm',
    );
    expect(line).toBe('::error file=crm/a%2Cb%3A\\u001b[2J\\u202e.yaml,title=X%3A%0AY::m');
  });

  it('never lets any text put a raw control character or a second command on the line', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (title, text) => {
        const line = workflowCommand('notice', { title }, text);
        expect(line).not.toMatch(RAW);
        const head = line.slice(0, line.indexOf('::', 2));
        expect(head.slice('::notice title='.length)).not.toMatch(/[:,]/);
      }),
      { numRuns: 300 },
    );
  });

  it('visibleText leaves printable text, and CR and LF, alone', () => {
    expect(visibleText('Zürich / 東京 — 100% ok\r\n')).toBe('Zürich / 東京 — 100% ok\r\n');
  });
});

describe('annotations for hostile diagnostics', () => {
  it('escapes a CRM name quoted in a message, its hint and its file', () => {
    const d: Diagnostic = {
      code: 'UNKNOWN_TERRITORY',
      severity: 'error',
      message: 'Unknown territory "EMEA\u001b]0;owned\u0007"',
      hint: 'Did you mean "EMEA\u202e"?',
      location: { file: 'a\u0085.yaml', line: 3, column: 7 },
    };
    expect(annotationForDiagnostic(d)).toBe(
      '::error file=a\\u0085.yaml,line=3,col=7,title=UNKNOWN_TERRITORY::' +
        'Unknown territory "EMEA\\u001b]0;owned\\u0007" (Did you mean "EMEA\\u202e"?)',
    );
  });

  it('emits at most 10 errors and 10 warnings however many problems there are', () => {
    const ds: Diagnostic[] = Array.from({ length: 10_000 }, (_, i) => ({
      code: i % 2 === 0 ? 'BAD_RECORD_ID' : 'KEPT_BY_RULES',
      severity: i % 2 === 0 ? 'error' : 'warning',
      message: `problem ${i}`,
    }));
    const lines = annotationsForDiagnostics(ds);
    expect(lines).toHaveLength(20);
    expect(lines[9]).toBe(
      '::error title=More errors::4,991 more errors not annotated here, by code: ' +
        "BAD_RECORD_ID (4,991). See the step's log.",
    );
    expect(lines[19]).toContain('4,991 more warnings not annotated here, by code: KEPT_BY_RULES');
  });
});

// Users' CI filters key on diagnostic codes, so a misspelt one must never reach them: every
// Diagnostic is typed by the one list of codes, and `npx tsc` (which checks this file) fails
// if that typing is ever loosened back to any string.
import { describe, expect, it } from 'vitest';
import { DESIRED_DIAGNOSTIC, PLAN_DIAGNOSTIC } from '../../../src/core/diagnostic-codes.js';
import type { Diagnostic } from '../../../src/core/model.js';
import { problem } from '../../../src/desired/diagnostics.js';

const at = { file: 'territories.yaml', line: 1, column: 1 };

describe('diagnostic codes', () => {
  it('are stable UPPER_SNAKE words, one spelling per meaning', () => {
    for (const list of [DESIRED_DIAGNOSTIC, PLAN_DIAGNOSTIC]) {
      const codes = Object.values(list);
      expect(codes.every((code) => /^[A-Z]+(_[A-Z0-9]+)*$/.test(code))).toBe(true);
      expect(new Set(codes).size).toBe(codes.length);
    }
    // The same mistake reads the same whichever layer catches it.
    for (const shared of ['duplicateTerritory', 'duplicateRecord', 'tooManyTerritories'] as const) {
      expect(DESIRED_DIAGNOSTIC[shared]).toBe(PLAN_DIAGNOSTIC[shared]);
    }
  });

  it('a misspelt code fails the typecheck, made or compared', () => {
    const made: Diagnostic = {
      // @ts-expect-error RECORD_NOT_FUOND is no diagnostic code
      code: 'RECORD_NOT_FUOND',
      severity: 'error',
      message: 'm',
    };
    const planCode = problem({
      // @ts-expect-error the desired layer emits only its own codes, not the planner's
      code: PLAN_DIAGNOSTIC.keptByRules,
      message: 'm',
      hint: 'h',
      location: at,
    });
    // @ts-expect-error the types have no overlap
    const compared = made.code === 'MODULE_NOT_ENABLD';
    expect([made.code, planCode.code, compared]).toEqual([
      'RECORD_NOT_FUOND',
      'KEPT_BY_RULES',
      false,
    ]);
  });
});

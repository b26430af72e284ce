import { describe, expect, it } from 'vitest';
import { decide, territoryIndex } from '../../../src/apply/entry-answer.js';
import type { WriteEntryOutcome, WriteOutcomeCode } from '../../../src/apply/ports.js';

const answer = (code: WriteOutcomeCode, jsonPath?: string): WriteEntryOutcome => ({
  recordId: '554023000003635001',
  status: code === 'SCHEDULED' ? 'success' : 'error',
  code,
  message: `${code} message`,
  ...(jsonPath === undefined ? {} : { details: { api_name: 'id', json_path: jsonPath } }),
});

describe('reading one record answer from data[]', () => {
  it.each([
    ['assign', answer('SCHEDULED'), { kind: 'scheduled' }],
    ['remove', answer('SCHEDULED'), { kind: 'scheduled' }],
    // Already assigned: that territory has converged; send the rest again.
    [
      'assign',
      answer('DUPLICATE_DATA', '$.data[3].Territories[1].id'),
      { kind: 'drop-territory', index: 1 },
    ],
    // Already removed (Zoho: "the id given seems to be invalid" on that territory).
    [
      'remove',
      answer('INVALID_DATA', '$.data[0].Territories[2].id'),
      { kind: 'drop-territory', index: 2 },
    ],
    // Zoho's own example has a leading space in json_path.
    [
      'remove',
      answer('INVALID_DATA', ' $.data[0].Territories[0].id'),
      { kind: 'drop-territory', index: 0 },
    ],
    ['assign', answer('ALREADY_SCHEDULED'), { kind: 'retry-after-job' }],
    ['remove', answer('RECORD_LOCKED'), { kind: 'retry-later' }],
  ] as const)('%s answered %o -> %o', (action, outcome, expected) => {
    expect(decide(action, outcome)).toEqual(expected);
  });

  it.each([
    // A bad record id is a real failure, not "already removed".
    ['remove', answer('INVALID_DATA', '$.data[0].id'), 'INVALID_DATA'],
    // Assigning a deleted territory fails; it is not converged.
    ['assign', answer('INVALID_DATA', '$.data[0].Territories[0].id'), 'INVALID_DATA'],
    ['assign', answer('LIMIT_EXCEEDED', '$.data[0].Territories'), 'LIMIT_EXCEEDED'],
    ['remove', answer('NOT_ALLOWED', '$.data[0].Territories[0].id'), 'NOT_ALLOWED'],
    ['assign', answer('TERRITORY_NOT_ENABLED'), 'TERRITORY_NOT_ENABLED'],
    ['assign', answer('NO_PERMISSION', '$.data[0].id'), 'NO_PERMISSION'],
  ] as const)('%s answered %o fails with its code', (action, outcome, code) => {
    expect(decide(action, outcome)).toEqual({ kind: 'failed', code, reason: `${code} message` });
  });

  it('finds no territory index where the path has none', () => {
    expect(territoryIndex(undefined)).toBeUndefined();
    expect(territoryIndex({ json_path: '$.data[0].Territories' })).toBeUndefined();
    expect(territoryIndex({ json_path: 42 })).toBeUndefined();
  });
});

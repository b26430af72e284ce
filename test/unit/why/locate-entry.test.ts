import { describe, expect, it } from 'vitest';
import { entryEndLine, locateEntry } from '../../../src/why/locate-entry.js';

const ACME = { module: 'Accounts', id: '554023000003600001' } as const;

function lookup(text: string) {
  return locateEntry('t.yaml', text, ACME);
}

describe('locateEntry: where one record is written', () => {
  it.each([
    [
      'on one line (flow list)',
      `version: 1\nrecords:\n  Accounts:\n    "${ACME.id}": [East]\n    "554023000003600002": [West]\n`,
      { line: 4, column: 5, endLine: 4 },
    ],
    [
      'as a block list, up to the next record',
      `version: 1\nrecords:\n  Accounts:\n    "${ACME.id}":\n      - East\n      - DACH\n    "554023000003600002": [West]\n`,
      { line: 4, column: 5, endLine: 6 },
    ],
    [
      'as the last record of the file, trailing blank lines left out',
      `version: 1\nrecords:\n  Accounts:\n    "${ACME.id}":\n      territories:\n        - East\n      note: Acme\n\n\n`,
      { line: 4, column: 5, endLine: 7 },
    ],
    [
      'without the comment that introduces the next record',
      `version: 1\nrecords:\n  Accounts:\n    "${ACME.id}":\n      - East\n    # Globex moved in 2024\n    "554023000003600002": [West]\n`,
      { line: 4, column: 5, endLine: 5 },
    ],
    [
      'before the next module',
      `version: 1\nrecords:\n  Accounts:\n    "${ACME.id}":\n      - East\n  Contacts:\n    "554023000003600101": [East]\n`,
      { line: 4, column: 5, endLine: 5 },
    ],
    [
      'with an unquoted id',
      `version: 1\nrecords:\n  Accounts:\n    ${ACME.id}: East\n`,
      { line: 4, column: 5, endLine: 4 },
    ],
    [
      'in a flow mapping (its line only)',
      `version: 1\nrecords:\n  Accounts: { "554023000003600002": [West], "${ACME.id}": [East] }\n`,
      { line: 3, column: 45, endLine: 3 },
    ],
  ])('%s', (_name, text, expected) => {
    const found = lookup(text);
    expect(found).toEqual({
      kind: 'found',
      place: {
        location: { file: 't.yaml', line: expected.line, column: expected.column },
        endLine: expected.endLine,
      },
    });
  });

  it('absent: another module, another id, no records section', () => {
    expect(lookup(`version: 1\nrecords:\n  Contacts:\n    "${ACME.id}": [East]\n`)).toEqual({
      kind: 'absent',
    });
    expect(lookup(`version: 1\nrecords:\n  Accounts:\n    "554023000003600002": [East]\n`)).toEqual(
      { kind: 'absent' },
    );
    expect(lookup('version: 1\n')).toEqual({ kind: 'absent' });
    // An inherited property is no entry.
    expect(
      locateEntry('t.yaml', 'records:\n  Accounts: {}\n', {
        module: 'Accounts',
        id: 'constructor',
      }),
    ).toEqual({ kind: 'absent' });
  });

  it('a file that is not YAML is said unreadable, not absent', () => {
    expect(lookup('records: [\n')).toEqual({ kind: 'unreadable' });
  });

  it('entryEndLine stops at a line no deeper than the key, whatever its line breaks', () => {
    const text = 'a:\r\n  "1":\r\n    - x\r\n  "2": y\r\n';
    expect(entryEndLine(text, { file: 't', line: 2, column: 3 })).toBe(3);
  });
});

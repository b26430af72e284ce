// Selectors (docs/SELECTORS.md) are built in steps. Until plan and apply understand them, a
// `selectors:` section is an unknown key refused at its line: a file that uses it never loads
// half-read, so no plan can silently ignore the criteria someone reviewed.
import { describe, expect, it } from 'vitest';
import { parseDesiredSources } from '../../../src/desired/load-desired.js';

function load(text: string) {
  return parseDesiredSources([{ path: 'territories.yaml', text }]);
}

const SELECTORS = `selectors:
  Accounts:
    - name: dach-enterprise
      where: "Billing_Country in ('Germany', 'Austria', 'Switzerland') and Employees > 500"
      territories: [dach, emea-enterprise]
      exclude: ["554023000003635023"]
`;

describe('a selectors: section, before plan and apply support it', () => {
  it.each([
    [
      'at the top level, as docs/SELECTORS.md writes it',
      `version: 1\n${SELECTORS}records:\n  Accounts:\n    "554023000003635024": [EMEA]\n`,
      { code: 'UNKNOWN_KEY', line: 2, column: 1, message: "'selectors'" },
    ],
    [
      'in flow style',
      `version: 1\nselectors: { Accounts: [{ name: dach, where: "Employees > 500", territories: [dach] }] }\nrecords: {}\n`,
      { code: 'UNKNOWN_KEY', line: 2, column: 1, message: "'selectors'" },
    ],
    [
      'under records:, where it would be read as a module',
      `version: 1\nrecords:\n  Accounts:\n    "554023000003635024": [EMEA]\n  ${SELECTORS.replaceAll('\n', '\n  ')}`,
      { code: 'UNKNOWN_MODULE', line: 5, column: 3, message: "'selectors'" },
    ],
    [
      'inside a module, where it would be read as a record id',
      `version: 1\nrecords:\n  Accounts:\n    "554023000003635024": [EMEA]\n    selectors: []\n`,
      { code: 'BAD_RECORD_ID', line: 5, column: 5, message: "'selectors'" },
    ],
  ])('is refused %s, at its line and column', (_where, text, expected) => {
    const result = load(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const problem = result.diagnostics.find((d) => d.message.includes(expected.message));
    expect(problem).toMatchObject({
      severity: 'error',
      code: expected.code,
      location: { file: 'territories.yaml', line: expected.line, column: expected.column },
    });
    expect(problem?.hint).toBeTruthy();
  });
});

// `territory-sync validate` on a file with selectors (docs/SELECTORS.md §1, §2), run in-process
// through run() as a user runs it: a valid file is summarised with its selectors; a mistake in
// the criteria exits 1 at the file, line and column of the character, with what to do next.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli.js';

let folder = '';

beforeEach(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'territory-sync-selectors-'));
});

afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

function write(text: string): void {
  writeFileSync(path.join(folder, 'territories.yaml'), text);
}

const FILE = `version: 1
territories:
  dach: { path: Organization/EMEA/DACH }
selectors:
  Accounts:
    - name: dach-enterprise
      where: "Billing_Country in ('Germany', 'Austria') and Employees > 500"
      territories: [dach, EMEA Enterprise]
  Deals:
    - name: dach-renewals
      where: "Account_Name.Billing_Country = 'Germany'"
      territories: dach
records:
  Accounts:
    "554023000003635024": [dach]
`;

describe('validate with selectors', () => {
  it('says how many selectors it checked', async () => {
    write(FILE);
    const result = await runCli(['validate', 'territories.yaml'], { cwd: folder });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      '1 record (1 Accounts, 0 Contacts, 0 Deals), 1 territory assignment, 2 selectors.',
    );
    expect(result.stdout).toContain('Selectors: unique names, criteria');
  });

  it('prints a refused criterion at its file:line:col with a fix, and exits 1', async () => {
    write(FILE.replace('Employees > 500', 'Employees => 500'));
    const result = await runCli(['validate', 'territories.yaml'], { cwd: folder });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.split('\n');
    const at = lines.findIndex((line) =>
      line.startsWith(
        "territories.yaml:7:71: error BAD_CRITERIA: Accounts selector 'dach-enterprise': '=>' is not a COQL operator.",
      ),
    );
    expect(at, result.stderr).toBeGreaterThanOrEqual(0);
    expect(lines.slice(at + 1).find((line) => line.trimStart().startsWith('fix:'))).toContain(
      'write >=',
    );
    expect(result.stderr).toContain('nothing was sent to Zoho');
  });
});

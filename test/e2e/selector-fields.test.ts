// The online check of selectors' fields (issue #17, docs/SELECTORS.md §2 "Online"), through the
// CLI against the emulator: `validate --online` and `plan` read each module's fields once, and
// refuse a field the module lacks (with the closest name), a value of the wrong type and a
// multi-line field at the field's line and column, warn of a value a picklist lacks, follow
// lookup paths, and make no COQL call and no write when they refuse. Without selectors, no
// field is read.
import { afterEach, describe, expect, it } from 'vitest';
import { generateOrg, generatedTerritoryId } from '../../src/emulator/index.js';
import { startOrgWith } from '../helpers/org.js';
import type { TestOrg } from '../helpers/org.js';

let org: TestOrg | undefined;
afterEach(async () => {
  await org?.close();
  org = undefined;
});

const T1 = generatedTerritoryId(1);
const FIELDS_ROUTE = 'GET /crm/v7/settings/fields';

/** One Accounts selector and one Deals selector; `where` is written in double quotes on line 5. */
function yaml(accountsWhere: string, dealsWhere = "Type = 'Existing Business'"): string {
  return `version: 1
selectors:
  Accounts:
    - name: chosen
      where: "${accountsWhere}"
      territories: ["${T1}"]
  Deals:
    - name: renewals
      where: "${dealsWhere}"
      territories: ["${T1}"]
`;
}

async function setUp(text: string) {
  const started = await startOrgWith(text, {
    seed: generateOrg({ territories: 5, records: { Accounts: 20, Deals: 10 } }),
  });
  org = started.org;
  org.emulator.resetStats();
  return started;
}

/** The line a diagnostic starts with, and the `fix:` line after it. */
function diagnostic(stderr: string, start: string): { line: string; fix: string } {
  const lines = stderr.split('\n');
  const at = lines.findIndex((line) => line.startsWith(start));
  expect(at, stderr).toBeGreaterThanOrEqual(0);
  const fix = lines.slice(at + 1).find((line) => line.trimStart().startsWith('fix:')) ?? '';
  return { line: lines[at] ?? '', fix };
}

describe('selectors checked against the module fields', () => {
  it('accepts fields that exist, with one fields read per module', async () => {
    const { org, cli } = await setUp(
      yaml(
        "Billing_Country in ('Germany', 'Austria') and Employees > 500",
        "Account_Name.Billing_Country = 'Germany' and Type = 'Existing Business'",
      ),
    );
    const result = await cli(['validate', '--online']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Every field the selectors' criteria name exists");
    // Accounts and Deals; the lookup's target, Accounts, is read once for both.
    expect(org.emulator.stats().byRoute[FIELDS_ROUTE]).toBe(2);
    expect(org.emulator.stats().writeCalls).toBe(0);
  }, 60_000);

  it('refuses a misspelt field at its line and column, with the closest name, and exits 1', async () => {
    const { org, cli } = await setUp(yaml("Employees > 500 and Biling_Country = 'Germany'"));
    const result = await cli(['validate', '--online']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    // `where: "` ends at column 14; Biling_Country is the 21st character of the criteria.
    const found = diagnostic(
      result.stderr,
      "territories.yaml:5:35: error UNKNOWN_FIELD: Accounts selector 'chosen': Accounts has no field 'Biling_Country'.",
    );
    expect(found.fix).toContain('Did you mean Billing_Country?');
    expect(result.stderr).toContain('no selector was queried');
    expect(org.emulator.stats().coqlCalls).toBe(0);
    expect(org.emulator.stats().writeCalls).toBe(0);
  }, 60_000);

  it('refuses a value that does not fit the field type', async () => {
    const { cli } = await setUp(yaml("Employees > '500' or Billing_Country = 42"));
    const result = await cli(['validate', '--online']);
    expect(result.code).toBe(1);
    const number = diagnostic(
      result.stderr,
      "territories.yaml:5:15: error FIELD_TYPE_MISMATCH: Accounts selector 'chosen': Employees is an integer field, and '500' is text.",
    );
    expect(number.fix).toContain('without quotes');
    const text = diagnostic(
      result.stderr,
      "territories.yaml:5:36: error FIELD_TYPE_MISMATCH: Accounts selector 'chosen': Billing_Country is a text field, and 42 is a number.",
    );
    expect(text.fix).toContain("Billing_Country = '42'");
  }, 60_000);

  it('refuses a multi-line field', async () => {
    const { cli } = await setUp(yaml("Description like '%vip%'"));
    const result = await cli(['validate', '--online']);
    expect(result.code).toBe(1);
    diagnostic(
      result.stderr,
      "territories.yaml:5:15: error FIELD_TYPE_MISMATCH: Accounts selector 'chosen': Description is a multi-line field (textarea), and COQL cannot filter on one.",
    );
  }, 60_000);

  it('warns of a picklist value the picklist lacks, and still exits 0', async () => {
    const { cli } = await setUp(yaml("Industry in ('Technolgy', 'retail')"));
    const result = await cli(['validate', '--online']);
    expect(result.code).toBe(0);
    const found = diagnostic(
      result.stderr,
      "territories.yaml:5:15: warning UNKNOWN_PICKLIST_VALUE: Accounts selector 'chosen': Industry is a picklist without the values 'Technolgy', 'retail'",
    );
    expect(found.fix).toContain("'retail' is written 'Retail'");
    expect(result.stdout).toContain('Valid against');
    // The plan carries it, so the PR comment shows it beside the changes, once.
    const markdown = await cli(['plan', '--format', 'markdown']);
    expect(markdown.stdout.split('UNKNOWN\\_PICKLIST\\_VALUE').length - 1).toBe(1);
    expect(markdown.stderr).not.toContain('UNKNOWN_PICKLIST_VALUE');
  }, 60_000);

  it('follows a lookup path to the other module, and refuses a path through a field that is no lookup', async () => {
    const misspelt = await setUp(yaml('Employees > 1', "Account_Name.Billing_Contry = 'Germany'"));
    const result = await misspelt.cli(['validate', '--online']);
    expect(result.code).toBe(1);
    const found = diagnostic(
      result.stderr,
      "territories.yaml:9:15: error UNKNOWN_FIELD: Deals selector 'renewals': Accounts has no field 'Billing_Contry' (reached through Account_Name).",
    );
    expect(found.fix).toContain('Did you mean Billing_Country?');
    await misspelt.org.close();
    org = undefined;

    const notLookup = await setUp(yaml('Employees > 1', "Deal_Name.Stage = 'Closed Won'"));
    const refused = await notLookup.cli(['validate', '--online']);
    expect(refused.code).toBe(1);
    diagnostic(
      refused.stderr,
      "territories.yaml:9:15: error UNKNOWN_FIELD: Deals selector 'renewals': Deal_Name.Stage names no field: Deal_Name is a text field of Deals, not a lookup.",
    );
  }, 60_000);

  it('plan refuses before any COQL call and any write', async () => {
    const { org, cli } = await setUp(yaml("Employees = 'many'"));
    const result = await cli(['plan']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('FIELD_TYPE_MISMATCH');
    expect(result.stderr).toContain('nothing was sent to Zoho');
    const stats = org.emulator.stats();
    expect(stats.coqlCalls).toBe(0);
    expect(stats.readCalls).toBe(0);
    expect(stats.writeCalls).toBe(0);
    expect(stats.byRoute[FIELDS_ROUTE]).toBe(2);
  }, 60_000);

  it('reads no field metadata for a file without selectors', async () => {
    const { org, cli } = await setUp(`version: 1
records:
  Accounts: {}
`);
    const plan = await cli(['plan']);
    expect(plan.code, plan.stderr).toBe(0);
    const validate = await cli(['validate', '--online']);
    expect(validate.code, validate.stderr).toBe(0);
    expect(validate.stdout).not.toContain("selectors' criteria");
    expect(org.emulator.stats().byRoute[FIELDS_ROUTE]).toBeUndefined();
    expect(org.emulator.stats().coqlCalls).toBe(0);
  }, 60_000);
});

// The loader reads `selectors:` (docs/SELECTORS.md §1, §2): a valid section becomes
// DesiredState.selectors with canonical criteria, and every mistake is a located Diagnostic
// with a hint, a problem inside the criteria placed at the character the user wrote.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MANAGED_MODULES } from '../../../src/core/model.js';
import type { Diagnostic } from '../../../src/core/model.js';
import { SELECTOR_NAME } from '../../../src/desired/document-path.js';
import { parseDesiredSources } from '../../../src/desired/load-desired.js';
import type { DesiredRules } from '../../../src/desired/load-desired.js';
import { loadSchema } from '../../../src/schemas.js';

const FILE = 'territories.yaml';

function load(text: string, rules: DesiredRules = {}) {
  return parseDesiredSources([{ path: FILE, text }], rules);
}

function errors(text: string, rules: DesiredRules = {}): Diagnostic[] {
  const result = load(text, rules);
  expect(result.ok, 'expected the file to be refused').toBe(false);
  return result.ok ? [] : result.diagnostics;
}

/** The one diagnostic with this code, checked to carry a hint. */
function only(diagnostics: readonly Diagnostic[], code: string): Diagnostic {
  const found = diagnostics.filter((d) => d.code === code);
  expect(found, JSON.stringify(diagnostics, null, 1)).toHaveLength(1);
  const [diagnostic] = found;
  expect(diagnostic?.hint).toBeTruthy();
  return diagnostic as Diagnostic;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

const VALID = `version: 1
territories:
  dach: { path: Organization/EMEA/DACH }
  emea-enterprise: { name: EMEA Enterprise }
selectors:
  Deals:
    - name: dach-renewals
      where: "Account_Name.Billing_Country = 'Germany' and Type = 'Existing Business'"
      territories: Dach
  Accounts:
    - name: dach-enterprise
      where: "Billing_Country in ('Germany', 'Austria', 'Switzerland') AND Employees > 500"
      territories: [dach, emea-enterprise]
      exclude: ["554023000003635024", "554023000003635023"]
    - name: irish
      where: Last_Name like 'O''%'
      territories: Organization/EMEA
records:
  Accounts:
    "554023000003635024": [emea-enterprise]
`;

describe('selectors: a valid section', () => {
  it('loads into DesiredState.selectors: by module then name, canonical criteria, aliases expanded, exclusions by id', () => {
    const result = load(VALID);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warnings).toEqual([]);
    const selectors = result.state.selectors ?? [];
    expect(selectors.map((s) => `${s.module} ${s.name}`)).toEqual([
      'Accounts dach-enterprise',
      'Accounts irish',
      'Deals dach-renewals',
    ]);
    const [dach, irish, renewals] = selectors;
    const criteria =
      "(Billing_Country in ('Germany', 'Austria', 'Switzerland') and Employees > 500)";
    expect(dach).toEqual({
      module: 'Accounts',
      name: 'dach-enterprise',
      criteria,
      criteriaHash: sha256(criteria),
      // Where each field is written, for the online check against the module's fields.
      fields: [
        { name: 'Billing_Country', location: { file: FILE, line: 12, column: 15 } },
        { name: 'Employees', location: { file: FILE, line: 12, column: 76 } },
      ],
      territories: [
        {
          ref: { kind: 'path', value: 'Organization/EMEA/DACH' },
          written: 'dach',
          alias: 'dach',
          location: { file: FILE, line: 13, column: 21 },
        },
        {
          ref: { kind: 'name', value: 'EMEA Enterprise' },
          written: 'emea-enterprise',
          alias: 'emea-enterprise',
          location: { file: FILE, line: 13, column: 27 },
        },
      ],
      exclude: [
        { id: '554023000003635023', location: { file: FILE, line: 14, column: 39 } },
        { id: '554023000003635024', location: { file: FILE, line: 14, column: 17 } },
      ],
      location: { file: FILE, line: 11, column: 13 },
    });
    // A quote inside text stays doubled: the criteria are COQL as the reads send them.
    expect(irish).toMatchObject({
      criteria: "Last_Name like 'O''%'",
      criteriaHash: sha256("Last_Name like 'O''%'"),
      territories: [{ ref: { kind: 'path', value: 'Organization/EMEA' } }],
      exclude: [],
    });
    // One reference is a list of one; a near-miss of an alias is offered as records' are.
    expect(renewals?.territories).toEqual([
      {
        ref: { kind: 'name', value: 'Dach' },
        written: 'Dach',
        nearAliases: ['dach'],
        location: { file: FILE, line: 9, column: 20 },
      },
    ]);
  });

  it.each([
    [
      'no selectors: section',
      'version: 1\nrecords:\n  Accounts:\n    "554023000003635024": [EMEA]\n',
    ],
    ['an empty one', 'version: 1\nselectors:\nrecords: {}\n'],
    ['one with an empty module', 'version: 1\nselectors:\n  Accounts: []\n'],
  ])('%s leaves the state without a selectors key, as before selectors existed', (_case, text) => {
    const result = load(text);
    expect(result.ok).toBe(true);
    if (result.ok) expect(Object.hasOwn(result.state, 'selectors')).toBe(false);
  });

  it('counts an alias used only by a selector as used', () => {
    const result = load(
      'version: 1\nterritories:\n  dach: { name: DACH }\nselectors:\n  Accounts:\n    - { name: a, where: "A = 1", territories: dach }\n',
    );
    expect(result.ok && result.warnings).toEqual([]);
  });

  it("keeps the schema's name pattern and the messages' in step", () => {
    const schema = loadSchema('territories') as {
      $defs: { selector: { properties: { name: { pattern: string } } } };
    };
    expect(schema.$defs.selector.properties.name.pattern).toBe(SELECTOR_NAME.source);
  });
});

describe('selectors: a problem in the criteria is placed at the character written', () => {
  // `B == 2` is refused at the '=='; each form writes it elsewhere in the line.
  it.each([
    ['plain', '      where: A = 1 and B == 2\n', 6, 26],
    ['double-quoted', '      where: "A = 1 and B == 2"\n', 6, 27],
    [
      'double-quoted with escapes',
      `      where: "Name = 'Andr\\u00e9 \\"Dede\\"' and B == 2"\n`,
      6,
      50,
    ],
    [
      'single-quoted, with a doubled quote',
      "      where: 'Name = ''O''''Brien'' and B == 2'\n",
      6,
      43,
    ],
    [
      'a >- block',
      "      where: >-\n        Billing_Country = 'Germany'\n        and B == 2\n",
      8,
      15,
    ],
    [
      'a | block',
      "      where: |\n        Billing_Country = 'Germany'\n          and B == 2\n",
      8,
      17,
    ],
  ])('%s', (_form, where, line, column) => {
    const text = `version: 1\nselectors:\n  Accounts:\n    - name: dach\n      territories: [DACH]\n${where}`;
    const found = only(errors(text), 'BAD_CRITERIA');
    expect(found).toMatchObject({
      severity: 'error',
      location: { file: FILE, line, column },
      hint: expect.stringContaining('write = for "equal"'),
    });
    expect(found.message).toMatch(/^Accounts selector 'dach': '==' is not a COQL operator/);
    expect(text.split('\n')[line - 1]?.slice(column - 1, column + 1)).toBe('==');
  });

  it('warns, at the pattern, that a % inside a like pattern is matched as itself', () => {
    const result = load(
      'version: 1\nselectors:\n  Accounts:\n    - name: dach\n      where: "Name like \'50%off%\'"\n      territories: [DACH]\n',
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const found = only(result.warnings, 'CRITERIA_LITERAL_PERCENT');
    expect(found).toMatchObject({ severity: 'warning', location: { line: 5, column: 25 } });
    expect(found.message).toContain("Accounts selector 'dach'");
  });
});

describe('selectors: the rules of docs/SELECTORS.md §1', () => {
  const selector = (body: string, module = 'Accounts') =>
    `version: 1\nselectors:\n  ${module}:\n    - name: dach\n${body}`;

  it('refuses an unknown key in a selector, at the key, naming the keys it takes', () => {
    const found = only(
      errors(
        selector('      where: "A = 1"\n      territories: [DACH]\n      territory: [EMEA]\n'),
      ),
      'UNKNOWN_KEY',
    );
    expect(found).toMatchObject({ location: { line: 7, column: 7 } });
    expect(found.message).toBe(
      "Unknown key 'territory' in Accounts selector 'dach' — did you mean 'territories'?",
    );
    expect(found.hint).toContain('exactly `name`, `where` and `territories`');
  });

  it('refuses a selector without where, at the selector', () => {
    const found = only(errors(selector('      territories: [DACH]\n')), 'MISSING_KEY');
    expect(found.message).toBe("Accounts selector 'dach' has no `where:`.");
    expect(found.location).toMatchObject({ line: 4, column: 7 });
  });

  it.each(['DACH Enterprise', '-dach', 'a'.repeat(65), 'dach\u202e'])(
    'refuses the name %j, at the name, without repeating it as the subject',
    (name) => {
      const text = `version: 1\nselectors:\n  Accounts:\n    - name: "${name.replace('\u202e', '\\u202e')}"\n      where: "A = 1"\n      territories: [DACH]\n`;
      const found = only(errors(text), 'BAD_SELECTOR_NAME');
      expect(found.location).toMatchObject({ line: 4, column: 13 });
      expect(found.message.startsWith('Accounts selector #1:')).toBe(true);
      expect(found.message).not.toContain('\u202e');
    },
  );

  it('refuses a name repeated in a module across two files, naming both places', () => {
    const a =
      'version: 1\nselectors:\n  Accounts:\n    - { name: dach, where: "A = 1", territories: DACH }\n';
    const b =
      'version: 1\nselectors:\n  Deals:\n    - { name: dach, where: "A = 1", territories: DACH }\n  Accounts:\n    - { name: dach, where: "B = 2", territories: EMEA }\n';
    const result = parseDesiredSources([
      { path: 'b.yaml', text: b },
      { path: 'a.yaml', text: a },
    ]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const found = only(result.diagnostics, 'DUPLICATE_SELECTOR');
    expect(found).toMatchObject({
      location: { file: 'b.yaml', line: 6, column: 15 },
      related: [{ file: 'a.yaml', line: 4, column: 15 }],
    });
    expect(found.message).toBe(
      "Accounts selector 'dach' is defined twice: at a.yaml:4:15 and at b.yaml:6:15.",
    );
  });

  it.each([
    ['Accounts', 11, 'at most 10 per Account'],
    ['Deals', 2, 'a Deal carries at most 1'],
  ])('refuses one %s selector giving %i territories', (module, count, says) => {
    const list = Array.from({ length: count }, (_, i) => `T${i}`).join(', ');
    const found = only(
      errors(selector(`      where: "A = 1"\n      territories: [${list}]\n`, module)),
      'TOO_MANY_TERRITORIES',
    );
    expect(found.message).toContain(says);
    expect(found.location).toMatchObject({ line: 6, column: 7 });
  });

  it('refuses an empty territories list, saying why', () => {
    const found = only(
      errors(selector('      where: "A = 1"\n      territories: []\n')),
      'EMPTY_TERRITORIES',
    );
    expect(found.message).toContain('a selector that gives nothing manages nothing');
    expect(found.location).toMatchObject({ line: 6, column: 20 });
  });

  it('refuses a territory listed twice, as records do', () => {
    const found = only(
      errors(
        `version: 1\nterritories:\n  dach: { name: DACH }\nselectors:\n  Accounts:\n    - name: dach\n      where: "A = 1"\n      territories: [dach, DACH]\n`,
      ),
      'DUPLICATE_TERRITORY',
    );
    expect(found).toMatchObject({
      location: { line: 8, column: 27 },
      related: [{ line: 8, column: 21 }],
    });
  });

  it('refuses a malformed excluded id and warns about one written twice', () => {
    const bad = only(
      errors(
        selector(
          '      where: "A = 1"\n      territories: DACH\n      exclude: ["55402300000363502"]\n',
        ),
      ),
      'BAD_RECORD_ID',
    );
    expect(bad.location).toMatchObject({ line: 7, column: 17 });
    const result = load(
      selector(
        '      where: "A = 1"\n      territories: DACH\n      exclude: ["554023000003635023", "554023000003635023"]\n',
      ),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(only(result.warnings, 'DUPLICATE_EXCLUSION').location).toMatchObject({
      line: 7,
      column: 39,
    });
    expect(result.state.selectors?.[0]?.exclude.map((e) => e.id)).toEqual(['554023000003635023']);
  });

  it('refuses Leads selectors unless the config manages Leads, and reads them when it does', () => {
    const text = selector(
      '      where: "Lead_Source = \'Web\'"\n      territories: DACH\n',
      'Leads',
    );
    const refused = only(errors(text), 'MODULE_NOT_ENABLED');
    expect(refused.location).toMatchObject({ line: 3, column: 3 });
    expect(refused.hint).toContain('modules: { Leads: true }');
    const result = load(text, { modules: MANAGED_MODULES });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.state.selectors?.map((s) => s.module)).toEqual(['Leads']);
  });
});

describe('selectors: a hostile where', () => {
  const withWhere = (where: string) =>
    `version: 1\nselectors:\n  Accounts:\n    - name: dach\n      territories: DACH\n      where: ${where}\n`;

  it.each([
    ['an escaped ESC inside text', `"Name = 'a\\e[2Jb'"`, 24, 'control or invisible character'],
    [
      'an escaped bidi override inside text',
      `"Name = 'a\\u202eb'"`,
      24,
      'control or invisible character',
    ],
    ['an escaped ESC outside text', `"Name = 1 \\e[2J"`, 24, ''],
  ])('refuses %s at the character, echoing nothing invisible', (_case, where, column, says) => {
    const found = only(errors(withWhere(where)), 'BAD_CRITERIA');
    expect(found.location).toMatchObject({ line: 6, column });
    expect(found.message).toContain(says);
    // eslint-disable-next-line no-control-regex -- the point is that none reaches a message
    expect(found.message + (found.hint ?? '')).not.toMatch(/[\u0000-\u001f\u202a-\u202e]/);
  });

  it('refuses 40,000 characters of criteria where the bound is passed, without TEXT_TOO_LONG', () => {
    const criteria = Array.from({ length: 4000 }, (_, i) => `F${i} = 1`)
      .join(' and ')
      .slice(0, 40_000);
    const diagnostics = errors(withWhere(`"${criteria}"`));
    const found = only(diagnostics, 'BAD_CRITERIA');
    expect(found.message).toContain('characters long; at most 32,768 are read');
    expect(found.location).toMatchObject({ line: 6, column: 15 + 32_768 });
    expect(diagnostics.map((d) => d.code)).toEqual(['BAD_CRITERIA']);
  });

  it('refuses a raw bidi control in the file before reading it', () => {
    const found = only(errors(withWhere(`"Name = 'a\u202eb'"`)), 'CONTROL_CHARACTER');
    expect(found.location).toMatchObject({ line: 6, column: 24 });
  });
});

// Each schema mistake is explained in the file's own terms, at the key or value concerned.
import { describe, expect, it } from 'vitest';
import { parseDesiredSources } from '../../../src/desired/load-desired.js';

const head = 'version: 1\n';
const account = (entry: string) =>
  `${head}records:\n  Accounts:\n    "554023000003635023": ${entry}\n`;

const CASES: readonly {
  readonly name: string;
  readonly text: string;
  readonly code: string;
  readonly at: string;
  readonly message: string;
  readonly hint?: string;
}[] = [
  {
    name: 'an alias written as plain text',
    text: `${head}territories:\n  emea: EMEA\n`,
    code: 'BAD_ALIAS',
    at: '3:9',
    message: "Alias 'emea' is the text 'EMEA'",
    hint: '`emea: { name: EMEA }`',
  },
  {
    name: 'an alias named like an id',
    text: `${head}territories:\n  "554023000000430451": { name: EMEA }\n`,
    code: 'BAD_ALIAS',
    at: '3:3',
    message: 'all digits',
  },
  {
    name: 'an alias named like a path',
    text: `${head}territories:\n  emea/dach: { name: DACH }\n`,
    code: 'BAD_ALIAS',
    at: '3:3',
    message: "contains '/'",
  },
  {
    name: 'a misspelt alias key',
    text: `${head}territories:\n  emea: { nme: EMEA }\n`,
    code: 'UNKNOWN_KEY',
    at: '3:11',
    message: "did you mean 'name'?",
  },
  {
    name: 'an empty alias mapping',
    text: `${head}territories:\n  emea: {}\n`,
    code: 'BAD_ALIAS',
    at: '3:9',
    message: "Alias 'emea' has no target ({})",
  },
  {
    name: 'a number as an alias name target',
    text: `${head}territories:\n  emea: { name: 42 }\n`,
    code: 'SCHEMA_TYPE',
    at: '3:17',
    message: 'a number (42) where a territory name belongs',
  },
  {
    name: 'an alias path with an empty segment',
    text: `${head}territories:\n  dach: { path: Organization/EMEA/ }\n`,
    code: 'BAD_TERRITORY_PATH',
    at: '3:17',
    message: "path 'Organization/EMEA/' has an empty segment",
  },
  {
    name: 'a list as the whole file',
    text: '- version: 1\n',
    code: 'SCHEMA_TYPE',
    at: '1:1',
    message: 'The file holds a list',
  },
  {
    name: 'aliases written as a list',
    text: `${head}territories: [emea]\n`,
    code: 'SCHEMA_TYPE',
    at: '2:14',
    message: '`territories:` holds a list',
  },
  {
    name: 'an entry with a note and no territories',
    text: account('{ note: Acme }'),
    code: 'MISSING_KEY',
    at: '4:5',
    message: 'has no `territories:` list',
  },
  {
    name: 'territories written as text in the object form',
    text: account('{ territories: EMEA }'),
    code: 'SCHEMA_TYPE',
    at: '4:42',
    message: '`territories:` takes a list',
    hint: '`territories: [EMEA]`',
  },
  {
    name: 'a number as the whole entry',
    text: account('7'),
    code: 'SCHEMA_TYPE',
    at: '4:27',
    message: 'holds the number 7',
    hint: 'Quote it ("7")',
  },
  {
    name: 'an empty list item',
    text: `${head}records:\n  Accounts:\n    "554023000003635023":\n      - EMEA\n      -\n`,
    code: 'EMPTY_REFERENCE',
    at: '6:7',
    message: 'an empty item in its territory list',
  },
  {
    name: 'true as a territory',
    text: account('[EMEA, true]'),
    code: 'SCHEMA_TYPE',
    at: '4:34',
    message: 'true where a territory name belongs',
  },
  {
    name: 'a list inside the list',
    text: account('[[EMEA, DACH]]'),
    code: 'SCHEMA_TYPE',
    at: '4:28',
    message: 'a list where a territory name belongs',
  },
  {
    name: 'a year as a note',
    text: account('{ territories: [], note: 2024 }'),
    code: 'SCHEMA_TYPE',
    at: '4:52',
    message: 'a note must be text',
    hint: 'note: "2024"',
  },
  {
    name: "'notes' instead of 'note'",
    text: account('{ territories: [], notes: Acme }'),
    code: 'UNKNOWN_KEY',
    at: '4:46',
    message: "did you mean 'note'?",
  },
  {
    name: 'a second YAML document',
    text: `${head}---\nversion: 1\n`,
    code: 'YAML_SYNTAX',
    at: '2:1',
    message: 'second YAML document',
  },
  {
    name: '__proto__ as a module',
    text: `${head}records:\n  __proto__: {}\n`,
    code: 'UNKNOWN_MODULE',
    at: '3:3',
    message: "Unknown module '__proto__'",
  },
  {
    name: 'records: written twice',
    text: `${head}records: {}\nrecords: {}\n`,
    code: 'DUPLICATE_KEY',
    at: '3:1',
    message: "Key 'records' appears twice at the top level",
  },
  {
    name: 'a lower-case module name',
    text: `${head}records:\n  deals: {}\n`,
    code: 'UNKNOWN_MODULE',
    at: '3:3',
    message: "did you mean 'Deals'?",
  },
];

describe('schema and structure messages', () => {
  it.each(CASES)('$name -> $code at $at', (testCase) => {
    const result = parseDesiredSources([{ path: 'a.yaml', text: testCase.text }]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.code)).toEqual([testCase.code]);
    const [error] = errors;
    expect(`${error?.location?.line}:${error?.location?.column}`).toBe(testCase.at);
    expect(error?.message).toContain(testCase.message);
    if (testCase.hint !== undefined) expect(error?.hint).toContain(testCase.hint);
  });

  it('accepts empty sections and version written as 1.0', () => {
    const result = parseDesiredSources([
      { path: 'a.yaml', text: 'version: 1.0\nterritories:\nrecords:\n  Deals:\n' },
    ]);
    expect(result).toMatchObject({ ok: true, state: { records: [] }, warnings: [] });
  });
});

describe('YAML anchors', () => {
  it('stops YAML aliases that expand without end', () => {
    const lines = ['version: 1', 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i <= 8; i += 1) {
      const previous = `*a${i - 1}`;
      lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => previous).join(', ')}]`);
    }
    // 10^9 values if expanded: refused from the text instead (a full expansion would not end
    // within the test's timeout, let alone its memory).
    const result = parseDesiredSources([{ path: 'a.yaml', text: lines.join('\n') }]);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.diagnostics.map((d) => d.code)).toContain('YAML_ALIAS');
      expect(result.diagnostics[0]?.message).toContain('expand to far more data');
    }
  });
});

// The config's `owners`: territory -> GitHub users and teams, each entry located in the file so
// a key that names no territory is reported at its line once the catalogue is read.
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../src/config/resolve-config.js';
import type { ConfigSource } from '../../../src/config/resolve-config.js';
import { GITHUB_HANDLE } from '../../../src/render/markdown-escape.js';
import { loadSchema } from '../../../src/schemas.js';

const CWD = '/nonexistent/work';

function resolveYaml(lines: readonly string[]) {
  const text = `${lines.join('\n')}\n`;
  const source: ConfigSource = {
    path: `${CWD}/territory-sync.config.yaml`,
    label: 'territory-sync.config.yaml',
    text,
  };
  return resolveConfig(parse(text) as unknown, source, { cwd: CWD });
}

describe('owners in the config', () => {
  it('keeps the entries in the order written, each at its line', () => {
    const result = resolveYaml([
      'batchSize: 10',
      'owners:',
      '  Organization: ["@zylker/sales-ops"]',
      '  "Organization/EMEA":',
      '    - "@zylker/emea-sales"',
      '    - "@Kim-Lee"',
      '  dach: []',
    ]);
    expect(result.ok && result.config.owners).toEqual([
      {
        territory: 'Organization',
        owners: ['@zylker/sales-ops'],
        location: { file: 'territory-sync.config.yaml', line: 3, column: 3 },
      },
      {
        territory: 'Organization/EMEA',
        owners: ['@zylker/emea-sales', '@Kim-Lee'],
        location: { file: 'territory-sync.config.yaml', line: 4, column: 3 },
      },
      {
        territory: 'dach',
        owners: [],
        location: { file: 'territory-sync.config.yaml', line: 7, column: 3 },
      },
    ]);
  });

  it('has none by default', () => {
    const result = resolveConfig(undefined, {}, { cwd: CWD });
    expect(result.ok && result.config.owners).toEqual([]);
  });

  it.each([
    ['a name without @', 'zylker/sales'],
    ['an e-mail address', 'kim@zylker.com'],
    ['a trailing hyphen', '@kim-'],
    ['two hyphens in a row', '@kim--lee'],
    ['markup', '@kim <b>'],
    ['a line break', '@kim\\n::error::x'],
    ['a nested team', '@org/team/sub'],
  ])('refuses %s as an owner, at its line', (_, owner) => {
    const result = resolveYaml(['owners:', '  Organization/EMEA:', `    - "${owner}"`]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toContain(
      'territory-sync.config.yaml:3:7: /owners/Organization~1EMEA/0: must be a GitHub user or team, written @user or @org/team',
    );
  });

  it('is a top-level setting: an environment cannot name owners', () => {
    const result = resolveYaml(['environments:', '  prod:', '    owners: { EMEA: ["@x"] }']);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain("unknown setting 'owners'");
  });

  it('refuses an empty or blank territory key', () => {
    expect(resolveYaml(['owners:', '  "": ["@x"]']).ok).toBe(false);
    expect(resolveYaml(['owners:', '  "  ": ["@x"]']).ok).toBe(false);
  });

  it('accepts exactly the handles the comment mentions live (one pattern in two places)', () => {
    const schema = loadSchema('config') as {
      properties: { owners: { additionalProperties: { items: { pattern: string } } } };
    };
    const pattern = schema.properties.owners.additionalProperties.items.pattern;
    expect(new RegExp(pattern).source).toBe(GITHUB_HANDLE.source);
  });
});

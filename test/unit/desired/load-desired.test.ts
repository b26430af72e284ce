import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { DesiredRecord, DesiredState, Diagnostic } from '../../../src/core/model.js';
import { loadDesired, parseDesiredSources } from '../../../src/desired/load-desired.js';
import type { DesiredLoadResult } from '../../../src/desired/load-desired.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const valid = 'test/fixtures/desired/valid';

function stateOf(result: DesiredLoadResult): DesiredState {
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics, null, 2));
  return result.state;
}

function diagnosticsOf(result: DesiredLoadResult): Diagnostic[] {
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.diagnostics;
}

function record(state: DesiredState, id: string): DesiredRecord | undefined {
  return state.records.find((r) => r.id === id);
}

async function folderWith(files: Record<string, string | Uint8Array>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ts-desired-'));
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  return dir;
}

/** 1-based line of the first line containing `needle`: the shipped file may gain lines. */
async function lineOf(file: string, needle: string): Promise<number> {
  const lines = (await readFile(path.join(repoRoot, file), 'utf8')).split('\n');
  return lines.findIndex((line) => line.includes(needle)) + 1;
}

describe('the shipped territories.yaml', () => {
  it('loads without errors, with every record, alias and note', async () => {
    const result = await loadDesired(['territories.yaml'], { cwd: repoRoot });
    const line = await lineOf('territories.yaml', '"554023000003635003"');
    const nextLine = await lineOf('territories.yaml', '"554023000003635004"');
    const state = stateOf(result);
    const count = (module: string) => state.records.filter((r) => r.module === module).length;
    expect([state.records.length, count('Accounts'), count('Contacts'), count('Deals')]).toEqual([
      29, 13, 9, 7,
    ]);
    // An alias used nowhere is worth a warning, never an error.
    if (result.ok) expect(result.warnings.every((w) => w.code === 'UNUSED_ALIAS')).toBe(true);

    expect(record(state, '554023000003635003')).toMatchObject({
      module: 'Accounts',
      note: 'Müller Maschinenbau GmbH',
      location: { file: 'territories.yaml', line, column: 5 },
      territories: [
        { ref: { kind: 'path', value: 'Organization/EMEA/DACH' }, written: 'dach', alias: 'dach' },
        {
          ref: { kind: 'path', value: 'Organization/EMEA/Enterprise' },
          written: 'emea-enterprise',
          alias: 'emea-enterprise',
        },
        {
          ref: { kind: 'id', value: '554023000000430499' },
          written: 'strategic',
          alias: 'strategic',
        },
      ],
    });
    expect(record(state, '554023000003635004')?.territories).toEqual([
      {
        ref: { kind: 'name', value: 'UK & Ireland' },
        written: 'UK & Ireland',
        location: { file: 'territories.yaml', line: nextLine, column: 43 },
      },
    ]);
    expect(record(state, '554023000003635013')).toMatchObject({
      territories: [],
      note: 'Dissolved reseller, keep untagged',
    });
    expect(record(state, '554023000003639905')).toMatchObject({
      module: 'Deals',
      territories: [{ ref: { kind: 'name', value: 'Nordics' }, written: 'Nordics' }],
    });
    expect(record(state, '554023000003635105')?.note).toBeUndefined();
  });

  it('records the sha256 of the file bytes', async () => {
    const state = stateOf(await loadDesired(['territories.yaml'], { cwd: repoRoot }));
    const bytes = await readFile(path.join(repoRoot, 'territories.yaml'));
    expect(state.files).toEqual([
      { path: 'territories.yaml', sha256: createHash('sha256').update(bytes).digest('hex') },
    ]);
  });
});

describe('ids beyond the exact integer range', () => {
  it('reads unquoted 18 and 19 digit ids digit for digit', async () => {
    const state = stateOf(await loadDesired([`${valid}/unquoted-ids.yaml`], { cwd: repoRoot }));
    // The same digits as a JavaScript number would have been rounded.
    expect(String(Number('5540230000036350231'))).not.toBe('5540230000036350231');
    expect(state.records.map((r) => r.id)).toEqual(['554023000003635023', '5540230000036350231']);
    expect(record(state, '5540230000036350231')?.territories.map((t) => t.ref)).toEqual([
      { kind: 'id', value: '5540230000036350231' },
      { kind: 'id', value: '5540230000004304991' },
    ]);
    expect(record(state, '554023000003635023')?.territories.map((t) => t.ref)).toEqual([
      { kind: 'id', value: '554023000000430451' },
    ]);
  });

  it('reads them exactly through the full YAML reader too', () => {
    // An anchor sends the file to the full reader.
    const text =
      'version: 1\nrecords:\n  Deals:\n    5540230000036350231: &t 5540230000036350232\n';
    const state = stateOf(parseDesiredSources([{ path: 'a.yaml', text }]));
    expect(state.records).toMatchObject([
      {
        id: '5540230000036350231',
        territories: [{ ref: { kind: 'id', value: '5540230000036350232' } }],
      },
    ]);
  });
});

describe('every way of writing a record', () => {
  it('expands aliases and reads names, paths and ids', async () => {
    const result = await loadDesired([`${valid}/every-form.yaml`], { cwd: repoRoot });
    const state = stateOf(result);
    const refs = (id: string) => record(state, id)?.territories.map((t) => t.ref);
    expect(refs('554023000003635023')).toEqual([
      { kind: 'name', value: 'EMEA' },
      { kind: 'path', value: 'Organization/EMEA/DACH' },
    ]);
    expect(record(state, '554023000003635024')).toMatchObject({
      note: 'Acme Corp',
      territories: [{ alias: 'west', ref: { kind: 'id', value: '554023000000430451' } }],
    });
    expect(refs('554023000003635025')).toEqual([]);
    expect(refs('554023000003635026')).toEqual([
      { kind: 'name', value: 'UK & Ireland' },
      { kind: 'path', value: 'Organization/EMEA/France' },
      { kind: 'id', value: '554023000000430452' },
    ]);
    expect(refs('554023000003635100')).toEqual([{ kind: 'name', value: 'EMEA' }]);
    expect(record(state, '554023000003635101')).toMatchObject({
      note: 'Wile E. Coyote\n(Acme Corp)\n',
      territories: [
        { alias: 'americas', ref: { kind: 'path', value: 'Organization/Americas' } },
        { ref: { kind: 'name', value: 'Partners' }, location: { line: 19, column: 11 } },
      ],
    });
    expect(result.ok && result.warnings).toEqual([]);
  });

  it('shares one list between records through YAML anchors', async () => {
    const state = stateOf(await loadDesired([`${valid}/anchors.yaml`], { cwd: repoRoot }));
    expect(state.records.map((r) => r.territories.map((t) => t.written))).toEqual([
      ['Nordics', 'Partners'],
      ['Nordics', 'Partners'],
    ]);
  });

  it('accepts sections with every record commented out', async () => {
    const state = stateOf(await loadDesired([`${valid}/empty-sections.yaml`], { cwd: repoRoot }));
    expect(state.records).toEqual([]);
  });

  it('shares aliases across files', async () => {
    const files = ['deals.yaml', 'aliases.yaml', 'accounts.yaml'].map((f) => `${valid}/split/${f}`);
    const result = await loadDesired(files, { cwd: repoRoot });
    const state = stateOf(result);
    expect(state.files.map((f) => path.basename(f.path))).toEqual([
      'accounts.yaml',
      'aliases.yaml',
      'deals.yaml',
    ]);
    expect(state.records.map((r) => [r.module, r.id, r.territories[0]?.ref])).toEqual([
      ['Accounts', '554023000003635001', { kind: 'name', value: 'US East' }],
      ['Accounts', '554023000003635002', { kind: 'name', value: 'US West' }],
      ['Deals', '554023000003639901', { kind: 'name', value: 'US East' }],
    ]);
    expect(result.ok && result.warnings).toEqual([]);
  });
});

describe('order', () => {
  it('sorts records by module, then by id as a number', () => {
    const text = [
      'version: 1',
      'records:',
      '  Deals:',
      '    "554023000003639901": West',
      '  Contacts:',
      '    "1000000000000000000": [East]',
      '    "999999999999999999": [East]',
      '  Accounts:',
      '    "554023000003635002": [East]',
      '    "554023000003635001": [East]',
    ].join('\n');
    const state = stateOf(parseDesiredSources([{ path: 'a.yaml', text }]));
    expect(state.records.map((r) => `${r.module} ${r.id}`)).toEqual([
      'Accounts 554023000003635001',
      'Accounts 554023000003635002',
      'Contacts 999999999999999999',
      'Contacts 1000000000000000000',
      'Deals 554023000003639901',
    ]);
  });
});

describe('problems', () => {
  it('reports every problem in every file at once, sorted by file, line and column', () => {
    const b = [
      'version: 1',
      'records:',
      '  Deals:',
      '    "554023000003639901": [East]',
      '    "554023000003639902": [East, West]',
      '  Acounts: {}',
      '  Contacts:',
      '    "554023000003635101": [East, 42]',
    ].join('\n');
    const a = [
      'version: 1',
      'territories:',
      '  east: { name: East, path: Organization/East }',
      'records:',
      '  Deals:',
      '    "554023000003639901": east',
      '  Accounts:',
      '    "55402300000363500O": [East]',
    ].join('\n');
    const broken = 'version: 1\nrecords:\n\t"x": 1\n';
    const diagnostics = diagnosticsOf(
      parseDesiredSources([
        { path: 'b.yaml', text: b },
        { path: 'c.yaml', text: broken },
        { path: 'a.yaml', text: a },
      ]),
    );
    expect(
      diagnostics.map(
        (d) => `${d.location?.file}:${d.location?.line}:${d.location?.column} ${d.code}`,
      ),
    ).toEqual([
      'a.yaml:3:9 BAD_ALIAS',
      'a.yaml:8:5 BAD_RECORD_ID',
      'b.yaml:4:5 DUPLICATE_RECORD',
      'b.yaml:5:5 DEAL_SINGLE_TERRITORY',
      'b.yaml:6:3 UNKNOWN_MODULE',
      'b.yaml:8:34 SCHEMA_TYPE',
      'c.yaml:3:1 YAML_SYNTAX',
    ]);
    const duplicate = diagnostics.find((d) => d.code === 'DUPLICATE_RECORD');
    expect(duplicate?.message).toContain('a.yaml:6:5');
    expect(duplicate?.related).toEqual([{ file: 'a.yaml', line: 6, column: 5 }]);
    for (const d of diagnostics) {
      expect(d.severity).toBe('error');
      expect(d.hint?.length).toBeGreaterThan(0);
    }
  });

  it('warns about an alias no record uses, but not while a file could not be read', () => {
    const aliases = 'version: 1\nterritories:\n  east: { name: US East }\n';
    const result = parseDesiredSources([{ path: 'a.yaml', text: aliases }]);
    expect(result.ok && result.warnings).toMatchObject([
      {
        code: 'UNUSED_ALIAS',
        severity: 'warning',
        location: { file: 'a.yaml', line: 3, column: 3 },
      },
    ]);
    const withBroken = parseDesiredSources([
      { path: 'a.yaml', text: aliases },
      { path: 'b.yaml', text: 'version: 1\nrecords: [\n' },
    ]);
    expect(diagnosticsOf(withBroken).map((d) => d.code)).toEqual(['YAML_SYNTAX']);
  });

  it('refuses an alias defined in two files, naming both', () => {
    const text = 'version: 1\nterritories:\n  east: { name: US East }\n';
    const diagnostics = diagnosticsOf(
      parseDesiredSources([
        { path: 'a.yaml', text },
        { path: 'b.yaml', text },
      ]),
    );
    expect(diagnostics.filter((d) => d.severity === 'error')).toMatchObject([
      {
        code: 'DUPLICATE_ALIAS',
        location: { file: 'b.yaml', line: 3, column: 3 },
        related: [{ file: 'a.yaml', line: 3, column: 3 }],
      },
    ]);
  });

  it("shows the YAML reader's warnings on their line without refusing the file", () => {
    const text = '%FOO bar\n---\nversion: 1\nrecords:\n  Deals:\n    "554023000003639901": East\n';
    const result = parseDesiredSources([{ path: 'a.yaml', text }]);
    expect(stateOf(result).records).toHaveLength(1);
    expect(result.ok && result.warnings).toMatchObject([
      {
        code: 'YAML_WARNING',
        severity: 'warning',
        message: 'Unknown directive %FOO.',
        location: { file: 'a.yaml', line: 1, column: 1 },
      },
    ]);
  });

  it('reports a repeated key with both places', () => {
    const text =
      'version: 1\nrecords:\n  Deals:\n    "554023000003639901": { note: a, note: b, territories: [] }\n';
    expect(diagnosticsOf(parseDesiredSources([{ path: 'a.yaml', text }]))).toMatchObject([
      {
        code: 'DUPLICATE_KEY',
        message: expect.stringContaining("'note' appears twice in Deals record 554023000003639901"),
        location: { line: 4, column: 38 },
        related: [{ line: 4, column: 29 }],
      },
    ]);
  });
});

describe('reading files', () => {
  it('reports a missing file, a folder and a UTF-16 file where they were named', async () => {
    const dir = await folderWith({
      'sub/a.yaml': 'version: 1\n',
      'utf16.yaml': Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from('version: 1\n', 'utf16le'),
      ]),
    });
    const diagnostics = diagnosticsOf(
      await loadDesired(['missing.yaml', 'sub', 'utf16.yaml'], { cwd: dir }),
    );
    expect(diagnostics.map((d) => [d.code, d.location])).toEqual([
      ['FILE_NOT_FOUND', { file: 'missing.yaml', line: 1, column: 1 }],
      ['FILE_UNREADABLE', { file: 'sub', line: 1, column: 1 }],
      ['NOT_UTF8', { file: 'utf16.yaml', line: 1, column: 1 }],
    ]);
    expect(diagnostics[2]?.message).toContain('UTF-16');
  });

  it('reads a file named twice once, and keeps the path as the user wrote it', async () => {
    const dir = await folderWith({
      'teams/a.yaml': 'version: 1\nrecords:\n  Deals:\n    "554023000003639901": X\n',
    });
    const state = stateOf(
      await loadDesired(['teams/a.yaml', './teams/../teams/a.yaml'], { cwd: dir }),
    );
    expect(state.files.map((f) => f.path)).toEqual(['teams/a.yaml']);
    expect(state.records[0]?.location).toEqual({ file: 'teams/a.yaml', line: 4, column: 5 });
  });

  it('hashes the bytes as read, byte-order mark included', async () => {
    const bytes = Buffer.from(
      '\ufeffversion: 1\nrecords:\n  Deals:\n    "554023000003639901": X\n',
    );
    const dir = await folderWith({ 'a.yaml': bytes });
    const state = stateOf(await loadDesired(['a.yaml'], { cwd: dir }));
    expect(state.files[0]?.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(state.records).toHaveLength(1);
  });

  it('hashes text given in memory as its UTF-8 bytes', () => {
    const text = 'version: 1\nrecords:\n  Accounts:\n    "554023000003635003": [München]\n';
    const state = stateOf(parseDesiredSources([{ path: 'a.yaml', text }]));
    expect(state.files[0]?.sha256).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
  });
});

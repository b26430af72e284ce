// checkDesiredBytes: the one way in for desired files held as bytes, from disk or at a git ref.
import { createHash } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkDesiredBytes,
  loadDesired,
  MAX_FILE_BYTES,
  parseDesiredSources,
} from '../../../src/desired/load-desired.js';
import type { DesiredLoadResult } from '../../../src/desired/load-desired.js';

const yaml = (id: string, territory: string) =>
  `version: 1\nrecords:\n  Accounts:\n    "${id}": [${territory}]\n`;
const bytes = (text: string) => new TextEncoder().encode(text);
const latin1 = Buffer.concat([
  Buffer.from(yaml('554023000000000001', 'EMEA')),
  Buffer.from('# M\xfcller\n', 'latin1'),
]);

const problems = (result: DesiredLoadResult) =>
  result.ok ? [] : result.diagnostics.map((d) => [d.code, d.location, d.message]);

describe('checkDesiredBytes', () => {
  it('gives what loadDesired gives for the same files, byte for byte', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ts-desired-bytes-'));
    const files = {
      'a.yaml': bytes(yaml('554023000000000001', 'EMEA')),
      'b.yaml': latin1,
      'c.yaml': bytes(yaml('554023000000000001', 'West')),
    };
    for (const [name, content] of Object.entries(files)) {
      await writeFile(path.join(dir, name), content);
    }
    const fromDisk = await loadDesired(Object.keys(files), { cwd: dir });
    const inMemory = checkDesiredBytes(
      Object.entries(files).map(([name, content]) => ({ path: name, bytes: content })),
    );
    expect(inMemory).toEqual(fromDisk);
    expect(problems(inMemory).map(([code]) => code)).toEqual(['NOT_UTF8', 'DUPLICATE_RECORD']);
  });

  it('names every file as REF:file when the bytes were read at a git ref', () => {
    const result = checkDesiredBytes(
      [
        { path: 'territories.yaml', bytes: latin1 },
        { path: 'big.yaml', tooLarge: 21 * 2 ** 20 },
        { path: 'more.yaml', bytes: bytes('version: 1\nrecords: 5\n') },
      ],
      { ref: 'main' },
    );
    expect(problems(result)).toEqual([
      [
        'FILE_TOO_LARGE',
        { file: 'main:big.yaml', line: 1, column: 1 },
        'main:big.yaml (21 MB) is larger than the 20 MB a desired file may hold; it was not read.',
      ],
      ['SCHEMA_TYPE', { file: 'main:more.yaml', line: 2, column: 10 }, expect.any(String)],
      [
        'NOT_UTF8',
        { file: 'main:territories.yaml', line: 5, column: 4 },
        'main:territories.yaml is not valid UTF-8: the byte here cannot be decoded.',
      ],
    ]);
  });

  it('refuses bytes over the limit however they were read, and says when the size is unknown', () => {
    const result = checkDesiredBytes([
      { path: 'held.yaml', bytes: new Uint8Array(MAX_FILE_BYTES + 1) },
      { path: 'growing.yaml', tooLarge: undefined },
    ]);
    expect(problems(result)).toEqual([
      [
        'FILE_TOO_LARGE',
        { file: 'growing.yaml', line: 1, column: 1 },
        'growing.yaml is larger than the 20 MB a desired file may hold.',
      ],
      [
        'FILE_TOO_LARGE',
        { file: 'held.yaml', line: 1, column: 1 },
        'held.yaml (20 MB) is larger than the 20 MB a desired file may hold.',
      ],
    ]);
  });

  it('holds the files to the rules it is given, and hashes their bytes', () => {
    const leads = bytes('version: 1\nrecords:\n  Leads:\n    "554023000000000009": [EMEA]\n');
    expect(problems(checkDesiredBytes([{ path: 'l.yaml', bytes: leads }])).map(([c]) => c)).toEqual(
      ['MODULE_NOT_ENABLED'],
    );
    const managed = checkDesiredBytes([{ path: 'l.yaml', bytes: leads }], {
      modules: ['Accounts', 'Contacts', 'Deals', 'Leads'],
    });
    expect(managed.ok && managed.state.files).toEqual([
      { path: 'l.yaml', sha256: createHash('sha256').update(leads).digest('hex') },
    ]);
  });

  it('is what parseDesiredSources checks texts with', () => {
    const text = yaml('554023000000000001', 'EMEA');
    expect(parseDesiredSources([{ path: 'a.yaml', text }])).toEqual(
      checkDesiredBytes([{ path: 'a.yaml', bytes: bytes(text) }]),
    );
  });
});

import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomically } from '../../../src/files/write-atomic.js';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'territory-sync-export-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomically', () => {
  it('writes every chunk in order and leaves no temporary file', async () => {
    const file = path.join(dir, 'territories.yaml');
    await writeFileAtomically(file, ['version: 1\n', 'records:\n', '  Accounts: {}\n']);
    expect(await readFile(file, 'utf8')).toBe('version: 1\nrecords:\n  Accounts: {}\n');
    expect(await readdir(dir)).toEqual(['territories.yaml']);
  });

  it('keeps the old file whole when producing the new one fails midway', async () => {
    const file = path.join(dir, 'territories.yaml');
    await writeFile(file, 'old content\n');
    function* failing(): Generator<string> {
      yield 'version: 1\n';
      throw new Error('the CRM went away');
    }
    await expect(writeFileAtomically(file, failing())).rejects.toThrow('the CRM went away');
    expect(await readFile(file, 'utf8')).toBe('old content\n');
    expect(await readdir(dir)).toEqual(['territories.yaml']);
  });
});

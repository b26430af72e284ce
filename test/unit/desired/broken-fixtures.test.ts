import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadDesired } from '../../../src/desired/load-desired.js';
import { BROKEN_CASES } from '../../fixtures/desired/broken-cases.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const brokenDir = 'test/fixtures/desired/broken';

describe('broken desired-state fixtures', () => {
  it.each(BROKEN_CASES)('$name -> $code at $line:$column', async (testCase) => {
    const result = await loadDesired(testCase.files, { cwd: repoRoot });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    // One mistake, one error: the echoes a mistake causes are not reported again.
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.code)).toEqual([testCase.code]);
    const [error] = errors;
    expect(error?.location).toEqual({
      file: testCase.files.at(-1),
      line: testCase.line,
      column: testCase.column,
    });
    expect(error?.message).toContain(testCase.messageIncludes);
    expect(error?.hint).toContain(testCase.hintIncludes);
  });

  it('covers every broken fixture on disk', () => {
    const onDisk = readdirSync(path.join(repoRoot, brokenDir)).flatMap((name) => {
      const full = path.join(repoRoot, brokenDir, name);
      return statSync(full).isDirectory()
        ? readdirSync(full).map((inner) => `${brokenDir}/${name}/${inner}`)
        : [`${brokenDir}/${name}`];
    });
    const inTable = new Set(BROKEN_CASES.flatMap((c) => c.files));
    expect(onDisk.filter((file) => !inTable.has(file))).toEqual([]);
    expect(BROKEN_CASES.length).toBeGreaterThanOrEqual(24);
  });

  it('names the first place as related when a record is listed in two files', async () => {
    const twoFiles = BROKEN_CASES.find((c) => c.files.length === 2);
    expect(twoFiles?.code).toBe('DUPLICATE_RECORD');
    const result = await loadDesired(twoFiles?.files ?? [], { cwd: repoRoot });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics[0]?.related).toEqual([
      { file: twoFiles?.files[0], line: 4, column: 5 },
    ]);
    expect(result.diagnostics[0]?.record).toEqual({ module: 'Accounts', id: '554023000003635001' });
  });
});

// What refusing the largest alias bombs costs, measured in a process of its own (vitest runs
// each test file in a fresh fork), so the peak resident size is this file's alone. Before the
// expansion was bounded from the text, the 4.3 MB file ran out of a 3 GB heap after 80 s and the
// 330 KB one was accepted (and `plan` then grew to nearly 1 GB).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadDesired } from '../../src/desired/load-desired.js';
import { billionLaughs, manyAliasesOf } from './desired-round2-files.js';

const MB = 1024 * 1024;

let dir: string;
const names = [
  'laughs.yaml',
  'laughs-block.yaml',
  'wide-map.yaml',
  'wide-names.yaml',
  'wide-note.yaml',
];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'territory-sync-bombs-'));
  await writeFile(path.join(dir, 'laughs.yaml'), billionLaughs(10, 10));
  await writeFile(path.join(dir, 'laughs-block.yaml'), billionLaughs(9, 10, 'block'));
  await writeFile(path.join(dir, 'wide-map.yaml'), manyAliasesOf('map', 4_300_000));
  await writeFile(path.join(dir, 'wide-names.yaml'), manyAliasesOf('names', 0));
  await writeFile(path.join(dir, 'wide-note.yaml'), manyAliasesOf('note', 0));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// Memory is asserted, time is not: a bomb that was expanded would blow the bound below (or the
// test's timeout) long before a slow machine could.
it('each alias bomb is refused, and all of them within 256 MB more memory', async () => {
  const rssBefore = process.memoryUsage().rss;
  for (const name of names) {
    const result = await loadDesired([name], { cwd: dir });
    expect(result.ok, name).toBe(false);
    if (result.ok) continue;
    expect(result.diagnostics.map((d) => `${d.location?.file ?? ''} ${d.code}`)).toEqual([
      `${name} YAML_ALIAS`,
    ]);
  }
  // The highest resident size the process ever reached, less where it stood before: an upper
  // bound of what reading, decoding and refusing the five files took at any moment.
  const peakGrowth = process.resourceUsage().maxRSS * 1024 - rssBefore;
  expect(peakGrowth).toBeLessThan(256 * MB);
});

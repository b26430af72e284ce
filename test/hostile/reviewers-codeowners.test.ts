// `owners --codeowners` writes lines a repository pastes into CODEOWNERS: desired files with
// odd names must either become one exact pattern each or be left out with the true reason.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** A folder standing for a repository's root (what CODEOWNERS paths start from). */
async function repositoryRoot(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'territory-sync-codeowners-'));
  dirs.push(dir);
  await mkdir(path.join(dir, '.git'));
  return dir;
}

const entry = (id: string) =>
  `version: 1\nrecords:\n  Accounts:\n    "${id}": [Organization/EMEA/DACH]\n`;

describe('owners --codeowners with desired files of unusual names', () => {
  it('names a file in a folder whose name starts with ".." (it is inside the repository)', async () => {
    const dir = await repositoryRoot();
    await mkdir(path.join(dir, '..regions'));
    await writeFile(path.join(dir, '..regions', 'emea.yaml'), entry('554023000003635003'));
    await writeFile(
      path.join(dir, 'territory-sync.config.json'),
      JSON.stringify({
        desired: ['..regions/emea.yaml'],
        owners: { 'Organization/EMEA': ['@zylker/emea-sales'] },
      }),
    );
    const result = await runCli(['owners', '--codeowners'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('\n/..regions/emea.yaml @zylker/emea-sales\n');
  });

  it('leaves out a file whose name holds a line break, saying so (not "outside the repository")', async () => {
    const dir = await repositoryRoot();
    const odd = 'emea\n* @attacker.yaml';
    await writeFile(path.join(dir, odd), entry('554023000003635003'));
    await writeFile(path.join(dir, 'west.yaml'), entry('554023000003635004'));
    await writeFile(
      path.join(dir, 'territory-sync.config.json'),
      JSON.stringify({
        desired: [odd, 'west.yaml'],
        owners: { 'Organization/EMEA': ['@zylker/emea-sales'] },
      }),
    );
    const result = await runCli(['owners', '--codeowners'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('\n/west.yaml @zylker/emea-sales\n');
    expect(result.stdout).not.toContain('@attacker');
    expect(result.stderr).toContain(
      'Left out emea\\u000a* @attacker.yaml: its name holds a line break or another control character',
    );
    expect(result.stderr).not.toContain('inside the repository');
  });

  it('warns when run outside the repository’s root, where its paths would not match', async () => {
    const root = await repositoryRoot();
    const dir = path.join(root, 'regions');
    await mkdir(dir);
    await writeFile(path.join(dir, 'emea.yaml'), entry('554023000003635003'));
    await writeFile(
      path.join(dir, 'territory-sync.config.json'),
      JSON.stringify({
        desired: ['emea.yaml'],
        owners: { 'Organization/EMEA': ['@zylker/emea-sales'] },
      }),
    );
    const result = await runCli(['owners', '--codeowners'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('\n/emea.yaml @zylker/emea-sales\n');
    expect(result.stderr).toContain(
      'CODEOWNERS paths start at the root of the repository, and this folder is not one (it has no .git)',
    );
    const atRoot = await runCli(
      ['owners', '--codeowners', '--config', 'regions/territory-sync.config.json'],
      {
        cwd: root,
      },
    );
    expect(atRoot.stderr).toBe('');
    expect(atRoot.stdout).toContain('\n/regions/emea.yaml @zylker/emea-sales\n');
  });
});

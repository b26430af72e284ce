// Pseudo-files look like regular files (stat says "file", size 0) but hold the process's secrets
// or never end: a config or plan linked into /proc must be refused without quoting or reading on.
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function folder(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'territory-sync-proc-'));
  dirs.push(dir);
  return dir;
}

const SECRET = 'proc-secret-value-0123456789';

describe.runIf(process.platform === 'linux')('files linked into /proc', () => {
  it('a config linked to /proc/self/environ is refused and the environment never printed', async () => {
    const dir = await folder();
    await symlink('/proc/self/environ', path.join(dir, 'territory-sync.config.yaml'));
    // /proc/self/environ is this test process's environment as it started (Linux does not show
    // later changes there); the secret set here guards the message in case a platform does.
    process.env.TERRITORY_SYNC_TEST_SECRET = SECRET;
    process.env.TERRITORY_SYNC_TEST_TITLE = 'fix: typo';
    let out;
    try {
      out = await runCli(['validate'], { cwd: dir, env: {} });
    } finally {
      delete process.env.TERRITORY_SYNC_TEST_SECRET;
      delete process.env.TERRITORY_SYNC_TEST_TITLE;
    }
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('holds NUL bytes, so it is not a text config file');
    expect(out.stdout + out.stderr).not.toContain(SECRET);
  });

  it('a plan linked to a pseudo-file that never ends is read only up to the cap', async () => {
    const dir = await folder();
    await symlink('/proc/self/pagemap', path.join(dir, 'plan.json'));
    const out = await runCli(['show', 'plan.json'], { cwd: dir, env: {} });
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('plan.json: is more than the 256 MB a plan file may be.');
  });
});

describe('package.json is the project’s file', () => {
  it('a large package.json without our key does not block a run', async () => {
    const dir = await folder();
    const { writeFile } = await import('node:fs/promises');
    const big = { name: 'x', description: 'y'.repeat(80_000) };
    await writeFile(path.join(dir, 'package.json'), JSON.stringify(big));
    await writeFile(path.join(dir, 'territories.yaml'), 'version: 1\nrecords: {}\n');
    const out = await runCli(['validate'], { cwd: dir, env: {} });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
  });
});

// plan --base-ref reads desired files out of git history, where any file may have been
// committed once: the loader's size limit holds there too, checked before the file is read.
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES } from '../../src/desired/limits.js';
import { readFilesAtRef } from '../../src/git/desired-at-ref.js';
import { runCli } from '../helpers/run-cli.js';
import { desiredYaml, startTestOrg } from '../helpers/org.js';
import type { TestOrg } from '../helpers/org.js';
import { R, smallOrg } from './small-org.js';

let org: TestOrg | undefined;
afterEach(async () => {
  await org?.close();
  org = undefined;
});

const git = (cwd: string, ...args: string[]) =>
  execa('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.invalid', ...args], {
    cwd,
    env: { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
  });

/** A well-formed desired file just over the limit: 21 MB of Accounts. */
function oversizedYaml(): string {
  const header = 'version: 1\nrecords:\n  Accounts:\n';
  const line = (i: number) => `    "5540230${String(i).padStart(11, '0')}": [East]\n`;
  const count = Math.ceil((MAX_FILE_BYTES + 2 ** 20 - header.length) / line(0).length);
  return header + Array.from({ length: count }, (_, i) => line(i)).join('');
}

async function repoWithBase(o: TestOrg, base: string): Promise<void> {
  await git(o.dir, 'init', '-q', '-b', 'main');
  await o.write('territories.yaml', base);
  await git(o.dir, 'add', 'territories.yaml');
  await git(o.dir, 'commit', '-q', '-m', 'base');
}

describe('plan --base-ref and the size limit', () => {
  it('refuses a desired file at the base ref over the limit, with a located error', async () => {
    org = await startTestOrg({ seed: smallOrg() });
    const o = org;
    const base = oversizedYaml();
    expect(Buffer.byteLength(base)).toBeGreaterThan(MAX_FILE_BYTES);
    await repoWithBase(o, base);
    await o.write('territories.yaml', desiredYaml({ Accounts: { [R.globex]: ['West'] } }));

    const plan = await runCli(['plan', '--base-ref', 'main'], { cwd: o.dir, env: o.env });
    expect(plan.code).toBe(1);
    expect(plan.stdout).toBe('');
    expect(plan.stderr).toContain(
      'main:territories.yaml:1:1: error FILE_TOO_LARGE: main:territories.yaml (21 MB) is larger ' +
        'than the 20 MB a desired file may hold; it was not read.',
    );
    expect(plan.stderr).toContain('run plan without --base-ref');
    expect(plan.stderr).toContain('Error: --base-ref main: 1 desired file is too large');
  }, 30_000);

  it('decides from the size git reports, and reads a file only when it fits', async () => {
    org = await startTestOrg({ seed: smallOrg() });
    const o = org;
    const text = desiredYaml({ Accounts: { [R.globex]: ['West'] } });
    await repoWithBase(o, text);
    const size = Buffer.byteLength(text);

    const [fits] = await readFilesAtRef(o.dir, 'main', ['territories.yaml'], { maxBytes: size });
    expect(fits).toEqual({ path: 'territories.yaml', bytes: expect.any(Uint8Array) });
    expect(fits && 'bytes' in fits ? Buffer.from(fits.bytes ?? []).toString() : '').toBe(text);

    const [over] = await readFilesAtRef(o.dir, 'main', ['territories.yaml'], {
      maxBytes: size - 1,
    });
    expect(over).toEqual({ path: 'territories.yaml', tooLarge: size });

    const [missing] = await readFilesAtRef(o.dir, 'main', ['more.yaml'], { maxBytes: size });
    expect(missing).toEqual({ path: 'more.yaml', bytes: undefined });
  });
});

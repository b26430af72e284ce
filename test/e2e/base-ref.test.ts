// plan --base-ref in a real temporary git repository.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { desiredYaml, startTestOrg } from '../helpers/org.js';
import type { TestOrg } from '../helpers/org.js';
import { R, T, smallOrg } from './small-org.js';

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

describe('plan --base-ref', () => {
  it('reports a record removed from the YAML as no longer managed, and never writes to it', async () => {
    org = await startTestOrg({ seed: smallOrg() });
    const o = org;
    await git(o.dir, 'init', '-q', '-b', 'main');
    await o.write(
      'territories.yaml',
      desiredYaml({
        Accounts: { [R.acme]: ['East'], [R.globex]: ['West'] },
        Contacts: { [R.anna]: ['DACH'] },
      }),
    );
    await git(o.dir, 'add', 'territories.yaml');
    await git(o.dir, 'commit', '-q', '-m', 'base');
    // The pull request: Acme gets DACH too, Anna leaves the file.
    await o.write(
      'territories.yaml',
      desiredYaml({ Accounts: { [R.acme]: ['East', 'DACH'], [R.globex]: ['West'] } }),
    );

    const cli = (argv: string[]) => runCli(argv, { cwd: o.dir, env: o.env });
    const plan = await cli(['plan', '--base-ref', 'main']);
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain(
      'Since main: 0 records added, 1 list changed, 1 record no longer managed.',
    );
    expect(plan.stdout).toContain(
      'No longer managed (left as they are in the CRM):\n  Contacts 554023000003600101',
    );

    const markdown = await cli(['plan', '--base-ref', 'main', '--format', 'markdown']);
    expect(markdown.stdout).toContain('No longer managed (left as they are in the CRM):');

    o.emulator.resetStats();
    expect((await cli(['apply', '--auto-approve'])).code).toBe(0);
    const anna = o.emulator.state().records.Contacts?.find((r) => r.id === R.anna);
    expect(anna?.territories.map((t) => t.id)).toEqual([T.dach]);
    // Acme gains DACH, Globex gains West; nothing is sent for Anna.
    expect(o.emulator.stats().writeEntries.total).toBe(2);
  });

  it('names a file at the base ref that is not UTF-8 as REF:file, and still plans', async () => {
    org = await startTestOrg({ seed: smallOrg() });
    const o = org;
    await git(o.dir, 'init', '-q', '-b', 'main');
    // Saved once in Latin-1: the "ü" of the comment on line 5 is the byte 0xFC.
    const latin1 = Buffer.concat([
      Buffer.from(desiredYaml({ Accounts: { [R.globex]: ['West'] } })),
      Buffer.from('# M\xfcller\n', 'latin1'),
    ]);
    await writeFile(path.join(o.dir, 'territories.yaml'), latin1);
    await git(o.dir, 'add', 'territories.yaml');
    await git(o.dir, 'commit', '-q', '-m', 'base');
    await o.write('territories.yaml', desiredYaml({ Accounts: { [R.globex]: ['West'] } }));

    const plan = await runCli(['plan', '--base-ref', 'main'], { cwd: o.dir, env: o.env });
    expect(plan.code).toBe(0);
    expect(plan.stderr).toContain(
      'Note: the desired files at main do not validate, so records that left them cannot be listed.\n' +
        'main:territories.yaml:5:4: error NOT_UTF8: main:territories.yaml is not valid UTF-8: ' +
        'the byte here cannot be decoded.',
    );
    expect(plan.stdout).toContain('Since main: 1 record added');
  });

  it('says clearly when the folder is not a repository or the ref is unknown', async () => {
    org = await startTestOrg({ seed: smallOrg() });
    const o = org;
    await o.write('territories.yaml', desiredYaml({ Accounts: { [R.globex]: ['West'] } }));
    const cli = (argv: string[]) =>
      runCli(argv, { cwd: o.dir, env: { ...o.env, GIT_CEILING_DIRECTORIES: o.dir } });
    const notRepo = await cli(['plan', '--base-ref', 'main']);
    expect(notRepo.code).toBe(1);
    expect(notRepo.stderr).toContain('is not inside a git repository');

    await git(o.dir, 'init', '-q', '-b', 'main');
    await git(o.dir, 'add', '.');
    await git(o.dir, 'commit', '-q', '-m', 'base');
    const unknown = await cli(['plan', '--base-ref', 'origin/nope']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("git does not know 'origin/nope'");
    expect(unknown.stderr).toContain('fetch-depth: 0');
  });
});

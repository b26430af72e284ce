// Flags as the docs promise them, end to end against the emulator: global options on either
// side of the command, `plan FILE...`, and `--quiet` printing only the summary.
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { desiredYaml, startTestOrg } from '../helpers/org.js';
import type { TestOrg } from '../helpers/org.js';
import { R, smallOrg } from './small-org.js';

let org: TestOrg | undefined;
afterEach(async () => {
  await org?.close();
  org = undefined;
});

async function setUp() {
  org = await startTestOrg({ seed: smallOrg() });
  await org.write('territories.yaml', desiredYaml({ Accounts: { [R.acme]: ['East', 'DACH'] } }));
  await org.write('other.yaml', desiredYaml({ Accounts: { [R.globex]: ['West'] } }));
  const o = org;
  return (argv: readonly string[]) => runCli(argv, { cwd: o.dir, env: o.env });
}

describe('CLI flags', () => {
  it('plan --quiet prints the summary line only, and -q works before the command', async () => {
    const cli = await setUp();
    for (const argv of [
      ['plan', '--quiet'],
      ['-q', 'plan'],
    ]) {
      const out = await cli(argv);
      expect(out.code, out.stderr).toBe(0);
      expect(out.stdout).toBe('Plan: 1 to assign, 0 to remove, across 1 record (0 unchanged).\n');
    }
  });

  it('plan FILE plans that file instead of the configured one', async () => {
    const cli = await setUp();
    const out = await cli(['--no-color', 'plan', 'other.yaml']);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain('~ Globex (554023000003600002)');
    expect(out.stdout).not.toContain('Acme');
  });

  it('an unknown option is one line with the closest one, and nothing is read', async () => {
    const cli = await setUp();
    const out = await cli(['plan', '--detailed-exit-code']);
    expect(out.code).toBe(1);
    expect(out.stderr.split('\n')[0]).toBe(
      "Error: 'plan' has no option '--detailed-exit-code' (did you mean --detailed-exitcode?).",
    );
    expect(org?.emulator.stats().calls).toBe(0);
  });

  it('validate --online resolves against the CRM and writes nothing', async () => {
    const cli = await setUp();
    const ok = await cli(['validate', '--online']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(`Valid against ${org?.emulator.url}, org Zylker`);
    expect(ok.stdout).toContain('Every one of the 2 territory references resolves');
    expect(ok.stdout).toContain('1 record would change');

    await org?.write(
      'bad.yaml',
      desiredYaml({ Accounts: { [R.acme]: ['Weest'], '554023000003609999': ['East'] } }),
    );
    const bad = await cli(['validate', '--online', 'bad.yaml']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/bad\.yaml:4:\d+: error \w+: .*Weest/);
    expect(bad.stderr).toContain('554023000003609999');
    expect(org?.emulator.stats().writeCalls).toBe(0);
  });
});

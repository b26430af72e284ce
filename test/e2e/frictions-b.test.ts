// Issue #12 (second part), end to end against the emulator on 127.0.0.1: export does not
// overwrite a file without --force and writes files that plan clean; unknown references
// suggest aliases and the right case; an alias used anywhere is used; a host that refuses
// connections is reported at once; the emulator prints lines a shell takes as they are.
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../src/cli/args.js';
import { emulatorCommand } from '../../src/cli/commands/emulator.js';
import { exportCommandFromFlags } from '../../src/cli/commands/export.js';
import { createContext } from '../../src/cli/context.js';
import type { Io } from '../../src/cli/io.js';
import { DEMO_CREDENTIALS, startTestOrg } from '../helpers/org.js';
import type { TestOrg } from '../helpers/org.js';
import { cleanEnv, runCli } from '../helpers/run-cli.js';
import { R, smallOrg } from './small-org.js';

const run = promisify(execFile);

/** An address on 127.0.0.1 nothing listens on (bound once, then released). */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

let org: TestOrg | undefined;
afterEach(async () => {
  await org?.close();
  org = undefined;
});

async function setUp(seed?: ReturnType<typeof smallOrg>) {
  org = await startTestOrg(seed === undefined ? {} : { seed });
  const o = org;
  const cli = (argv: readonly string[]) => runCli(argv, { cwd: o.dir, env: o.env });
  return { org: o, cli };
}

function memoryIo(cwd: string, env: Readonly<Record<string, string | undefined>>) {
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        append(chunk.toString());
        done();
      },
    });
  const io: Io = {
    stdout: sink((s) => (out += s)),
    stderr: sink((s) => (err += s)),
    stdin: new PassThrough(),
    env: cleanEnv(env),
    cwd,
  };
  return { io, out: () => out, err: () => err };
}

describe('export --out', () => {
  it('refuses to replace an existing file without --force, before reading the CRM', async () => {
    const { org: o, cli } = await setUp(smallOrg());
    const file = await o.write('territories.yaml', 'version: 1\nrecords: {}\n');

    const refused = await cli(['export', '--out', 'territories.yaml']);

    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('territories.yaml already exists');
    expect(refused.stderr).toContain('--force');
    expect(await readFile(file, 'utf8')).toBe('version: 1\nrecords: {}\n');
    expect(o.emulator.stats().calls).toBe(0);

    // A new file needs no --force.
    const fresh = await cli(['export', '--out', 'exported.yaml']);
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(await readFile(path.join(o.dir, 'exported.yaml'), 'utf8')).toContain(R.acme);
  });

  it('replaces the file with --force (parsed as the CLI parses it)', async () => {
    const { org: o } = await setUp(smallOrg());
    const file = await o.write('territories.yaml', 'version: 1\nrecords: {}\n');
    const parsed = parseCliArgs(['export', '--out', 'territories.yaml', '--force']);
    if (parsed.kind !== 'command') throw new Error('not a command');
    const console_ = memoryIo(o.dir, o.env);

    const code = await exportCommandFromFlags(
      createContext(console_.io, parsed.global),
      parsed.flags,
    );

    expect(code, console_.err()).toBe(0);
    expect(await readFile(file, 'utf8')).toContain(`"${R.acme}": { territories: [East]`);
  });

  it('replaces the file with --force through the CLI as a user runs it', async () => {
    const { org: o, cli } = await setUp(smallOrg());
    await o.write('out.yaml', 'version: 1\nrecords: {}\n');
    expect((await cli(['export', '--out', 'out.yaml'])).code).toBe(1);
    const forced = await cli(['export', '--out', 'out.yaml', '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(await readFile(path.join(o.dir, 'out.yaml'), 'utf8')).toContain(R.acme);
  });

  it('writes a file that plans as "No changes" with no warning, rule-assigned territories listed', async () => {
    // The demo org: Accounts that carry territories from rules beside manual ones.
    const { org: o, cli } = await setUp();
    const exported = await cli(['export', '--out', 'exported.yaml']);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stderr).toBe('');
    expect(exported.stdout).toMatch(/made by rules, listed so plan expects them/);
    const text = await readFile(path.join(o.dir, 'exported.yaml'), 'utf8');
    expect(text).toMatch(/^ {4}"\d+": .*North America.* # by rules: North America$/m);

    const plan = await cli(['plan', 'exported.yaml', '--detailed-exitcode']);

    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('No changes');
    expect(plan.stderr).toBe('');
    expect(o.emulator.stats().writeCalls).toBe(0);
  });
});

describe('unknown territory references', () => {
  it('suggest an alias spelled alike and the exact case of a name, each with a fix line', async () => {
    const { cli, org: o } = await setUp();
    await o.write(
      'territories.yaml',
      [
        'version: 1',
        'territories:',
        '  west: { name: US West }',
        'records:',
        '  Accounts:',
        '    "554023000003635023": [weest]',
        '    "554023000003635024": [emea]',
        '    "554023000003635025": [Atlantis]',
        '',
      ].join('\n'),
    );

    const plan = await cli(['plan']);

    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain('unknown territory "weest": no territory is named "weest".');
    expect(plan.stderr).toContain('Did you mean the alias "west"?');
    expect(plan.stderr).toContain(
      'unknown territory "emea": no territory is named "emea" (names are case-sensitive).',
    );
    expect(plan.stderr).toContain('Did you mean "EMEA"?');
    expect(plan.stderr).toContain('Refer to a territory by its name, its path from the root');
    // "west" itself is written nowhere: the warning stays, and says to look for a misspelling.
    expect(plan.stderr).toContain("Alias 'west' is defined but no record uses it.");
  });
});

describe('UNUSED_ALIAS', () => {
  it('is not given for an alias used only in a refused Leads section', async () => {
    const { cli, org: o } = await setUp();
    await o.write(
      'territories.yaml',
      [
        'version: 1',
        'territories:',
        '  west: { name: US West }',
        'records:',
        '  Leads:',
        '    "554023000003635023": [west]',
        '',
      ].join('\n'),
    );

    const validate = await cli(['validate']);

    expect(validate.code).toBe(1);
    expect(validate.stderr).toContain('MODULE_NOT_ENABLED');
    expect(validate.stderr).not.toContain('UNUSED_ALIAS');
    expect(validate.stderr).not.toContain('no record uses it');
  });
});

describe('a host that refuses connections', () => {
  it('is reported after one quick retry, naming the host and what to check', async () => {
    const { org: o } = await setUp();
    const url = await closedPortUrl();
    await writeFile(path.join(o.dir, 'territories.yaml'), 'version: 1\nrecords: {}\n');

    const plan = await runCli(['plan'], {
      cwd: o.dir,
      env: { ...DEMO_CREDENTIALS, ZOHO_API_DOMAIN: url, ZOHO_ACCOUNTS_URL: url },
    });

    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain(
      `Could not get an answer from ${url} for POST /oauth/v2/token: ECONNREFUSED, nothing is ` +
        'listening at that address (it has not answered in this run)',
    );
    expect(plan.stderr).toContain('gave up after 1 retry');
    expect(plan.stderr).toContain('Check the URL (ZOHO_API_DOMAIN / ZOHO_ACCOUNTS_URL');
    expect(plan.stderr).toContain('`territory-sync emulator`');
  });
});

describe('territory-sync emulator', () => {
  it('prints export lines a shell takes as they are, and they reach the emulator', async () => {
    const console_ = memoryIo(process.cwd(), {});
    const abort = new AbortController();
    const running = emulatorCommand({ port: 0 }, console_.io, abort.signal);
    try {
      let printed = '';
      for (let i = 0; i < 200 && !printed.includes('ZOHO_REFRESH_TOKEN'); i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        printed = console_.out();
      }
      const [first, ...rest] = printed.trimEnd().split('\n');
      const url = /^Zoho CRM emulator listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(
        first ?? '',
      )?.[1];
      expect(url).toBeDefined();
      // Every other line is a comment or an export: pasted whole, a shell runs it cleanly.
      for (const line of rest) expect(line).toMatch(/^(# |export ZOHO_[A-Z_]+=)/);
      const shell = await run('sh', ['-c', `${rest.join('\n')}\nenv | grep '^ZOHO_' | sort`]);
      const env = Object.fromEntries(
        shell.stdout
          .trim()
          .split('\n')
          .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
      );
      expect(env).toEqual({
        ...DEMO_CREDENTIALS,
        ZOHO_API_DOMAIN: url,
        ZOHO_ACCOUNTS_URL: url,
      });
      // What the lines set is all a run needs.
      const validate = await runCli(['validate', '--online', 'territories.yaml'], { env });
      expect(validate.code, validate.stderr).toBe(0);
    } finally {
      abort.abort();
      expect(await running).toBe(0);
    }
  });
});

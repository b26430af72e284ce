// Issue #12: `export --force` reaches the command; the emulator's environment lines are words a
// POSIX shell reads back exactly, whatever the URL holds.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../../src/cli/args.js';
import { demoEnvironmentLines, shellWord } from '../../../src/cli/commands/emulator.js';
import { exportOptionsFromFlags } from '../../../src/cli/commands/export.js';

function flagsOf(argv: string[]) {
  const parsed = parseCliArgs(argv);
  if (parsed.kind !== 'command') throw new Error('not a command');
  return parsed;
}

describe('export options', () => {
  it.each([
    [['export'], { modules: [], force: false }],
    [
      ['export', '--out', 'territories.yaml', '--force', '--module', 'deals,accounts'],
      { modules: ['Accounts', 'Deals'], out: 'territories.yaml', force: true },
    ],
    [
      ['--config', 'c.json', 'export', '--module', 'Contacts', '--env', 'sandbox'],
      { modules: ['Contacts'], force: false, config: 'c.json', env: 'sandbox' },
    ],
  ])('%j', (argv, expected) => {
    const parsed = flagsOf(argv);
    expect(exportOptionsFromFlags(parsed.flags, parsed.global)).toEqual(expected);
  });

  it('refuses --force as a value-taking option and suggests it when misspelt', () => {
    expect(() => parseCliArgs(['export', '--force=yes'])).toThrow(/takes no value/);
    expect(() => parseCliArgs(['export', '--forse'])).toThrow(/did you mean --force\?/);
  });
});

describe('the emulator environment lines', () => {
  function shellRead(lines: string): Record<string, string> {
    const out = execFileSync('sh', ['-c', `${lines}\nenv | grep '^ZOHO_' | sort`], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH },
    });
    return Object.fromEntries(
      out
        .trim()
        .split('\n')
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
  }

  it('are a comment and export lines, values bare when plainly safe', () => {
    const lines = demoEnvironmentLines('http://127.0.0.1:4000');
    expect(lines).toBe(
      [
        '# Demo org (fake, public OAuth client). To use it from another shell, paste:',
        'export ZOHO_API_DOMAIN=http://127.0.0.1:4000 ZOHO_ACCOUNTS_URL=http://127.0.0.1:4000',
        'export ZOHO_CLIENT_ID=1000.DEMO0CLIENT0ID0TERRITORYSYNC ZOHO_CLIENT_SECRET=demo-client-secret',
        'export ZOHO_REFRESH_TOKEN=1000.demo-refresh-token.territory-sync',
        '',
      ].join('\n'),
    );
    expect(shellRead(lines)).toMatchObject({
      ZOHO_API_DOMAIN: 'http://127.0.0.1:4000',
      ZOHO_REFRESH_TOKEN: '1000.demo-refresh-token.territory-sync',
    });
  });

  it('quote what a shell would glob, split or expand (an IPv6 URL, $, spaces, quotes)', () => {
    for (const value of ['http://[::1]:4000', 'a b', "it's", '$HOME', 'x*', '`id`', '']) {
      expect(shellRead(`export ZOHO_X=${shellWord(value)}`)).toEqual({ ZOHO_X: value });
    }
    expect(shellWord('http://[::1]:4000')).toBe("'http://[::1]:4000'");
    const lines = demoEnvironmentLines('http://[::1]:4000');
    expect(shellRead(lines)).toMatchObject({
      ZOHO_API_DOMAIN: 'http://[::1]:4000',
      ZOHO_ACCOUNTS_URL: 'http://[::1]:4000',
    });
  });
});

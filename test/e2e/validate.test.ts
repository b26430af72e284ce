// `territory-sync validate` as a user runs it: every realistic mistake exits 1 with
// file:line:col, what is wrong and how to fix it, and never contacts the CRM.
import { describe, expect, it } from 'vitest';
import { BROKEN_CASES } from '../fixtures/desired/broken-cases.js';
import { runBinary, runCli } from '../helpers/run-cli.js';

describe('validate', () => {
  it('accepts the shipped territories.yaml and says what it checked (the real binary)', async () => {
    const result = await runBinary(['validate']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Valid: territories.yaml');
    expect(result.stdout).toMatch(/29 records \(13 Accounts, 9 Contacts, 7 Deals\)/);
    expect(result.stdout).toContain('at most 10 territories per Account/Contact and 1 per Deal');
  });

  it.each(BROKEN_CASES)('$name: exits 1 at $files.0:$line:$column', async (c) => {
    // No ZOHO_* variables at all: validate needs no credentials and makes no API call.
    const result = await runCli(['validate', ...c.files]);
    expect(result.code).toBe(1);
    const located = `${c.files[c.files.length - 1]}:${c.line}:${c.column}: error ${c.code}: `;
    const block = result.stderr.split('\n').findIndex((line) => line.startsWith(located));
    expect(block, `expected "${located}" in:\n${result.stderr}`).toBeGreaterThanOrEqual(0);
    const lines = result.stderr.split('\n');
    expect(lines[block]).toContain(c.messageIncludes);
    const hint = lines.slice(block + 1).find((line) => line.trimStart().startsWith('fix:'));
    expect(hint).toContain(c.hintIncludes);
    expect(result.stderr).toContain('nothing was sent to Zoho');
    expect(result.stdout).toBe('');
  });

  it('prints --help, --version, and refuses an unknown command with exit 1', async () => {
    const help = await runBinary(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: territory-sync <command>');
    expect(help.stdout).toContain('4  apply finished partially');
    const version = await runCli(['--version']);
    expect(version.stdout).toMatch(/^territory-sync \d+\.\d+\.\d+\n$/);
    const unknown = await runCli(['destroy']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("Unknown command 'destroy'");
  });
});

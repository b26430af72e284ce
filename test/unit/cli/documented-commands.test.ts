// Every command line the docs show must be one the CLI accepts, and every option the parser
// accepts must be in the command's --help (and the other way round): a documented flag that
// does not exist, or an option nobody can discover, fails here.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS, parseCliArgs } from '../../../src/cli/args.js';
import type { CommandName } from '../../../src/cli/args.js';
import { emulatorOptionsFromFlags } from '../../../src/cli/commands/emulator.js';
import { helpText } from '../../../src/cli/help.js';
import { REPO_ROOT } from '../../helpers/run-cli.js';

const DOCS = [
  'README.md',
  'CONTRIBUTING.md',
  ...readdirSync(path.join(REPO_ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
  'src/emulator/README.md',
  'bench/README.md',
];

/**
 * `territory-sync ...` (or `node bin/territory-sync.js ...`) in fenced code blocks and inline
 * code spans, with where it was.
 */
export function documentedCommandLines(text: string): { line: number; command: string }[] {
  const found: { line: number; command: string }[] = [];
  let fenced = false;
  text.split('\n').forEach((raw, index) => {
    if (/^\s*```/.test(raw)) {
      fenced = !fenced;
      return;
    }
    const candidates = fenced ? [raw] : [...raw.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '');
    for (const candidate of candidates) {
      const match = /(?:^|\s|\$ )(?:npx |node bin\/)?territory-sync(?:\.js)?(\s.*)?$/.exec(
        candidate.trim(),
      );
      if (match === null) continue;
      found.push({ line: index + 1, command: (match[1] ?? '').trim() });
    }
  });
  return found;
}

/** A usage synopsis as an invocation: `[--format text|markdown|json]` -> `--format text`. */
export function asInvocation(command: string): string[] {
  return command
    .replace(/\s#.*$/, '')
    .replace(/[[\]]/g, ' ')
    .split(/\s+/)
    .filter((token) => token !== '' && token !== '...')
    .map(
      (token) =>
        token
          .replace(/\.\.\.$/, '')
          .replace(/^<(.*)>$/, '$1')
          .split('|')[0] ?? '',
    )
    .filter((token) => token !== '');
}

describe('documented command lines', () => {
  const lines = DOCS.flatMap((file) =>
    documentedCommandLines(readFileSync(path.join(REPO_ROOT, file), 'utf8')).map((l) => ({
      ...l,
      file,
    })),
  );

  it('finds the docs’ command lines (the extraction itself works)', () => {
    expect(lines.length).toBeGreaterThan(15);
    expect(
      documentedCommandLines('run `node bin/territory-sync.js plan --out p.json` here'),
    ).toEqual([{ line: 1, command: 'plan --out p.json' }]);
    expect(asInvocation('plan [FILE...] [--out plan.json] [--format text|markdown|json]')).toEqual([
      'plan',
      'FILE',
      '--out',
      'plan.json',
      '--format',
      'text',
    ]);
  });

  it('fails for a flag that does not exist', () => {
    expect(() => parseCliArgs(asInvocation('emulator --no-such-flag 1'))).toThrow(
      /has no option '--no-such-flag'/,
    );
  });

  it.each(lines.map((l) => [`${l.file}:${l.line}`, l.command] as const))(
    '%s: territory-sync %s parses',
    (_where, command) => {
      const argv = asInvocation(command);
      // `territory-sync <command> --help` names no command: a placeholder, not an invocation.
      if (argv.length === 0 || command.startsWith('<')) return;
      expect(() => parseCliArgs(argv)).not.toThrow();
    },
  );
});

describe('--help and the parser agree', () => {
  const globals = ['config', 'env', 'no-color', 'verbose', 'quiet', 'help', 'version'];
  it.each(Object.keys(COMMANDS) as CommandName[])('%s', (command) => {
    const help = helpText(command);
    const accepted = Object.keys(COMMANDS[command].options);
    for (const option of accepted) expect(help, `--${option} in help`).toContain(`--${option}`);
    const mentioned = [...help.matchAll(/--([a-z][a-z0-9-]*)/g)].map((m) => m[1] as string);
    for (const option of mentioned) {
      expect([...accepted, ...globals], `--${option} is accepted`).toContain(option);
    }
  });
});

describe('argument parsing', () => {
  it('takes global options before the command', () => {
    const parsed = parseCliArgs(['-q', '--config', 'c.json', '--env=prod', 'plan', '--out', 'p']);
    expect(parsed).toMatchObject({
      kind: 'command',
      command: 'plan',
      global: { quiet: true, config: 'c.json', env: 'prod' },
      flags: { out: 'p' },
    });
  });

  it('takes --faults FILE for the emulator, as its README says', () => {
    const parsed = parseCliArgs(['emulator', '--faults', 'examples/emulator/faults-flaky.json']);
    expect(parsed.kind === 'command' && emulatorOptionsFromFlags(parsed.flags)).toMatchObject({
      faults: 'examples/emulator/faults-flaky.json',
    });
  });

  it('takes desired files for plan, as for validate', () => {
    expect(parseCliArgs(['plan', 'a.yaml', 'b.yaml'])).toMatchObject({
      positionals: ['a.yaml', 'b.yaml'],
    });
  });

  it.each([
    [
      ['plan', '--detaild-exitcode'],
      "'plan' has no option '--detaild-exitcode' (did you mean --detailed-exitcode?).",
    ],
    [
      ['apply', '--auto-aprove'],
      "'apply' has no option '--auto-aprove' (did you mean --auto-approve?).",
    ],
    [['plna'], "Unknown command 'plna' (did you mean plan?)."],
    [['plan', '--out'], "'plan': the option '--out' needs a value."],
    [['plan', '--zzzzzzzz'], "'plan' has no option '--zzzzzzzz'."],
    [['-q'], "'-q' names no command: global options go with one (territory-sync -q plan)."],
    [['apply', ''], "'apply' was given an empty argument (an unset shell variable?)."],
    [
      ['apply', '--report', ''],
      "'apply': the option '--report' was given an empty value (an unset shell variable?).",
    ],
  ])('%j: one line naming the closest option', (argv, message) => {
    let error: unknown;
    try {
      parseCliArgs(argv);
    } catch (caught) {
      error = caught;
    }
    expect((error as Error).message).toBe(message);
    // Balanced quotes: Node's raw text had an unpaired one.
    expect(((error as Error).message.match(/'/g) ?? []).length % 2).toBe(0);
  });
});

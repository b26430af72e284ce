// Issue #13, hostile input round two, desired files: aliases that expand far beyond the file
// (refused from the text, before the YAML library parses it), paths that are not regular files
// (a FIFO would hang the run forever), and ids with a leading 0 that Zoho never issues. Each is
// refused by `validate` with a located error, and by `plan` before a single API call. A refusal
// that came only after the expansion (or the wait) would not end within the test's timeout.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import type { CliResult } from '../helpers/run-cli.js';
import { startTestOrg } from '../helpers/org.js';
import type { TestOrg } from '../helpers/org.js';
import { expectLocatedRefusal, prototypeKeys } from './refusal.js';
import { billionLaughs, manyAliasesOf, ID, recordId } from './desired-round2-files.js';

interface Input {
  /** As named on the command line (relative to the case's folder) or in the config. */
  readonly file: string;
  /** The text written, to check that the location points at an alias. */
  readonly text?: string;
}

interface Round2Case {
  readonly name: string;
  readonly create: (dir: string) => Promise<Input>;
  readonly code: string;
  readonly messageIncludes: string;
  readonly line?: number;
  /** The error is placed at a YAML alias (*name). */
  readonly atAlias?: boolean;
}

function written(name: string, text: string): (dir: string) => Promise<Input> {
  return async (dir) => {
    await writeFile(path.join(dir, name), text);
    return { file: name, text };
  };
}

function fifo(dir: string, name: string): void {
  execFileSync('mkfifo', [path.join(dir, name)]);
}

function records(lines: readonly string[]): string {
  return ['version: 1', 'records:', '  Accounts:', ...lines.map((l) => `    ${l}`), ''].join('\n');
}

const CASES: readonly Round2Case[] = [
  // Aliases that expand: refused from the text, at the alias that passes the limit.
  {
    name: 'ten levels of lists of ten aliases (10^10 values from 900 bytes) are refused unparsed',
    create: written('laughs.yaml', billionLaughs(10, 10)),
    code: 'YAML_ALIAS',
    messageIncludes: 'expand to far more data than the file holds',
    atAlias: true,
  },
  {
    name: 'a 4.3 MB mapping repeated by 9,999 aliases is refused in well under a second',
    create: written('wide-map.yaml', manyAliasesOf('map', 4_300_000)),
    code: 'YAML_ALIAS',
    messageIncludes: 'values (lists, mappings, keys, texts)',
    atAlias: true,
  },
  {
    name: '9,999 records sharing a list of ten 4,096-character names (330 KB) are refused',
    create: written('wide-names.yaml', manyAliasesOf('names', 0)),
    code: 'YAML_ALIAS',
    messageIncludes: 'characters, the most aliases may add to a file of',
    atAlias: true,
  },
  {
    name: 'a 100 KB note repeated by 9,999 aliases is refused by its characters',
    create: written('wide-note.yaml', manyAliasesOf('note', 0)),
    code: 'YAML_ALIAS',
    messageIncludes: 'characters, the most aliases may add to a file of',
    atAlias: true,
  },
  {
    name: 'block mappings of mappings of aliases (billion laughs, block style) are refused',
    create: written('laughs-block.yaml', billionLaughs(9, 10, 'block')),
    code: 'YAML_ALIAS',
    messageIncludes: 'expand to far more data than the file holds',
    atAlias: true,
  },
  // Not regular files: refused without opening them for a blocking read.
  {
    name: 'a FIFO named as the desired file is refused at once, not waited on',
    create: (dir) => {
      fifo(dir, 'territories.yaml');
      return Promise.resolve({ file: 'territories.yaml' });
    },
    code: 'FILE_UNREADABLE',
    messageIncludes: 'territories.yaml is a named pipe (FIFO), not a file',
    line: 1,
  },
  {
    name: 'a symbolic link to a FIFO is refused at once',
    create: async (dir) => {
      fifo(dir, 'pipe');
      await symlink('pipe', path.join(dir, 'territories.yaml'));
      return { file: 'territories.yaml' };
    },
    code: 'FILE_UNREADABLE',
    messageIncludes: 'territories.yaml (a symbolic link) leads to a named pipe (FIFO)',
    line: 1,
  },
  {
    name: 'a symbolic link to a folder is refused as a folder',
    create: async (dir) => {
      await mkdir(path.join(dir, 'folder'));
      await symlink('folder', path.join(dir, 'territories.yaml'));
      return { file: 'territories.yaml' };
    },
    code: 'FILE_UNREADABLE',
    messageIncludes: 'territories.yaml (a symbolic link) leads to a folder, not a file',
    line: 1,
  },
  {
    name: 'a symbolic link to /dev/zero is refused as a device, not read',
    create: async (dir) => {
      await symlink('/dev/zero', path.join(dir, 'territories.yaml'));
      return { file: 'territories.yaml' };
    },
    code: 'FILE_UNREADABLE',
    messageIncludes: 'leads to a character device, not a file',
    line: 1,
  },
  {
    name: 'a device named directly (/dev/null) is refused, not read as an empty file',
    create: () => Promise.resolve({ file: '/dev/null' }),
    code: 'FILE_UNREADABLE',
    messageIncludes: '/dev/null is a character device, not a file',
    line: 1,
  },
  // Ids with a leading 0: never a Zoho id, and no second record next to the real one.
  {
    name: 'a record id with a leading 0 next to the same id without it is refused, not a 2nd record',
    create: written('zero-record.yaml', records([`"${ID}": [EMEA]`, `"0${ID}": [DACH]`])),
    code: 'BAD_RECORD_ID',
    messageIncludes: `Accounts record id '0${ID}' starts with 0.`,
    line: 5,
  },
  {
    name: 'an unquoted record id with a leading 0 is refused as written',
    create: written('zero-unquoted.yaml', records([`0${recordId(7)}: [EMEA]`])),
    code: 'BAD_RECORD_ID',
    messageIncludes: `Accounts record id '0${recordId(7)}' starts with 0.`,
    line: 4,
  },
  {
    name: 'the record id 0 is refused',
    create: written('zero.yaml', records(['"0": [EMEA]'])),
    code: 'BAD_RECORD_ID',
    messageIncludes: "Accounts record id '0' is 0, which is never a Zoho id.",
    line: 4,
  },
  {
    name: "a territory id with a leading 0 in a record's list is refused",
    create: written('zero-territory.yaml', records([`"${ID}": [EMEA, "0554023000000430451"]`])),
    code: 'BAD_TERRITORY_ID',
    messageIncludes: "territory id '0554023000000430451' starts with 0.",
    line: 4,
  },
  {
    name: 'a territory id with a leading 0 in an alias is refused where the alias is defined',
    create: written(
      'zero-alias.yaml',
      [
        'version: 1',
        'territories:',
        '  emea: { id: 0554023000000430451 }',
        'records:',
        '  Accounts:',
        `    "${ID}": [emea]`,
        '',
      ].join('\n'),
    ),
    code: 'BAD_TERRITORY_ID',
    messageIncludes: "Alias 'emea': territory id '0554023000000430451' starts with 0.",
    line: 3,
  },
];

/** The first `file:line:col` of an error in the output. */
function firstLocation(result: CliResult, file: string): { line: number; column: number } {
  const match = result.stderr.match(
    new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+):(\\d+): error`, 'm'),
  );
  return { line: Number(match?.[1]), column: Number(match?.[2]) };
}

function textAt(text: string, line: number, column: number): string {
  const start = text.split('\n', line - 1).reduce((offset, l) => offset + l.length + 1, 0);
  return text.slice(start + column - 1, start + column + 9);
}

let org: TestOrg;
const before = prototypeKeys();

beforeAll(async () => {
  org = await startTestOrg();
});
afterAll(async () => {
  await org.close();
});

describe('desired files, hostile round two', () => {
  it('holds at least ten cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(10);
  });

  it.each(CASES)('$name', async (hostile) => {
    const dir = await mkdtemp(path.join(org.dir, 'case-'));
    try {
      const input = await hostile.create(dir);

      const validated = await runCli(['validate', input.file], {
        cwd: dir,
        env: { GITHUB_ACTIONS: 'true' },
      });
      expectLocatedRefusal(validated, { ...hostile, file: input.file });
      if (hostile.atAlias === true) {
        const { line, column } = firstLocation(validated, input.file);
        expect(textAt(input.text ?? '', line, column)).toMatch(/^\*[a-z0-9]+/);
      }

      // plan reads what the config names, and stops before the first API call.
      const desired = path.resolve(dir, input.file);
      await writeFile(
        path.join(dir, 'territory-sync.config.json'),
        JSON.stringify({ desired: [desired] }),
      );
      const calls = org.emulator.stats().calls;
      const planned = await runCli(['plan'], { cwd: dir, env: org.env });
      expectLocatedRefusal(planned, { ...hostile, file: path.relative(dir, desired) });
      expect(org.emulator.stats().calls).toBe(calls);
      expect(prototypeKeys()).toEqual(before);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('an ordinary file with a few aliases is still read', async () => {
    const dir = await mkdtemp(path.join(org.dir, 'valid-'));
    const text = records([
      `"${ID}": &shared [EMEA, Organization/EMEA/DACH]`,
      ...Array.from({ length: 200 }, (_, i) => `"${recordId(i + 1)}": *shared`),
    ]);
    await writeFile(path.join(dir, 'territories.yaml'), text);
    const result = await runCli(['validate', 'territories.yaml'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('201 records (201 Accounts, 0 Contacts, 0 Deals)');
  });

  it('no case reached the API: not even a token was asked for', () => {
    expect(org.emulator.stats().calls).toBe(0);
  });
});

// The git side of `why`, in real temporary repositories (git through execa, no global config).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import {
  entryHistory,
  inspectRepository,
  searchArguments,
  workingTreeStatus,
} from '../../../src/git/record-history.js';

const GIT_ENV = { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
const ID = '554023000003600001';
/** Holds ID as a substring: it must never match ID. */
const LONGER = `${ID}9`;

const git = (cwd: string, args: readonly string[], env: Record<string, string> = {}) =>
  execa('git', args, { cwd, env: { ...GIT_ENV, ...env }, timeout: 30_000 });

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'territory-sync-git-'));
  dirs.push(dir);
  return dir;
}

async function repository(): Promise<string> {
  const dir = await tempDir();
  await git(dir, ['init', '-q', '-b', 'main']);
  await git(dir, ['config', 'user.name', 'Ana Lima']);
  await git(dir, ['config', 'user.email', 'ana@example.invalid']);
  await git(dir, ['config', 'commit.gpgsign', 'false']);
  return dir;
}

let day = 0;
async function commitFile(dir: string, file: string, text: string, subject: string) {
  await writeFile(path.join(dir, file), text);
  await git(dir, ['add', '--', file]);
  day += 1;
  const date = `2024-01-${String(day).padStart(2, '0')}T09:00:00Z`;
  await git(dir, ['commit', '-q', '-m', subject], {
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_DATE: date,
  });
  return (await git(dir, ['rev-parse', 'HEAD'])).stdout.trim();
}

const yaml = (lines: readonly string[]) => `records:\n  Accounts:\n${lines.join('\n')}\n`;

describe('inspectRepository', () => {
  it('outside a repository, with no commits, in one, and in a shallow clone', async () => {
    const outside = await tempDir();
    const found = await inspectRepository(outside);
    expect(found.kind).toBe('outside');
    expect(found.kind === 'outside' && found.reason).toMatch(/not a git repository/);

    const dir = await repository();
    expect(await inspectRepository(dir)).toEqual({ kind: 'no-commits' });
    await commitFile(dir, 't.yaml', yaml([`    "${ID}": [East]`]), 'one');
    const head = await commitFile(dir, 't.yaml', yaml([`    "${ID}": [West]`]), 'two');
    expect(await inspectRepository(dir)).toEqual({ kind: 'repository' });

    const clone = path.join(await tempDir(), 'clone');
    await git(dir, ['clone', '-q', '--depth', '1', `file://${dir}`, clone]);
    const shallow = await inspectRepository(clone);
    expect(shallow).toEqual({
      kind: 'repository',
      shallowBoundary: [{ hash: head, date: expect.stringMatching(/^2024-01-\d\dT09:00:00/) }],
    });
  });
});

describe('inspectRepository without git', () => {
  it('says git is missing (not "outside a repository") when PATH has no git', async () => {
    const dir = await repository();
    const saved = process.env.PATH;
    // git is found through PATH; a folder with nothing in it stands for a machine without git.
    process.env.PATH = await tempDir();
    try {
      expect(await inspectRepository(dir)).toEqual({ kind: 'no-git' });
    } finally {
      process.env.PATH = saved;
    }
  });
});

describe('entryHistory', () => {
  it('lines: only the commits that changed those lines, newest first, bounded with a count', async () => {
    const dir = await repository();
    const a = await commitFile(
      dir,
      't.yaml',
      yaml([`    "${ID}":`, '      - East', '    "554023000003600002": [X]']),
      'add',
    );
    const b = await commitFile(
      dir,
      't.yaml',
      yaml([`    "${ID}":`, '      - West', '    "554023000003600002": [X]']),
      'west',
    );
    await commitFile(
      dir,
      't.yaml',
      yaml([`    "${ID}":`, '      - West', '    "554023000003600002": [Y]']),
      'other record',
    );
    const c = await commitFile(
      dir,
      't.yaml',
      yaml([`    "${ID}":`, '      - North', '    "554023000003600002": [Y]']),
      'north (#9)',
    );

    const all = await entryHistory(dir, [{ kind: 'lines', file: 't.yaml', start: 3, end: 4 }], {
      limit: 10,
    });
    expect(all.commits.map((x) => [x.hash, x.subject, x.author])).toEqual([
      [c, 'north (#9)', 'Ana Lima'],
      [b, 'west', 'Ana Lima'],
      [a, 'add', 'Ana Lima'],
    ]);
    expect(all.commits[0]?.date).toMatch(/^2024-01-\d\dT09:00:00/);
    expect(all).toMatchObject({ more: 0, incomplete: false, problems: [] });

    const two = await entryHistory(dir, [{ kind: 'lines', file: 't.yaml', start: 3, end: 4 }], {
      limit: 2,
    });
    expect(two.commits.map((x) => x.hash)).toEqual([c, b]);
    expect(two.more).toBe(1);
  });

  it('mentions: the commits naming the id, not a longer id that holds it, across a rename', async () => {
    const dir = await repository();
    const added = await commitFile(dir, 'a.yaml', yaml([`    "${ID}": [East]`]), 'add');
    await commitFile(
      dir,
      'a.yaml',
      yaml([`    "${ID}": [East]`, `    "${LONGER}": [East]`]),
      'longer id',
    );
    await git(dir, ['mv', 'a.yaml', 'b.yaml']);
    await git(dir, ['commit', '-q', '-m', 'rename'], {
      GIT_AUTHOR_DATE: '2024-02-01T09:00:00Z',
      GIT_COMMITTER_DATE: '2024-02-01T09:00:00Z',
    });
    const removed = await commitFile(dir, 'b.yaml', yaml([`    "${LONGER}": [East]`]), 'drop');

    const found = await entryHistory(dir, [{ kind: 'mentions', file: 'b.yaml', id: ID }], {
      limit: 10,
    });
    expect(found.commits.map((x) => x.hash)).toEqual([removed, added]);
  });

  it('a commit two searches find counts once; a file git refuses is named with its reason', async () => {
    const dir = await repository();
    const only = await commitFile(dir, 't.yaml', yaml([`    "${ID}": [East]`]), 'add');
    const found = await entryHistory(
      dir,
      [
        { kind: 'lines', file: 't.yaml', start: 3, end: 3 },
        { kind: 'mentions', file: 't.yaml', id: ID },
        { kind: 'lines', file: '../elsewhere.yaml', start: 1, end: 1 },
      ],
      { limit: 10 },
    );
    expect(found.commits.map((x) => x.hash)).toEqual([only]);
    expect(found.problems).toHaveLength(1);
    expect(found.problems[0]).toMatch(/^\.\.\/elsewhere\.yaml: /);
  });

  it('stops at the first git call that runs out of time, and names the files left unsearched', async () => {
    // A git that never answers stands for a history too long to walk within the timeout.
    const bin = await tempDir();
    await writeFile(path.join(bin, 'git'), '#!/bin/sh\nexec sleep 60\n', { mode: 0o755 });
    const saved = process.env.PATH;
    process.env.PATH = `${bin}${path.delimiter}${saved ?? ''}`;
    try {
      const found = await entryHistory(
        await tempDir(),
        ['a.yaml', 'b.yaml', 'c.yaml'].map((file) => ({ kind: 'mentions', file, id: ID }) as const),
        { limit: 10, timeoutMs: 200 },
      );
      expect(found.incomplete).toBe(true);
      expect(found.problems).toEqual([
        'a.yaml: git took longer than 0.2 s and was stopped',
        '2 more files: git took too long on a.yaml, so they were not searched',
      ]);
    } finally {
      process.env.PATH = saved;
    }
  });

  it('author names and subjects come back whole, whatever they hold, and long ones cut by git', async () => {
    const dir = await repository();
    const subject = `\u001e${'f'.repeat(40)} 1\u001f::error::x \u001b[31m${'s'.repeat(400)}`;
    await writeFile(path.join(dir, 't.yaml'), yaml([`    "${ID}": [East]`]));
    await git(dir, ['add', 't.yaml']);
    await git(dir, ['-c', 'user.name=Eve \u001b[1m', 'commit', '-q', '-m', subject]);
    const found = await entryHistory(dir, [{ kind: 'mentions', file: 't.yaml', id: ID }], {
      limit: 10,
    });
    expect(found.commits).toHaveLength(1);
    const [commit] = found.commits;
    expect(commit?.author).toBe('Eve \u001b[1m');
    expect(commit?.subject.startsWith(`\u001e${'f'.repeat(40)} 1\u001f::error::x \u001b[31m`)).toBe(
      true,
    );
    // 160 columns, as git counts them (control characters take none), and '..' where it cut.
    expect(commit?.subject.length).toBeLessThan(200);
    expect(commit?.subject.endsWith('s..')).toBe(true);
  });
});

describe('workingTreeStatus and searchArguments', () => {
  it('names the desired files that differ from HEAD and those git does not know', async () => {
    const dir = await repository();
    await commitFile(dir, 'a.yaml', 'a: 1\n', 'a');
    await commitFile(dir, 'b.yaml', 'b: 1\n', 'b');
    await writeFile(path.join(dir, 'b.yaml'), 'b: 2\n');
    await writeFile(path.join(dir, 'c.yaml'), 'c: 1\n');
    // A name git would read as a pattern matching a.yaml and b.yaml, were it not literal.
    await writeFile(path.join(dir, '?.yaml'), 'd: 1\n');
    const status = await workingTreeStatus(dir, ['a.yaml', 'b.yaml', 'c.yaml', '?.yaml']);
    expect([...status.changed]).toEqual(['b.yaml']);
    expect([...status.untracked]).toEqual(['c.yaml', '?.yaml']);
    // Outside a repository git cannot say: every file counts as changed.
    const outside = await workingTreeStatus(await tempDir(), ['a.yaml']);
    expect([...outside.changed]).toEqual(['a.yaml']);
  });

  it('from a subfolder, sees the changes of desired files above it (../territories.yaml)', async () => {
    const dir = await repository();
    await commitFile(dir, 'a.yaml', 'a: 1\n', 'a');
    await commitFile(dir, 'b.yaml', 'b: 1\n', 'b');
    await writeFile(path.join(dir, 'b.yaml'), 'b: 2\n');
    await writeFile(path.join(dir, 'c.yaml'), 'c: 1\n');
    const sub = path.join(dir, 'sub');
    await mkdir(sub);
    await writeFile(path.join(sub, 'd.yaml'), 'd: 1\n');
    const status = await workingTreeStatus(sub, ['../a.yaml', '../b.yaml', '../c.yaml', 'd.yaml']);
    expect([...status.changed]).toEqual(['../b.yaml']);
    expect([...status.untracked]).toEqual(['../c.yaml', 'd.yaml']);
  });

  it('never hands git anything but digits as an id, and keeps paths after --', () => {
    expect(searchArguments({ kind: 'mentions', file: '-x.yaml', id: ID })).toEqual([
      '--follow',
      `-G(^|[^0-9])${ID}([^0-9]|$)`,
      'HEAD',
      '--',
      '-x.yaml',
    ]);
    expect(() => searchArguments({ kind: 'mentions', file: 't.yaml', id: '1|.*' })).toThrow(
      /digits only/,
    );
  });
});

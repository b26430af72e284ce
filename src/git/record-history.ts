// The commits that changed one record's entry in the desired files, through the git CLI, for
// `territory-sync why`. Everything git prints here comes from the repository's history, which
// anyone who could push wrote: it is parsed only where git itself generated it (hashes and
// timestamps after a separator no file content can start a line with, fields split at NUL,
// which no commit header can hold) and handed on as text for the renderer to escape.
//
// How an entry is followed:
//   - `lines`: where the entry is at HEAD (its key line to its last line), `git log -L`. Git
//     tracks that range back through every diff and across renames, so a change to any line of
//     a multi-line entry counts, and so does the commit that moved the file. `-L :regex:` was the
//     alternative, but its range ends at the next "function" line, which YAML does not have.
//   - `mentions`: when the entry is not at HEAD (removed, or not committed yet), `git log
//     --follow -G` with the id between non-digits: the commits whose added or removed lines
//     name it, the one that removed it included. One file per call (--follow takes one path).
// Each git call is capped in output and time; a capped answer is used as far as it got.
import path from 'node:path';
import { execa } from 'execa';
import { TerritorySyncError } from '../errors.js';

/** One git call's limits: the hash lists are ~60 bytes a commit. */
const LIST_MAX_BYTES = 2 * 1024 * 1024;
const DETAILS_MAX_BYTES = 256 * 1024;
const GIT_TIMEOUT_MS = 30_000;
/** Columns git keeps of an author name and a subject (`%<(N,trunc)`): the answer stays small. */
const AUTHOR_COLUMNS = 80;
const SUBJECT_COLUMNS = 160;
/** Shallow-clone boundary commits named in the notice. */
const MAX_BOUNDARY = 5;

const HASH = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;
const DIGITS = /^[0-9]+$/;
/** What git writes first on each commit line we ask for: no diff line can start with it. */
const MARK = '\u001e';

export interface CommitRef {
  readonly hash: string;
  /** Committer date, ISO 8601. */
  readonly date: string;
}

export type Repository =
  | { readonly kind: 'no-git' }
  /** Not inside a work tree (or git refused it, e.g. "dubious ownership": `reason`). */
  | { readonly kind: 'outside'; readonly reason: string }
  | { readonly kind: 'no-commits' }
  | {
      readonly kind: 'repository';
      /** Set in a shallow clone: the commits history stops at. */
      readonly shallowBoundary?: readonly CommitRef[];
    };

export type EntrySearch =
  /** Lines `start`..`end` (1-based) of `file` (relative to cwd) at HEAD. */
  | { readonly kind: 'lines'; readonly file: string; readonly start: number; readonly end: number }
  /** Commits whose changes to `file` name `id`, following the file's renames. */
  | { readonly kind: 'mentions'; readonly file: string; readonly id: string };

export interface Commit {
  readonly hash: string;
  readonly author: string;
  /** Author date, ISO 8601. */
  readonly date: string;
  readonly subject: string;
}

export interface EntryHistory {
  /** Newest first, at most `limit`. */
  readonly commits: readonly Commit[];
  /** Commits found beyond `limit`. */
  readonly more: number;
  /** A git answer was cut (size or time): there may be more than `more`. */
  readonly incomplete: boolean;
  /** What git refused, one line each (its own words). */
  readonly problems: readonly string[];
}

type GitResult = Awaited<ReturnType<typeof execa>> & { stdout: Uint8Array; stderr: Uint8Array };

async function git(
  cwd: string,
  args: readonly string[],
  maxBuffer = DETAILS_MAX_BYTES,
  timeout = GIT_TIMEOUT_MS,
): Promise<GitResult> {
  const result = await execa(
    'git',
    // A user's log.showSignature would add gpg's lines to every commit listed.
    ['-c', 'log.showSignature=false', ...args],
    {
      cwd,
      reject: false,
      stdin: 'ignore',
      timeout,
      maxBuffer,
      encoding: 'buffer',
      env: {
        // A read-only look at history: never take the index lock another git process may need.
        GIT_OPTIONAL_LOCKS: '0',
        // A file name is a name, even with `*`, `?` or a leading `:` in it.
        GIT_LITERAL_PATHSPECS: '1',
      },
    },
  );
  return result as GitResult;
}

const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

const isMissing = (result: GitResult): boolean =>
  result.failed && (result as { code?: string }).code === 'ENOENT';

/** Git's own reason for a failure: its first line of stderr, short. */
function reasonOf(result: GitResult, timeout = GIT_TIMEOUT_MS): string {
  if (result.timedOut === true) return `git took longer than ${timeout / 1000} s and was stopped`;
  const line = decode(result.stderr)
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '');
  return (line ?? `git exited with ${String(result.exitCode)}`).slice(0, 300);
}

/** Whether cwd is in a git work tree with commits, and where a shallow clone's history stops. */
export async function inspectRepository(cwd: string): Promise<Repository> {
  const top = await git(cwd, ['rev-parse', '--is-inside-work-tree']);
  if (isMissing(top)) return { kind: 'no-git' };
  if (top.exitCode !== 0 || decode(top.stdout).trim() !== 'true') {
    return { kind: 'outside', reason: reasonOf(top) };
  }
  const head = await git(cwd, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
  if (head.exitCode !== 0) return { kind: 'no-commits' };
  const shallow = await git(cwd, ['rev-parse', '--is-shallow-repository']);
  if (decode(shallow.stdout).trim() !== 'true') return { kind: 'repository' };
  // In a shallow clone the commits at the cut have no parents, like a root commit.
  const roots = await git(cwd, [
    'rev-list',
    '--max-parents=0',
    `--max-count=${MAX_BOUNDARY}`,
    'HEAD',
  ]);
  const hashes = decode(roots.stdout)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => HASH.test(l));
  const dated = await git(cwd, ['show', '-s', '--no-color', '--format=%H%x00%cI%x00', ...hashes]);
  const fields = decode(dated.stdout).split('\0');
  const boundary: CommitRef[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const hash = (fields[i] ?? '').trim();
    if (HASH.test(hash)) boundary.push({ hash, date: (fields[i + 1] ?? '').trim() });
  }
  return { kind: 'repository', shallowBoundary: boundary };
}

export interface WorkingTreeStatus {
  /** Files that differ from HEAD (staged or not), new files git knows included. */
  readonly changed: ReadonlySet<string>;
  /** Files git does not know at all. */
  readonly untracked: ReadonlySet<string>;
}

/** NUL-separated names git printed (from the repository's root, with `/` between folders). */
async function names(cwd: string, args: readonly string[]): Promise<Set<string> | undefined> {
  const result = await git(cwd, args);
  if (result.exitCode !== 0) return undefined;
  return new Set(
    decode(result.stdout)
      .split('\0')
      .filter((name) => name !== ''),
  );
}

/**
 * How `files` (relative to cwd, `/` between folders) stand against HEAD: an unchanged one is
 * the file at HEAD, line for line. When git cannot say, every file counts as changed.
 */
export async function workingTreeStatus(
  cwd: string,
  files: readonly string[],
): Promise<WorkingTreeStatus> {
  if (files.length === 0) return { changed: new Set(), untracked: new Set() };
  // Git names files from the repository's root. `diff --relative` would name them from cwd,
  // but leaves out every file above it: run in a subfolder with `../territories.yaml`, a
  // changed file would pass for unchanged and its entry be followed at the wrong lines.
  const [prefix, changed, known] = await Promise.all([
    git(cwd, ['rev-parse', '--show-prefix']),
    names(cwd, [
      'diff',
      '--no-ext-diff',
      '--no-textconv',
      '--name-only',
      '-z',
      'HEAD',
      '--',
      ...files,
    ]),
    names(cwd, ['ls-files', '-z', '--full-name', '--', ...files]),
  ]);
  if (prefix.exitCode !== 0 || changed === undefined || known === undefined) {
    return { changed: new Set(files), untracked: new Set() };
  }
  const folder = decode(prefix.stdout).trim();
  const fromRoot = (file: string) => path.posix.normalize(`${folder}${file}`);
  return {
    changed: new Set(files.filter((file) => changed.has(fromRoot(file)))),
    untracked: new Set(files.filter((file) => !known.has(fromRoot(file)))),
  };
}

/** The git log arguments of one search (also shown to the user as the way to see them all). */
export function searchArguments(search: EntrySearch): string[] {
  if (search.kind === 'lines') {
    return ['-L', `${search.start},${search.end}:${search.file}`];
  }
  if (!DIGITS.test(search.id)) {
    throw new TerritorySyncError('INTERNAL', 'A record id passed to git must be digits only.');
  }
  // -G is an extended regex; the id between non-digits, so no longer id that contains it matches.
  return ['--follow', `-G(^|[^0-9])${search.id}([^0-9]|$)`, 'HEAD', '--', search.file];
}

interface Found {
  readonly hash: string;
  readonly time: number;
  /** Where git listed it: commits made in the same second keep git's order. */
  readonly order: number;
}

/** One search's commits (hash and commit time), newest first as git lists them. */
async function runSearch(
  cwd: string,
  search: EntrySearch,
  timeout: number,
): Promise<{ found: Found[]; cut: boolean; slow: boolean; problem?: string }> {
  const args = searchArguments(search);
  // -L takes its file inside the option: the revision goes before it, and no pathspec follows.
  const full =
    search.kind === 'lines'
      ? [
          'log',
          '--no-color',
          '--no-ext-diff',
          '--no-textconv',
          '-s',
          `--format=${MARK}%H %ct`,
          'HEAD',
          ...args,
        ]
      : ['log', '--no-color', '--no-ext-diff', '--no-textconv', `--format=${MARK}%H %ct`, ...args];
  const result = await git(cwd, full, LIST_MAX_BYTES, timeout);
  const found: Found[] = [];
  for (const line of decode(result.stdout).split('\n')) {
    if (!line.startsWith(MARK)) continue;
    const [hash = '', time = ''] = line.slice(MARK.length).trim().split(' ');
    if (HASH.test(hash) && DIGITS.test(time)) {
      found.push({ hash, time: Number(time), order: found.length });
    }
  }
  const slow = result.timedOut === true;
  const cut = result.isMaxBuffer === true || slow;
  if (result.exitCode === 0 || (cut && found.length > 0)) return { found, cut, slow };
  return { found, cut, slow, problem: reasonOf(result, timeout) };
}

/** Author, date and subject of each commit (git shortens long names and subjects itself). */
async function describeCommits(cwd: string, hashes: readonly string[]): Promise<Commit[]> {
  if (hashes.length === 0) return [];
  const format = `--format=%H%x00%<(${AUTHOR_COLUMNS},trunc)%aN%x00%aI%x00%<(${SUBJECT_COLUMNS},trunc)%s%x00`;
  const result = await git(cwd, ['show', '-s', '--no-color', format, ...hashes]);
  const fields = decode(result.stdout).split('\0');
  const byHash = new Map<string, Commit>();
  for (let i = 0; i + 3 < fields.length; i += 4) {
    const hash = (fields[i] ?? '').trim();
    if (!HASH.test(hash)) continue;
    byHash.set(hash, {
      hash,
      // %<(N,trunc) pads with spaces: what it added is not the name.
      author: (fields[i + 1] ?? '').trimEnd(),
      date: (fields[i + 2] ?? '').trim(),
      subject: (fields[i + 3] ?? '').trimEnd(),
    });
  }
  return hashes.map((hash) => byHash.get(hash) ?? { hash, author: '', date: '', subject: '' });
}

/**
 * The commits of every search, merged (a commit found twice counts once), newest first, the
 * first `limit` described. Call only when inspectRepository found a repository.
 */
export async function entryHistory(
  cwd: string,
  searches: readonly EntrySearch[],
  options: { readonly limit: number; readonly timeoutMs?: number },
): Promise<EntryHistory> {
  const seen = new Map<string, Found>();
  const problems: string[] = [];
  let incomplete = false;
  // One at a time: each is a git process walking the history, and the machine may be small.
  for (const [index, search] of searches.entries()) {
    const { found, cut, slow, problem } = await runSearch(
      cwd,
      search,
      options.timeoutMs ?? GIT_TIMEOUT_MS,
    );
    if (cut) incomplete = true;
    if (problem !== undefined) problems.push(`${search.file}: ${problem}`);
    for (const commit of found) if (!seen.has(commit.hash)) seen.set(commit.hash, commit);
    // A history too long to walk in time for one file is as long for the next: one timeout
    // ends the search, so `why` never waits the timeout once per desired file.
    const left = searches.length - index - 1;
    if (slow && left > 0) {
      incomplete = true;
      problems.push(
        `${left} more ${left === 1 ? 'file' : 'files'}: git took too long on ${search.file}, ` +
          `so ${left === 1 ? 'it was' : 'they were'} not searched`,
      );
      break;
    }
  }
  const ordered = [...seen.values()].sort((a, b) => b.time - a.time || a.order - b.order);
  const shown = ordered.slice(0, Math.max(0, options.limit));
  return {
    commits: await describeCommits(
      cwd,
      shown.map((c) => c.hash),
    ),
    more: ordered.length - shown.length,
    incomplete,
    problems,
  };
}

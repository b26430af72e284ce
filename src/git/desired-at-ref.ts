// The desired-state files as they were at a git ref (the PR's base), through the git CLI.
// The only importer of execa.
import path from 'node:path';
import { execa } from 'execa';
import { TerritorySyncError } from '../errors.js';

export interface FileAtRef {
  readonly path: string;
  /** undefined when the file did not exist at the ref. */
  readonly text: string | undefined;
}

async function git(cwd: string, args: readonly string[]) {
  try {
    return await execa('git', args, { cwd, reject: false, stdin: 'ignore', timeout: 30_000 });
  } catch (cause) {
    throw new TerritorySyncError('USAGE', '--base-ref needs git, and git was not found on PATH.', {
      hint: 'Install git, or run plan without --base-ref.',
      cause,
    });
  }
}

/** Reads `files` (paths relative to `cwd`) as they were at `ref`. */
export async function readFilesAtRef(
  cwd: string,
  ref: string,
  files: readonly string[],
): Promise<FileAtRef[]> {
  const top = await git(cwd, ['rev-parse', '--show-toplevel']);
  if (top.failed && (top as { code?: string }).code === 'ENOENT') {
    throw new TerritorySyncError('USAGE', '--base-ref needs git, and git was not found on PATH.', {
      hint: 'Install git, or run plan without --base-ref.',
    });
  }
  if (top.exitCode !== 0) {
    throw new TerritorySyncError('USAGE', `--base-ref: ${cwd} is not inside a git repository.`, {
      hint: 'Run plan from your repository checkout, or drop --base-ref.',
    });
  }
  if (ref.startsWith('-')) {
    throw new TerritorySyncError('USAGE', `--base-ref: '${ref}' is not a git ref.`, {
      hint: 'Give a branch, tag or commit, e.g. --base-ref origin/main.',
    });
  }
  const verified = await git(cwd, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (verified.exitCode !== 0) {
    throw new TerritorySyncError('USAGE', `--base-ref: git does not know '${ref}'.`, {
      hint:
        'Check the name, and fetch it first in CI (actions/checkout with fetch-depth: 0, or ' +
        `git fetch origin ${ref.replace(/^origin\//, '')}).`,
    });
  }
  const commit = String(verified.stdout).trim();
  const root = String(top.stdout).trim();
  return Promise.all(
    files.map(async (file) => {
      const inRepo = path.relative(root, path.resolve(cwd, file)).split(path.sep).join('/');
      const shown = await git(cwd, ['show', `${commit}:${inRepo}`]);
      return { path: file, text: shown.exitCode === 0 ? String(shown.stdout) : undefined };
    }),
  );
}

// The desired-state files as they were at a git ref (the PR's base), through the git CLI.
// The only importer of execa.
import path from 'node:path';
import { execa } from 'execa';
import { TerritorySyncError } from '../errors.js';

export type FileAtRef =
  | {
      readonly path: string;
      /** The file's bytes; undefined when the file did not exist at the ref. */
      readonly bytes: Uint8Array | undefined;
    }
  | {
      readonly path: string;
      /** Larger than the caller's limit: git said how large, and nothing was read. */
      readonly tooLarge: number;
    };

export interface ReadAtRefOptions {
  /** Files larger than this are not read (the desired loader's own limit). */
  readonly maxBytes: number;
}

async function git(cwd: string, args: readonly string[], maxBuffer?: number) {
  try {
    return await execa('git', args, {
      cwd,
      reject: false,
      stdin: 'ignore',
      timeout: 30_000,
      encoding: 'buffer',
      // A file's bytes exactly as committed, final line break included.
      stripFinalNewline: false,
      ...(maxBuffer === undefined ? {} : { maxBuffer }),
    });
  } catch (cause) {
    throw new TerritorySyncError('USAGE', '--base-ref needs git, and git was not found on PATH.', {
      hint: 'Install git, or run plan without --base-ref.',
      cause,
    });
  }
}

const text = (output: Uint8Array): string => new TextDecoder().decode(output).trim();

/**
 * One file at a commit: its size first (`cat-file -s` answers from the object database without
 * reading the content out), then the bytes only if they fit; a history may hold any blob.
 */
async function readBlob(
  cwd: string,
  object: string,
  file: string,
  maxBytes: number,
): Promise<FileAtRef> {
  const size = await git(cwd, ['cat-file', '-s', object]);
  if (size.exitCode !== 0) return { path: file, bytes: undefined };
  const reported = Number(text(size.stdout));
  const known = Number.isSafeInteger(reported);
  if (known && reported > maxBytes) return { path: file, tooLarge: reported };
  // The read is capped too, so the limit does not rest on parsing git's answer above.
  const blob = await git(cwd, ['cat-file', 'blob', object], maxBytes + 1);
  if (blob.isMaxBuffer === true) return { path: file, tooLarge: known ? reported : maxBytes + 1 };
  return { path: file, bytes: blob.exitCode === 0 ? blob.stdout : undefined };
}

/** Reads `files` (paths relative to `cwd`) as they were at `ref`, none beyond `maxBytes`. */
export async function readFilesAtRef(
  cwd: string,
  ref: string,
  files: readonly string[],
  options: ReadAtRefOptions,
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
  const commit = text(verified.stdout);
  const root = text(top.stdout);
  return Promise.all(
    files.map((file) => {
      const inRepo = path.relative(root, path.resolve(cwd, file)).split(path.sep).join('/');
      return readBlob(cwd, `${commit}:${inRepo}`, file, options.maxBytes);
    }),
  );
}

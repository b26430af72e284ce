// The file-system edge of the loader: a path in, the file's bytes (or the size that refused
// them) or a located Diagnostic out; check-desired-bytes.ts takes it from there. Nothing here
// throws for a user's mistake (a missing or unreadable file, a folder, a device).
import type { Stats } from 'node:fs';
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../core/model.js';
import type { DesiredBytes } from './check-desired-bytes.js';
import { readBounded } from '../files/read-bounded.js';
import type { Bounded } from '../files/read-bounded.js';
import { DESIRED_DIAGNOSTIC } from '../core/diagnostic-codes.js';
import { problem } from './diagnostics.js';
import { MAX_FILE_BYTES } from './limits.js';

/** The file for checkDesiredBytes (its bytes, or its size when too large), or why it is not one. */
export type ReadResult =
  | { readonly ok: true; readonly file: DesiredBytes }
  | { readonly ok: false; readonly diagnostic: Diagnostic };

function errorCode(cause: unknown): string | undefined {
  const code = (cause as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function unreadable(file: string, cause: unknown): Diagnostic {
  const location = { file, line: 1, column: 1 };
  switch (errorCode(cause)) {
    case 'ENOENT':
    case 'ENOTDIR':
      return problem({
        code: DESIRED_DIAGNOSTIC.fileNotFound,
        message: `${file} does not exist.`,
        hint: 'Check the path (it is relative to the current folder) or the "desired" setting in the config.',
        location,
      });
    case 'EISDIR':
      return problem({
        code: DESIRED_DIAGNOSTIC.fileUnreadable,
        message: `${file} is a folder, not a file.`,
        hint: 'Name the YAML files inside it, or a glob such as territories/*.yaml in the "desired" setting.',
        location,
      });
    case 'ENXIO':
      return problem({
        code: DESIRED_DIAGNOSTIC.fileUnreadable,
        message: `${file} is a socket or a device, not a file.`,
        hint: 'Name the YAML file itself.',
        location,
      });
    case 'EACCES':
    case 'EPERM':
      return problem({
        code: DESIRED_DIAGNOSTIC.fileUnreadable,
        message: `${file} cannot be read: permission denied.`,
        hint: 'Give the user running territory-sync read access to the file.',
        location,
      });
    default:
      return problem({
        code: DESIRED_DIAGNOSTIC.fileUnreadable,
        message: `${file} cannot be read: ${cause instanceof Error ? cause.message : String(cause)}.`,
        hint: 'Check that the file exists and is readable.',
        location,
      });
  }
}

/** A socket or a device, by name, for the message that refuses it. */
function kindOf(stats: Stats): string {
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice()) return 'a character device';
  return 'a block device';
}

async function isSymbolicLink(absolute: string): Promise<boolean> {
  try {
    return (await lstat(absolute)).isSymbolicLink();
  } catch {
    return false;
  }
}

/** A located refusal of anything but a regular file (after following symbolic links). */
async function notAFile(file: string, absolute: string, stats: Stats): Promise<Diagnostic> {
  const location = { file, line: 1, column: 1 };
  const subject = (await isSymbolicLink(absolute))
    ? `${file} (a symbolic link) leads to`
    : `${file} is`;
  if (stats.isDirectory()) {
    return problem({
      code: DESIRED_DIAGNOSTIC.fileUnreadable,
      message: `${subject} a folder, not a file.`,
      hint: 'Name the YAML files inside it, or a glob such as territories/*.yaml in the "desired" setting.',
      location,
    });
  }
  const message = stats.isFIFO()
    ? `${subject} a named pipe (FIFO), not a file: reading it would wait for a writer, maybe forever.`
    : stats.isSocket() || stats.isCharacterDevice() || stats.isBlockDevice()
      ? `${subject} ${kindOf(stats)}, not a file: a socket or a device is never read as a desired file.`
      : `${subject} not a regular file.`;
  return problem({
    code: DESIRED_DIAGNOSTIC.fileUnreadable,
    message,
    hint: 'Name the YAML file itself: desired files are read only from regular files (or symbolic links to them).',
    location,
  });
}

/** Reads `file` (as the user wrote it) relative to `cwd`; locations keep the user's spelling. */
export async function readDesiredFile(file: string, cwd: string): Promise<ReadResult> {
  const absolute = path.resolve(cwd, file);
  let read: Bounded;
  try {
    read = await readBounded(absolute, MAX_FILE_BYTES);
  } catch (cause) {
    return { ok: false, diagnostic: unreadable(file, cause) };
  }
  if ('notAFile' in read) {
    return { ok: false, diagnostic: await notAFile(file, absolute, read.notAFile) };
  }
  // Over the limit: refused unread, reported (with the size when known) by checkDesiredBytes.
  if (!Buffer.isBuffer(read)) return { ok: true, file: { path: file, tooLarge: read.tooLarge } };
  return { ok: true, file: { path: file, bytes: read } };
}

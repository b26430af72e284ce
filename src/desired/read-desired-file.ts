// The file-system edge of the loader: bytes in, a DesiredSource or a located Diagnostic out.
// Nothing here throws for a user's mistake (a missing, unreadable or mis-encoded file).
import type { Stats } from 'node:fs';
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../core/model.js';
import { decodeUtf8 } from './decode-utf8.js';
import type { DesiredSource } from './desired-load-result.js';
import { readBounded } from '../files/read-bounded.js';
import type { Bounded } from '../files/read-bounded.js';
import { DESIRED_DIAGNOSTIC } from './diagnostic-codes.js';
import { problem } from './diagnostics.js';
import { MAX_FILE_BYTES } from './limits.js';
import { sha256Hex } from './sha256.js';

export type ReadResult =
  | { readonly ok: true; readonly source: DesiredSource }
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

function megabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024)).toLocaleString('en-US')} MB`;
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
  if (!Buffer.isBuffer(read)) {
    const size = read.tooLarge === undefined ? '' : ` (${megabytes(read.tooLarge)})`;
    return {
      ok: false,
      diagnostic: problem({
        code: DESIRED_DIAGNOSTIC.fileTooLarge,
        message: `${file}${size} is larger than the ${megabytes(MAX_FILE_BYTES)} a desired file may hold.`,
        hint: 'Check that this is the right file. 100,000 records take about 6 MB; split a larger set across several files in the "desired" setting.',
        location: { file, line: 1, column: 1 },
      }),
    };
  }
  const bytes = read;
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) {
    return {
      ok: false,
      diagnostic: problem({
        code: DESIRED_DIAGNOSTIC.notUtf8,
        message: decoded.utf16
          ? `${file} is saved as UTF-16 ("Unicode"), not UTF-8.`
          : `${file} is not valid UTF-8: the byte here cannot be decoded.`,
        hint: 'Save the file as UTF-8 (most editors offer this under "Save with encoding").',
        location: { file, line: decoded.line, column: decoded.column },
      }),
    };
  }
  return { ok: true, source: { path: file, text: decoded.text, sha256: sha256Hex(bytes) } };
}

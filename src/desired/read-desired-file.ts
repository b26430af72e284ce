// The file-system edge of the loader: bytes in, a DesiredSource or a located Diagnostic out.
// Nothing here throws for a user's mistake (a missing, unreadable or mis-encoded file).
import { open } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../core/model.js';
import { decodeUtf8 } from './decode-utf8.js';
import type { DesiredSource } from './desired-load-result.js';
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

const CHUNK_BYTES = 1024 * 1024;

function megabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024)).toLocaleString('en-US')} MB`;
}

/**
 * The file's bytes, or `tooLarge` (with the size when known) without reading past the limit: a
 * regular file's size is known up front, and a pipe or device (/dev/zero) is read only that far.
 */
async function readBounded(absolute: string): Promise<Buffer | { tooLarge: number | undefined }> {
  const handle = await open(absolute, 'r');
  try {
    const stats = await handle.stat();
    if (stats.isFile() && stats.size > MAX_FILE_BYTES) return { tooLarge: stats.size };
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(CHUNK_BYTES);
      const { bytesRead } = await handle.read(chunk, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      chunks.push(bytesRead === CHUNK_BYTES ? chunk : chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > MAX_FILE_BYTES) return { tooLarge: undefined };
    }
    return Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
}

/** Reads `file` (as the user wrote it) relative to `cwd`; locations keep the user's spelling. */
export async function readDesiredFile(file: string, cwd: string): Promise<ReadResult> {
  let read: Buffer | { tooLarge: number | undefined };
  try {
    read = await readBounded(path.resolve(cwd, file));
  } catch (cause) {
    return { ok: false, diagnostic: unreadable(file, cause) };
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

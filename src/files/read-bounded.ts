// The one way territory-sync reads a file it was pointed at (desired files, saved plans,
// journals): only a regular file, never past a byte limit, never waiting. A named pipe would
// block the read (or the open) until a writer comes; a device (/dev/zero, a terminal) or a
// pseudo-file in /proc may never end, and reports a size of 0.
import { constants } from 'node:fs';
import type { Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';

const CHUNK_BYTES = 1024 * 1024;
/**
 * Opening a named pipe for reading waits for a writer unless O_NONBLOCK is given; a path that
 * passed the first check may have been swapped for one since. (Windows has no such flag.)
 */
const READ_NO_WAIT = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** The bytes, `tooLarge` (with the size when stat knew it), or `notAFile` with its stats. */
export type Bounded = Buffer | { tooLarge: number | undefined } | { notAFile: Stats };

/**
 * The file's bytes, read only if it is a regular file: checked before opening (stat never
 * blocks) and again on the opened file, and read no further than `limit` bytes. Errors of the
 * file system (ENOENT, EACCES, ...) are thrown for the caller to word.
 */
export async function readBounded(absolute: string, limit: number): Promise<Bounded> {
  const before = await stat(absolute);
  if (!before.isFile()) return { notAFile: before };
  const handle = await open(absolute, READ_NO_WAIT);
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return { notAFile: stats };
    if (stats.size > limit) return { tooLarge: stats.size };
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(CHUNK_BYTES);
      const { bytesRead } = await handle.read(chunk, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      chunks.push(bytesRead === CHUNK_BYTES ? chunk : chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > limit) return { tooLarge: undefined };
    }
    return Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
}

/** What a path that is not a regular file is instead, for a message that refuses it. */
export function describeNonFile(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a named pipe (FIFO), which can be read forever';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

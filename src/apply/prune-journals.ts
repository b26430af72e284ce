// Old journals in the default folder: when an apply starts, the journals of applies that
// finished clean are kept, newest first, up to the configured number (journalsKept); older ones
// are deleted. Only files named like the default journals are ever looked at, never one a
// `--journal FILE` wrote elsewhere; a journal an apply may still need (cut short, stopped,
// unverified, any record not converged, or not readable as a journal) is never deleted.
import { constants as fsConstants } from 'node:fs';
import { open, readdir, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { JOURNAL_START_PREFIX, finishedClean } from './journal-entry.js';
import type { JournalCodes, JournalFinish } from './journal-entry.js';
import { checkJournalLine } from './journal-line.js';
import { JOURNAL_DIR } from './journal-file.js';
import { MAX_PLAN_FILE_BYTES } from './saved-plan.js';

/** journal-<first 12 of planHash>.jsonl, or -2 ... -1000 (see createDefaultJournal). */
export const DEFAULT_JOURNAL_NAME = /^journal-[0-9a-f]{12}(?:-[1-9][0-9]{0,3})?\.jsonl$/;

const FINISH_PREFIX = '{"type":"finish",';
const CHUNK = 64 * 1024;

export interface PruneResult {
  /** File names deleted from the journal folder. */
  readonly deleted: readonly string[];
  /** Journals that should have gone but could not be deleted, with why. */
  readonly failed: readonly { readonly name: string; readonly reason: string }[];
}

/** A parsed last line that is a whole, well-formed finish entry. */
function asFinish(value: unknown): JournalFinish<JournalCodes> | undefined {
  const line = checkJournalLine(value);
  return line.ok && line.entry.type === 'finish' ? line.entry : undefined;
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

/** The file's last complete line (it must end with a newline), or undefined if it has one line. */
async function lastLine(handle: FileHandle, size: number): Promise<string | undefined> {
  if (size === 0 || (await readAt(handle, size - 1, 1))[0] !== 0x0a) return undefined;
  const chunks: Buffer[] = [];
  let end = size - 1;
  while (end > 0) {
    const start = Math.max(0, end - CHUNK);
    const chunk = await readAt(handle, start, end - start);
    const newline = chunk.lastIndexOf(0x0a);
    if (newline >= 0) {
      chunks.unshift(chunk.subarray(newline + 1));
      return Buffer.concat(chunks).toString('utf8');
    }
    chunks.unshift(chunk);
    end = start;
  }
  return undefined;
}

/**
 * When the apply this journal records finished clean (its finish line's time, else the file's
 * modification time); undefined for anything else, including files that are not journals.
 */
async function cleanFinishTime(file: string): Promise<number | undefined> {
  let handle: FileHandle;
  try {
    // No symlinks followed, no waiting on a FIFO: only regular files are journals.
    handle = await open(
      file,
      fsConstants.O_RDONLY | fsConstants.O_NOFOLLOW | fsConstants.O_NONBLOCK,
    );
  } catch {
    return undefined;
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile() || stat.size > 2 * MAX_PLAN_FILE_BYTES) return undefined;
    const head = (await readAt(handle, 0, JOURNAL_START_PREFIX.length)).toString('utf8');
    if (head !== JOURNAL_START_PREFIX) return undefined;
    const line = await lastLine(handle, stat.size);
    if (line === undefined || !line.startsWith(FINISH_PREFIX)) return undefined;
    let finish: JournalFinish<JournalCodes> | undefined;
    try {
      finish = asFinish(JSON.parse(line));
    } catch {
      return undefined;
    }
    if (finish === undefined || !finishedClean(finish)) return undefined;
    if (!finish.records.every((r) => r.status === 'converged')) return undefined;
    const at = Date.parse(finish.at);
    return Number.isNaN(at) ? stat.mtimeMs : at;
  } catch {
    return undefined;
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * Deletes from `<cwd>/.territory-sync` the journals of clean applies beyond the `keep` newest.
 * `current` (this apply's own journal, just created) is never looked at. Never throws: a
 * journal that cannot be read is kept, one that cannot be deleted is listed in `failed`.
 */
export async function pruneDefaultJournals(
  cwd: string,
  keep: number,
  current?: string,
): Promise<PruneResult> {
  const dir = path.join(cwd, JOURNAL_DIR);
  let names: string[];
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    names = entries
      .filter((e) => e.isFile() && DEFAULT_JOURNAL_NAME.test(e.name))
      .map((e) => e.name)
      .filter((name) => current === undefined || path.join(dir, name) !== path.resolve(current));
  } catch {
    return { deleted: [], failed: [] };
  }
  const clean: { name: string; at: number }[] = [];
  for (const name of names) {
    const at = await cleanFinishTime(path.join(dir, name));
    if (at !== undefined) clean.push({ name, at });
  }
  // Newest first; the same second sorted by name, newest sibling (-2, -3 ...) first.
  clean.sort((a, b) => b.at - a.at || b.name.length - a.name.length || (b.name < a.name ? -1 : 1));
  const deleted: string[] = [];
  const failed: { name: string; reason: string }[] = [];
  for (const { name } of clean.slice(Math.max(0, keep))) {
    try {
      await unlink(path.join(dir, name));
      deleted.push(name);
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      // Another apply starting at the same moment deleted it first.
      if (code === 'ENOENT') continue;
      failed.push({ name, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return { deleted, failed };
}

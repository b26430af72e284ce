// The journal on disk: created new (never appended to an old one), one line per entry, each
// line synced before append() resolves, lines from concurrent batches never interleaved.
import { mkdir, open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { TerritorySyncError } from '../errors.js';
import type { JournalEntry, JournalSink } from './journal-entry.js';

/** The folder under the working directory; users should ignore it in git (it is local state). */
export const JOURNAL_DIR = '.territory-sync';
/** Suffixes tried when journals of the same plan already exist (re-runs, concurrent applies). */
const MAX_SIBLINGS = 1000;

export interface JournalFile extends JournalSink {
  readonly path: string;
  close(): Promise<void>;
}

interface Waiting {
  readonly line: string;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit: entries appended while a sync is under way are written and synced together by
 * the next one, in the order they were appended. Each append still resolves only once its line
 * is on disk, but ten batches in flight cost one sync between them, not ten in a row (a sync
 * per line made the journal, not Zoho, the bottleneck of a large apply).
 */
class SyncedJournal implements JournalFile {
  private waiting: Waiting[] = [];
  private flushing: Promise<void> | undefined;

  constructor(
    readonly path: string,
    private readonly handle: FileHandle,
  ) {}

  append(entry: JournalEntry): Promise<void> {
    const line = `${JSON.stringify(entry)}\n`;
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ line, resolve, reject });
      this.flushing ??= this.flush();
    });
  }

  private async flush(): Promise<void> {
    while (this.waiting.length > 0) {
      const group = this.waiting;
      this.waiting = [];
      try {
        await this.handle.write(group.map((w) => w.line).join(''));
        await this.handle.datasync();
        for (const w of group) w.resolve();
      } catch (error) {
        for (const w of group) w.reject(error);
      }
    }
    this.flushing = undefined;
  }

  async close(): Promise<void> {
    await this.flushing;
    await this.handle.close();
  }
}

function isExists(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'EEXIST';
}

function cannotCreate(file: string, cause: unknown): TerritorySyncError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new TerritorySyncError(
    'INVALID_INPUT',
    `Cannot create the apply journal ${file} (${reason}). Nothing was written to the CRM.`,
    { hint: 'Choose a writable place with --journal FILE.', cause },
  );
}

/** Creates exactly this file; an existing file is refused rather than mixed with a new apply. */
export async function createJournalFile(file: string, shownAs = file): Promise<JournalFile> {
  try {
    await mkdir(path.dirname(file), { recursive: true });
    return new SyncedJournal(file, await open(file, 'wx'));
  } catch (error) {
    if (isExists(error)) {
      throw new TerritorySyncError(
        'USAGE',
        `The journal file ${shownAs} already exists. Nothing was written to the CRM.`,
        {
          hint: 'Pass a new file to --journal (to finish that apply instead: apply --resume FILE).',
        },
      );
    }
    throw cannotCreate(shownAs, error);
  }
}

/**
 * .territory-sync/journal-<first 12 of planHash>.jsonl under cwd, or -2, -3 ... when that exists:
 * exclusive creation gives two applies of one plan two journals, even started at the same time.
 */
export async function createDefaultJournal(cwd: string, planHash: string): Promise<JournalFile> {
  const dir = path.join(cwd, JOURNAL_DIR);
  const stem = `journal-${planHash.slice(0, 12)}`;
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw cannotCreate(dir, error);
  }
  for (let n = 1; n <= MAX_SIBLINGS; n += 1) {
    const file = path.join(dir, n === 1 ? `${stem}.jsonl` : `${stem}-${n}.jsonl`);
    try {
      return new SyncedJournal(file, await open(file, 'wx'));
    } catch (error) {
      if (!isExists(error)) throw cannotCreate(file, error);
    }
  }
  throw cannotCreate(
    path.join(dir, `${stem}-*.jsonl`),
    new Error('too many journals of this plan'),
  );
}

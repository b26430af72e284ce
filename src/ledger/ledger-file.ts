// The selectors' ledger on disk (docs/SELECTORS.md §4): one JSON file per environment, kept by
// the apply workflow on its own branch. The tool only reads and writes the file; a read is
// bounded like every file it is pointed at, and a write only replaces the ledger the plan was
// made from (compare and swap on the bytes' sha256).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { MAX_LEDGER_FILE_BYTES } from '../constants/defaults.js';
import { escapeInvisible } from '../core/escape-invisible.js';
import { TerritorySyncError } from '../errors.js';
import { describeNonFile, readBounded } from '../files/read-bounded.js';
import type { Bounded } from '../files/read-bounded.js';
import { writeFileAtomically } from '../files/write-atomic.js';
import { checkLedgerText } from './check-ledger.js';
import {
  ledgerSha256,
  ledgerTargetMismatch,
  otherOrgError,
  serializeLedger,
} from './ledger-format.js';
import type { LedgerFile, LedgerTarget } from './ledger-types.js';

export type LedgerRead =
  | { readonly state: 'absent' }
  | {
      readonly state: 'present';
      readonly ledger: LedgerFile;
      /** sha256 hex of the file's bytes: what a plan records and writeLedger compares. */
      readonly sha256: string;
    };

const RECOVER =
  "Restore the file from the ledger branch's history, or delete it to start over: without a " +
  'ledger, selectors only add territories (nothing they gave is removed) until the next apply ' +
  'writes a new one.';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function invalid(shown: string, problem: string, cause?: unknown): TerritorySyncError {
  return new TerritorySyncError('LEDGER_INVALID', `${shown}: ${problem}`, {
    hint: RECOVER,
    ...(cause === undefined ? {} : { cause }),
  });
}

const megabytes = (bytes: number): string => `${Math.ceil(bytes / 1024 / 1024)} MB`;

/** The file's bytes, undefined when there is no file; anything else that is wrong is thrown. */
async function currentBytes(file: string, shown: string): Promise<Buffer | undefined> {
  let read: Bounded;
  try {
    read = await readBounded(file, MAX_LEDGER_FILE_BYTES);
  } catch (cause) {
    const code = (cause as { code?: unknown } | null)?.code;
    // A symbolic link to nothing is no ledger either: stat follows it and finds nothing.
    if (code === 'ENOENT') return undefined;
    const reason =
      code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'ENOTDIR'
          ? 'a folder on its path is a file'
          : typeof code === 'string'
            ? code
            : 'unknown error';
    throw invalid(shown, `the selectors' ledger cannot be read (${reason}).`, cause);
  }
  if ('notAFile' in read) {
    throw invalid(
      shown,
      `is not a file. It is ${describeNonFile(read.notAFile)}; the selectors' ledger must be a regular file.`,
    );
  }
  if ('tooLarge' in read) {
    const size = read.tooLarge === undefined ? 'more than that' : megabytes(read.tooLarge);
    throw invalid(
      shown,
      `the selectors' ledger may be at most ${megabytes(MAX_LEDGER_FILE_BYTES)}; this file is ${size}: it was not written by territory-sync.`,
    );
  }
  return read;
}

/**
 * The ledger at `file`: absent when there is no file, else checked whole (UTF-8, JSON, schema,
 * order) and, given `expectedTarget`, refused unless it was written for that org (another org's
 * gifts would authorise removals here). `shownAs` is how messages name the file.
 */
export async function readLedger(
  file: string,
  expectedTarget?: LedgerTarget,
  shownAs: string = file,
): Promise<LedgerRead> {
  const shown = escapeInvisible(shownAs);
  const bytes = await currentBytes(file, shown);
  if (bytes === undefined) return { state: 'absent' };
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    throw invalid(shown, "the selectors' ledger is not UTF-8 text.");
  }
  const checked = checkLedgerText(text);
  if (!checked.ok) throw invalid(shown, `is not a valid selectors' ledger: ${checked.problem}.`);
  if (expectedTarget !== undefined) {
    const mismatch = ledgerTargetMismatch(checked.ledger.target, expectedTarget);
    if (mismatch !== undefined) throw otherOrgError(shown, mismatch);
  }
  return { state: 'present', ledger: checked.ledger, sha256: ledgerSha256(bytes) };
}

/**
 * Writes `ledger` to `file` if the file still holds the ledger whose sha256 is `expectedSha256`
 * (null: there must be no file), creating its folder if needed; returns the new file's sha256.
 * Otherwise LEDGER_CHANGED, and the file is left as it is: someone else's ledger is never
 * overwritten.
 *
 * The compare and the swap are two steps: a writer between the re-read and the rename would be
 * overwritten unseen. Nothing in the tool can close that window on a plain file (there is no
 * portable compare-and-rename); it is the apply workflow's concurrency group that serialises
 * applies, and a hand edit racing an apply to the millisecond is what this does not catch.
 */
export async function writeLedger(
  file: string,
  ledger: LedgerFile,
  expectedSha256: string | null,
  shownAs: string = file,
): Promise<string> {
  const shown = escapeInvisible(shownAs);
  const text = serializeLedger(ledger);
  const bytes = await currentBytes(file, shown);
  const found = bytes === undefined ? null : ledgerSha256(bytes);
  if (found !== expectedSha256) {
    const what =
      expectedSha256 === null
        ? "a selectors' ledger appeared since this plan was made (it was made without one)"
        : found === null
          ? "the selectors' ledger this plan was made from is gone"
          : "the selectors' ledger changed since this plan was made";
    throw new TerritorySyncError('LEDGER_CHANGED', `${shown}: ${what}: plan again.`, {
      hint: 'Make a new plan from the ledger as it is now, review it and apply that one. This ledger was not written.',
    });
  }
  await mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomically(file, [text]);
  return ledgerSha256(text);
}

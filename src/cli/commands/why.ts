// `territory-sync why MODULE ID [--online]`: one record explained. Where the desired files list
// it, the commits that changed its entry, the apply journals that touched it and, with
// --online, its territories in the CRM now. Offline by default and never a write; each part it
// cannot give (no git, a shallow clone, no journals, files that do not validate) is said, and
// the rest is still shown.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { readJournal } from '../../apply/read-journal.js';
import { JOURNAL_DIR } from '../../apply/journal-file.js';
import { DEFAULT_JOURNAL_NAME } from '../../apply/prune-journals.js';
import { MAX_PLAN_FILE_BYTES } from '../../apply/saved-plan.js';
import { loadConfig } from '../../config/load-config.js';
import type { ResolvedConfig } from '../../config/config-types.js';
import { DESIRED_DIAGNOSTIC } from '../../core/diagnostic-codes.js';
import type { Diagnostic, RecordKey } from '../../core/model.js';
import { checkDesiredBytes, MAX_FILE_BYTES } from '../../desired/load-desired.js';
import type { DesiredBytes } from '../../desired/load-desired.js';
import { decodeUtf8 } from '../../desired/decode-utf8.js';
import { readDesiredFile } from '../../desired/read-desired-file.js';
import { readBounded } from '../../files/read-bounded.js';
import { readFilesAtRef } from '../../git/desired-at-ref.js';
import {
  entryHistory,
  inspectRepository,
  searchArguments,
  workingTreeStatus,
} from '../../git/record-history.js';
import type { EntrySearch } from '../../git/record-history.js';
import { journalTouch } from '../../why/journal-touches.js';
import type { JournalTouch } from '../../why/journal-touches.js';
import { entryEndLine, locateEntry } from '../../why/locate-entry.js';
import type { EntryPlace } from '../../why/locate-entry.js';
import { renderLive, renderWhy } from '../../why/render-why.js';
import type { HistoryView, JournalsView, ListedEntry, ListingView } from '../../why/render-why.js';
import { whyRecord } from '../../why/why-record.js';
import type { CommandArgs } from '../args.js';
import type { CommandContext } from '../context.js';
import { expandDesiredFiles } from '../desired-files.js';
import { EXIT } from '../exit-codes.js';

/** Commits shown; the count of the rest is given with the git command that lists them. */
const MAX_COMMITS = 10;
/** Desired files searched by id when the entry is in none of them (one git process each). */
const MAX_FILES_SEARCHED = 20;
/** Journals read, newest first (apply keeps 20 clean ones, plus any unfinished). */
const MAX_JOURNALS_READ = 50;
/** What readJournal accepts: a journal holds its plan and a line per call. */
const MAX_JOURNAL_BYTES = 2 * MAX_PLAN_FILE_BYTES;
/** Journals that touched the record shown. */
const MAX_TOUCHES = 5;

export async function whyCommandFromArgs(ctx: CommandContext, args: CommandArgs): Promise<number> {
  const [module = '', id = ''] = args.positionals;
  const record = whyRecord(module, id);
  const config = await loadConfig({
    cwd: ctx.io.cwd,
    env: ctx.io.env,
    configFile: ctx.global.config,
    environment: ctx.global.env,
  });
  const files = await expandDesiredFiles(config.desired, config.baseDir, ctx.io.cwd);
  const listing = await findListing(ctx.io.cwd, files, record, config);
  const history = await findHistory(ctx.io.cwd, files, record, listing);
  const journals = await findJournals(ctx.io.cwd, record);
  ctx.result(renderWhy({ record, listing, history, journals }));
  if (args.flags.online === true) await showLive(ctx, record);
  return EXIT.ok;
}

/**
 * Every desired file that lists the record, through the loader's reader and checks: when the
 * files validate, the entry plan would read (its territories, aliases resolved); when they do
 * not, wherever a file that parses has it, with the problems found in it.
 */
async function findListing(
  cwd: string,
  files: readonly string[],
  record: RecordKey,
  config: ResolvedConfig,
): Promise<ListingView> {
  const reads = await Promise.all(files.map((file) => readDesiredFile(file, cwd)));
  const readable: DesiredBytes[] = [];
  const failures: Diagnostic[] = [];
  const unread: { file: string; reason: string }[] = [];
  const missing: string[] = [];
  const texts = new Map<string, string>();
  for (const [index, read] of reads.entries()) {
    if (!read.ok) {
      failures.push(read.diagnostic);
      unread.push({ file: files[index] as string, reason: read.diagnostic.message });
      if (read.diagnostic.code === DESIRED_DIAGNOSTIC.fileNotFound) {
        missing.push(files[index] as string);
      }
      continue;
    }
    const { file } = read;
    readable.push(file);
    if (!('bytes' in file) || file.bytes.length > MAX_FILE_BYTES) {
      unread.push({
        file: file.path,
        reason: `${file.path} is larger than a desired file may be.`,
      });
      continue;
    }
    const text = decodeUtf8(file.bytes);
    if (text.ok) texts.set(file.path, text.text);
    else unread.push({ file: file.path, reason: `${file.path} is not UTF-8 text.` });
  }
  const checked = checkDesiredBytes(readable, { modules: config.modules }, failures);
  const moduleNotManaged = !config.modules.includes(record.module);
  if (checked.ok) {
    const listed = checked.state.records.find(
      (r) => r.module === record.module && r.id === record.id,
    );
    const text = listed === undefined ? undefined : texts.get(listed.location.file);
    const entries: ListedEntry[] =
      listed === undefined || text === undefined
        ? []
        : [
            {
              place: { location: listed.location, endLine: entryEndLine(text, listed.location) },
              territories: listed.territories,
              ...(listed.note === undefined ? {} : { note: listed.note }),
            },
          ];
    return { files, entries, moduleNotManaged, unread, missing };
  }
  const entries: ListedEntry[] = [];
  for (const [file, text] of texts) {
    const found = locateEntry(file, text, record);
    if (found.kind === 'found') entries.push({ place: found.place });
    if (found.kind === 'unreadable') {
      unread.push({
        file,
        reason: `${file} is not YAML territory-sync can read (\`territory-sync validate\` says where).`,
      });
    }
  }
  const inEntry = (d: Diagnostic): boolean =>
    (d.record?.module === record.module && d.record.id === record.id) ||
    entries.some(
      ({ place }) =>
        d.location !== undefined &&
        d.location.file === place.location.file &&
        d.location.line >= place.location.line &&
        d.location.line <= place.endLine,
    );
  // A file that could not be read is already in `unread`.
  const errors = checked.diagnostics.filter((d) => d.severity === 'error' && !failures.includes(d));
  return {
    files,
    entries,
    moduleNotManaged,
    unread,
    missing,
    invalid: { errors: errors.length, aboutRecord: errors.filter(inEntry) },
  };
}

/** An argument as a shell reads it back, for the "lists them all" command shown. */
function shellWord(arg: string): string {
  return /^[A-Za-z0-9_./:,=@+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * The entry's lines at HEAD, followed back (git log -L); where HEAD does not have the entry,
 * the commits naming the id in each desired file (git log --follow -G).
 */
async function findHistory(
  cwd: string,
  files: readonly string[],
  record: RecordKey,
  listing: ListingView,
): Promise<HistoryView> {
  const repository = await inspectRepository(cwd);
  if (repository.kind !== 'repository') return repository;
  const searches: EntrySearch[] = [];
  const status = await workingTreeStatus(cwd, files.map(asGitPath));
  const isUntracked = (file: string) => status.untracked.has(asGitPath(file));
  const isChanged = (file: string) => isUntracked(file) || status.changed.has(asGitPath(file));
  const absent = new Set(listing.missing);
  for (const { place } of listing.entries) {
    const file = place.location.file;
    // Where the committed file has the entry: here, unless the working copy changed the file.
    const atHead = isUntracked(file)
      ? undefined
      : isChanged(file)
        ? await placeAtHead(cwd, file, record)
        : place;
    searches.push(
      atHead === undefined
        ? { kind: 'mentions', file, id: record.id }
        : { kind: 'lines', file, start: atHead.location.line, end: atHead.endLine },
    );
  }
  let filesLeftOut = 0;
  if (searches.length === 0) {
    for (const file of files.slice(0, MAX_FILES_SEARCHED)) {
      searches.push({ kind: 'mentions', file, id: record.id });
    }
    filesLeftOut = Math.max(0, files.length - MAX_FILES_SEARCHED);
  }
  const history = await entryHistory(cwd, searches, { limit: MAX_COMMITS });
  return {
    kind: 'searched',
    how: searches.every((s) => s.kind === 'lines') ? 'entry' : 'mentions',
    history,
    listAll: searches.map((s) => `git log ${searchArguments(s).map(shellWord).join(' ')}`),
    ...(repository.shallowBoundary === undefined
      ? {}
      : { shallowBoundary: repository.shallowBoundary }),
    // A file neither on disk nor known to git is not a change waiting to be committed: it is
    // not there at all (listing.unread says so).
    uncommitted: [...new Set(searches.map((s) => s.file))].filter(
      (file) => isChanged(file) && !(isUntracked(file) && absent.has(file)),
    ),
    filesLeftOut,
  };
}

/** A path relative to cwd as git prints one. */
function asGitPath(file: string): string {
  return file.split(path.sep).join('/');
}

/** Where the committed file (HEAD) has the entry, if it has it. */
async function placeAtHead(
  cwd: string,
  file: string,
  record: RecordKey,
): Promise<EntryPlace | undefined> {
  const bytes = await headBytes(cwd, file);
  const text = bytes === undefined ? undefined : decodeUtf8(bytes);
  if (text?.ok !== true) return undefined;
  const found = locateEntry(file, text.text, record);
  return found.kind === 'found' ? found.place : undefined;
}

/** The file's bytes at HEAD, or undefined when HEAD does not have it (or it is too large). */
async function headBytes(cwd: string, file: string): Promise<Uint8Array | undefined> {
  try {
    const [atHead] = await readFilesAtRef(cwd, 'HEAD', [file], { maxBytes: MAX_FILE_BYTES });
    return atHead !== undefined && 'bytes' in atHead ? atHead.bytes : undefined;
  } catch {
    // Said by the search that follows: git names what it could not do.
    return undefined;
  }
}

/**
 * The default journals of applies run in this folder (the names apply gives them; a journal
 * written elsewhere with --journal is not looked for), newest first, each read and checked as
 * `apply --resume` would; one that is not a journal is named and skipped.
 */
async function findJournals(cwd: string, record: RecordKey): Promise<JournalsView> {
  const dir = path.join(cwd, JOURNAL_DIR);
  let names: string[] = [];
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    names = entries
      .filter((e) => e.isFile() && DEFAULT_JOURNAL_NAME.test(e.name))
      .map((e) => e.name);
  } catch {
    // No folder: no apply ran here.
  }
  const dated = await Promise.all(
    names.map(async (name) => {
      try {
        return { name, time: (await stat(path.join(dir, name))).mtimeMs };
      } catch {
        return { name, time: 0 };
      }
    }),
  );
  dated.sort((a, b) => b.time - a.time || (a.name < b.name ? 1 : -1));
  const touches: JournalTouch[] = [];
  const unreadable: { name: string; reason: string }[] = [];
  for (const { name } of dated.slice(0, MAX_JOURNALS_READ)) {
    try {
      const file = path.join(dir, name);
      // Checking a journal re-derives its whole plan: only for one that names the record at all.
      if (!(await mentions(file, record.id))) continue;
      const contents = await readJournal(file, name);
      const touch = journalTouch(name, contents, record);
      if (touch !== undefined) touches.push(touch);
    } catch (error) {
      // readJournal speaks to --resume ("Nothing was sent."); here nothing is sent anyway.
      const reason = error instanceof Error ? error.message : String(error);
      unreadable.push({ name, reason: reason.replace(/ Nothing was sent\.$/, '') });
    }
  }
  return {
    dir: JOURNAL_DIR,
    found: names.length,
    touches: touches.slice(0, MAX_TOUCHES),
    touchesLeftOut: Math.max(0, touches.length - MAX_TOUCHES),
    notRead: Math.max(0, names.length - MAX_JOURNALS_READ),
    unreadable,
  };
}

/** Whether the file holds `id` (a journal larger than any apply writes is left to readJournal). */
async function mentions(file: string, id: string): Promise<boolean> {
  const read = await readBounded(file, MAX_JOURNAL_BYTES);
  return !Buffer.isBuffer(read) || read.includes(id);
}

/** --online: the record's territories in the CRM, read as plan reads them. */
async function showLive(ctx: CommandContext, record: RecordKey): Promise<void> {
  // Loaded here: the offline explanation needs no HTTP client.
  const [{ openSession }, { readCurrent }] = await Promise.all([
    import('../plan-session.js'),
    import('../../apply/read-current.js'),
  ]);
  const session = await openSession(ctx, { config: ctx.global.config, env: ctx.global.env });
  const [current] = await readCurrent(session.client, [record]);
  const live = current === undefined ? {} : { record: current };
  // A blank line between the offline sections and this one, as between those.
  ctx.result(`\n${renderLive({ target: session.target, ...live }, record)}`);
}

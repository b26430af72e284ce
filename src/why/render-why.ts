// `why MODULE ID` as text: what the command found, section by section, and for every part it
// could not find, why and what to do. Pure: the command gathers, this writes. Everything quoted
// here came from outside (file names, YAML, commit authors and subjects, journal texts, CRM
// names): each is escaped on one line (no ESC, CR or bidi character acts on the terminal).
// A CRM name may start an indented line (the live territories), so under GitHub Actions it is
// the inert filter every output passes (src/cli/context.ts) that keeps `::error::` inert.
import { escapeInvisible } from '../core/escape-invisible.js';
import type {
  CurrentRecord,
  DesiredTerritory,
  Diagnostic,
  RecordKey,
  SourceLocation,
} from '../core/model.js';
import { plural } from '../core/words.js';
import type { CommitRef, EntryHistory } from '../git/record-history.js';
import type { JournalOutcome, JournalTouch } from './journal-touches.js';
import type { EntryPlace } from './locate-entry.js';
import { pullRequestOf } from './pull-request.js';

export interface ListedEntry {
  readonly place: EntryPlace;
  /** As the (valid) desired state gives them; absent when the files do not validate. */
  readonly territories?: readonly DesiredTerritory[];
  readonly note?: string;
}

export interface ListingView {
  /** The desired files looked in. */
  readonly files: readonly string[];
  readonly entries: readonly ListedEntry[];
  /** The configuration does not manage the record's module (Leads not opted in). */
  readonly moduleNotManaged: boolean;
  /** Files the entry could not be looked for in, each with why (a sentence naming the file). */
  readonly unread: readonly { readonly file: string; readonly reason: string }[];
  /** Desired files that do not exist (also in `unread`). */
  readonly missing: readonly string[];
  /**
   * Set when the desired files do not validate: how many errors (files that could not be read
   * aside: those are in `unread`), and those about this record.
   */
  readonly invalid?: { readonly errors: number; readonly aboutRecord: readonly Diagnostic[] };
}

export type HistoryView =
  | { readonly kind: 'no-git' }
  | { readonly kind: 'outside'; readonly reason: string }
  | { readonly kind: 'no-commits' }
  | {
      readonly kind: 'searched';
      /** `entry`: the entry's lines at HEAD were followed; `mentions`: commits naming the id. */
      readonly how: 'entry' | 'mentions';
      readonly history: EntryHistory;
      /** The git commands that list every commit found (shown when some are left out). */
      readonly listAll: readonly string[];
      readonly shallowBoundary?: readonly CommitRef[];
      /** Desired files whose working copy differs from HEAD. */
      readonly uncommitted: readonly string[];
      /** Desired files not searched (over the limit). */
      readonly filesLeftOut: number;
    };

export interface JournalsView {
  /** The folder journals are looked for in, as the user would type it. */
  readonly dir: string;
  /** Journal files found there. */
  readonly found: number;
  /** Newest first. */
  readonly touches: readonly JournalTouch[];
  readonly touchesLeftOut: number;
  /** The oldest journals, past the read limit. */
  readonly notRead: number;
  readonly unreadable: readonly { readonly name: string; readonly reason: string }[];
}

export interface WhyView {
  readonly record: RecordKey;
  readonly listing: ListingView;
  readonly history: HistoryView;
  readonly journals: JournalsView;
}

export interface LiveView {
  /** How the org is named (environment and API domain). */
  readonly target: string;
  /** Absent when the CRM has no such record. */
  readonly record?: CurrentRecord;
}

/** Outside text on one line: invisible and active characters written as \uXXXX, cut short. */
function shown(text: string, max = 200): string {
  const escaped = escapeInvisible(text).trim();
  if (escaped.length <= max) return escaped;
  // Cut between code points: half an emoji would print as a replacement character.
  let kept = '';
  for (const c of escaped) {
    if (kept.length + c.length > max - 1) break;
    kept += c;
  }
  return `${kept}…`;
}

const at = (l: SourceLocation): string => `${shown(l.file)}:${l.line}:${l.column}`;

function lines(entry: ListedEntry): string {
  const { location, endLine } = entry.place;
  return endLine > location.line ? ` (lines ${location.line}-${endLine})` : '';
}

function territory(t: DesiredTerritory): string {
  if (t.alias === undefined) return shown(t.written, 120);
  return `${shown(t.written, 120)} (alias of ${t.ref.kind} ${shown(t.ref.value, 120)})`;
}

function listingSection(view: WhyView): string[] {
  const { listing, record } = view;
  const out: string[] = [];
  if (listing.moduleNotManaged) {
    out.push(
      `${record.module} are not managed in this configuration, so plan and apply never touch ` +
        `this record. To manage them, run \`territory-sync doctor\` to see whether your org ` +
        `accepts it, then set \`modules: { ${record.module}: true }\` in your territory-sync config.`,
    );
  }
  const files = listing.files.map((f) => shown(f)).join(', ') || 'none configured';
  const unread = new Set(listing.unread.map((u) => u.file));
  const read = listing.files.filter((f) => !unread.has(f));
  if (listing.entries.length === 0 && unread.size > 0) {
    // A file that could not be read may list it: "not managed" would be a guess.
    out.push(
      read.length === 0
        ? `Not found: none of the desired files (${files}) could be read, so whether it is ` +
            'listed is not known. Check the "desired" setting of your config, and run `why` ' +
            'where you run plan.'
        : `Not listed in the desired files read (${read.map((f) => shown(f)).join(', ')}); ` +
            `${plural(listing.files.length - read.length, 'other could', 'others could')} not be read (below), so it may be listed there.`,
    );
  } else if (listing.entries.length === 0) {
    out.push(
      `Not listed in any desired file (${files}): territory-sync does not manage it.` +
        (listing.moduleNotManaged
          ? ''
          : ' List it in one to have plan and apply manage its territories.'),
    );
  } else {
    if (listing.entries.length > 1) {
      out.push(
        `Listed ${listing.entries.length} times: a record belongs in one place; keep one entry.`,
      );
    }
    for (const entry of listing.entries) {
      out.push(`Listed at ${at(entry.place.location)}${lines(entry)}`);
      if (entry.territories !== undefined) {
        out.push(
          `  territories: ${entry.territories.length === 0 ? '(none: apply removes its manual territories)' : entry.territories.map(territory).join(', ')}`,
        );
      }
      if (entry.note !== undefined) out.push(`  note: ${shown(entry.note)}`);
    }
  }
  if (listing.invalid !== undefined && listing.invalid.errors > 0) {
    out.push(
      `The desired files do not validate (${plural(listing.invalid.errors, 'error')})` +
        `${listing.entries.length > 0 ? ", so the entry's territories are not shown" : ''}. ` +
        'Run `territory-sync validate` to see every problem.',
    );
    for (const d of listing.invalid.aboutRecord.slice(0, 5)) {
      const where = d.location === undefined ? '' : `${at(d.location)} `;
      out.push(`  ${where}${shown(d.code, 40)}: ${shown(d.message, 300)}`);
    }
    const more = listing.invalid.aboutRecord.length - 5;
    if (more > 0) out.push(`  and ${plural(more, 'more problem')} about this record`);
  }
  for (const u of listing.unread) out.push(`Not read: ${shown(u.reason, 300)}`);
  return out;
}

function commitLine(
  commit: EntryHistory['commits'][number],
  boundary: ReadonlySet<string>,
): string {
  const date = shown(commit.date.slice(0, 10), 10) || '(no date)';
  const subject = shown(commit.subject) || '(no subject)';
  const pr = pullRequestOf(commit.subject);
  const by = shown(commit.author, 80) || '(unknown author)';
  const cut = boundary.has(commit.hash)
    ? ' [shallow clone: git fetched nothing older, so this may not be where the entry began]'
    : '';
  return `  ${date}  ${commit.hash.slice(0, 10)}  ${subject} — ${by}${pr === undefined ? '' : `, PR #${pr}`}${cut}`;
}

function shallowNotice(boundary: readonly CommitRef[]): string {
  const oldest = [...boundary].sort((a, b) => (a.date < b.date ? -1 : 1))[0];
  const before =
    oldest === undefined
      ? 'older commits'
      : `commits before ${shown(oldest.date.slice(0, 10), 10)} (${oldest.hash.slice(0, 10)})`;
  return (
    `History is shallow: ${before} are not available; run \`git fetch --unshallow\` ` +
    '(or check out with fetch-depth: 0 in CI) to see them.'
  );
}

function historySection(view: WhyView): string[] {
  const { history } = view;
  switch (history.kind) {
    case 'no-git':
      return [
        'History: git was not found on PATH, so the commits that changed this entry are not shown. Install git to see them.',
      ];
    case 'outside':
      return [
        `History: not available here (git: ${shown(history.reason, 300)}). Run \`territory-sync why\` ` +
          "in your repository's checkout to see the commits that changed this entry.",
      ];
    case 'no-commits':
      return ['History: this repository has no commits yet, so nothing has changed the entry.'];
    case 'searched':
      break;
  }
  const out: string[] = [];
  const found = history.history;
  const boundary = new Set((history.shallowBoundary ?? []).map((c) => c.hash));
  if (found.commits.length === 0) {
    out.push(
      history.how === 'entry'
        ? 'History: no commit changed this entry.'
        : 'History: no commit to the desired files names this id.',
    );
  } else {
    out.push(
      history.how === 'entry'
        ? 'Commits that changed this entry (newest first, following renames):'
        : 'Commits that added or removed a line naming this id (newest first, following renames):',
    );
    for (const commit of found.commits) out.push(commitLine(commit, boundary));
  }
  if (found.more > 0 || found.incomplete) {
    const how = history.listAll.map((c) => `\`${shown(c, 300)}\``).join(', then ');
    if (found.more === 0) {
      // Nothing beyond the limit was seen: "at least 0 more" would read as a count.
      out.push(`  git's answer was cut short, so there may be more: ${how} lists them all.`);
    } else {
      const count = found.incomplete ? `at least ${found.more}` : String(found.more);
      out.push(
        `  and ${count} more${found.incomplete ? " (git's answer was cut short)" : ''}: ${how} lists them all.`,
      );
    }
  }
  if (history.filesLeftOut > 0) {
    out.push(`  ${plural(history.filesLeftOut, 'more desired file')} not searched.`);
  }
  for (const problem of found.problems) out.push(`git could not search ${shown(problem, 400)}`);
  if (history.shallowBoundary !== undefined) out.push(shallowNotice(history.shallowBoundary));
  for (const file of history.uncommitted) {
    out.push(
      `${shown(file)} has changes not committed yet: the history is of the committed file (HEAD).`,
    );
  }
  return out;
}

function outcome(o: JournalOutcome, journal: string, dir: string): string {
  switch (o.kind) {
    case 'finished':
      return `${shown(o.status, 40)}${o.code === undefined ? '' : ` (${shown(o.code, 60)})`}`;
    case 'not-reported':
      return 'finished without a result for this record';
    case 'cut-short':
      return `cut short (no finish line; \`territory-sync apply --resume ${dir}/${journal}\` finishes it)`;
  }
}

function journalsSection(view: WhyView): string[] {
  const { journals } = view;
  const dir = shown(journals.dir);
  if (journals.found === 0) {
    return [
      `Applies: no apply journals in ${dir}/ (apply writes one in the folder it runs in; run \`why\` there to see what it did).`,
    ];
  }
  const out: string[] = [];
  // Skipped ones are named below: they may have touched it, unseen.
  const read = journals.found - journals.notRead - journals.unreadable.length;
  if (journals.touches.length === 0 && read === 0) {
    out.push(`Applies: no journal in ${dir}/ could be read (below).`);
  } else if (journals.touches.length === 0) {
    out.push(
      `Applies: none of the ${plural(read, 'journal')} read in ${dir}/ touched this record.`,
    );
  } else {
    out.push(`Applies that touched it (journals in ${dir}/, newest first):`);
    for (const t of journals.touches) {
      out.push(
        `  ${shown(t.startedAt, 40)}  ${shown(t.journal)}: ${outcome(t.outcome, t.journal, dir)}`,
      );
      if (t.planned !== undefined) {
        const changes = [
          ...t.planned.add.map((n) => `+ ${shown(n, 120)}`),
          ...t.planned.remove.map((n) => `- ${shown(n, 120)}`),
        ];
        out.push(`    planned: ${changes.join(', ') || 'no change'}`);
      }
      for (const c of t.calls) {
        const answer =
          c.answer === undefined
            ? 'no answer journaled'
            : `${shown(c.answer.status, 20)} ${shown(c.answer.code, 60)}${c.answer.jobId === undefined ? '' : `, job ${shown(c.answer.jobId, 30)}`}${c.answer.message === '' ? '' : ` (${shown(c.answer.message, 160)})`}`;
        out.push(
          `    call ${c.call} (wave ${c.wave}${c.round > 0 ? `, resend ${c.round}` : ''}) at ${shown(c.at, 40)}: ` +
            `${c.action} ${c.territories.map((n) => shown(n, 120)).join(', ')} -> ${answer}`,
        );
      }
      if (t.callsLeftOut > 0) out.push(`    and ${plural(t.callsLeftOut, 'earlier call')}`);
    }
    if (journals.touchesLeftOut > 0) {
      out.push(`  and ${plural(journals.touchesLeftOut, 'older journal')} that touched it`);
    }
  }
  if (journals.notRead > 0) {
    out.push(`  ${plural(journals.notRead, 'older journal')} not read.`);
  }
  for (const u of journals.unreadable) {
    out.push(`  ${shown(u.name)} skipped: ${shown(u.reason, 300)}`);
  }
  return out;
}

/** The offline explanation: where the record is listed, its history, what apply did. */
export function renderWhy(view: WhyView): string {
  const sections = [
    [`${view.record.module} ${view.record.id}`],
    listingSection(view),
    historySection(view),
    journalsSection(view),
  ];
  return `${sections.map((s) => s.join('\n')).join('\n\n')}\n`;
}

/** `--online`: the record's territories in the CRM now, and who put each there. */
export function renderLive(view: LiveView, record: RecordKey): string {
  const target = shown(view.target);
  if (view.record === undefined) {
    return (
      `Not found in the CRM (${target}): no ${record.module} record has this id. It was ` +
      'deleted, or the id belongs to another org; check the id in Zoho CRM.\n'
    );
  }
  const name = view.record.name === undefined ? '' : `: ${shown(view.record.name)}`;
  const out = [`Live in the CRM (${target})${name}`];
  if (view.record.territories.length === 0) out.push('  no territories');
  for (const t of view.record.territories) {
    const how =
      t.assigned === 'automatically'
        ? "rule-assigned (Zoho's territory rules; the API cannot remove it)"
        : 'manual (set by a person or the API)';
    out.push(`  ${shown(t.name, 120)} (${shown(t.id, 40)}): ${how}`);
  }
  return `${out.join('\n')}\n`;
}

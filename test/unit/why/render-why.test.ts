import { describe, expect, it } from 'vitest';
import type { EntryHistory } from '../../../src/git/record-history.js';
import { renderLive, renderWhy } from '../../../src/why/render-why.js';
import type {
  HistoryView,
  JournalsView,
  ListingView,
  WhyView,
} from '../../../src/why/render-why.js';

const ACME = { module: 'Accounts', id: '554023000003600001' } as const;
const HASH = 'c0ffee'.padEnd(40, '0');

const listed: ListingView = {
  files: ['territories.yaml'],
  entries: [
    {
      place: { location: { file: 'territories.yaml', line: 4, column: 5 }, endLine: 6 },
      territories: [
        {
          ref: { kind: 'name', value: 'East' },
          written: 'East',
          location: { file: 'territories.yaml', line: 5, column: 9 },
        },
        {
          ref: { kind: 'path', value: 'Organization/EMEA/DACH' },
          written: 'dach',
          alias: 'dach',
          location: { file: 'territories.yaml', line: 6, column: 9 },
        },
      ],
      note: 'Acme Corp',
    },
  ],
  moduleNotManaged: false,
  unread: [],
  missing: [],
};

const noJournals: JournalsView = {
  dir: '.territory-sync',
  found: 0,
  touches: [],
  touchesLeftOut: 0,
  notRead: 0,
  unreadable: [],
};

function searched(history: Partial<EntryHistory>, extra: Partial<HistoryView> = {}): HistoryView {
  return {
    kind: 'searched',
    how: 'entry',
    history: { commits: [], more: 0, incomplete: false, problems: [], ...history },
    listAll: ['git log -L 4,6:territories.yaml'],
    uncommitted: [],
    filesLeftOut: 0,
    ...extra,
  } as HistoryView;
}

function view(overrides: Partial<WhyView> = {}): WhyView {
  return {
    record: ACME,
    listing: listed,
    history: searched({}),
    journals: noJournals,
    ...overrides,
  };
}

describe('renderWhy', () => {
  it('where the record is listed, with its territories as written and what an alias means', () => {
    expect(renderWhy(view())).toContain(
      [
        'Accounts 554023000003600001',
        '',
        'Listed at territories.yaml:4:5 (lines 4-6)',
        '  territories: East, dach (alias of path Organization/EMEA/DACH)',
        '  note: Acme Corp',
      ].join('\n'),
    );
  });

  it('at most the commits it was given, and how many more with the command that lists them', () => {
    const text = renderWhy(
      view({
        history: searched({
          commits: [
            {
              hash: HASH,
              author: 'Ana',
              date: '2024-04-16T09:00:00+02:00',
              subject: 'Merge pull request #7 from a/b',
            },
          ],
          more: 12,
        }),
      }),
    );
    expect(text).toContain(
      `  2024-04-16  c0ffee0000  Merge pull request #7 from a/b — Ana, PR #7\n`,
    );
    expect(text).toContain('  and 12 more: `git log -L 4,6:territories.yaml` lists them all.');
  });

  it("says when git's answer was cut short, and what git refused", () => {
    const text = renderWhy(
      view({ history: searched({ more: 3, incomplete: true, problems: ['a.yaml: fatal: bad'] }) }),
    );
    expect(text).toContain("and at least 3 more (git's answer was cut short)");
    expect(text).toContain('git could not search a.yaml: fatal: bad');
    const nothingMore = renderWhy(view({ history: searched({ more: 0, incomplete: true }) }));
    expect(nothingMore).toContain(
      "  git's answer was cut short, so there may be more: `git log -L 4,6:territories.yaml` lists them all.",
    );
    expect(nothingMore).not.toContain('at least 0');
  });

  it('each part it could not give says why and what to do', () => {
    expect(renderWhy(view({ history: { kind: 'no-git' } }))).toContain(
      'History: git was not found on PATH',
    );
    expect(renderWhy(view({ history: { kind: 'no-commits' } }))).toContain(
      'this repository has no commits yet',
    );
    expect(
      renderWhy(
        view({
          history: searched(
            {},
            { shallowBoundary: [{ hash: HASH, date: '2024-04-16T09:00:00Z' }] },
          ),
        }),
      ),
    ).toContain(
      'History is shallow: commits before 2024-04-16 (c0ffee0000) are not available; run `git fetch --unshallow`',
    );
    expect(renderWhy(view({ listing: { ...listed, entries: [] } }))).toContain(
      'Not listed in any desired file (territories.yaml): territory-sync does not manage it. List it in one',
    );
  });

  it('does not call a record unmanaged when a desired file that may list it could not be read', () => {
    const gone = { file: 'territories.yaml', reason: 'territories.yaml does not exist.' };
    const none = renderWhy(
      view({ listing: { ...listed, entries: [], unread: [gone], missing: [gone.file] } }),
    );
    expect(none).toContain(
      'Not found: none of the desired files (territories.yaml) could be read, so whether it is listed is not known.',
    );
    expect(none).toContain('Not read: territories.yaml does not exist.');
    expect(none).not.toContain('does not manage it');

    const some = renderWhy(
      view({
        listing: {
          ...listed,
          files: ['emea.yaml', 'territories.yaml'],
          entries: [],
          unread: [gone],
          missing: [gone.file],
        },
      }),
    );
    expect(some).toContain(
      'Not listed in the desired files read (emea.yaml); 1 other could not be read (below), so it may be listed there.',
    );
    expect(some).not.toContain('does not manage it');
  });

  it('counts only the journals it could read as not having touched the record', () => {
    const skipped = { name: 'journal-000000000000.jsonl', reason: 'line 1 is not JSON' };
    const some = renderWhy(view({ journals: { ...noJournals, found: 3, unreadable: [skipped] } }));
    expect(some).toContain(
      'Applies: none of the 2 journals read in .territory-sync/ touched this record.',
    );
    expect(some).toContain('  journal-000000000000.jsonl skipped: line 1 is not JSON');
    const none = renderWhy(view({ journals: { ...noJournals, found: 1, unreadable: [skipped] } }));
    expect(none).toContain('Applies: no journal in .territory-sync/ could be read (below).');
  });

  it('cuts a long subject between characters, never inside an emoji', () => {
    const subject = `${'a'.repeat(198)}\u{1F600} and more`;
    const text = renderWhy(
      view({
        history: searched({
          commits: [{ hash: HASH, author: 'Ana', date: '2024-04-16', subject }],
        }),
      }),
    );
    expect(text).toContain(`  2024-04-16  c0ffee0000  ${'a'.repeat(198)}… — Ana\n`);
    expect(text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/u);
  });

  it('escapes every outside text and never starts a line with it', () => {
    const hostile = '\u001b[2J\r::error::forged\u202e';
    const text = renderWhy(
      view({
        listing: {
          ...listed,
          files: [hostile],
          entries: [
            {
              ...listed.entries[0]!,
              place: { location: { file: hostile, line: 1, column: 1 }, endLine: 1 },
              note: hostile,
            },
          ],
        },
        history: searched({
          commits: [{ hash: HASH, author: hostile, date: hostile, subject: hostile }],
        }),
        journals: {
          ...noJournals,
          found: 1,
          touches: [
            {
              journal: 'journal-aaaaaaaaaaaa.jsonl',
              startedAt: hostile,
              planHash: 'a'.repeat(64),
              planned: { add: [hostile], remove: [] },
              calls: [
                {
                  call: 1,
                  at: hostile,
                  wave: 1,
                  round: 0,
                  action: 'assign',
                  territories: [hostile],
                  answer: { status: 'error', code: hostile, message: hostile },
                },
              ],
              callsLeftOut: 0,
              outcome: { kind: 'finished', status: hostile, code: hostile },
            },
          ],
        },
      }),
    );
    // eslint-disable-next-line no-control-regex -- the point: no control character gets through
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u202e]/);
    for (const line of text.split('\n')) expect(line.trimStart().startsWith('::')).toBe(false);
    expect(text).toContain('\\u001b[2J\\u000d::error::forged\\u202e');
  });

  it('renderLive: manual and rule-assigned, and a record the CRM does not have', () => {
    expect(
      renderLive(
        {
          target: 'https://www.zohoapis.eu',
          record: {
            ...ACME,
            name: 'Acme',
            territories: [
              { id: '1', name: 'East', assigned: 'manually' },
              { id: '2', name: 'LATAM', assigned: 'automatically' },
            ],
          },
        },
        ACME,
      ),
    ).toBe(
      [
        'Live in the CRM (https://www.zohoapis.eu): Acme',
        '  East (1): manual (set by a person or the API)',
        "  LATAM (2): rule-assigned (Zoho's territory rules; the API cannot remove it)",
        '',
      ].join('\n'),
    );
    expect(renderLive({ target: 'x' }, ACME)).toContain(
      'Not found in the CRM (x): no Accounts record has this id.',
    );
  });
});

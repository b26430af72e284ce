import { appendFile, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JOURNAL_FORMAT, JOURNAL_FORMAT_VERSION } from '../../../src/apply/journal-entry.js';
import type { JournalEntry } from '../../../src/apply/journal-entry.js';
import { createDefaultJournal, createJournalFile } from '../../../src/apply/journal-file.js';
import { readJournal } from '../../../src/apply/read-journal.js';
import { TerritorySyncError } from '../../../src/errors.js';
import { planOf } from '../core/builders.js';

const PLAN = planOf([{ id: '1001', want: ['DACH'] }]);
const START: JournalEntry = {
  type: 'start',
  format: JOURNAL_FORMAT,
  formatVersion: JOURNAL_FORMAT_VERSION,
  at: '2025-01-01T00:00:00.000Z',
  planHash: PLAN.planHash,
  plan: PLAN,
};
const INTENT: JournalEntry = {
  type: 'intent',
  at: '2025-01-01T00:00:01.000Z',
  call: 1,
  wave: 1,
  round: 0,
  module: 'Accounts',
  action: 'assign',
  records: [{ id: '1001', territoryIds: ['554023000000430011'] }],
};

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'territory-sync-journal-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function errorOf(promise: Promise<unknown>): Promise<TerritorySyncError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof TerritorySyncError)) throw new Error(`expected a TerritorySyncError`);
  return error;
}

describe('the journal file', () => {
  it('goes to .territory-sync/journal-<plan hash>.jsonl, and never reuses an existing journal', async () => {
    const first = await createDefaultJournal(dir, PLAN.planHash);
    const second = await createDefaultJournal(dir, PLAN.planHash);
    await Promise.all([first.close(), second.close()]);
    const stem = `journal-${PLAN.planHash.slice(0, 12)}`;
    expect(path.relative(dir, first.path)).toBe(path.join('.territory-sync', `${stem}.jsonl`));
    expect(path.basename(second.path)).toBe(`${stem}-2.jsonl`);
  });

  it('gives applies of one plan started at the same moment a journal each', async () => {
    const journals = await Promise.all(
      Array.from({ length: 6 }, () => createDefaultJournal(dir, PLAN.planHash)),
    );
    await Promise.all(journals.map((j) => j.close()));
    expect(new Set(journals.map((j) => j.path)).size).toBe(6);
    expect(await readdir(path.join(dir, '.territory-sync'))).toHaveLength(6);
  });

  it('refuses an explicit --journal FILE that already exists', async () => {
    const file = path.join(dir, 'mine.jsonl');
    await writeFile(file, 'something else\n');
    const error = await errorOf(createJournalFile(file, 'mine.jsonl'));
    expect(error.code).toBe('USAGE');
    expect(error.message).toContain('mine.jsonl already exists');
    expect(await readFile(file, 'utf8')).toBe('something else\n');
  });

  it('keeps whole lines when batches append at the same time', async () => {
    const journal = await createJournalFile(path.join(dir, 'j.jsonl'));
    await journal.append(START);
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => journal.append({ ...INTENT, call: i + 1 })),
    );
    await journal.close();
    const lines = (await readFile(journal.path, 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(41);
    const calls = lines.slice(1).map((l) => (JSON.parse(l) as { call: number }).call);
    expect(calls).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });
});

describe('journal durability under concurrent batches', () => {
  it('resolves each append only once its line is in the file, batches of appends sharing a sync', async () => {
    const journal = await createJournalFile(path.join(dir, 'j.jsonl'));
    const seenOnResolve: boolean[] = [];
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        journal.append({ ...INTENT, call: i + 1 }).then(async () => {
          const text = await readFile(journal.path, 'utf8');
          seenOnResolve.push(text.includes(`"call":${i + 1},`));
        }),
      ),
    );
    // An append after the burst still lands (a new group once the last sync is done).
    await journal.append({ ...INTENT, call: 31 });
    await journal.close();
    expect(seenOnResolve).toEqual(Array.from({ length: 30 }, () => true));
    const lines = (await readFile(journal.path, 'utf8')).trimEnd().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { call: number }).call)).toEqual(
      Array.from({ length: 31 }, (_, i) => i + 1),
    );
  });
});

describe('reading a journal back for --resume', () => {
  async function journalWith(entries: readonly JournalEntry[], tail = ''): Promise<string> {
    const file = path.join(dir, 'j.jsonl');
    await writeFile(file, entries.map((e) => `${JSON.stringify(e)}\n`).join('') + tail);
    return file;
  }

  it('returns the plan and the calls of an apply that was cut short, ignoring a torn last line', async () => {
    const file = await journalWith([START, INTENT], '{"type":"result","call":1,"outc');
    const journal = await readJournal(file, 'j.jsonl');
    expect(journal.plan).toEqual(PLAN);
    expect(journal.intents).toHaveLength(1);
    expect(journal.results).toHaveLength(0);
    expect(journal.finish).toBeUndefined();
  });

  it('sees the finish line of an apply that ran to its end', async () => {
    const file = await journalWith([START]);
    await appendFile(
      file,
      `${JSON.stringify({ type: 'finish', at: 'x', verified: true, summary: { converged: 1, failed: 0, pending: 0, skipped: 0 }, records: [] })}\n`,
    );
    expect((await readJournal(file, 'j.jsonl')).finish?.summary.converged).toBe(1);
  });

  it.each([
    [
      'a plan edited after it was journalled',
      [{ ...START, plan: { ...PLAN, desiredHash: 'f'.repeat(64) } }],
      '',
      'does not match its planHash',
    ],
    ['a file that is not JSON lines', [], 'hello\nworld\n', 'line 1 is not JSON'],
    ['a broken line in the middle', [START], 'not json\n{"type":"intent"}\n', 'line 2 is not JSON'],
    [
      'a saved plan instead of a journal',
      [],
      `${JSON.stringify(PLAN, null, 2)}\n`,
      'is a saved plan, not an apply journal',
    ],
    [
      'another tool`s JSON lines',
      [],
      '{"type":"start","format":"other"}\n',
      'does not start with a territory-sync/apply-journal v1 header',
    ],
    ['an empty file', [], '', 'does not start with'],
  ] as const)('refuses %s', async (_name, entries, tail, message) => {
    const file = await journalWith(entries as readonly JournalEntry[], tail);
    const error = await errorOf(readJournal(file, 'j.jsonl'));
    // An intact file that is not a journal is invalid input; an edited plan inside one is altered.
    expect(error.code).toBe(message.includes('planHash') ? 'PLAN_ALTERED' : 'INVALID_INPUT');
    expect(error.message).toContain(message);
    expect(error.message).toContain('j.jsonl');
  });

  const FINISH = {
    type: 'finish',
    at: '2025-01-01T00:00:02.000Z',
    verified: true,
    summary: { converged: 1, failed: 0, pending: 0, skipped: 0 },
    records: [{ module: 'Accounts', id: '1001', status: 'converged' }],
  } as const;
  const RESULT = {
    type: 'result',
    at: '2025-01-01T00:00:01.500Z',
    call: 1,
    outcomes: [{ id: '1001', status: 'success', code: 'SCHEDULED', message: 'scheduled' }],
  } as const;
  const line = (value: unknown) => `${JSON.stringify(value)}\n`;

  it('reads back every kind of line an apply writes', async () => {
    const file = await journalWith([START, INTENT, RESULT, { ...FINISH, verified: false }]);
    const journal = await readJournal(file, 'j.jsonl');
    expect([journal.intents, journal.results]).toEqual([[INTENT], [RESULT]]);
    expect(journal.finish).toEqual({ ...FINISH, verified: false });
    expect(journal.startedAt).toBe(START.at);
  });

  it.each([
    [
      'a finish line without its summary (once a crash of --resume)',
      [INTENT, { ...FINISH, summary: undefined }],
      'line 3 (the finish entry) is damaged: summary is missing.',
    ],
    [
      'a finish line with a summary of the wrong shape',
      [{ ...FINISH, summary: { converged: '1', failed: 0 } }],
      'line 2 (the finish entry) is damaged: summary.pending is missing; summary.skipped is missing; ' +
        'summary.converged must be a whole number (it is "1").',
    ],
    [
      'a finish line whose records are not records',
      [{ ...FINISH, verified: 'yes', records: [{ module: 'Tasks', id: '1001', status: 'ok' }] }],
      'line 2 (the finish entry) is damaged: verified must be true or false (it is "yes"); ' +
        'records[0].module must be one of Accounts, Contacts, Deals, Leads (it is "Tasks"); ' +
        'records[0].status must be one of converged, failed, pending, skipped (it is "ok").',
    ],
    [
      'an intent with wrong-typed fields',
      [{ ...INTENT, call: '1', records: [{ id: 1001, territoryIds: 'DACH' }] }],
      'line 2 (an intent entry) is damaged: call must be a whole number (it is "1"); ' +
        'records[0].id must be a string (it is 1001); records[0].territoryIds must be a list (it is "DACH").',
    ],
    [
      'a result with an unknown key and an outcome without its code',
      [INTENT, { ...RESULT, extra: 1, outcomes: [{ id: '1001', status: 'success', message: '' }] }],
      'line 3 (a result entry) is damaged: unknown key "extra"; outcomes[0].code is missing.',
    ],
    [
      'a line of an unknown kind',
      [INTENT, { type: 'rollback', at: 'x' }],
      'line 3 is not a journal entry this version wrote: type must be one of start, intent, result, finish (it is "rollback").',
    ],
    [
      'a second start line',
      [INTENT, START],
      'line 3 (the start entry) is damaged: a journal has one start entry, on its first line.',
    ],
    [
      'a line after the finish line',
      [FINISH, INTENT],
      'line 3 (an intent entry) is damaged: it comes after the finish entry on line 2, which ends a journal.',
    ],
    [
      'a start line with a plan that is not an object',
      [],
      'line 1 (the start entry) is damaged: plan must be an object (it is "plan.json").',
      { ...START, plan: 'plan.json' },
    ],
  ] as const)(
    'refuses %s, naming the file and line',
    async (_name, after, message, start: unknown = START) => {
      const file = await journalWith([], [start, ...after].map(line).join(''));
      const error = await errorOf(readJournal(file, 'j.jsonl'));
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.message).toBe(`j.jsonl: ${message} Nothing was sent.`);
      expect(error.hint).toContain('territory-sync plan --out plan.json');
    },
  );

  it('counts the other damaged lines after the first', async () => {
    const bad = { ...INTENT, wave: 0 };
    const file = await journalWith([], [START, bad, INTENT, bad, bad].map(line).join(''));
    const error = await errorOf(readJournal(file, 'j.jsonl'));
    expect(error.message).toBe(
      'j.jsonl: line 2 (an intent entry) is damaged: wave must be at least 1 (it is 0). ' +
        'Lines 4, 5 are not right either. Nothing was sent.',
    );
  });

  it('says so when the journal cannot be read', async () => {
    const error = await errorOf(readJournal(path.join(dir, 'missing.jsonl'), 'missing.jsonl'));
    expect(error.message).toBe('missing.jsonl: there is no such journal.');
  });
});

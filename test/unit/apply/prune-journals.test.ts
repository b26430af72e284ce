// Issue #12: old journals in .territory-sync/ are deleted when an apply starts, keeping the
// newest `journalsKept` of applies that finished clean; nothing an apply may still need, and
// nothing not named like a default journal, is ever deleted.
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JOURNAL_FORMAT, JOURNAL_FORMAT_VERSION } from '../../../src/apply/journal-entry.js';
import type { JournalEntry, JournalFinish } from '../../../src/apply/journal-entry.js';
import { createDefaultJournal } from '../../../src/apply/journal-file.js';
import { DEFAULT_JOURNAL_NAME, pruneDefaultJournals } from '../../../src/apply/prune-journals.js';
import { planOf } from '../core/builders.js';

const PLAN = planOf([{ id: '1001', want: ['DACH'] }]);

let cwd: string;
let dir: string;
beforeEach(async () => {
  cwd = await mkdtemp(path.join(tmpdir(), 'territory-sync-prune-'));
  dir = path.join(cwd, '.territory-sync');
  await mkdir(dir);
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

const start: JournalEntry = {
  type: 'start',
  format: JOURNAL_FORMAT,
  formatVersion: JOURNAL_FORMAT_VERSION,
  at: '2025-01-01T00:00:00.000Z',
  planHash: PLAN.planHash,
  plan: PLAN,
};
const intent: JournalEntry = {
  type: 'intent',
  at: '2025-01-01T00:00:01.000Z',
  call: 1,
  wave: 1,
  round: 0,
  module: 'Accounts',
  action: 'assign',
  records: [{ id: '1001', territoryIds: ['554023000000430011'] }],
};

function finish(at: string, extra: Partial<JournalFinish> = {}, records = 1): JournalFinish {
  return {
    type: 'finish',
    at,
    verified: true,
    summary: { converged: records, failed: 0, pending: 0, skipped: 0 },
    records: Array.from({ length: records }, (_, i) => ({
      module: 'Accounts' as const,
      id: String(554023000003600000 + i),
      status: 'converged' as const,
    })),
    ...extra,
  };
}

const name = (n: number) => `journal-${n.toString(16).padStart(12, '0')}.jsonl`;

async function journal(file: string, entries: readonly JournalEntry[], tail = ''): Promise<void> {
  await writeFile(
    path.join(dir, file),
    entries.map((e) => `${JSON.stringify(e)}\n`).join('') + tail,
  );
}

const clean = (file: string, at: string) => journal(file, [start, intent, finish(at)]);
const listed = async () => (await readdir(dir)).sort();

describe('pruning old journals', () => {
  it('keeps the newest journalsKept clean journals, by finish time, and deletes the older ones', async () => {
    // Names do not follow finish times: the order comes from the finish line.
    await clean(name(1), '2025-03-01T00:00:00.000Z');
    await clean(name(2), '2025-01-01T00:00:00.000Z');
    await clean(name(3), '2025-04-01T00:00:00.000Z');
    await clean(`${name(4).replace('.jsonl', '')}-2.jsonl`, '2025-02-01T00:00:00.000Z');
    const result = await pruneDefaultJournals(cwd, 2);
    expect([...result.deleted].sort()).toEqual([
      name(2),
      `${name(4).replace('.jsonl', '')}-2.jsonl`,
    ]);
    expect(result.failed).toEqual([]);
    expect(await listed()).toEqual([name(1), name(3)]);
  });

  it('never deletes a journal an apply may still need, however old', async () => {
    const old = '2020-01-01T00:00:00.000Z';
    const open = {
      cutShort: [start, intent],
      failed: [
        start,
        intent,
        finish(old, { summary: { converged: 0, failed: 1, pending: 0, skipped: 0 } }),
      ],
      pending: [
        start,
        intent,
        finish(old, { summary: { converged: 0, failed: 0, pending: 1, skipped: 0 } }),
      ],
      skipped: [
        start,
        finish(old, { summary: { converged: 0, failed: 0, pending: 0, skipped: 1 } }),
      ],
      stopped: [
        start,
        intent,
        finish(old, { stoppedEarly: { code: 'INTERRUPTED', message: 'x' } }),
      ],
      // --no-wait: scheduled, never verified.
      unverified: [start, intent, finish(old, { verified: false })],
      // A summary that says converged next to a record that is not.
      recordOpen: [
        start,
        intent,
        {
          ...finish(old),
          records: [{ module: 'Accounts' as const, id: '1001', status: 'failed' as const }],
        },
      ],
      // A clean-looking finish line of the wrong shape (journal-line.schema.json) is no proof.
      damaged: [
        start,
        intent,
        { ...finish(old), records: [{ module: 'Accounts', id: 1001, status: 'converged' }] },
      ] as unknown as JournalEntry[],
    };
    let n = 100;
    for (const entries of Object.values(open)) await journal(name((n += 1)), entries);
    // The finish line torn mid-write, and a line after the finish.
    await journal(name(200), [start, intent], JSON.stringify(finish(old)).slice(0, 40));
    await journal(name(201), [start, finish(old), intent]);
    const before = await listed();
    expect(before).toHaveLength(10);
    expect(await pruneDefaultJournals(cwd, 0)).toEqual({ deleted: [], failed: [] });
    expect(await listed()).toEqual(before);
  });

  it('touches only files named like default journals that start like one', async () => {
    const old = '2020-01-01T00:00:00.000Z';
    const lines = [start, intent, finish(old)];
    for (const other of [
      'journal-abc.jsonl',
      'journal-ABCDEF012345.jsonl',
      `${name(1)}.bak`,
      `${name(1).replace('.jsonl', '')}-0.jsonl`,
      'mine.jsonl',
      'notes.txt',
    ]) {
      expect(DEFAULT_JOURNAL_NAME.test(other)).toBe(false);
      await journal(other, lines);
    }
    // Named like a journal, ends like one, but is not one (no start header).
    await journal(name(2), [intent, finish(old)]);
    // A directory and a symlink named like journals.
    await mkdir(path.join(dir, name(3)));
    await clean('target.jsonl', old);
    await symlink(path.join(dir, 'target.jsonl'), path.join(dir, name(4)));
    const before = await listed();
    expect(await pruneDefaultJournals(cwd, 0)).toEqual({ deleted: [], failed: [] });
    expect(await listed()).toEqual(before);
  });

  it('keep 0 deletes every clean journal but the current one; a missing folder is no error', async () => {
    await clean(name(1), '2025-01-01T00:00:00.000Z');
    await clean(name(2), '2025-01-02T00:00:00.000Z');
    const result = await pruneDefaultJournals(cwd, 0, path.join(dir, name(2)));
    expect(result.deleted).toEqual([name(1)]);
    expect(await listed()).toEqual([name(2)]);
    const empty = await mkdtemp(path.join(tmpdir(), 'territory-sync-prune-none-'));
    try {
      expect(await pruneDefaultJournals(empty, 0)).toEqual({ deleted: [], failed: [] });
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('reads the finish line of a large apply (longer than one read) from the end of the file', async () => {
    await journal(name(1), [start, intent, finish('2025-01-01T00:00:00.000Z', {}, 3000)]);
    await journal(name(2), [start, intent, finish('2025-01-02T00:00:00.000Z', {}, 3000)]);
    expect((await pruneDefaultJournals(cwd, 1)).deleted).toEqual([name(1)]);
  });

  it('never looks at the journal of the apply now starting', async () => {
    const current = await createDefaultJournal(cwd, PLAN.planHash);
    await current.append(start);
    await current.append(finish('2025-01-01T00:00:00.000Z'));
    await current.close();
    expect(DEFAULT_JOURNAL_NAME.test(path.basename(current.path))).toBe(true);
    expect((await pruneDefaultJournals(cwd, 0, current.path)).deleted).toEqual([]);
    // Without the exclusion the same clean file would go.
    expect((await pruneDefaultJournals(cwd, 0)).deleted).toEqual([path.basename(current.path)]);
  });
});

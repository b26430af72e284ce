import { describe, expect, it } from 'vitest';
import type { JournalContents } from '../../../src/apply/read-journal.js';
import type { Plan } from '../../../src/core/model.js';
import { journalTouch } from '../../../src/why/journal-touches.js';

const ACME = { module: 'Accounts', id: '554023000003600001' } as const;
const EAST = '554023000000900003';
const WEST = '554023000000900005';

/** A journal as read-journal.ts hands it on; only the parts journalTouch reads are filled in. */
function journal(overrides: Partial<JournalContents> = {}): JournalContents {
  const plan = {
    planHash: 'a'.repeat(64),
    changes: [
      {
        module: 'Accounts',
        id: ACME.id,
        before: [],
        add: [{ id: EAST, name: 'East' }],
        remove: [{ id: WEST, name: 'West' }],
        keptByRules: [],
      },
    ],
  } as unknown as Plan;
  return {
    plan,
    startedAt: '2025-01-04T10:00:00.000Z',
    intents: [
      {
        type: 'intent',
        at: '2025-01-04T10:00:01.000Z',
        call: 1,
        wave: 1,
        round: 0,
        module: 'Accounts',
        action: 'remove',
        records: [{ id: ACME.id, territoryIds: [WEST] }],
      },
      {
        type: 'intent',
        at: '2025-01-04T10:00:02.000Z',
        call: 2,
        wave: 2,
        round: 0,
        module: 'Accounts',
        action: 'assign',
        records: [
          { id: '554023000003600002', territoryIds: [EAST] },
          { id: ACME.id, territoryIds: [EAST, '554023000000999999'] },
        ],
      },
      // The same id in another module is another record.
      {
        type: 'intent',
        at: '2025-01-04T10:00:03.000Z',
        call: 3,
        wave: 2,
        round: 0,
        module: 'Contacts',
        action: 'assign',
        records: [{ id: ACME.id, territoryIds: [EAST] }],
      },
    ],
    results: [
      {
        type: 'result',
        at: '2025-01-04T10:00:01.500Z',
        call: 1,
        outcomes: [{ id: ACME.id, status: 'success', code: 'SUCCESS', message: 'done' }],
      },
    ],
    finish: {
      type: 'finish',
      at: '2025-01-04T10:00:09.000Z',
      verified: true,
      summary: { converged: 1, failed: 0, pending: 0, skipped: 0 },
      records: [{ module: 'Accounts', id: ACME.id, status: 'converged' }],
    },
    ...overrides,
  };
}

describe('journalTouch: what one apply journal says about one record', () => {
  it('the plan, each call carrying the record (newest first) with its answer, and the end', () => {
    expect(journalTouch('journal-aaaaaaaaaaaa.jsonl', journal(), ACME)).toEqual({
      journal: 'journal-aaaaaaaaaaaa.jsonl',
      startedAt: '2025-01-04T10:00:00.000Z',
      planHash: 'a'.repeat(64),
      planned: { add: ['East'], remove: ['West'] },
      calls: [
        {
          call: 2,
          at: '2025-01-04T10:00:02.000Z',
          wave: 2,
          round: 0,
          action: 'assign',
          // A territory the plan does not name is shown by its id.
          territories: ['East', '554023000000999999'],
        },
        {
          call: 1,
          at: '2025-01-04T10:00:01.000Z',
          wave: 1,
          round: 0,
          action: 'remove',
          territories: ['West'],
          answer: { status: 'success', code: 'SUCCESS', message: 'done' },
        },
      ],
      callsLeftOut: 0,
      outcome: { kind: 'finished', status: 'converged' },
    });
  });

  it('an apply cut short (no finish line), and one that ended without a word on the record', () => {
    expect(journalTouch('j', journal({ finish: undefined }), ACME)?.outcome).toEqual({
      kind: 'cut-short',
    });
    const finish = { ...journal().finish!, records: [] };
    expect(journalTouch('j', journal({ finish }), ACME)?.outcome).toEqual({
      kind: 'not-reported',
    });
  });

  it('nothing for a record the apply never touched', () => {
    expect(journalTouch('j', journal(), { module: 'Deals', id: ACME.id })).toBeUndefined();
  });

  it('keeps the newest five calls of a record resent many times and counts the rest', () => {
    const intents = Array.from({ length: 8 }, (_, i) => ({
      type: 'intent' as const,
      at: `t${i + 1}`,
      call: i + 1,
      wave: 1,
      round: i,
      module: 'Accounts' as const,
      action: 'assign' as const,
      records: [{ id: ACME.id, territoryIds: [EAST] }],
    }));
    const touch = journalTouch('j', journal({ intents, results: [] }), ACME);
    expect(touch?.calls.map((c) => c.call)).toEqual([8, 7, 6, 5, 4]);
    expect(touch?.callsLeftOut).toBe(3);
  });
});

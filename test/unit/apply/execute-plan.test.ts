import { describe, expect, it } from 'vitest';
import { executePlan } from '../../../src/apply/execute-plan.js';
import type { JournalEntry } from '../../../src/apply/journal-entry.js';
import { waitForJobs } from '../../../src/apply/wait-for-jobs.js';
import { TerritorySyncError } from '../../../src/errors.js';
import { planOf, territoryNamed } from '../core/builders.js';
import { fakeCrm, testExecuteOptions as options } from './fake-crm.js';

const DACH = territoryNamed('DACH').id;
const IDS = ['1001', '1002', '1003', '1004', '1005', '1006'];
const SIX_GAINS = planOf(
  IDS.map((id) => ({ id, want: ['DACH'] })),
  { batchSize: 2 },
);

function memoryJournal(failOn?: JournalEntry['type']) {
  const entries: JournalEntry[] = [];
  return {
    entries,
    append(entry: JournalEntry) {
      if (entry.type === failOn) return Promise.reject(new Error('ENOSPC: no space left'));
      entries.push(entry);
      return Promise.resolve();
    },
  };
}

const statuses = (report: Awaited<ReturnType<typeof executePlan>>) =>
  Object.fromEntries(report.records.map((r) => [r.id, r.status]));

describe('the executor journals every call and stops cleanly when told to', () => {
  it('journals each intent before its call goes out, its answers after, and a finish line', async () => {
    const journal = memoryJournal();
    const seenBeforeWrite: string[] = [];
    const crm = fakeCrm(
      IDS.map((id) => ({ id })),
      { beforeWrite: () => void seenBeforeWrite.push(journal.entries.at(-1)?.type ?? 'none') },
    );
    const report = await executePlan(SIX_GAINS, crm, options({ journal }));
    expect(seenBeforeWrite).toEqual(['intent', 'intent', 'intent']);
    expect(journal.entries.map((e) => e.type)).toEqual([
      'intent',
      'result',
      'intent',
      'result',
      'intent',
      'result',
      'finish',
    ]);
    expect(journal.entries[0]).toMatchObject({
      type: 'intent',
      call: 1,
      wave: 1,
      round: 0,
      module: 'Accounts',
      action: 'assign',
      records: [
        { id: '1001', territoryIds: [DACH] },
        { id: '1002', territoryIds: [DACH] },
      ],
    });
    expect(journal.entries[1]).toMatchObject({
      type: 'result',
      call: 1,
      outcomes: [
        { id: '1001', status: 'success', code: 'SCHEDULED' },
        { id: '1002', status: 'success', code: 'SCHEDULED' },
      ],
    });
    expect(journal.entries[6]).toMatchObject({
      type: 'finish',
      verified: true,
      summary: { converged: 6, failed: 0, pending: 0, skipped: 0 },
    });
    expect(report.stoppedEarly).toBeUndefined();
  });

  it("journals Zoho's job id per record, only when it is a Zoho id (an odd one could not be read back)", async () => {
    const journal = memoryJournal();
    const jobIds: Record<string, string> = { '1001': '4150868000001234001', '1002': 'job\n::x' };
    const crm = fakeCrm(
      IDS.map((id) => ({ id })),
      { jobIdFor: (id) => jobIds[id] },
    );
    await executePlan(SIX_GAINS, crm, options({ journal }));
    const first = journal.entries[1];
    expect(first?.type === 'result' && first.outcomes).toEqual([
      {
        id: '1001',
        status: 'success',
        code: 'SCHEDULED',
        message: 'scheduled',
        jobId: '4150868000001234001',
      },
      { id: '1002', status: 'success', code: 'SCHEDULED', message: 'scheduled' },
    ]);
  });

  it('on abort sends no new call, lets the one in flight finish, verifies it and lists the rest as not sent', async () => {
    const controller = new AbortController();
    const journal = memoryJournal();
    const crm = fakeCrm(
      IDS.map((id) => ({ id })),
      { beforeWrite: (call) => void (call === 1 && controller.abort('interrupted by SIGINT')) },
    );
    const report = await executePlan(
      SIX_GAINS,
      crm,
      options({ journal, signal: controller.signal }),
    );
    expect(crm.calls).toHaveLength(1);
    expect(statuses(report)).toEqual({
      1001: 'converged',
      1002: 'converged',
      1003: 'skipped',
      1004: 'skipped',
      1005: 'skipped',
      1006: 'skipped',
    });
    expect(report.records[2]?.reason).toBe(
      'its assign was not sent: interrupted by SIGINT (lacks DACH)',
    );
    expect(report.stoppedEarly).toEqual({ code: 'INTERRUPTED', message: 'interrupted by SIGINT' });
    expect(report.counts.verifyReads).toBe(1);
    expect(journal.entries.at(-1)).toMatchObject({
      type: 'finish',
      stoppedEarly: { code: 'INTERRUPTED' },
      summary: { converged: 2, skipped: 4 },
    });
    expect(crm.territories('Accounts', '1003')).toEqual([]);
  });

  it('lets every call already in flight finish when interrupted (concurrency 2)', async () => {
    const controller = new AbortController();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const crm = fakeCrm(
      IDS.map((id) => ({ id })),
      {
        beforeWrite: async (call) => {
          if (call === 1) {
            await gate;
            controller.abort('interrupted by SIGINT');
          } else release();
        },
      },
    );
    const report = await executePlan(
      SIX_GAINS,
      crm,
      options({ concurrency: 2, signal: controller.signal }),
    );
    expect(crm.calls.map((c) => c.ids)).toEqual([
      ['1001', '1002'],
      ['1003', '1004'],
    ]);
    expect(report.summary).toEqual({ converged: 4, failed: 0, pending: 0, skipped: 2 });
  });

  it('interrupted between the waves of a Deal move: the removal landed, the assign is reported as not sent', async () => {
    const controller = new AbortController();
    const plan = planOf([{ module: 'Deals', id: '9001', want: ['US East'], manual: ['US West'] }]);
    const crm = fakeCrm(
      [{ module: 'Deals', id: '9001', territories: [territoryNamed('US West').id] }],
      { beforeWrite: () => controller.abort('interrupted by SIGTERM') },
    );
    const report = await executePlan(plan, crm, options({ signal: controller.signal }));
    expect(crm.calls.map((c) => c.action)).toEqual(['remove']);
    expect(report.records[0]).toMatchObject({
      status: 'skipped',
      reason: 'its assign was not sent: interrupted by SIGTERM (lacks US East)',
    });
  });

  it('stops when Zoho refuses the credentials mid-run: that batch failed, not applied; the rest not sent', async () => {
    const crm = fakeCrm(
      IDS.map((id) => ({ id })),
      {
        beforeWrite: (call) => {
          if (call === 2) throw new TerritorySyncError('AUTH', 'Zoho refused a new access token');
        },
      },
    );
    const report = await executePlan(SIX_GAINS, crm, options());
    expect(crm.calls).toHaveLength(2);
    expect(statuses(report)).toEqual({
      1001: 'converged',
      1002: 'converged',
      1003: 'failed',
      1004: 'failed',
      1005: 'skipped',
      1006: 'skipped',
    });
    expect(report.records[2]).toMatchObject({
      code: 'AUTH',
      reason: 'not applied: Zoho refused the credentials (lacks DACH)',
    });
    expect(report.stoppedEarly).toEqual({
      code: 'AUTH',
      message: 'Zoho refused a new access token',
    });
    expect(report.records[4]?.reason).toBe(
      'its assign was not sent: the apply stopped early (AUTH) (lacks DACH)',
    );
  });

  it('never sends a call whose intent could not be journalled', async () => {
    const crm = fakeCrm(IDS.map((id) => ({ id })));
    const report = await executePlan(SIX_GAINS, crm, options({ journal: memoryJournal('intent') }));
    expect(crm.calls).toHaveLength(0);
    expect(report.summary.skipped).toBe(6);
    expect(report.stoppedEarly).toMatchObject({ code: 'JOURNAL' });
    expect(report.stoppedEarly?.message).toContain('ENOSPC');
  });

  it('reports the run when only the journal`s finish line fails, with a warning', async () => {
    const crm = fakeCrm(IDS.map((id) => ({ id })));
    const warnings: string[] = [];
    const report = await executePlan(
      SIX_GAINS,
      crm,
      options({
        journal: memoryJournal('finish'),
        onEvent: (e) => void (e.kind === 'warning' && warnings.push(e.message)),
      }),
    );
    expect(report.summary.converged).toBe(6);
    expect(warnings).toHaveLength(1);
  });
});

describe('waiting for jobs', () => {
  it('after an interruption waits at most the grace period for jobs still running', async () => {
    let t = 0;
    const controller = new AbortController();
    controller.abort('interrupted by SIGINT');
    const polls: number[] = [];
    const stillRunning = await waitForJobs(
      {
        pendingRecords: (_module, ids) => {
          polls.push(t);
          return Promise.resolve(new Set(ids));
        },
      },
      [{ module: 'Accounts', id: '1001' }],
      {
        timeoutMs: 600_000,
        graceMs: 2_000,
        pollIntervalMs: 300,
        maxPollIntervalMs: 5_000,
        signal: controller.signal,
        sleep: (ms) => {
          t += ms;
          return Promise.resolve();
        },
        now: () => new Date(t),
      },
    );
    expect([...stillRunning]).toEqual(['Accounts:1001']);
    expect(t).toBeGreaterThanOrEqual(2_000);
    expect(t).toBeLessThan(2_000 + 5_000);
    expect(polls.length).toBeGreaterThan(1);
  });
});

describe('verification overlaps the later waves', () => {
  it('reads back records finished in wave 1 while wave 2 waits for its jobs, in whole calls of 100, no more reads than at the end', async () => {
    // 250 Accounts only gain (wave 1), 3 Deals move (remove in wave 1, assign in wave 2).
    const gains = Array.from({ length: 250 }, (_, i) => ({ id: String(5000 + i), want: ['DACH'] }));
    const moves = ['9001', '9002', '9003'].map((id) => ({
      module: 'Deals' as const,
      id,
      want: ['US East'],
      manual: ['US West'],
    }));
    const plan = planOf([...gains, ...moves], { safety: { absolute: 1e6 } });
    const events: string[] = [];
    const crm = fakeCrm([
      ...gains.map((g) => ({ id: g.id })),
      ...moves.map((m) => ({
        module: m.module,
        id: m.id,
        territories: [territoryNamed('US West').id],
      })),
    ]);
    // Write calls already sent when each read goes out: wave 1 is 25 Account assigns and one
    // Deal removal, wave 2 one Deal assign.
    const reads: { module: string; ids: number; afterWrites: number }[] = [];
    const port = {
      ...crm,
      readRecords: (module: 'Accounts' | 'Contacts' | 'Deals', ids: readonly string[]) => {
        reads.push({ module, ids: ids.length, afterWrites: crm.calls.length });
        return crm.readRecords(module, ids);
      },
    };
    const report = await executePlan(
      plan,
      port,
      options({
        onEvent: (event) => events.push(event.message),
      }),
    );
    expect(report.summary).toMatchObject({ converged: 253, failed: 0, pending: 0 });
    // 200 of the 250 Accounts are read while wave 2 waits for its job; the last 50 with the
    // Deals at the end.
    expect(reads).toEqual([
      { module: 'Accounts', ids: 200, afterWrites: 27 },
      { module: 'Accounts', ids: 50, afterWrites: 27 },
      { module: 'Deals', ids: 3, afterWrites: 27 },
    ]);
    // ⌈250/100⌉ + ⌈3/100⌉: the same number of calls as one read at the end.
    expect(report.counts.verifyReads).toBe(4);
    // Issued once wave 2's write was answered, before waiting for its job.
    expect(events.indexOf('verifying 200 Accounts records done in wave 1')).toBeGreaterThan(
      events.indexOf('wave 2 of 2: 3 records'),
    );
    expect(events.indexOf('verifying 200 Accounts records done in wave 1')).toBeLessThan(
      events.lastIndexOf('waiting for 3 jobs'),
    );
    expect(events).toContain('verifying 53 records');
  });
});

describe('our bugs are not network trouble', () => {
  it('a plain Error from the port propagates instead of being reported as "no answer from Zoho"', async () => {
    const crm = fakeCrm(IDS.map((id) => ({ id })));
    const buggy = {
      ...crm,
      write: () =>
        Promise.reject(new TypeError("Cannot read properties of undefined (reading 'id')")),
    };
    await expect(executePlan(SIX_GAINS, buggy, options())).rejects.toThrow(TypeError);
  });

  it('a TerritorySyncError from the port is still an answer the report carries', async () => {
    const crm = fakeCrm(IDS.map((id) => ({ id })));
    const unreachable = {
      ...crm,
      write: () => Promise.reject(new TerritorySyncError('NETWORK', 'ECONNRESET after 6 retries')),
    };
    const report = await executePlan(SIX_GAINS, unreachable, options());
    expect(report.records.every((r) => r.status === 'failed' && r.code === 'NETWORK')).toBe(true);
  });

  it('matches answers by record id only: a missing or misattributed answer is NO_ANSWER', async () => {
    const crm = fakeCrm(IDS.map((id) => ({ id })));
    const port = {
      ...crm,
      // Writes only the call's first record and answers it twice; the second gets no answer.
      async write(...[module, action, entries]: Parameters<typeof crm.write>) {
        const [first] = await crm.write(module, action, entries.slice(0, 1));
        return first === undefined ? [] : [first, first];
      },
    };

    const report = await executePlan(SIX_GAINS, port, options());

    const noAnswer = report.records.filter((r) => r.code === 'NO_ANSWER').map((r) => r.id);
    expect(noAnswer).toEqual(['1002', '1004', '1006']);
    expect(report.records.find((r) => r.id === '1002')?.status).toBe('failed');
  });
});

// Properties of the executor's pure decisions (next-round.ts), over generated answers, job
// durations, budgets and stops: every record ends in exactly one state, none is sent again while
// its job is still running, the resend budget holds, nothing is sent once the apply stops.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StopReason } from '../../../src/apply/apply-report.js';
import { territoryIndex } from '../../../src/apply/entry-answer.js';
import { firstRound, holdBack, nextRound } from '../../../src/apply/next-round.js';
import type { Fate, InFlight, Round, Standing, StopState } from '../../../src/apply/next-round.js';
import type { WriteEntryOutcome } from '../../../src/apply/ports.js';
import { recordKey } from '../../../src/core/record-key.js';
import {
  MAX_LOCKED_RETRY_DELAY_MS,
  lockedRetryDelay,
} from '../../../src/apply/record-retry-policy.js';
import type { RecordRetryPolicy } from '../../../src/apply/record-retry-policy.js';
import type { ModuleName, Wave, WriteAction } from '../../../src/core/model.js';
import { MANAGED_MODULES } from '../../../src/core/model.js';
import { TerritorySyncError } from '../../../src/errors.js';

const RUNS = { numRuns: 400, interruptAfterTimeLimit: 15_000 };
const INTERRUPTED: StopReason = { code: 'INTERRUPTED', message: 'interrupted by SIGINT' };
const JOURNAL: StopReason = { code: 'JOURNAL', message: 'the journal could not be written' };

const keyOf = (item: { module: ModuleName; id: string }) => recordKey(item.module, item.id);

/** What Zoho may answer for one record; `none` is no answer at all (the call never went out). */
type Reply =
  | 'SCHEDULED'
  | 'ALREADY_SCHEDULED'
  | 'RECORD_LOCKED'
  | 'DUPLICATE_DATA'
  | 'INVALID_DATA'
  | 'INVALID_DATA_ON_ID'
  | 'LIMIT_EXCEEDED'
  | 'none';
const replyArb = fc.constantFrom<Reply>(
  'SCHEDULED',
  'ALREADY_SCHEDULED',
  'RECORD_LOCKED',
  'DUPLICATE_DATA',
  'INVALID_DATA',
  'INVALID_DATA_ON_ID',
  'LIMIT_EXCEEDED',
  'none',
);

function outcomeOf(
  item: InFlight,
  reply: Exclude<Reply, 'none'>,
  index: number,
): WriteEntryOutcome {
  const base = { recordId: item.id, message: `${reply} message` };
  const at = (path: string) => ({ details: { json_path: path } });
  switch (reply) {
    case 'SCHEDULED':
      return { ...base, status: 'success', code: 'SCHEDULED' };
    case 'DUPLICATE_DATA':
    case 'INVALID_DATA':
      return { ...base, status: 'error', code: reply, ...at(`$.data[0].Territories[${index}].id`) };
    case 'INVALID_DATA_ON_ID':
      return { ...base, status: 'error', code: 'INVALID_DATA', ...at('$.data[0].id') };
    default:
      return { ...base, status: 'error', code: reply };
  }
}

const itemArb: fc.Arbitrary<InFlight> = fc.record(
  {
    module: fc.constantFrom(...MANAGED_MODULES),
    action: fc.constantFrom<WriteAction>('assign', 'remove'),
    id: fc.integer({ min: 1, max: 60 }).map(String),
    territoryIds: fc.uniqueArray(fc.constantFrom('t1', 't2', 't3', 't4'), {
      minLength: 1,
      maxLength: 4,
    }),
    lastAnswer: fc.record({
      code: fc.constantFrom('RECORD_LOCKED', 'ALREADY_SCHEDULED', 'DUPLICATE_DATA'),
      reason: fc.constant('last answer'),
    }),
  },
  { requiredKeys: ['module', 'action', 'id', 'territoryIds'] },
);

const itemsArb = fc.uniqueArray(itemArb, { minLength: 1, maxLength: 12, selector: keyOf });

const policyArb: fc.Arbitrary<RecordRetryPolicy> = fc.record({
  maxResubmissions: fc.integer({ min: 0, max: 5 }),
  lockedDelayMs: fc.integer({ min: 0, max: 20_000 }),
  maxDelayMs: fc.constant(MAX_LOCKED_RETRY_DELAY_MS),
});

const stopArb: fc.Arbitrary<StopState> = fc.constantFrom<StopState>(
  {},
  {},
  { stopped: JOURNAL },
  { interrupt: INTERRUPTED },
);

/** One round: the records sent, Zoho's replies (a territory index each), the stop, the policy. */
const roundArb = fc
  .record({
    items: itemsArb,
    round: fc.integer({ min: 0, max: 6 }),
    policy: policyArb,
    stop: stopArb,
    replies: fc.array(fc.tuple(replyArb, fc.nat(5)), { minLength: 12, maxLength: 12 }),
  })
  .map(({ replies, stop, ...rest }) => {
    const answers = new Map<InFlight, WriteEntryOutcome>();
    rest.items.forEach((item, i) => {
      const [reply, index] = replies[i] ?? ['SCHEDULED', 0];
      // No answer only happens once the apply stopped: the loop sends everything otherwise.
      if (reply === 'none' && stop.stopped) return;
      answers.set(item, outcomeOf(item, reply === 'none' ? 'SCHEDULED' : reply, index));
    });
    return { ...rest, stop, answers };
  });

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** Every key of `sent` appears exactly once across the lists. */
function expectPartition(sent: readonly InFlight[], ...lists: (readonly InFlight[])[]) {
  const seen = lists.flat().map(keyOf).sort();
  expect(seen).toEqual(sent.map(keyOf).sort());
}

describe('one round decided from its answers', () => {
  it('puts every record sent in exactly one place: settled with one fate, or sent again', () => {
    fc.assert(
      fc.property(
        roundArb,
        fc.func(fc.boolean()),
        ({ items, round, policy, stop, answers }, runs) => {
          const decided = nextRound({ round, sent: items }, answers, policy, stop);
          expectPartition(
            items,
            decided.settled.map((s) => s.item),
            decided.resend,
          );
          // Whatever the wait reports, holding back only moves records from resend to pending.
          const running = new Set(items.map(keyOf).filter((key) => runs(key)));
          const after = holdBack(decided, running);
          expectPartition(
            items,
            decided.settled.map((s) => s.item),
            after.pending.map((s) => s.item),
            after.resend,
          );
          for (const { fate } of [...decided.settled, ...after.pending]) {
            expect(['scheduled', 'converged', 'failed', 'not-sent', 'pending']).toContain(
              fate.kind,
            );
          }
        },
      ),
      RUNS,
    );
  });

  it('never sends again a record whose job is still running, and waits for every such job first', () => {
    fc.assert(
      fc.property(
        roundArb,
        fc.func(fc.boolean()),
        ({ items, round, policy, stop, answers }, stillRuns) => {
          const decided = nextRound({ round, sent: items }, answers, policy, stop);
          const waitKeys = new Set(decided.waitFor.map(keyOf));
          for (const item of decided.resend) {
            const answered = answers.get(items.find((i) => keyOf(i) === keyOf(item))!);
            // Zoho turned it away for a running job: it goes out only after that job was waited for.
            expect(waitKeys.has(keyOf(item))).toBe(answered?.code === 'ALREADY_SCHEDULED');
          }
          expect(decided.waitFor.every((w) => decided.resend.includes(w))).toBe(true);
          const running = new Set(decided.waitFor.filter((w) => stillRuns(keyOf(w))).map(keyOf));
          const after = holdBack(decided, running);
          expect(after.resend.filter((item) => running.has(keyOf(item)))).toEqual([]);
          expect(after.pending.map((s) => keyOf(s.item)).sort()).toEqual([...running].sort());
          for (const { fate } of after.pending) {
            expect(fate).toMatchObject({ kind: 'pending', failure: { code: 'ALREADY_SCHEDULED' } });
          }
        },
      ),
      RUNS,
    );
  });

  it("sends nothing again past the budget or once the apply stops; those keep Zoho's last answer", () => {
    fc.assert(
      fc.property(roundArb, ({ items, round, policy, stop, answers }) => {
        const decided = nextRound({ round, sent: items }, answers, policy, stop);
        const stopping = stop.stopped ?? stop.interrupt;
        if (round >= policy.maxResubmissions || stopping) {
          expect(decided.resend).toEqual([]);
          expect(decided.waitFor).toEqual([]);
          expect(decided.pauseMs).toBeUndefined();
        }
        // An interruption counts only where it changes what is sent.
        if (decided.stopping) {
          expect(stop.stopped).toBeUndefined();
          expect(decided.stopping).toEqual(stop.interrupt);
        }
        for (const { item, fate } of decided.settled) {
          const answer = answers.get(item);
          const retryable = ['ALREADY_SCHEDULED', 'RECORD_LOCKED'].includes(answer?.code ?? '');
          if (retryable) {
            const failure = (fate as Extract<Fate, { kind: 'failed' }>).failure;
            expect(fate.kind).toBe('failed');
            expect(failure.code).toBe(answer?.code);
            expect(failure.reason.startsWith(answer?.message ?? '')).toBe(true);
          }
        }
      }),
      RUNS,
    );
  });

  it('pauses only for RECORD_LOCKED, as the retry policy says, never past its cap', () => {
    fc.assert(
      fc.property(roundArb, ({ items, round, policy, stop, answers }) => {
        const decided = nextRound({ round, sent: items }, answers, policy, stop);
        const locked = decided.resend.some((item) => item.lastAnswer.code === 'RECORD_LOCKED');
        expect(decided.pauseMs).toEqual(locked ? lockedRetryDelay(round, policy) : undefined);
        expect(decided.pauseMs ?? 0).toBeLessThanOrEqual(policy.maxDelayMs);
      }),
      RUNS,
    );
  });

  it('drops a territory that already is as desired and sends the rest; none left is converged', () => {
    fc.assert(
      fc.property(roundArb, ({ items, round, policy, stop, answers }) => {
        const decided = nextRound({ round, sent: items }, answers, policy, stop);
        for (const item of decided.resend) {
          const before = items.find((i) => keyOf(i) === keyOf(item))!;
          // Only the territory Zoho points at goes: a resend is never the same entry again.
          const index = territoryIndex(answers.get(before)?.details);
          const dropped = ['DUPLICATE_DATA', 'INVALID_DATA'].includes(item.lastAnswer.code);
          if (dropped) {
            expect(index).toBeLessThan(before.territoryIds.length);
            expect(item.territoryIds).toEqual(before.territoryIds.filter((_, i) => i !== index));
          } else expect(item.territoryIds).toEqual(before.territoryIds);
        }
        for (const { item, fate } of decided.settled) {
          if (fate.kind === 'converged') expect(item.territoryIds).toHaveLength(1);
        }
      }),
      RUNS,
    );
  });

  it('fails, never resends, an answer whose json_path points past the territories sent', () => {
    const item: InFlight = { module: 'Accounts', action: 'assign', id: '1', territoryIds: ['t1'] };
    for (const path of ['$.data[0].Territories[1].id', '$.data[0].Territories[99999999999].id']) {
      const answer: WriteEntryOutcome = {
        recordId: '1',
        status: 'error',
        code: 'DUPLICATE_DATA',
        message: 'Given Territory already exists for that record',
        details: { api_name: 'id', json_path: path },
      };
      const policy = { maxResubmissions: 3, lockedDelayMs: 0, maxDelayMs: 0 };
      const decided = nextRound({ round: 0, sent: [item] }, new Map([[item, answer]]), policy, {});
      expect(decided.resend).toEqual([]);
      expect(decided.settled).toEqual([
        {
          item,
          fate: {
            kind: 'failed',
            failure: {
              code: 'DUPLICATE_DATA',
              reason: 'Given Territory already exists for that record',
            },
          },
        },
      ]);
    }
  });

  it('is pure: leaves its inputs as they were and decides the same twice', () => {
    fc.assert(
      fc.property(roundArb, ({ items, round, policy, stop, answers }) => {
        const state = deepFreeze({ round, sent: items });
        for (const outcome of answers.values()) deepFreeze(outcome);
        deepFreeze(policy);
        deepFreeze(stop);
        const once = nextRound(state, answers, policy, stop);
        expect(nextRound(state, answers, policy, stop)).toEqual(once);
      }),
      RUNS,
    );
  });

  it('refuses a record without an answer when the apply is not stopping: the loop lost it', () => {
    const item: InFlight = { module: 'Accounts', action: 'assign', id: '1', territoryIds: ['t1'] };
    const policy = { maxResubmissions: 2, lockedDelayMs: 0, maxDelayMs: 0 };
    expect(() => nextRound({ round: 0, sent: [item] }, new Map(), policy, {})).toThrow(
      TerritorySyncError,
    );
  });
});

/**
 * A whole wave, driven the way execute-plan.ts drives it, against a model CRM: some records
 * have a job already running (ALREADY_SCHEDULED until it ends), some are locked for a few
 * rounds, and the apply may stop after any round.
 */
const waveArb = fc.record({
  records: fc.uniqueArray(
    fc.record({
      item: itemArb.map(({ lastAnswer: _, ...item }): InFlight => item),
      /** Job waits until a job running on the record ends (0: none; 99: never). */
      jobEndsAfter: fc.constantFrom(0, 0, 1, 2, 99),
      lockedRounds: fc.constantFrom(0, 0, 1, 3, 99),
      refused: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
    }),
    { minLength: 1, maxLength: 12, selector: (r) => keyOf(r.item) },
  ),
  policy: policyArb,
  stopAfterRound: fc.option(fc.integer({ min: 0, max: 6 })),
  stopKind: fc.constantFrom<StopState>({ stopped: JOURNAL }, { interrupt: INTERRUPTED }),
});

function simulateWave({
  records,
  policy,
  stopAfterRound,
  stopKind,
}: typeof waveArb extends fc.Arbitrary<infer W> ? W : never) {
  const model = new Map(records.map((r) => [keyOf(r.item), { ...r, sends: 0, waits: 0 }]));
  const fates = new Map<string, Fate[]>();
  const violations: string[] = [];
  const settle = (list: readonly { item: InFlight; fate: Fate }[]) => {
    for (const { item, fate } of list)
      fates.set(keyOf(item), [...(fates.get(keyOf(item)) ?? []), fate]);
  };
  let state = { round: 0, sent: records.map((r) => r.item) as readonly InFlight[] };
  let stop: StopState = {};
  let rounds = 0;
  for (;;) {
    rounds += 1;
    const answers = new Map<InFlight, WriteEntryOutcome>();
    for (const item of state.sent) {
      const m = model.get(keyOf(item))!;
      m.sends += 1;
      const jobRunning = m.waits < m.jobEndsAfter;
      if (jobRunning && state.round > 0) violations.push(`${keyOf(item)} sent while its job runs`);
      const reply = jobRunning
        ? 'ALREADY_SCHEDULED'
        : m.sends <= m.lockedRounds
          ? 'RECORD_LOCKED'
          : m.refused
            ? 'LIMIT_EXCEEDED'
            : 'SCHEDULED';
      answers.set(item, outcomeOf(item, reply, 0));
    }
    if (stopAfterRound === state.round) stop = stopKind;
    const decided: Round = nextRound(state, answers, policy, stop);
    settle(decided.settled);
    if (decided.stopping) stop = { stopped: decided.stopping };
    if (decided.resend.length === 0) break;
    // The job wait: every running job gets one more wait; those not done are held back.
    for (const m of model.values()) m.waits += 1;
    const running = new Set(
      decided.waitFor.map(keyOf).filter((k) => {
        const m = model.get(k)!;
        return m.waits < m.jobEndsAfter;
      }),
    );
    const after = holdBack(decided, running);
    settle(after.pending);
    if (after.resend.length === 0) break;
    if (stop.stopped || stop.interrupt) violations.push('sent again after the apply stopped');
    state = { round: state.round + 1, sent: after.resend };
  }
  return { model, fates, violations, rounds };
}

describe('a wave run round after round', () => {
  it('ends every record in exactly one state, within the budget, never resending into a running job', () => {
    fc.assert(
      fc.property(waveArb, (wave) => {
        const { model, fates, violations, rounds } = simulateWave(wave);
        expect(violations).toEqual([]);
        expect(rounds).toBeLessThanOrEqual(wave.policy.maxResubmissions + 1);
        for (const [key, m] of model) {
          expect(fates.get(key), key).toHaveLength(1);
          expect(m.sends).toBeLessThanOrEqual(wave.policy.maxResubmissions + 1);
          const [fate] = fates.get(key)!;
          if (
            m.jobEndsAfter === 99 &&
            wave.policy.maxResubmissions > 0 &&
            wave.stopAfterRound !== 0
          ) {
            // A job that never ends is waited for once, then the record is pending: not resent.
            expect(fate?.kind).toBe('pending');
          }
          if (fate?.kind === 'scheduled')
            expect(m.refused || m.sends <= m.lockedRounds).toBe(false);
        }
      }),
      RUNS,
    );
  });
});

describe("a wave's first round", () => {
  const waveOf = (items: readonly InFlight[], batchSize: number): Wave => {
    const batches = [];
    for (let i = 0; i < items.length; i += batchSize) {
      const part = items.slice(i, i + batchSize);
      const { module, action } = part[0]!;
      batches.push({
        module,
        action,
        records: part
          .filter((r) => r.module === module && r.action === action)
          .map((r) => ({ id: r.id, territoryIds: r.territoryIds })),
      });
    }
    return { index: 1, batches };
  };
  const firstArb = fc.record({
    items: itemsArb.map((items) => items.map(({ lastAnswer: _, ...item }): InFlight => item)),
    batchSize: fc.integer({ min: 1, max: 4 }),
    standings: fc.array(
      fc.constantFrom<Standing>('ready', 'ready', 'failed', 'job-running', 'skipped'),
      {
        minLength: 12,
        maxLength: 12,
      },
    ),
    stop: stopArb,
  });

  it('sends the reviewed batches minus the records already out, and nothing once stopping', () => {
    fc.assert(
      fc.property(firstArb, ({ items, batchSize, standings, stop }) => {
        const wave = waveOf(items, batchSize);
        const listed = wave.batches.flatMap((b) =>
          b.records.map((r) => ({ module: b.module, id: r.id })),
        );
        const standing = new Map(listed.map((r, i) => [keyOf(r), standings[i] ?? 'ready']));
        const first = firstRound(wave, (module, id) => standing.get(recordKey(module, id))!, stop);
        const sent = first.calls.flat();
        const stopping = stop.stopped ?? stop.interrupt;
        for (const item of sent) expect(standing.get(keyOf(item))).toBe('ready');
        if (stopping) expect(sent).toEqual([]);
        expect(first.calls.every((call) => call.length > 0)).toBe(true);
        // Each call is (part of) one reviewed batch, in the plan's order.
        const batchOf = (item: InFlight) =>
          wave.batches.findIndex(
            (b) => b.module === item.module && b.records.some((r) => r.id === item.id),
          );
        for (const call of first.calls) expect(new Set(call.map(batchOf)).size).toBe(1);
        expect(sent.map(batchOf)).toEqual([...sent.map(batchOf)].sort((a, b) => a - b));
        // Every listed record not skipped earlier: sent, or settled as not sent. Never both.
        const notSkipped = listed.filter((r) => standing.get(keyOf(r)) !== 'skipped');
        expect([...sent, ...first.settled.map((s) => s.item)].map(keyOf).sort()).toEqual(
          notSkipped.map(keyOf).sort(),
        );
        const anyReady = [...standing.values()].includes('ready');
        expect(first.stopping).toEqual(
          anyReady && !stop.stopped && stop.interrupt ? stop.interrupt : undefined,
        );
      }),
      RUNS,
    );
  });
});

describe('the per-record retry delay', () => {
  it('doubles each round from the configured delay and stops at the cap', () => {
    fc.assert(
      fc.property(policyArb, fc.integer({ min: 0, max: 40 }), (policy, round) => {
        const delay = lockedRetryDelay(round, policy);
        expect(delay).toBeLessThanOrEqual(policy.maxDelayMs);
        expect(lockedRetryDelay(round + 1, policy)).toBeGreaterThanOrEqual(delay);
        if (policy.lockedDelayMs * 2 ** round < policy.maxDelayMs) {
          expect(delay).toBe(policy.lockedDelayMs * 2 ** round);
        }
      }),
      RUNS,
    );
  });
});

// The executor's decisions, one round of a wave at a time: which records go out first, and from
// Zoho's answers which are done (scheduled, converged, failed, not sent), which are sent again,
// which must wait for a job first and how long to pause. Pure: no I/O, clock or randomness. The
// loop in execute-plan.ts makes the calls, writes the journal, waits and sleeps, and feeds what
// happened back in here.
import type { ModuleName, Wave, WriteAction } from '../core/model.js';
import { TerritorySyncError } from '../errors.js';
import type { StopReason } from './apply-report.js';
import { decide } from './entry-answer.js';
import type { WriteEntryOutcome, WriteOutcomeCode } from './ports.js';
import { recordKey } from '../core/record-key.js';
import { lockedRetryDelay, mayResend } from './record-retry-policy.js';
import type { RecordRetryPolicy } from './record-retry-policy.js';

export interface Failure {
  readonly code: WriteOutcomeCode;
  readonly reason: string;
}

/** A record on its way out in this wave, carrying what its next call will send. */
export interface InFlight {
  readonly module: ModuleName;
  readonly action: WriteAction;
  readonly id: string;
  readonly territoryIds: readonly string[];
  /** Zoho's answer that asked for this resend: the record's failure if no resend follows. */
  readonly lastAnswer?: Failure;
}

export type Resend = InFlight & { readonly lastAnswer: Failure };

/** How a record left the wave's rounds. */
export type Fate =
  /** Zoho took the write: its job is waited for at the end of the wave. */
  | { readonly kind: 'scheduled' }
  /** Every territory turned out to be as desired already: nothing was left to write. */
  | { readonly kind: 'converged' }
  | { readonly kind: 'failed'; readonly failure: Failure }
  | { readonly kind: 'not-sent'; readonly reason: string }
  /** Zoho answered ALREADY_SCHEDULED and the job was still running when waiting stopped. */
  | { readonly kind: 'pending'; readonly failure: Failure };

export interface Settled {
  readonly item: InFlight;
  readonly fate: Fate;
}

/** What the loop knows about stopping at the moment it asks. */
export interface StopState {
  /** The apply has decided to stop. */
  readonly stopped?: StopReason;
  /**
   * The signal fired and nothing acted on it yet. It is acted on only where it changes what is
   * sent: noticing it after the last write would turn an apply that did everything into a
   * stopped one.
   */
  readonly interrupt?: StopReason;
}

export interface RoundState {
  /** 0 for the wave's first send, one more per resend. */
  readonly round: number;
  /** The records this round meant to send, in call order. */
  readonly sent: readonly InFlight[];
}

export interface Round {
  /** Every record of the round that is done for this wave (or for good), with how. */
  readonly settled: readonly Settled[];
  /** Sent again next round, in the order they were sent this round. */
  readonly resend: readonly Resend[];
  /** Of `resend`, those whose job must end before they are sent (ALREADY_SCHEDULED). */
  readonly waitFor: readonly Resend[];
  /** Pause before the resend (RECORD_LOCKED); absent when nothing asked for one. */
  readonly pauseMs?: number;
  /** An interruption this round acted on: the loop records it as the reason to stop. */
  readonly stopping?: StopReason;
}

export interface FirstRound {
  /** The plan's batches as reviewed, without the records already out of the plan. */
  readonly calls: readonly (readonly InFlight[])[];
  readonly settled: readonly Settled[];
  readonly stopping?: StopReason;
}

/**
 * Where a record stands when its wave comes: `ready` to send, or out of the plan since an earlier
 * wave because that step `failed`, its job was still running (`job-running`), or it was not sent
 * at all (`skipped`, which keeps the reason it has).
 */
export type Standing = 'ready' | 'failed' | 'job-running' | 'skipped';

/** Per record the reason stays short; the report carries the stop's full message once. */
export function stopLabel(reason: StopReason): string {
  return reason.code === 'INTERRUPTED'
    ? reason.message
    : `the apply stopped early (${reason.code})`;
}

const notSent = (action: WriteAction, reason: StopReason) =>
  `its ${action} was not sent: ${stopLabel(reason)}`;

const OUT_OF_PLAN: Record<Exclude<Standing, 'ready' | 'skipped'>, (a: WriteAction) => string> = {
  failed: (action) => `its ${action} was not sent because an earlier step failed`,
  'job-running': (action) => `its ${action} was not sent: the earlier job had not finished`,
};

/**
 * The wave's first round sends the plan's batches as they were reviewed; a record already out of
 * the plan (failed, its job still running, not sent earlier) leaves its batch one record shorter.
 */
export function firstRound(
  wave: Wave,
  standing: (module: ModuleName, id: string) => Standing,
  stop: StopState,
): FirstRound {
  const settled: Settled[] = [];
  const why = stop.stopped ?? stop.interrupt;
  let anyReady = false;
  const calls = wave.batches.map(({ module, action, records }) => {
    const call: InFlight[] = [];
    for (const { id, territoryIds } of records) {
      const item: InFlight = { module, action, id, territoryIds: [...territoryIds] };
      const where = standing(module, id);
      if (where === 'skipped') continue;
      if (where !== 'ready') {
        settled.push({ item, fate: { kind: 'not-sent', reason: OUT_OF_PLAN[where](action) } });
        continue;
      }
      anyReady = true;
      if (why) settled.push({ item, fate: { kind: 'not-sent', reason: notSent(action, why) } });
      else call.push(item);
    }
    return call;
  });
  const stopping = anyReady && why && !stop.stopped ? { stopping: why } : {};
  return { calls: calls.filter((call) => call.length > 0), settled, ...stopping };
}

/** A record the round meant to send got no answer: the apply stopped before its call went out. */
function unanswered(item: InFlight, stop: StopState): Fate {
  const why = stop.stopped;
  if (!why) {
    throw new TerritorySyncError(
      'INTERNAL',
      `${item.module} ${item.id} got no answer although the apply is not stopping`,
    );
  }
  // After a resend round it keeps Zoho's last answer, which says more than "not sent".
  if (item.lastAnswer) return failedAgain(item.lastAnswer, why);
  return { kind: 'not-sent', reason: notSent(item.action, why) };
}

function failedAgain(last: Failure, why: StopReason | undefined): Fate {
  const reason = why ? `${last.reason} (not sent again: ${stopLabel(why)})` : last.reason;
  return { kind: 'failed', failure: { code: last.code, reason } };
}

type Again = { readonly item: Resend; readonly after: 'job' | 'pause' | 'now' };

/** Reads one answer; a record Zoho asks to see again comes back as `Again`. */
function readAnswer(item: InFlight, outcome: WriteEntryOutcome): Fate | Again {
  const decision = decide(item.action, outcome);
  const lastAnswer = { code: outcome.code, reason: outcome.message };
  switch (decision.kind) {
    case 'scheduled':
      return { kind: 'scheduled' };
    case 'drop-territory': {
      // A json_path past the territories sent names none of them: dropping nothing and sending
      // the same entry again would only get the same answer.
      if (decision.index >= item.territoryIds.length) {
        return { kind: 'failed', failure: lastAnswer };
      }
      const territoryIds = item.territoryIds.filter((_, i) => i !== decision.index);
      if (territoryIds.length === 0) return { kind: 'converged' };
      return { item: { ...item, territoryIds, lastAnswer }, after: 'now' };
    }
    case 'retry-after-job':
      return { item: { ...item, lastAnswer }, after: 'job' };
    case 'retry-later':
      return { item: { ...item, lastAnswer }, after: 'pause' };
    case 'failed':
      return { kind: 'failed', failure: { code: decision.code, reason: decision.reason } };
  }
}

/**
 * Decides the next round from this round's answers (keyed by the items of `state.sent`; an item
 * without an answer was never sent because the apply stopped).
 */
export function nextRound(
  state: RoundState,
  answers: ReadonlyMap<InFlight, WriteEntryOutcome>,
  policy: RecordRetryPolicy,
  stop: StopState,
): Round {
  const settled: Settled[] = [];
  const again: Again[] = [];
  for (const item of state.sent) {
    const outcome = answers.get(item);
    const read = outcome === undefined ? unanswered(item, stop) : readAnswer(item, outcome);
    if ('after' in read) again.push(read);
    else settled.push({ item, fate: read });
  }
  if (again.length === 0) return { settled, resend: [], waitFor: [] };
  const why = stop.stopped ?? stop.interrupt;
  const stopping = why && !stop.stopped ? { stopping: why } : {};
  if (why || !mayResend(state.round, policy)) {
    // Out of resends, or stopping: each keeps the last answer Zoho gave as its failure.
    for (const { item } of again) settled.push({ item, fate: failedAgain(item.lastAnswer, why) });
    return { settled, resend: [], waitFor: [], ...stopping };
  }
  const pause = again.some((a) => a.after === 'pause');
  return {
    settled,
    resend: again.map((a) => a.item),
    waitFor: again.filter((a) => a.after === 'job').map((a) => a.item),
    ...(pause ? { pauseMs: lockedRetryDelay(state.round, policy) } : {}),
  };
}

/**
 * After waiting for the jobs of `round.waitFor`: a job still running would only answer
 * ALREADY_SCHEDULED again, so its record waits (pending) instead of another send and another
 * full wait. `stillRunning` holds recordKeys.
 */
export function holdBack(
  round: Pick<Round, 'resend' | 'waitFor'>,
  stillRunning: ReadonlySet<string>,
): { readonly resend: readonly Resend[]; readonly pending: readonly Settled[] } {
  const held = new Set(
    round.waitFor.filter((item) => stillRunning.has(recordKey(item.module, item.id))),
  );
  if (held.size === 0) return { resend: round.resend, pending: [] };
  return {
    resend: round.resend.filter((item) => !held.has(item)),
    pending: [...held].map((item): Settled => ({
      item,
      fate: { kind: 'pending', failure: item.lastAnswer },
    })),
  };
}

// The write calls of one round: each journaled before it goes out and after it is answered, at
// most `concurrency` at a time, none started once the apply is stopping.
import { DEFAULT_EXECUTE_OPTIONS } from './execute-options.js';
import { codeOf, halted, messageOf, progressOf, stopWith } from './apply-run.js';
import type { ApplyRun } from './apply-run.js';
import type { InFlight } from './next-round.js';
import { NO_ANSWER } from './ports.js';
import type { WriteEntry, WriteEntryOutcome } from './ports.js';
import type { StopReason } from './apply-report.js';

export type Answers = Map<InFlight, WriteEntryOutcome>;

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Records sent again, in calls of the plan's batch size, one module and action per call. */
export function regroup(items: readonly InFlight[], batchSize: number): InFlight[][] {
  const groups = new Map<string, InFlight[]>();
  for (const item of items) {
    const k = `${item.module}/${item.action}`;
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return [...groups.values()].flatMap((group) => chunk(group, batchSize));
}

/** Sends the calls, at most `concurrency` at a time, until halted. */
export async function sendRound(
  run: ApplyRun,
  calls: readonly (readonly InFlight[])[],
  wave: number,
  round: number,
): Promise<Answers> {
  const answers: Answers = new Map();
  const queue = [...calls];
  const lanes = Math.max(1, run.options.concurrency ?? DEFAULT_EXECUTE_OPTIONS.concurrency);
  const worker = async () => {
    for (let call = queue.shift(); call && !halted(run); call = queue.shift()) {
      await sendCall(run, call, wave, round, answers);
    }
  };
  await Promise.all(Array.from({ length: Math.min(lanes, queue.length) }, worker));
  return answers;
}

const journalFailed = (error: unknown): StopReason => ({
  code: 'JOURNAL',
  message: `the journal could not be written (${messageOf(error)})`,
});

/** One write call: journal the intent, send, journal the answers. */
async function sendCall(
  run: ApplyRun,
  call: readonly InFlight[],
  wave: number,
  round: number,
  answers: Answers,
): Promise<void> {
  const { module, action } = call[0] as InFlight;
  const number = (run.callsStarted += 1);
  const records = call.map((item) => ({ id: item.id, territoryIds: [...item.territoryIds] }));
  const at = () => run.options.now().toISOString();
  try {
    await run.options.journal?.append({
      type: 'intent',
      at: at(),
      call: number,
      wave,
      round,
      module,
      action,
      records,
    });
  } catch (error) {
    // Without a durable intent a crash could leave a write nobody knows about: do not send.
    stopWith(run, journalFailed(error));
    return;
  }
  for (const item of call) progressOf(run, item.module, item.id).attempts += 1;
  run.counts.writeCalls += 1;
  run.emit({
    kind: 'batch-sent',
    module,
    action,
    records: call.length,
    message: `${action} ${call.length} ${module}`,
  });
  const matched = matchAnswers(call, await write(run, call[0] as InFlight, records));
  call.forEach((item, index) => answers.set(item, matched[index] as WriteEntryOutcome));
  try {
    await run.options.journal?.append({
      type: 'result',
      at: at(),
      call: number,
      outcomes: matched.map((o, index) => ({
        id: (call[index] as InFlight).id,
        status: o.status,
        code: o.code,
        message: o.message,
        // Kept for people (`why` shows it); only a Zoho id, so an odd answer cannot make the
        // journal unreadable for --resume.
        ...(o.jobId !== undefined && JOB_ID.test(o.jobId) ? { jobId: o.jobId } : {}),
      })),
    });
  } catch (error) {
    stopWith(run, journalFailed(error));
  }
}

/** What a journaled job id may be: a Zoho id, digits only, of a sane length. */
const JOB_ID = /^[0-9]{1,30}$/;

/** The port's answer, or for a call that failed as a whole the same failure for each record. */
async function write(
  run: ApplyRun,
  { module, action }: InFlight,
  records: readonly WriteEntry[],
): Promise<WriteEntryOutcome[]> {
  try {
    return await run.port.write(module, action, records);
  } catch (error) {
    const code = codeOf(error);
    const message = messageOf(error);
    // Credentials, permissions, the day's credits and a switched-off feature (Leads where Zoho
    // has not enabled them) will not get better by trying the next batch.
    const stops = code === 'AUTH' || code === 'CREDITS_EXHAUSTED' || code === 'FEATURE_NOT_ENABLED';
    if (stops) stopWith(run, { code, message });
    const said =
      code === 'AUTH'
        ? 'not applied: Zoho refused the credentials'
        : code === 'CREDITS_EXHAUSTED'
          ? "not applied: the org's API credits for the last 24 hours are used up"
          : code === 'FEATURE_NOT_ENABLED'
            ? 'not applied: Zoho does not accept this module here (see "Apply stopped early")'
            : code === 'NETWORK'
              ? `no answer from Zoho (${message}); re-run apply to converge`
              : `not applied: ${message}`;
    return records.map(({ id }) => ({ recordId: id, status: 'error', code, message: said }));
  }
}

/**
 * Each record's answer, matched by record id only, or NO_ANSWER when the port has none for it.
 * Never by position: an answer taken by its place could be another record's. The port ties
 * Zoho's entries to records (by details.id, json_path, or position only where A1 holds; see
 * src/zoho/write-territories.ts `attribute`) and leaves out what it cannot tie. The first
 * outcome for a record counts (the client gives at most one).
 */
function matchAnswers(
  call: readonly InFlight[],
  outcomes: readonly WriteEntryOutcome[],
): WriteEntryOutcome[] {
  const byId = new Map<string, WriteEntryOutcome>();
  for (const outcome of outcomes) {
    if (!byId.has(outcome.recordId)) byId.set(outcome.recordId, outcome);
  }
  return call.map(
    (item): WriteEntryOutcome =>
      byId.get(item.id) ?? {
        recordId: item.id,
        status: 'error',
        code: NO_ANSWER,
        message:
          "Zoho's answer held no result that is surely this record's (none named it, or two " +
          'disagreed); not sent again: run `territory-sync apply` again to converge it ' +
          '(`territory-sync plan` shows where it stands)',
      },
  );
}

// What one apply journal says about one record: what its plan meant to change, each call that
// carried it with Zoho's answer, and how the record ended. The journal has been read and
// checked line by line against its schema (src/apply/read-journal.ts); its texts (times,
// codes, Zoho's messages, territory names) are still the file's and are escaped when shown.
import type { JournalContents } from '../apply/read-journal.js';
import type { RecordKey } from '../core/model.js';

/** Calls shown per journal: a record resent many times says so with a count. */
const MAX_CALLS = 5;

export interface CallTouch {
  readonly call: number;
  readonly at: string;
  readonly wave: number;
  readonly round: number;
  readonly action: 'assign' | 'remove';
  /** Names from the plan where it has them, ids otherwise. */
  readonly territories: readonly string[];
  /** Zoho's answer for this record; absent when the journal has none (cut short). */
  readonly answer?: {
    readonly status: string;
    readonly code: string;
    readonly message: string;
    readonly jobId?: string;
  };
}

export type JournalOutcome =
  | { readonly kind: 'finished'; readonly status: string; readonly code?: string }
  /** The apply ended (finish line) without a word about this record. */
  | { readonly kind: 'not-reported' }
  /** No finish line: the apply was killed or crashed. */
  | { readonly kind: 'cut-short' };

export interface JournalTouch {
  /** The journal's file name. */
  readonly journal: string;
  readonly startedAt: string;
  readonly planHash: string;
  /** What the plan meant to do to the record; absent when the plan did not list it. */
  readonly planned?: { readonly add: readonly string[]; readonly remove: readonly string[] };
  /** Newest first. */
  readonly calls: readonly CallTouch[];
  readonly callsLeftOut: number;
  readonly outcome: JournalOutcome;
}

/** The record's part in one journal, or undefined when the apply never touched it. */
export function journalTouch(
  journal: string,
  contents: JournalContents,
  record: RecordKey,
): JournalTouch | undefined {
  const change = contents.plan.changes.find(
    (c) => c.module === record.module && c.id === record.id,
  );
  const names = new Map<string, string>();
  for (const t of [...(change?.add ?? []), ...(change?.remove ?? [])]) names.set(t.id, t.name);

  const calls: CallTouch[] = [];
  for (const intent of contents.intents) {
    if (intent.module !== record.module) continue;
    const sent = intent.records.find((r) => r.id === record.id);
    if (sent === undefined) continue;
    const answer = contents.results
      .find((r) => r.call === intent.call)
      ?.outcomes.find((o) => o.id === record.id);
    calls.push({
      call: intent.call,
      at: intent.at,
      wave: intent.wave,
      round: intent.round,
      action: intent.action,
      territories: sent.territoryIds.map((id) => names.get(id) ?? id),
      ...(answer === undefined
        ? {}
        : {
            answer: {
              status: answer.status,
              code: answer.code,
              message: answer.message,
              ...(answer.jobId === undefined ? {} : { jobId: answer.jobId }),
            },
          }),
    });
  }
  const finished = contents.finish?.records.find(
    (r) => r.module === record.module && r.id === record.id,
  );
  if (change === undefined && calls.length === 0 && finished === undefined) return undefined;

  calls.sort((a, b) => b.call - a.call);
  const outcome: JournalOutcome =
    contents.finish === undefined
      ? { kind: 'cut-short' }
      : finished === undefined
        ? { kind: 'not-reported' }
        : {
            kind: 'finished',
            status: finished.status,
            ...(finished.code === undefined ? {} : { code: finished.code }),
          };
  return {
    journal,
    startedAt: contents.startedAt,
    planHash: contents.plan.planHash,
    ...(change === undefined
      ? {}
      : {
          planned: {
            add: change.add.map((t) => t.name),
            remove: change.remove.map((t) => t.name),
          },
        }),
    calls: calls.slice(0, MAX_CALLS),
    callsLeftOut: Math.max(0, calls.length - MAX_CALLS),
    outcome,
  };
}

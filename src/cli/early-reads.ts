// A plan with selectors reads each selector's matches page by page (2,000 ids, one after
// another) before it knows every record to read. The records of each page are read as it
// arrives instead of after the last page, in full calls only, so the calls stay at the minimum
// (docs/SELECTORS.md §6): what is left over joins the final read.
import type { CurrentRecord, DesiredSelector, DesiredState, ModuleName } from '../core/model.js';
import { recordKey } from '../core/record-key.js';
import { selectorManages } from '../core/selector-plan.js';
import { MAX_IDS_PER_GET_RECORDS } from '../constants/zoho.js';
import type { RecordReader } from '../apply/read-current.js';

export interface EarlyReads {
  /** Hand a page of a selector's matches; each full call's worth of ids leaves at once. */
  readonly onMatches: (selector: DesiredSelector, ids: readonly string[]) => void;
  /** The records already sent for, by recordKey: the final read leaves them out. */
  readonly sent: ReadonlySet<string>;
  /** Every record read early, once all its calls answered (a failed call fails the plan). */
  readonly records: () => Promise<CurrentRecord[]>;
}

export function startEarlyReads(reader: RecordReader, desired: DesiredState): EarlyReads {
  // Only records a selector manages (explicit ones are read by the final read anyway); a record
  // two selectors match, once.
  const manages = selectorManages(desired);
  const seen = new Set<string>();
  const sent = new Set<string>();
  const queues = new Map<ModuleName, string[]>();
  const calls: Promise<CurrentRecord[]>[] = [];
  return {
    onMatches(selector, ids) {
      let queue = queues.get(selector.module);
      if (queue === undefined) queues.set(selector.module, (queue = []));
      for (const id of ids) {
        const key = recordKey(selector.module, id);
        if (seen.has(key) || !manages(selector, id)) continue;
        seen.add(key);
        queue.push(id);
        if (queue.length < MAX_IDS_PER_GET_RECORDS) continue;
        const batch = queue.splice(0);
        for (const sentId of batch) sent.add(recordKey(selector.module, sentId));
        const call = reader.readRecords(selector.module, batch).then((answer) => answer.records);
        // Awaited by records(); until then a failure must not be an unhandled rejection.
        call.catch(() => undefined);
        calls.push(call);
      }
    },
    sent,
    records: async () => ([] as CurrentRecord[]).concat(...(await Promise.all(calls))),
  };
}

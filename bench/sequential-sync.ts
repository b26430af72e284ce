// What a careful user would write without territory-sync: the calls batched as Zoho allows
// (100 ids a read, 10 records a write, 100 ids a job-status check) but sent in a plain loop,
// one call at a time, the way Zoho's SDK examples are written. Reads every listed record,
// compares, sends wave 1 (the removals, and the assigns of records that only gain), waits until
// the swapping records' removal jobs have landed, then sends wave 2 (their assigns). Like the
// naive script it skips the stale-plan check and the verification. Beside `naive` (one call
// per record, 10 at a time) and plan + apply (batched, 10 at a time, in waves), it shows what
// batching gains on its own and what concurrency adds.
import {
  MAX_IDS_PER_FEATURE_INFO,
  MAX_IDS_PER_GET_RECORDS,
  MAX_RECORDS_PER_WRITE,
} from '../src/constants/zoho.js';
import type { ModuleName } from '../src/core/model.js';
import type { ZohoClient } from '../src/zoho/index.js';
import type { NaiveOptions, NaiveOutcome, NaiveRecord } from './naive-sync.js';

interface Change {
  readonly id: string;
  readonly add: readonly string[];
  readonly remove: readonly string[];
}

const MODULES = ['Accounts', 'Contacts', 'Deals'] as const;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function slices<T>(items: readonly T[], size: number): T[][] {
  const parts: T[][] = [];
  for (let i = 0; i < items.length; i += size) parts.push(items.slice(i, i + size));
  return parts;
}

export async function sequentialSync(
  client: ZohoClient,
  records: readonly NaiveRecord[],
  options: NaiveOptions,
): Promise<NaiveOutcome> {
  const catalogue = await client.readCatalogue();
  const idByName = new Map(catalogue.territories.map((t) => [t.name, t.id]));
  const writeErrors: Record<string, number> = {};

  // Read and compare, 100 records a call.
  const changes = new Map<ModuleName, Change[]>();
  for (const module of MODULES) {
    const listed = records.filter((r) => r.module === module);
    const wanted = new Map(
      listed.map((r) => [r.id, new Set(r.territories.map((name) => idByName.get(name) ?? name))]),
    );
    const found: Change[] = [];
    for (const part of slices(listed, MAX_IDS_PER_GET_RECORDS)) {
      const read = await client.readRecords(
        module,
        part.map((r) => r.id),
      );
      for (const record of read.records) {
        const want = wanted.get(record.id) ?? new Set<string>();
        const held = new Set(record.territories.map((t) => t.id));
        const add = [...want].filter((id) => !held.has(id));
        const remove = record.territories
          .filter((t) => t.assigned === 'manually' && !want.has(t.id))
          .map((t) => t.id);
        if (add.length > 0 || remove.length > 0) found.push({ id: record.id, add, remove });
      }
    }
    changes.set(module, found);
  }

  const send = async (
    module: ModuleName,
    action: 'assign' | 'remove',
    entries: readonly { id: string; territoryIds: readonly string[] }[],
  ) => {
    for (const part of slices(entries, MAX_RECORDS_PER_WRITE)) {
      for (const answer of await client.write(module, action, part)) {
        if (answer.code !== 'SCHEDULED')
          writeErrors[answer.code] = (writeErrors[answer.code] ?? 0) + 1;
      }
    }
  };

  // Wave 1: every removal, and the assigns of records that only gain.
  for (const module of MODULES) {
    const found = changes.get(module) ?? [];
    const removals = found.filter((c) => c.remove.length > 0);
    await send(
      module,
      'remove',
      removals.map((c) => ({ id: c.id, territoryIds: c.remove })),
    );
    const gains = found.filter((c) => c.remove.length === 0);
    await send(
      module,
      'assign',
      gains.map((c) => ({ id: c.id, territoryIds: c.add })),
    );
  }

  // Wave 2: once their removal jobs have landed, the assigns of records that swap.
  let gaveUp = 0;
  for (const module of MODULES) {
    const swaps = (changes.get(module) ?? []).filter(
      (c) => c.remove.length > 0 && c.add.length > 0,
    );
    let waiting = swaps.map((c) => c.id);
    for (let poll = 0; poll < options.maxPolls && waiting.length > 0; poll += 1) {
      if (poll > 0) await sleep(options.pollDelayMs);
      const still: string[] = [];
      for (const part of slices(waiting, MAX_IDS_PER_FEATURE_INFO)) {
        still.push(...(await client.pendingRecords(module, part)));
      }
      waiting = still;
    }
    gaveUp += waiting.length;
    const stuck = new Set(waiting);
    const ready = swaps.filter((c) => !stuck.has(c.id));
    await send(
      module,
      'assign',
      ready.map((c) => ({ id: c.id, territoryIds: c.add })),
    );
  }
  const changedRecords = [...changes.values()].reduce((sum, found) => sum + found.length, 0);
  return { changedRecords, writeErrors, gaveUp };
}

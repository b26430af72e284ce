// Orders the writes (docs/SEMANTICS.md §3). Zoho runs every assign/remove as an asynchronous job and
// answers ALREADY_SCHEDULED while one is pending for a record, so a record that both loses and
// gains territories is removed in wave 1 and assigned in wave 2. This also lets a Deal, which
// holds one territory, drop A before it takes B.
import { MAX_RECORDS_PER_WRITE } from './zoho-limits.js';
import { MANAGED_MODULES } from './model.js';
import type { Batch, ModuleName, RecordPlan, Wave, WriteAction } from './model.js';

type BatchEntry = Batch['records'][number];

/** Records per call: what the user asked for, never more than Zoho accepts, at least one. */
export function effectiveBatchSize(requested: number): number {
  if (!Number.isFinite(requested)) return MAX_RECORDS_PER_WRITE;
  return Math.min(MAX_RECORDS_PER_WRITE, Math.max(1, Math.floor(requested)));
}

/** `changes` must already be in plan order (module, then id); batches keep that order. */
export function planWaves(changes: readonly RecordPlan[], batchSize: number): Wave[] {
  const size = effectiveBatchSize(batchSize);
  const first: Batch[] = [];
  const second: Batch[] = [];
  for (const module of MANAGED_MODULES) {
    const inModule = changes.filter((change) => change.module === module);
    const removals = inModule.filter((change) => change.remove.length > 0);
    const gainsOnly = inModule.filter(
      (change) => change.remove.length === 0 && change.add.length > 0,
    );
    const swaps = removals.filter((change) => change.add.length > 0);
    first.push(...toBatches(module, 'remove', removals.map(removeEntry), size));
    first.push(...toBatches(module, 'assign', gainsOnly.map(assignEntry), size));
    second.push(...toBatches(module, 'assign', swaps.map(assignEntry), size));
  }
  return [first, second]
    .filter((batches) => batches.length > 0)
    .map((batches, i) => ({ index: i + 1, batches }));
}

function toBatches(
  module: ModuleName,
  action: WriteAction,
  entries: readonly BatchEntry[],
  size: number,
): Batch[] {
  const batches: Batch[] = [];
  for (let start = 0; start < entries.length; start += size) {
    batches.push({ module, action, records: entries.slice(start, start + size) });
  }
  return batches;
}

function removeEntry(change: RecordPlan): BatchEntry {
  return { id: change.id, territoryIds: change.remove.map((territory) => territory.id) };
}

function assignEntry(change: RecordPlan): BatchEntry {
  return { id: change.id, territoryIds: change.add.map((territory) => territory.id) };
}

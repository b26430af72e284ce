// The selectors' ledger as a value and as text (docs/SELECTORS.md §4): what selectors gave each
// record (G) and which selectors matched it at the last apply. Pure; ledger-file.ts reads and
// writes it. The text is one record per line in one fixed order, so a diff of the ledger reads
// as "who joined, who left", and the same ledger is always the same bytes (its sha256 binds a
// plan to the ledger it was made from).
import { createHash } from 'node:crypto';
import { escapeInvisible } from '../core/escape-invisible.js';
import { urlOrigin } from '../core/loopback.js';
import type { LedgerGift } from '../core/model.js';
import { compareIds, compareRecordKeys, compareText } from '../core/ordering.js';
import { targetMismatch } from '../core/plan-target.js';
import { keyOf } from '../core/record-key.js';
import type { SelectorLedger } from '../core/selector-targets.js';
import { TerritorySyncError } from '../errors.js';
import { checkLedgerValue } from './check-ledger.js';
import { LEDGER_FORMAT, LEDGER_FORMAT_VERSION } from './ledger-types.js';
import type { LedgerFile, LedgerRecordEntry, LedgerTarget } from './ledger-types.js';

/** G for the planner (src/core/selector-targets.ts): the gifts alone, records without any left out. */
export function toSelectorLedger(ledger: LedgerFile): SelectorLedger {
  return {
    records: ledger.records
      .filter((record) => record.gifts.length > 0)
      .map(({ module, id, gifts }) => ({ module, id, gifts })),
  };
}

/** sha256 hex of the ledger's text as UTF-8: what a plan records and writeLedger compares. */
export function ledgerSha256(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The ledger's text: the envelope on a line each, then one record per line in order. Every
 * object is built again key by key, so the bytes depend on the values alone (not on the key
 * order or extra keys of whatever object was passed). Refuses a ledger that breaks the format:
 * writing one would make a file the next read refuses.
 */
export function serializeLedger(ledger: LedgerFile): string {
  const clean: LedgerFile = {
    format: LEDGER_FORMAT,
    formatVersion: LEDGER_FORMAT_VERSION,
    target: { apiDomain: ledger.target.apiDomain, orgId: ledger.target.orgId },
    ...(ledger.writtenBy === undefined ? {} : { writtenBy: ledger.writtenBy }),
    records: ledger.records.map((record) => ({
      module: record.module,
      id: record.id,
      matchedBy: [...record.matchedBy],
      gifts: record.gifts.map((gift) => ({
        territoryId: gift.territoryId,
        selectors: [...gift.selectors],
      })),
    })),
  };
  const checked = checkLedgerValue(clean);
  if (!checked.ok) {
    throw new TerritorySyncError(
      'INTERNAL',
      `The selectors' ledger to write is not valid: ${checked.problem}.`,
    );
  }
  const lines = clean.records.map((record) => JSON.stringify(record));
  const records = lines.length === 0 ? '[]' : `[\n    ${lines.join(',\n    ')}\n  ]`;
  return (
    `{\n  "format": ${JSON.stringify(clean.format)},\n` +
    `  "formatVersion": ${JSON.stringify(clean.formatVersion)},\n` +
    `  "target": ${JSON.stringify(clean.target)},\n` +
    (clean.writtenBy === undefined ? '' : `  "writtenBy": ${JSON.stringify(clean.writtenBy)},\n`) +
    `  "records": ${records}\n}\n`
  );
}

/** Why a ledger of `target`'s org may not be used by a run reaching `expected`; else undefined. */
export function ledgerTargetMismatch(
  target: LedgerTarget,
  expected: LedgerTarget,
): string | undefined {
  // The accounts server does not identify an org: targetMismatch compares domain and org id.
  return targetMismatch({ ...target, accountsUrl: '' }, { ...expected, accountsUrl: '' });
}

export function otherOrgError(shown: string, mismatch: string): TerritorySyncError {
  return new TerritorySyncError(
    'LEDGER_OTHER_ORG',
    `${shown}: this selectors' ledger belongs to another org: ${escapeInvisible(mismatch.replace(/\bmade\b/g, 'written'))}. It is never used for this one.`,
    {
      hint:
        'Point the "ledger" setting (or --env) at the ledger of the org this run reaches; each ' +
        'environment has its own, .territory-sync/ledger.<environment>.json by default.',
    },
  );
}

/**
 * `previous` with each update replacing its record's entry; an update with no matchedBy and no
 * gifts removes it. Updates are sets: their lists are sorted and repeats merged, so the result
 * is the same whatever order they come in. Two updates for one record would make it depend on
 * their order, so they are refused, as is a result the format cannot hold (a bad id or name:
 * the updates come from a plan, which is checked before apply, so this is a bug).
 */
export function updateLedger(
  previous: LedgerFile | undefined,
  target: LedgerTarget,
  updates: readonly LedgerRecordEntry[],
  writtenBy?: string,
): LedgerFile {
  if (previous !== undefined) {
    const mismatch = ledgerTargetMismatch(previous.target, target);
    if (mismatch !== undefined) throw otherOrgError('the previous ledger', mismatch);
  }
  const byKey = new Map<string, LedgerRecordEntry>();
  for (const record of previous?.records ?? []) byKey.set(keyOf(record), record);
  const seen = new Set<string>();
  for (const update of updates) {
    const key = keyOf(update);
    if (seen.has(key)) {
      throw new TerritorySyncError(
        'INTERNAL',
        `The ledger updates name ${update.module} ${update.id} twice: the result would depend on their order.`,
      );
    }
    seen.add(key);
    const normal = normalEntry(update);
    if (normal.matchedBy.length === 0 && normal.gifts.length === 0) byKey.delete(key);
    else byKey.set(key, normal);
  }
  const ledger: LedgerFile = {
    format: LEDGER_FORMAT,
    formatVersion: LEDGER_FORMAT_VERSION,
    // The origin alone, as the format holds it (a configured domain may end in a slash).
    target: { apiDomain: urlOrigin(target.apiDomain), orgId: target.orgId },
    ...(writtenBy === undefined ? {} : { writtenBy }),
    records: [...byKey.values()].sort(compareRecordKeys),
  };
  const checked = checkLedgerValue(ledger);
  if (!checked.ok) {
    throw new TerritorySyncError(
      'INTERNAL',
      `The updated ledger is not valid: ${checked.problem}.`,
    );
  }
  return ledger;
}

/** The entry with its lists sorted and repeats merged (a gift's selectors into one gift). */
function normalEntry(update: LedgerRecordEntry): LedgerRecordEntry {
  const gifts = new Map<string, Set<string>>();
  for (const gift of update.gifts) {
    let givers = gifts.get(gift.territoryId);
    if (givers === undefined) gifts.set(gift.territoryId, (givers = new Set()));
    for (const name of gift.selectors) givers.add(name);
  }
  return {
    module: update.module,
    id: update.id,
    matchedBy: [...new Set(update.matchedBy)].sort(compareText),
    gifts: [...gifts]
      .map(([territoryId, givers]): LedgerGift => ({
        territoryId,
        selectors: [...givers].sort(compareText),
      }))
      .sort((a, b) => compareIds(a.territoryId, b.territoryId)),
  };
}

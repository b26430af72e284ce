// The planner: desired state + catalogue + current state -> one Plan value that is rendered,
// saved and applied as is. Pure and deterministic: the same inputs in any order give the same
// plan, byte for byte, and the same planHash.
import { buildCatalogueIndex, territoryLabel } from './catalogue-index.js';
import type { CatalogueIndex } from './catalogue-index.js';
import { copyLocation } from './describe.js';
import { diffRecord, priorState } from './diff-record.js';
import type { RecordDiff } from './diff-record.js';
import { PLAN_FORMAT, PLAN_FORMAT_VERSION } from './model.js';
import type {
  Catalogue,
  CurrentRecord,
  CurrentState,
  DesiredRecord,
  DesiredState,
  Diagnostic,
  ModuleName,
  Plan,
  PlanSummary,
  PlanTarget,
  RecordPlan,
  Territory,
} from './model.js';
import {
  compareLocations,
  compareRecordKeys,
  compareText,
  sortDiagnostics,
  sortedCopy,
} from './ordering.js';
import { completePlan } from './derive-plan.js';
import { planHierarchy } from './plan-hierarchy.js';
import { computeDesiredHash } from './plan-hash.js';
import {
  duplicateRecord,
  keptByRulesWarning,
  recordNotFound,
  tooManyTerritories,
} from './record-diagnostics.js';
import { resolveTerritories } from './resolve-territories.js';
import { checkSafety } from './safety.js';
import type { SafetyOptions } from './safety.js';
import { effectiveBatchSize } from './waves.js';
import { MAX_TERRITORIES_PER_RECORD } from './zoho-limits.js';
import { hasSelection, startSelection } from './selector-plan.js';
import type { SelectionBuilder, SelectionInput, SelectionResult } from './selector-plan.js';

export interface PlanOptions {
  /** Records per assign/remove call; capped at Zoho's maximum. */
  batchSize: number;
  safety: SafetyOptions;
  /** The org the CRM state was read from: the plan is bound to it. */
  target: PlanTarget;
}

export interface PlanInput {
  desired: DesiredState;
  catalogue: Catalogue;
  current: CurrentState;
  options: PlanOptions;
  /**
   * Selectors' matches and the ledger (docs/SELECTORS.md), read by the caller; required when the
   * desired files have selectors, and `current` must then hold the records selectorReadKeys names.
   */
  selection?: SelectionInput;
}

export type PlanResult = { ok: true; plan: Plan } | { ok: false; diagnostics: Diagnostic[] };

interface Examined {
  readonly changes: RecordPlan[];
  readonly summary: PlanSummary;
  readonly managedAssignments: number;
}

/**
 * A plan built while the CRM is still being read: `examine` each batch of current records as
 * it arrives (the diff work overlaps the API's latency), then `finish`. The result does not
 * depend on the order or grouping of the batches: `buildPlan` is this with one batch.
 */
export interface PlanBuilder {
  examine(records: readonly CurrentRecord[]): void;
  finish(): PlanResult;
}

interface Outcome {
  readonly current: CurrentRecord;
  readonly diff: RecordDiff;
  /** The record's change, when it has one: made as it arrives, not after the last answer. */
  readonly change: RecordPlan | undefined;
}

/** A listed record and what is known of it so far; the builder's only per-record state. */
interface Listed {
  readonly record: DesiredRecord;
  /** Resolved against the catalogue when the CRM first answers for the record. */
  territories: readonly Territory[] | undefined;
  /** The latest answer: a record the CRM sent twice counts once. */
  outcome: Outcome | undefined;
}

export function buildPlan(input: PlanInput): PlanResult {
  const builder = startPlan(input);
  builder.examine(input.current.records);
  return builder.finish();
}

export function startPlan(input: Omit<PlanInput, 'current'>): PlanBuilder {
  const errors: Diagnostic[] = [];
  const listed: Listed[] = uniqueRecords(input.desired.records, errors).map((record) => ({
    record,
    territories: undefined,
    outcome: undefined,
  }));
  const index = buildCatalogueIndex(input.catalogue);
  const label = (territory: { readonly id: string; readonly name: string }) =>
    territoryLabel(index, territory);
  if ((input.desired.selectors?.length ?? 0) > 0 && input.selection === undefined) {
    // A programming error, not a user's: planning selectors without their matches would plan
    // as if they matched nothing.
    throw new Error('startPlan: the desired files have selectors but no selection was read');
  }
  const selection: SelectionBuilder | undefined =
    input.selection !== undefined && hasSelection(input.desired, input.selection)
      ? startSelection(input.desired, input.selection, index, label)
      : undefined;
  const wanted = new Map<ModuleName, Map<string, Listed>>();
  for (const entry of listed) {
    let byId = wanted.get(entry.record.module);
    if (byId === undefined) {
      byId = new Map();
      wanted.set(entry.record.module, byId);
    }
    byId.set(entry.record.id, entry);
  }
  // Each record's territories are resolved when the CRM first answers for it, a batch at a
  // time, so the work is spread over the reads instead of holding them up once the catalogue
  // arrives; finish resolves those it never answered for. Diagnostics are sorted at the end,
  // so the order they are found in does not show.
  const resolve = (entries: readonly Listed[]): void => {
    const resolution = resolveTerritories(
      entries.map((entry) => entry.record),
      index,
    );
    entries.forEach((entry, i) => (entry.territories = resolution.records[i]?.territories ?? []));
    errors.push(...resolution.diagnostics);
  };

  return {
    examine(current) {
      const found: Listed[] = [];
      const read: CurrentRecord[] = [];
      const fresh: Listed[] = [];
      for (const record of current) {
        const entry = wanted.get(record.module)?.get(record.id);
        if (entry === undefined) {
          selection?.examine(record);
          continue;
        }
        found.push(entry);
        read.push(record);
        if (entry.territories === undefined) {
          // Claimed now, resolved below with the rest of the batch: a record sent twice once.
          entry.territories = [];
          fresh.push(entry);
        }
      }
      if (fresh.length > 0) resolve(fresh);
      for (let i = 0; i < found.length; i += 1) {
        const entry = found[i] as Listed;
        const record = read[i] as CurrentRecord;
        const diff = diffRecord(entry.territories ?? [], record, label);
        const changed = diff.add.length > 0 || diff.remove.length > 0;
        entry.outcome = {
          current: record,
          diff,
          change: changed ? toRecordPlan(entry.record, record, diff) : undefined,
        };
      }
    },
    finish: () => {
      resolve(listed.filter((entry) => entry.territories === undefined));
      return finishPlan(input, index, listed, errors, selection?.finish());
    },
  };
}

function finishPlan(
  input: Omit<PlanInput, 'current'>,
  index: CatalogueIndex,
  listed: readonly Listed[],
  startErrors: readonly Diagnostic[],
  selection: SelectionResult | undefined,
): PlanResult {
  const errors = [...startErrors, ...(selection?.errors ?? [])];
  const warnings: Diagnostic[] = [...(selection?.warnings ?? [])];
  const changes: RecordPlan[] = [];
  const totals = {
    toAssign: selection?.totals.toAssign ?? 0,
    toRemove: selection?.totals.toRemove ?? 0,
    keptByRules: 0,
    unchanged: selection?.totals.unchanged ?? 0,
    managed: selection?.totals.managed ?? 0,
  };
  for (const { record, outcome } of listed) {
    if (outcome === undefined) {
      errors.push(recordNotFound(record));
      continue;
    }
    const { current, diff, change } = outcome;
    const limit = MAX_TERRITORIES_PER_RECORD[record.module];
    if (diff.resultingCount > limit) {
      // The error names the rule-assigned territories that count; a warning would repeat it.
      errors.push(
        tooManyTerritories(record, current.name, limit, diff.resultingCount, diff.keptByRules),
      );
    } else if (diff.keptByRules.length > 0) {
      warnings.push(keptByRulesWarning(record, current.name, diff.keptByRules));
    }
    totals.toAssign += diff.add.length;
    totals.toRemove += diff.remove.length;
    totals.keptByRules += diff.keptByRules.length;
    totals.managed += diff.manualBefore;
    if (change !== undefined) {
      const overrides = selection?.overrides(record);
      changes.push(overrides === undefined ? change : { ...change, overrides });
    } else {
      totals.unchanged += 1;
    }
  }

  if (errors.length > 0) {
    return { ok: false, diagnostics: sortDiagnostics([...errors, ...warnings]) };
  }
  if (selection !== undefined && selection.changes.length > 0) {
    // Both lists are in plan order; merged, they must stay in it.
    changes.push(...selection.changes);
    changes.sort(compareRecordKeys);
  }
  const examined: Examined = {
    changes,
    managedAssignments: totals.managed,
    summary: {
      toAssign: totals.toAssign,
      toRemove: totals.toRemove,
      changedRecords: changes.length,
      unchangedRecords: totals.unchanged,
      keptByRules: totals.keptByRules,
    },
  };
  return {
    ok: true,
    plan: assemblePlan(
      input,
      index,
      listed.length + (selection?.totals.listed ?? 0),
      examined,
      sortDiagnostics(warnings),
      selection,
    ),
  };
}

function assemblePlan(
  input: Omit<PlanInput, 'current'>,
  index: CatalogueIndex,
  listedRecords: number,
  examined: Examined,
  warnings: readonly Diagnostic[],
  selection: SelectionResult | undefined,
): Plan {
  const desiredFiles = [...input.desired.files]
    .map((file) => ({ path: file.path, sha256: file.sha256 }))
    .sort((a, b) => compareText(a.path, b.path) || compareText(a.sha256, b.sha256));
  return completePlan({
    format: PLAN_FORMAT,
    formatVersion: PLAN_FORMAT_VERSION,
    target: { ...input.options.target },
    batchSize: effectiveBatchSize(input.options.batchSize),
    desiredHash: computeDesiredHash(desiredFiles),
    desiredFiles,
    changes: examined.changes,
    summary: examined.summary,
    safety: checkSafety(
      {
        removals: examined.summary.toRemove,
        managedAssignments: examined.managedAssignments,
        listedRecords,
      },
      input.options.safety,
    ),
    warnings,
    hierarchy: planHierarchy(index, examined.changes),
    ...(selection === undefined ? {} : { selectors: selection.selectors }),
  });
}

function toRecordPlan(record: DesiredRecord, current: CurrentRecord, diff: RecordDiff): RecordPlan {
  return {
    module: record.module,
    id: record.id,
    ...(current.name === undefined ? {} : { name: current.name }),
    location: copyLocation(record.location),
    before: priorState(current),
    add: diff.add,
    remove: diff.remove,
    keptByRules: diff.keptByRules,
  };
}

/** Records in plan order; a record listed twice is an error at its later entry. */
function uniqueRecords(records: readonly DesiredRecord[], errors: Diagnostic[]): DesiredRecord[] {
  const sorted = sortedCopy(
    records,
    (a, b) => compareRecordKeys(a, b) || compareLocations(a.location, b.location),
  );
  const unique: DesiredRecord[] = [];
  for (const record of sorted) {
    // Sorted by key, so a repeat sits right after the entry it repeats.
    const previous = unique[unique.length - 1];
    if (previous !== undefined && compareRecordKeys(previous, record) === 0) {
      errors.push(duplicateRecord(record, previous));
    } else {
      unique.push(record);
    }
  }
  return unique;
}

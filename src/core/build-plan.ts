// The planner: desired state + catalogue + current state -> one Plan value that is rendered,
// saved and applied as is. Pure and deterministic: the same inputs in any order give the same
// plan, byte for byte, and the same planHash.
import { buildCatalogueIndex, territoryLabel } from './catalogue-index.js';
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
} from './model.js';
import {
  compareIds,
  compareLocations,
  compareRecordKeys,
  compareText,
  sortedCopy,
} from './ordering.js';
import { completePlan } from './derive-plan.js';
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
}

export function buildPlan(input: PlanInput): PlanResult {
  const builder = startPlan(input);
  builder.examine(input.current.records);
  return builder.finish();
}

export function startPlan(input: Omit<PlanInput, 'current'>): PlanBuilder {
  const errors: Diagnostic[] = [];
  const records = uniqueRecords(input.desired.records, errors);
  const index = buildCatalogueIndex(input.catalogue);
  const resolution = resolveTerritories(records, index);
  errors.push(...resolution.diagnostics);
  const label = (territory: { readonly id: string; readonly name: string }) =>
    territoryLabel(index, territory);
  const wanted = new Map<ModuleName, Map<string, (typeof resolution.records)[number]>>();
  for (const entry of resolution.records) {
    let byId = wanted.get(entry.record.module);
    if (byId === undefined) {
      byId = new Map();
      wanted.set(entry.record.module, byId);
    }
    byId.set(entry.record.id, entry);
  }
  const outcomes = new Map<(typeof resolution.records)[number], Outcome>();

  return {
    examine(current) {
      for (const record of current) {
        const entry = wanted.get(record.module)?.get(record.id);
        // A record the CRM sent twice counts once, as its latest answer.
        if (entry !== undefined)
          outcomes.set(entry, {
            current: record,
            diff: diffRecord(entry.territories, record, label),
          });
      }
    },
    finish: () => finishPlan(input, records, resolution.records, outcomes, errors),
  };
}

function finishPlan(
  input: Omit<PlanInput, 'current'>,
  records: readonly DesiredRecord[],
  resolved: readonly { readonly record: DesiredRecord }[],
  outcomes: ReadonlyMap<{ readonly record: DesiredRecord }, Outcome>,
  resolutionErrors: readonly Diagnostic[],
): PlanResult {
  const errors = [...resolutionErrors];
  const warnings: Diagnostic[] = [];
  const changes: RecordPlan[] = [];
  const totals = { toAssign: 0, toRemove: 0, keptByRules: 0, unchanged: 0, managed: 0 };
  for (const entry of resolved) {
    const { record } = entry;
    const outcome = outcomes.get(entry);
    if (outcome === undefined) {
      errors.push(recordNotFound(record));
      continue;
    }
    const { current, diff } = outcome;
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
    if (diff.add.length > 0 || diff.remove.length > 0) {
      changes.push(toRecordPlan(record, current, diff));
    } else {
      totals.unchanged += 1;
    }
  }

  if (errors.length > 0) {
    return { ok: false, diagnostics: sortDiagnostics([...errors, ...warnings]) };
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
  return { ok: true, plan: assemblePlan(input, records, examined, sortDiagnostics(warnings)) };
}

function assemblePlan(
  input: Omit<PlanInput, 'current'>,
  records: readonly DesiredRecord[],
  examined: Examined,
  warnings: readonly Diagnostic[],
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
        listedRecords: records.length,
      },
      input.options.safety,
    ),
    warnings,
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

function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const rank = (diagnostic: Diagnostic): number => (diagnostic.severity === 'error' ? 0 : 1);
  return [...diagnostics].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      compareLocations(a.location, b.location) ||
      compareText(a.code, b.code) ||
      compareText(a.message, b.message) ||
      compareIds(a.record?.id ?? '', b.record?.id ?? ''),
  );
}

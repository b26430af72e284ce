import type {
  ChangeCause,
  Diagnostic,
  LedgerReason,
  ModuleName,
  Plan,
  PlanSelectors,
  RecordPlan,
  SelectorReport,
  SafetyCheck,
  Wave,
} from '../../core/model.js';
import { PLAN_DIAGNOSTIC } from '../../core/diagnostic-codes.js';
import { MANAGED_MODULES } from '../../core/model.js';
import { MAX_TERRITORIES_PER_RECORD } from '../../constants/zoho.js';
import { SAFETY_OVERRIDE_ADVICE } from '../../core/safety.js';
import { uniqueOwners } from '../../core/owners.js';
import { planTerritories } from '../../core/territory-impact.js';
import type { RecordRef } from '../../core/territory-impact.js';
import { oneLine } from '../sanitize.js';
import { formatCount, formatPercent, plural } from '../words.js';
import type { PlanContext } from './plan-context.js';
import type {
  BaseRefView,
  LineView,
  ModuleView,
  PlanView,
  RecordView,
  SafetyView,
  SelectorView,
  TerritoriesView,
  TerritoryRowView,
} from './plan-view.js';
import { recordLabel } from './record-label.js';

/** Said when the command did not tell us where the full plan is kept. */
export const DEFAULT_FULL_PLAN_HINT = 'the JSON plan: territory-sync plan --format json';

export const INSUFFICIENT_CREDITS_CODE = PLAN_DIAGNOSTIC.apiCreditsLow;

export function buildPlanView(plan: Plan, context: PlanContext = {}): PlanView {
  const hasChanges = plan.summary.toAssign + plan.summary.toRemove > 0;
  const modules = moduleViews(plan.changes);
  const wavesSummary = describeWaves(plan.waves);
  const apiLine = describeApi(context, hasChanges, wavesSummary);
  const creditWarning = insufficientCredits(context);
  const warnings = [
    ...plan.warnings,
    ...(creditWarning === undefined ? [] : [creditWarning]),
    ...(context.owners?.warnings ?? []),
  ];
  return {
    headline: headline(plan, hasChanges),
    hasChanges,
    ...(context.target === undefined ? {} : { target: oneLine(context.target) }),
    ...(context.generatedBy === undefined ? {} : { generatedBy: oneLine(context.generatedBy) }),
    fullPlanHint: oneLine(context.fullPlanHint ?? DEFAULT_FULL_PLAN_HINT),
    modules,
    recordCount: modules.reduce((sum, m) => sum + m.records.length, 0),
    warnings,
    ...(plan.safety.tripped
      ? { safety: safetyView(plan.safety, context.massRemovalAllowed === true) }
      : {}),
    ...(apiLine === undefined ? {} : { apiLine }),
    ...(wavesSummary === undefined ? {} : { wavesSummary }),
    ...(context.baseRef === undefined ? {} : { baseRef: baseRefView(context.baseRef) }),
    ...(plan.changes.length === 0 ? {} : { territories: territoriesView(plan, context) }),
    ...(plan.selectors === undefined ? {} : { selectors: selectorViews(plan.selectors) }),
    ...(plan.selectors === undefined || plan.selectors.ledger.updates.length === 0
      ? {}
      : {
          ledgerLine:
            `Apply also records ${plural(plan.selectors.ledger.updates.length, 'record')} in the ` +
            "selectors' ledger (what they match and were given)" +
            `${hasChanges ? '' : ', with no change to the CRM'}.`,
        }),
  };
}

/** Each selector's figures; names are inert by the schema, ids are digits. */
function selectorViews(selectors: PlanSelectors): SelectorView[] {
  const deleted = (selectors.deleted ?? []).map((gone) => ({
    summary:
      `${gone.module} ${oneLine(gone.name)}: no longer in the files; it managed ` +
      `${plural(gone.lastApply, 'record')} at the last apply, which lose what it gave unless ` +
      'another selector gives it',
    details: [],
  }));
  return [...selectors.reports.map(reportView), ...deleted];
}

function reportView(report: SelectorReport): SelectorView {
  const last =
    report.lastApply === undefined
      ? ' (no ledger: first apply)'
      : ` (last apply ${formatCount(report.lastApply)}: ${formatCount(report.newlyMatching)} new, ` +
        `${formatCount(report.noLongerMatching)} no longer)`;
  const aside = [
    ...(report.excluded > 0 ? [`${formatCount(report.excluded)} excluded`] : []),
    ...(report.overridden > 0 ? [`${formatCount(report.overridden)} listed explicitly`] : []),
  ];
  // Only against a ledger: on a first apply every match is "new", which says nothing.
  const details =
    report.lastApply === undefined
      ? []
      : [
          ...(report.takenOver ?? []).map(
            (taken) =>
              `takes over ${plural(taken.records, 'record')} from ${oneLine(taken.from)} ` +
              '(no longer in the files: renamed or replaced)',
          ),
          ...idsLine('newly matching', report.newlyMatching, report.newlyMatchingIds),
          ...idsLine('no longer matching', report.noLongerMatching, report.noLongerMatchingIds),
        ];
  return {
    summary:
      `${report.module} ${oneLine(report.name)}: manages ${plural(report.matched, 'record')}${last}` +
      `${aside.length === 0 ? '' : `, ${aside.join(', ')}`}; ${plural(report.reads, 'COQL read')}`,
    details,
  };
}

function idsLine(what: string, count: number, ids: readonly string[]): string[] {
  if (count === 0) return [];
  const first =
    ids.length < count ? ` (first ${formatCount(ids.length)} of ${formatCount(count)})` : '';
  return [`${what}${first}: ${ids.map(oneLine).join(', ')}`];
}

const REASONS: Readonly<Record<LedgerReason, string>> = {
  'no-longer-matches': 'which no longer matches',
  excluded: 'which now excludes the record',
  'selector-deleted': 'which was deleted',
  'territory-dropped': 'which no longer gives it',
};

/** "selector dach", "selectors a, b", "given by selector dach, which no longer matches". */
function describeCause(cause: ChangeCause): string {
  if (cause.kind === 'selector') {
    const names = cause.selectors.map(oneLine);
    return `${names.length === 1 ? 'selector' : 'selectors'} ${names.join(', ')}`;
  }
  const givers = cause.givers.map(
    (giver) => `selector ${oneLine(giver.selector)}, ${REASONS[giver.reason]}`,
  );
  return `given by ${givers.join('; and by ')}`;
}

/** Changed territories nobody owns that a comment names before "and N more". */
const MAX_UNOWNED_SHOWN = 10;

function territoriesView(plan: Plan, context: PlanContext): TerritoriesView {
  const { forest, impacts } = planTerritories(plan);
  const ownersOf = (key: string) => context.owners?.byTerritory.get(key) ?? [];
  const line = (kind: 'add' | 'remove', ref: RecordRef): LineView => ({
    kind,
    symbol: kind === 'add' ? '+' : '-',
    text: `${ref.module} ${recordLabel(ref.id, ref.name)}`,
  });
  const counts = new Map<string, { gained: number; lost: number }>();
  let lineCount = 0;
  const rows = impacts.map((impact): TerritoryRowView => {
    const gained = impact.gained.length;
    const lost = impact.lost.length;
    counts.set(impact.key, { gained, lost });
    lineCount += gained + lost;
    let lines: LineView[] | undefined;
    const parts = [
      ...(gained > 0 ? [`gains ${plural(gained, 'record')}`] : []),
      ...(lost > 0 ? [`loses ${gained > 0 ? formatCount(lost) : plural(lost, 'record')}`] : []),
    ];
    return {
      key: impact.key,
      path: oneLine(impact.path),
      gained,
      lost,
      net: gained - lost,
      summary: parts.join(', '),
      owners: ownersOf(impact.key),
      // Made on first read: only --group-by territory lists them, and a plan of 100,000
      // changes would otherwise label every record twice for nothing.
      get lines(): readonly LineView[] {
        lines ??= [
          ...impact.gained.map((ref) => line('add', ref)),
          ...impact.lost.map((ref) => line('remove', ref)),
        ];
        return lines;
      },
    };
  });
  const ownersConfigured = context.owners !== undefined;
  const unowned = ownersConfigured ? rows.filter((row) => row.owners.length === 0) : [];
  return {
    rows,
    forest,
    counts,
    ownersConfigured,
    reviewers: uniqueOwners(rows.map((row) => row.owners)),
    unowned: [
      ...unowned.slice(0, MAX_UNOWNED_SHOWN).map((row) => row.path),
      ...(unowned.length > MAX_UNOWNED_SHOWN
        ? [
            `... and ${plural(unowned.length - MAX_UNOWNED_SHOWN, 'more territory', 'more territories')}`,
          ]
        : []),
    ],
    lineCount,
  };
}

/** Enough released records to review; the full list is in the desired-state diff itself. */
const MAX_RELEASED_LINES = 50;

function baseRefView(base: NonNullable<PlanContext['baseRef']>): BaseRefView {
  const parts = [
    plural(base.added, 'record') + ' added',
    plural(base.changed, 'list') + ' changed',
    plural(base.released.length, 'record') + ' no longer managed',
    ...(base.toSelectors === undefined || base.toSelectors === 0
      ? []
      : [`${plural(base.toSelectors, 'record')} now managed by selectors`]),
  ];
  const released = base.released
    .slice(0, MAX_RELEASED_LINES)
    .map((r) => `${r.module} ${recordLabel(r.id, r.note)}`);
  if (base.released.length > MAX_RELEASED_LINES) {
    released.push(`... and ${plural(base.released.length - MAX_RELEASED_LINES, 'more record')}`);
  }
  return { summary: `Since ${oneLine(base.ref)}: ${parts.join(', ')}.`, released };
}

function headline(plan: Plan, hasChanges: boolean): string {
  const s = plan.summary;
  if (!hasChanges) {
    const checked = plural(s.changedRecords + s.unchangedRecords, 'record');
    return `No changes. Your CRM matches the desired state (${checked} checked).`;
  }
  return (
    `Plan: ${formatCount(s.toAssign)} to assign, ${formatCount(s.toRemove)} to remove, ` +
    `across ${plural(s.changedRecords, 'record')} (${formatCount(s.unchangedRecords)} unchanged).`
  );
}

function moduleViews(changes: readonly RecordPlan[]): ModuleView[] {
  const byModule = new Map<ModuleName, RecordPlan[]>();
  for (const change of changes) {
    const list = byModule.get(change.module);
    if (list === undefined) byModule.set(change.module, [change]);
    else list.push(change);
  }
  return MANAGED_MODULES.flatMap((module) => {
    const records = byModule.get(module);
    if (records === undefined) return [];
    return [
      {
        module,
        summary: `${module}: ${plural(records.length, 'record')} changed`,
        records: records.map(recordView),
        toAssign: records.reduce((sum, r) => sum + r.add.length, 0),
        toRemove: records.reduce((sum, r) => sum + r.remove.length, 0),
      },
    ];
  });
}

function recordView(record: RecordPlan): RecordView {
  const causeOf = (action: 'assign' | 'remove', id: string): string => {
    const found = record.causes?.find((c) => c.action === action && c.territoryId === id);
    return found === undefined ? '' : `  (${describeCause(found.cause)})`;
  };
  const adds: LineView[] = record.add.map((t) => ({
    kind: 'add',
    symbol: '+',
    text: oneLine(t.name) + causeOf('assign', t.id),
  }));
  const removes: LineView[] = record.remove.map((t) => ({
    kind: 'remove',
    symbol: '-',
    text: oneLine(t.name) + causeOf('remove', t.id),
  }));
  const kept: LineView[] = record.keptByRules.map((t) => ({
    kind: 'kept',
    symbol: '=',
    text: `${oneLine(t.name)} (kept, assigned by rules)`,
  }));
  // A one-territory record (a Deal) is being moved, which reads best as "from, then to".
  const isMove = MAX_TERRITORIES_PER_RECORD[record.module] === 1;
  return {
    key: { module: record.module, id: record.id },
    label:
      record.overrides === undefined || record.overrides.length === 0
        ? recordLabel(record.id, record.name)
        : `${recordLabel(record.id, record.name)}  (explicit entry; overrides ` +
          `${record.overrides.length === 1 ? 'selector' : 'selectors'} ${record.overrides.map(oneLine).join(', ')})`,
    lines: isMove ? [...removes, ...adds, ...kept] : [...adds, ...removes, ...kept],
  };
}

function safetyView(safety: SafetyCheck, allowed: boolean): SafetyView {
  // The planner's reason already says what tripped, by how much and how to override; the
  // fallback says the same for a plan that carries no reason.
  const over = safety.removals - safety.threshold;
  const computed = [
    `${plural(safety.removals, 'territory removal')} against a limit of ` +
      `${formatCount(safety.threshold)}${over > 0 ? ` (${formatCount(over)} over)` : ''}: ` +
      `the larger of ${formatCount(safety.absolute)} and ${formatPercent(safety.ratio)} of ` +
      `${plural(safety.managedAssignments, 'managed assignment')}.`,
    SAFETY_OVERRIDE_ADVICE,
  ];
  const details = safety.reason === undefined ? computed : [oneLine(safety.reason)];
  if (!allowed) return { headline: 'Safety guard tripped: apply will refuse this plan.', details };
  return {
    headline: 'Safety guard tripped: applying anyway (--allow-mass-removal).',
    details: details
      .map((detail) => detail.replace(SAFETY_OVERRIDE_ADVICE, '').trim())
      .filter((detail) => detail !== ''),
  };
}

function describeWaves(waves: readonly Wave[]): string | undefined {
  if (waves.length === 0) return undefined;
  const calls = waves.reduce((sum, wave) => sum + wave.batches.length, 0);
  return `${plural(waves.length, 'wave')}, ${plural(calls, 'call')}`;
}

function describeApi(
  context: PlanContext,
  hasChanges: boolean,
  wavesSummary: string | undefined,
): string | undefined {
  const api = context.api;
  if (api === undefined) return wavesSummary === undefined ? undefined : `Apply: ${wavesSummary}.`;
  // A saved plan shown again read nothing now: it only says what apply will need.
  const reads =
    api.readsDone === undefined ? undefined : `API: ${plural(api.readsDone, 'read')} done`;
  if (!hasChanges) return `${reads ?? 'API'}; nothing to write.`;
  const shape = wavesSummary === undefined ? '' : ` (${wavesSummary})`;
  const remaining =
    api.creditsRemaining === undefined ? '' : `; ${formatCount(api.creditsRemaining)} remaining`;
  if (reads === undefined) {
    return (
      `Apply needs ${plural(api.writesNeeded, 'write')}${shape} ` +
      `and ${plural(api.creditsNeeded, 'credit')}${remaining}.`
    );
  }
  return (
    `${reads}; apply needs ${plural(api.writesNeeded, 'write')}${shape} ` +
    `and ${plural(api.creditsNeeded, 'credit')}${remaining}.`
  );
}

function insufficientCredits(context: PlanContext): Diagnostic | undefined {
  const api = context.api;
  if (api?.creditsRemaining === undefined || api.creditsRemaining >= api.creditsNeeded) {
    return undefined;
  }
  return {
    code: INSUFFICIENT_CREDITS_CODE,
    severity: 'warning',
    message:
      `This plan needs ${plural(api.creditsNeeded, 'API credit')} but the org has ` +
      `${formatCount(api.creditsRemaining)} left.`,
    hint:
      'Wait for credits to free up (Zoho counts them over a rolling 24 hours) or raise the ' +
      "org's limit; otherwise apply stops part-way.",
  };
}

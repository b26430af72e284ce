// The plan as notices on the YAML lines behind it: a reviewer reading territories.yaml in the
// pull request sees what each changed entry will do to the CRM record it names.
import type { Plan, RecordPlan } from '../../core/model.js';
import { buildPlanView } from '../view-model/build-plan-view.js';
import type { RecordView } from '../view-model/plan-view.js';
import { plural } from '../words.js';
import type { AnnotationOptions } from './annotation.js';
import { GITHUB_ANNOTATIONS_SHOWN_PER_TYPE, locationProperties } from './annotation.js';
import { workflowCommand } from './workflow-command.js';
import type { WorkflowCommandLine } from './workflow-command.js';

export interface PlanNoticeOptions extends AnnotationOptions {
  /** Notices in all, the summary included; GitHub shows 10 per step. */
  readonly maxNotices?: number;
  /** Where the whole plan can be read, named in the summary notice. */
  readonly fullPlanHint?: string;
}

/** "Acme Corp (554023000003635001): + DACH, - France" — only what changes, rules' kept omitted. */
export function describeRecordEffect(view: RecordView): string {
  const effects = view.lines.filter((line) => line.kind !== 'kept');
  return `${view.label}: ${effects.map((line) => `${line.symbol} ${line.text}`).join(', ')}`;
}

/**
 * One `::notice` per changed record that has a YAML location, in plan order. When they do not
 * all fit, the last slot is a summary naming how many were left out and where to read them.
 */
export function noticesForPlan(plan: Plan, options: PlanNoticeOptions = {}): WorkflowCommandLine[] {
  const max = Math.max(1, options.maxNotices ?? GITHUB_ANNOTATIONS_SHOWN_PER_TYPE);
  const located = new Map<string, RecordPlan>();
  for (const change of plan.changes) {
    if (change.location !== undefined) located.set(keyOf(change), change);
  }
  const view = buildPlanView(plan);
  const notices: WorkflowCommandLine[] = [];
  for (const module of view.modules) {
    for (const record of module.records) {
      const change = located.get(keyOf(record.key));
      if (change === undefined) continue;
      notices.push(
        workflowCommand(
          'notice',
          {
            ...locationProperties(change.location, options),
            title: `territory-sync: ${record.key.module} change`,
          },
          describeRecordEffect(record),
        ),
      );
    }
  }
  const unlocated = plan.changes.length - notices.length;
  if (notices.length <= max && unlocated === 0) return notices;

  const shown = notices.slice(0, notices.length <= max - 1 ? notices.length : max - 1);
  const rest = plan.changes.length - shown.length;
  const where = options.fullPlanHint ?? 'the plan';
  return [
    ...shown,
    workflowCommand(
      'notice',
      { title: 'territory-sync plan' },
      `${view.headline} ${plural(rest, 'more changed record')} not annotated here: see ${where}.`,
    ),
  ];
}

function keyOf(key: { readonly module: string; readonly id: string }): string {
  return `${key.module}/${key.id}`;
}

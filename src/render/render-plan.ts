// One entry point for commands: pick a format, get the text to print or post.
import type { Plan } from '../core/model.js';
import { renderPlanJson } from './json.js';
import { renderPlanMarkdown } from './markdown.js';
import type { GroupBy } from './markdown.js';
import { renderPlanText } from './text.js';
import { buildPlanView } from './view-model/build-plan-view.js';
import type { PlanContext } from './view-model/plan-context.js';

export const PLAN_FORMATS = ['text', 'markdown', 'json'] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];

/** --group-by: the changes per record (the default, as apply sends them) or per territory. */
export const GROUP_BYS = ['record', 'territory'] as const satisfies readonly GroupBy[];
export type { GroupBy };

export interface RenderPlanOptions {
  readonly format: PlanFormat;
  readonly context?: PlanContext;
  /** Text only: decide with shouldUseColor. */
  readonly color?: boolean;
  /** Text only: record blocks before the rest is summarised. */
  readonly maxRecords?: number;
  /** Markdown only: maximum length in characters. */
  readonly limit?: number;
  /** Text and markdown: how the changes are listed; JSON is the plan itself. */
  readonly groupBy?: GroupBy;
}

export function renderPlan(plan: Plan, options: RenderPlanOptions): string {
  if (options.format === 'json') return renderPlanJson(plan);
  const view = buildPlanView(plan, options.context);
  if (options.format === 'markdown') {
    return renderPlanMarkdown(view, { limit: options.limit, groupBy: options.groupBy });
  }
  return renderPlanText(view, {
    color: options.color,
    maxRecords: options.maxRecords,
    groupBy: options.groupBy,
  });
}

// GitHub Actions-aware output: workflow commands (annotations) for diagnostics and plans.
export { escapeData, escapeProperty, visibleText, workflowCommand } from './workflow-command.js';
export type {
  CommandProperties,
  WorkflowCommandLine,
  WorkflowCommandName,
} from './workflow-command.js';
export { createInertLog, inertForActions, isWorkflowCommandLine } from './inert-log.js';
export type { InertLog } from './inert-log.js';
export {
  annotationForDiagnostic,
  annotationsForDiagnostics,
  GITHUB_ANNOTATIONS_SHOWN_PER_TYPE,
} from './annotation.js';
export type { AnnotationOptions, DiagnosticAnnotationOptions } from './annotation.js';
export { describeRecordEffect, noticesForPlan } from './plan-notices.js';
export type { PlanNoticeOptions } from './plan-notices.js';
export { repoRelativePath } from './repo-path.js';
export type { RepoPathContext } from './repo-path.js';

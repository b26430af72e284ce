// The repository's GitHub workflows and composite action, read as text and as plain data, plus
// the two rewrites that let actionlint check what it cannot check as written.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const WORKFLOW_DIR = path.join(REPO_ROOT, '.github', 'workflows');
export const ACTION_PATH = '.github/actions/territory-sync/action.yml';
/** How the workflows refer to the composite action. */
export const LOCAL_ACTION = './.github/actions/territory-sync';

export type Data = Readonly<Record<string, unknown>>;

export interface WorkflowFile {
  /** Relative to the repository root, with '/'. */
  readonly file: string;
  readonly text: string;
  readonly data: Data;
}

export function isData(value: unknown): value is Data {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The mapping at `key`, or an empty one; a scalar or list there fails the calling test. */
export function child(value: unknown, key: string): Data {
  if (!isData(value)) throw new Error(`expected a mapping holding "${key}"`);
  const found = value[key];
  if (found === undefined || found === null) return {};
  if (!isData(found)) throw new Error(`"${key}" is not a mapping`);
  return found;
}

export function list(value: unknown): readonly unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new Error('expected a list');
  return value;
}

export function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  throw new Error(`expected a scalar, got ${JSON.stringify(value)}`);
}

function readYaml(relative: string): WorkflowFile {
  const source = readFileSync(path.join(REPO_ROOT, relative), 'utf8');
  const data: unknown = parse(source);
  if (!isData(data)) throw new Error(`${relative} is not a YAML mapping`);
  return { file: relative, text: source, data };
}

export function readWorkflows(): WorkflowFile[] {
  return readdirSync(WORKFLOW_DIR)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => readYaml(`.github/workflows/${name}`));
}

export function readAction(): WorkflowFile {
  return readYaml(ACTION_PATH);
}

export function workflowNamed(workflows: readonly WorkflowFile[], name: string): WorkflowFile {
  const found = workflows.find((w) => w.file === `.github/workflows/${name}`);
  if (found === undefined) throw new Error(`.github/workflows/${name} is missing`);
  return found;
}

export interface Step {
  readonly job: string;
  readonly index: number;
  readonly data: Data;
}

export function jobsOf(workflow: WorkflowFile): [string, Data][] {
  return Object.entries(child(workflow.data, 'jobs')).map(([name, job]) => {
    if (!isData(job)) throw new Error(`${workflow.file}: job ${name} is not a mapping`);
    return [name, job];
  });
}

export function stepsOf(workflow: WorkflowFile): Step[] {
  return jobsOf(workflow).flatMap(([job, data]) =>
    list(data.steps).map((step, index) => {
      if (!isData(step)) throw new Error(`${workflow.file}: ${job} step ${index} is not a mapping`);
      return { job, index, data: step };
    }),
  );
}

export function actionSteps(action: WorkflowFile): Step[] {
  return list(child(action.data, 'runs').steps).map((step, index) => {
    if (!isData(step)) throw new Error(`${action.file}: step ${index} is not a mapping`);
    return { job: 'runs', index, data: step };
  });
}

/** "plan / Check out": where a step is, for assertion messages. */
export function describeStep(step: Step): string {
  const name = text(step.data.name) || text(step.data.uses) || `step ${step.index + 1}`;
  return `${step.job} / ${name}`;
}

const PINNED = /@[0-9a-f]{40}(\s+#\s*(v\d+)[\w.-]*)/g;

/**
 * `owner/repo@<sha> # v4.2.2` read as `owner/repo@v4`. actionlint knows popular actions' inputs
 * and outputs by major tag, not by commit, so a pinned reference is otherwise not checked.
 */
export function withPinsAsTags(source: string): string {
  return source.replace(PINNED, (_match, _comment: string, tag: string) => `@${tag}`);
}

/**
 * The composite action as a reusable workflow (its inputs as workflow_call inputs, its steps as
 * one job), because actionlint lints workflows only. Line numbers refer to the returned text.
 */
export function actionAsWorkflow(actionSource: string): string {
  const action: unknown = parse(withPinsAsTags(actionSource));
  const inputs = Object.fromEntries(
    Object.entries(child(action, 'inputs')).map(([name, spec]) => {
      const input = isData(spec) ? spec : {};
      return [
        name,
        {
          type: 'string',
          required: input.required === true,
          ...(input.default === undefined ? {} : { default: text(input.default) }),
        },
      ];
    }),
  );
  return stringify({
    on: { workflow_call: { inputs } },
    jobs: { action: { 'runs-on': 'ubuntu-latest', steps: child(action, 'runs').steps } },
  });
}

// The GitHub workflows and the composite action, checked the way a reviewer would: actionlint
// finds nothing (script injection included), and the properties that keep the CRM safe hold.
import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { PLAN_COMMENT_MARKER } from '../../src/render/markdown.js';
import { formatFindings, isInjectionFinding, loadActionlint } from './actionlint.js';
import type { Lint, LintFinding } from './actionlint.js';
import {
  ACTION_PATH,
  LOCAL_ACTION,
  actionAsWorkflow,
  actionSteps,
  child,
  describeStep,
  jobsOf,
  list,
  readAction,
  readWorkflows,
  stepsOf,
  text,
  withPinsAsTags,
  workflowNamed,
} from './workflow-files.js';
import type { Step, WorkflowFile } from './workflow-files.js';

const workflows = readWorkflows();
const action = readAction();
const TERRITORY_WORKFLOWS = ['territory-plan.yml', 'territory-apply.yml', 'territory-drift.yml'];
const FORK_GUARD = 'github.event.pull_request.head.repo.full_name == github.repository';

let lint: Lint;
beforeAll(() => {
  lint = loadActionlint();
});

async function lintAll(file: string, source: string): Promise<LintFinding[]> {
  // As written, and with pinned commits read as their tags so actionlint checks their inputs.
  const asWritten = await lint(source, file);
  const asTags = await lint(withPinsAsTags(source), file);
  const seen = new Set<string>();
  return [...asWritten, ...asTags].filter((f) => {
    const key = `${f.line}:${f.column}:${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function uses(step: Step): string {
  return text(step.data.uses);
}

function runScripts(file: WorkflowFile, steps: readonly Step[]): [string, string][] {
  return steps
    .filter((s) => s.data.run !== undefined)
    .map((s) => [`${file.file}: ${describeStep(s)}`, text(s.data.run)]);
}

describe('actionlint', () => {
  it('finds the workflows and the action to check', () => {
    expect(workflows.map((w) => w.file)).toEqual(
      ['ci.yml', ...TERRITORY_WORKFLOWS].sort().map((n) => `.github/workflows/${n}`),
    );
    expect(actionSteps(action).length).toBeGreaterThan(0);
  });

  it.each(workflows.map((w) => [w.file, w] as const))('reports nothing in %s', async (_f, w) => {
    const findings = await lintAll(w.file, w.text);
    expect(findings.filter(isInjectionFinding)).toEqual([]);
    expect(formatFindings(w.file, findings)).toBe('');
  });

  it('reports nothing in the composite action (checked as a reusable workflow)', async () => {
    const asWorkflow = actionAsWorkflow(action.text);
    const findings = await lint(asWorkflow, ACTION_PATH);
    expect(findings.filter(isInjectionFinding)).toEqual([]);
    expect(formatFindings(`${ACTION_PATH} (as a workflow)`, findings)).toBe('');
  });

  // The checks above pass vacuously if the linter checks nothing: show that it catches the
  // mistakes they guard against, on our own files.
  it('would catch a pull-request title interpolated into a workflow script', async () => {
    const plan = workflowNamed(workflows, 'territory-plan.yml');
    const injected = plan.text.replace(
      'echo "### territory-sync plan skipped"',
      'echo "### ${{ github.event.pull_request.title }}"',
    );
    expect(injected).not.toBe(plan.text);
    const findings = await lintAll(plan.file, injected);
    expect(findings.filter(isInjectionFinding)).toHaveLength(1);
    expect(findings[0]?.message).toContain('github.event.pull_request.title');
  });

  it('would catch untrusted input interpolated into the action and a typo in its outputs', async () => {
    const injected = action.text
      .replace('set -euo pipefail', 'set -euo pipefail; echo "${{ github.event.comment.body }}"')
      .replace('steps.install.outputs.cli', 'steps.instal.outputs.cli');
    const findings = await lint(actionAsWorkflow(injected), ACTION_PATH);
    expect(findings.filter(isInjectionFinding).map((f) => f.message)).toEqual([
      expect.stringContaining('github.event.comment.body'),
    ]);
    expect(findings.some((f) => f.message.includes('"instal"'))).toBe(true);
  });

  it('would catch an unknown input on a commit-pinned action', async () => {
    const plan = workflowNamed(workflows, 'territory-plan.yml');
    const typo = plan.text.replace('retention-days: 30', 'retention-dayz: 30');
    expect(typo).not.toBe(plan.text);
    const findings = await lintAll(plan.file, typo);
    expect(findings.map((f) => f.message)).toEqual([
      expect.stringContaining('input "retention-dayz" is not defined'),
    ]);
  });
});

describe('scripts', () => {
  const everyScript = [
    ...workflows.flatMap((w) => runScripts(w, stepsOf(w))),
    ...runScripts(action, actionSteps(action)),
  ];

  it.each(everyScript)('%s interpolates no expression (inputs go through env)', (_where, run) => {
    // Stricter than actionlint, which trusts `inputs.*`: a caller may pass a PR title as args.
    expect(run).not.toContain('${{');
  });

  it.each(everyScript)('%s is valid bash', (_where, run) => {
    expect(() => execFileSync('bash', ['-n'], { input: run, stdio: 'pipe' })).not.toThrow();
  });
});

describe('least privilege', () => {
  const expected: Record<string, Record<string, Record<string, string>>> = {
    'ci.yml': { test: { contents: 'read' } },
    'territory-plan.yml': { plan: { contents: 'read', 'pull-requests': 'write' } },
    'territory-apply.yml': {
      // Finds the reviewed plan: the pull request of a commit, the plan workflow's runs and artifacts.
      'reviewed-plan': { actions: 'read', contents: 'read', 'pull-requests': 'read' },
      // Downloads that plan from the plan workflow's run, applies it, and pushes the selectors'
      // ledger to its branch (a ruleset limits the write to that branch: docs/github-actions.md).
      apply: { actions: 'read', contents: 'write' },
    },
    'territory-drift.yml': { drift: { contents: 'read', issues: 'write' } },
  };

  it.each(workflows.map((w) => [w.file, w] as const))(
    '%s grants each job exactly the token scopes it uses',
    (_f, w) => {
      const top = w.data.permissions;
      expect(top, 'workflow-level permissions must be explicit').toBeDefined();
      // Read only at the top; anything written is granted to the one job that writes.
      expect(Object.values(permissionMap(top)).every((level) => level !== 'write')).toBe(true);
      const name = w.file.split('/').pop() ?? '';
      const effective = Object.fromEntries(
        jobsOf(w).map(([job, data]) => [
          job,
          permissionMap(data.permissions === undefined ? top : data.permissions),
        ]),
      );
      expect(effective).toEqual(expected[name]);
    },
  );

  it('no workflow runs pull-request code with a writable token or secrets', () => {
    for (const w of workflows) {
      const on = child(w.data, 'on');
      expect(Object.keys(on), w.file).not.toContain('pull_request_target');
      expect(Object.keys(on), w.file).not.toContain('workflow_run');
    }
  });

  it('checkout never leaves the token in .git for later steps', () => {
    for (const w of workflows) {
      for (const step of stepsOf(w).filter((s) => uses(s).startsWith('actions/checkout@'))) {
        expect(child(step.data, 'with')['persist-credentials'], w.file).toBe(false);
      }
    }
  });
});

function permissionMap(value: unknown): Record<string, string> {
  if (typeof value === 'string') throw new Error(`permissions: ${value} is not least privilege`);
  const map = child({ permissions: value }, 'permissions');
  return Object.fromEntries(Object.entries(map).map(([scope, level]) => [scope, text(level)]));
}

describe('actions', () => {
  it('third-party actions are pinned to a commit (with its tag) or a major tag', () => {
    const all = [...workflows.flatMap((w) => stepsOf(w)), ...actionSteps(action)];
    const thirdParty = all.map(uses).filter((u) => u !== '' && !u.startsWith('./'));
    expect(thirdParty.length).toBeGreaterThan(0);
    for (const ref of thirdParty) expect(ref).toMatch(/^[\w.-]+\/[\w.-]+@(?:[0-9a-f]{40}|v\d+)$/);
    for (const file of [...workflows, action]) {
      for (const line of file.text.split('\n').filter((l) => /@[0-9a-f]{40}/.test(l))) {
        expect(line, `${file.file}: say which release a commit is`).toMatch(/# v\d+\.\d+\.\d+$/);
      }
    }
  });

  it.each(TERRITORY_WORKFLOWS)('%s runs territory-sync through the composite action', (name) => {
    const w = workflowNamed(workflows, name);
    const steps = stepsOf(w).filter((s) => uses(s) === LOCAL_ACTION);
    expect(steps.length).toBeGreaterThan(0);
    const inputs = child(action.data, 'inputs');
    const required = Object.entries(inputs)
      .filter(([, spec]) => child({ spec }, 'spec').required === true)
      .map(([input]) => input);
    for (const step of steps) {
      const given = Object.keys(child(step.data, 'with'));
      // actionlint cannot read a local action's inputs, so a typo here would go unnoticed.
      expect(Object.keys(inputs), describeStep(step)).toEqual(expect.arrayContaining(given));
      expect(given, describeStep(step)).toEqual(expect.arrayContaining(required));
    }
  });

  it('the action exposes the exit code and the plan path, and takes no secrets as inputs', () => {
    expect(Object.keys(child(action.data, 'outputs'))).toEqual(
      expect.arrayContaining(['exit-code', 'plan-file', 'output-file']),
    );
    const inputs = Object.keys(child(action.data, 'inputs'));
    expect(inputs).toEqual(
      expect.arrayContaining(['command', 'args', 'working-directory', 'version', 'node-version']),
    );
    expect(inputs.filter((i) => /secret|token|password|client/i.test(i))).toEqual([]);
  });
});

function territoryStep(w: WorkflowFile, command: string): Step {
  const step = stepsOf(w).find(
    (s) => uses(s) === LOCAL_ACTION && text(child(s.data, 'with').command) === command,
  );
  if (step === undefined) throw new Error(`${w.file} has no "${command}" step`);
  return step;
}

function args(step: Step): string[] {
  return text(child(step.data, 'with').args).split(/\s+/).filter(Boolean);
}

function referencesSecrets(step: Step): boolean {
  return JSON.stringify(step.data).includes('secrets.');
}

describe('territory-plan.yml', () => {
  const w = workflowNamed(workflows, 'territory-plan.yml');
  const on = child(w.data, 'on');

  it('runs on pull requests that touch the desired state', () => {
    expect(Object.keys(on)).toEqual(['pull_request']);
    expect(list(child(on, 'pull_request').paths)).toContain('territories.yaml');
  });

  it('validates offline for every pull request, forks included, and fails on invalid YAML', () => {
    const validate = territoryStep(w, 'validate');
    expect(validate.data.if).toBeUndefined();
    expect(referencesSecrets(validate)).toBe(false);
    expect(child(validate.data, 'with')['success-codes'] ?? '0').toBe('0');
  });

  it('hands CRM secrets only to steps that skip pull requests from forks', () => {
    const withSecrets = stepsOf(w).filter(referencesSecrets);
    expect(withSecrets.map(describeStep)).toEqual(['plan / Plan against the CRM']);
    for (const step of withSecrets) expect(text(step.data.if)).toContain(FORK_GUARD);
    expect(w.text).toContain(FORK_GUARD.replace('==', '!='));
  });

  it('plans in markdown, saves plan.json and uploads it', () => {
    const plan = territoryStep(w, 'plan');
    expect(args(plan)).toEqual(expect.arrayContaining(['--format', 'markdown']));
    expect(text(child(plan.data, 'with')['plan-file'])).toBe('plan.json');
    const upload = stepsOf(w).find((s) => uses(s).startsWith('actions/upload-artifact@'));
    expect(text(child(upload?.data, 'with').path)).toBe('plan.json');
  });

  it('keeps one plan comment, found by the marker the markdown plan starts with', () => {
    const comment = stepsOf(w).find((s) => uses(s).startsWith('actions/github-script@'));
    const script = text(child(comment?.data, 'with').script);
    expect(script).toContain(PLAN_COMMENT_MARKER);
    expect(script).toContain('updateComment');
    expect(script).toContain('createComment');
    expect(text(comment?.data.if)).toContain(FORK_GUARD);
  });
});

describe('territory-apply.yml', () => {
  const w = workflowNamed(workflows, 'territory-apply.yml');
  const jobName = 'apply';
  const job = Object.fromEntries(jobsOf(w))[jobName] ?? {};

  it('runs on pushes to the default branch that touch the desired state', () => {
    const push = child(child(w.data, 'on'), 'push');
    expect(list(push.branches)).toEqual(['main']);
    expect(list(push.paths)).toContain('territories.yaml');
    for (const [name, data] of jobsOf(w)) {
      expect(text(data.if), name).toContain('github.event.repository.default_branch');
    }
  });

  it('queues applies one at a time instead of cancelling one half-way', () => {
    expect(child(w.data, 'concurrency')['cancel-in-progress']).toBe(false);
    expect(text(child(w.data, 'concurrency').group)).not.toBe('');
    // One job applies; the other only finds the reviewed plan, before it.
    expect(jobsOf(w).map(([name]) => name)).toEqual(['reviewed-plan', jobName]);
    expect(stepsOf(w).filter((s) => uses(s) === LOCAL_ACTION)).toHaveLength(1);
  });

  it('writes only from the protected production environment', () => {
    const environment = job.environment;
    expect(isEnvironment(environment)).toBe('production');
    const withSecrets = stepsOf(w).filter(referencesSecrets);
    expect(withSecrets.map((s) => s.job)).toEqual([jobName]);
    expect(child(w.data, 'jobs')['reviewed-plan']).not.toHaveProperty('environment');
  });

  it('applies with --auto-approve and a report, and fails on exit 3 and 4 after the summary', () => {
    const apply = territoryStep(w, 'apply');
    expect(args(apply).slice(0, 3)).toEqual(['--auto-approve', '--report', 'apply-report.json']);
    const steps = stepsOf(w);
    const summary = steps.find((s) => text(s.data.name) === 'Job summary');
    expect(text(summary?.data.if)).toContain('always()');
    // The per-record report is written to the summary by the CLI itself; the step adds the verdict.
    expect(text(child(summary?.data, 'with').script)).toContain('core.summary.write');
    const last = steps[steps.length - 1];
    expect(text(last?.data.if)).toBe("steps.apply.outputs.exit-code != '0'");
    expect(text(last?.data.run)).toContain('exit 1');
    expect(steps.indexOf(summary as Step)).toBeLessThan(steps.length - 1);
  });
});

function isEnvironment(value: unknown): string {
  if (typeof value === 'string') return value;
  return text(child({ value }, 'value').name);
}

describe('territory-apply.yml overrides', () => {
  const w = workflowNamed(workflows, 'territory-apply.yml');

  it('removes past the safety guard only when someone asks for it by hand', () => {
    const input = child(
      child(child(child(w.data, 'on'), 'workflow_dispatch'), 'inputs'),
      'allow-mass-removal',
    );
    expect(input).toMatchObject({ type: 'boolean', default: false });
    const given = text(child(territoryStep(w, 'apply').data, 'with').args);
    expect(given).toContain("${{ inputs.allow-mass-removal && '--allow-mass-removal' || '' }}");
    expect(given.split('--allow-mass-removal')).toHaveLength(2);
  });
});

// "What was reviewed is what is applied": the pull request's plan artifact, tied to its head
// commit, is what apply expects; a plain apply happens only when someone asks for it by hand.
describe('the reviewed plan, from pull request to apply', () => {
  const plan = workflowNamed(workflows, 'territory-plan.yml');
  const apply = workflowNamed(workflows, 'territory-apply.yml');
  const UNREVIEWED = 'apply-without-reviewed-plan';
  const PLAN_DIR = '${{ runner.temp }}/reviewed-plan';

  function stepNamed(w: WorkflowFile, name: string): Step {
    const step = stepsOf(w).find((s) => text(s.data.name) === name);
    if (step === undefined) throw new Error(`${w.file} has no step "${name}"`);
    return step;
  }

  const upload = stepNamed(plan, 'Upload the plan');
  const find = stepNamed(apply, "Find the pull request's plan");
  const findScript = text(child(find.data, 'with').script);
  const download = stepNamed(apply, 'Download the reviewed plan');
  const applyStep = territoryStep(apply, 'apply');

  it('names the plan artifact after the pull request and its head commit, in both workflows', () => {
    const uploaded = text(child(upload.data, 'with').name)
      .replace('${{ github.event.pull_request.number }}', '<number>')
      .replace('${{ github.event.pull_request.head.sha }}', '<head>');
    expect(uploaded).toBe('territory-plan-pr<number>-<head>');
    // The apply side computes the same name from the merged pull request's last commit.
    expect(findScript).toContain('const head = pr.head.sha;');
    const computed = /const name = `([^`]*)`;/.exec(findScript)?.[1];
    expect(computed?.replace('${pr.number}', '<number>').replace('${head}', '<head>')).toBe(
      uploaded,
    );
    // A re-run of the plan replaces the artifact of its commit instead of failing on the name.
    expect(child(upload.data, 'with')).toMatchObject({ path: 'plan.json', overwrite: true });
  });

  it('finds the pull request a pushed commit was merged from, and only a successful plan of its last commit', () => {
    expect(findScript).toContain('listPullRequestsAssociatedWithCommit');
    expect(findScript).toContain('p.merge_commit_sha === sha');
    expect(findScript).toContain('p.merged_at');
    expect(findScript).toContain('listWorkflowRuns');
    expect(findScript).toContain('head_sha: head');
    expect(findScript).toContain("event: 'pull_request'");
    expect(findScript).toContain("run.conclusion !== 'success'");
    expect(findScript).toContain('artifact.expired');
    // Forks are never planned against the CRM, so nothing of theirs counts as reviewed.
    expect(findScript).toContain('pr.head.repo?.full_name !== `${owner}/${repo}`');
    const workflow = text(child(find.data, 'env').PLAN_WORKFLOW);
    expect(`.github/workflows/${workflow}`).toBe(plan.file);
    const outputs = child(child(apply.data, 'jobs')['reviewed-plan'], 'outputs');
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining(['artifact', 'run-id']));
  });

  it('without a reviewed plan, fails with a summary that says how to go on', () => {
    expect(findScript).toContain('core.setFailed');
    expect(findScript).toContain('core.summary');
    expect(findScript).toContain('Nothing was applied');
    expect(findScript).toContain(UNREVIEWED);
    // No fallback in the script itself: every path without the artifact ends in stop().
    expect(findScript.match(/return stop\(/g)?.length).toBeGreaterThanOrEqual(6);
    // The apply job runs only when the lookup succeeded (no always() or failure() override).
    const applyJob = child(child(apply.data, 'jobs'), 'apply');
    expect(applyJob.needs).toBe('reviewed-plan');
    expect(text(applyJob.if)).not.toMatch(/always\(\)|failure\(\)|cancelled\(\)|!success/);
  });

  it('downloads the reviewed plan from the plan run, and applies with --expect-plan', () => {
    expect(child(download.data, 'with')).toEqual({
      name: '${{ needs.reviewed-plan.outputs.artifact }}',
      'run-id': '${{ needs.reviewed-plan.outputs.run-id }}',
      'github-token': '${{ github.token }}',
      path: PLAN_DIR,
    });
    expect(uses(download)).toMatch(/^actions\/download-artifact@[0-9a-f]{40}$/);
    const given = child(applyStep.data, 'with');
    expect(text(given['expect-plan'])).toBe(
      `\${{ !inputs.${UNREVIEWED} && format('{0}/reviewed-plan/plan.json', runner.temp) || '' }}`,
    );
    expect(given['plan-file']).toBeUndefined();
    expect(applyStep.data.if).toBeUndefined();
    expect(args(applyStep)).toContain('--auto-approve');
    // The action turns the input into --expect-plan.
    expect(text(actionSteps(action).find((s) => s.data.id === 'run')?.data.run)).toContain(
      'cli_args+=(--expect-plan "$EXPECT_PLAN")',
    );
  });

  it.each([
    ['a push', {}, '/runner/temp/reviewed-plan/plan.json'],
    ['a run by hand', { [UNREVIEWED]: false }, '/runner/temp/reviewed-plan/plan.json'],
    [
      'a run by hand, with a mass removal allowed',
      { 'allow-mass-removal': true },
      '/runner/temp/reviewed-plan/plan.json',
    ],
    [`a run by hand with ${UNREVIEWED}`, { [UNREVIEWED]: true }, ''],
  ])('%s: expect-plan is %j', (_when, inputs, expected) => {
    const given = text(child(applyStep.data, 'with')['expect-plan']);
    expect(evaluate(given, inputs)).toBe(expected);
    // The download and the lookup are skipped exactly when expect-plan is empty.
    for (const step of [download, find]) {
      expect(evaluate(text(step.data.if), inputs)).toBe(expected !== '');
    }
  });

  it('falls back to a plain apply only through an explicit, off-by-default input of a run by hand', () => {
    const on = child(apply.data, 'on');
    expect(Object.keys(on).sort()).toEqual(['push', 'workflow_dispatch']);
    const input = child(child(child(on, 'workflow_dispatch'), 'inputs'), UNREVIEWED);
    expect(input).toMatchObject({ type: 'boolean', default: false });
    const mentions = apply.text.split('\n').filter((l) => l.includes(`inputs.${UNREVIEWED}`));
    // expect-plan, the download and the lookup (skipped), and the note in the summary.
    expect(mentions).toHaveLength(4);
  });

  it('passes the optional signing key as a secret to plan and apply, and to nothing else', () => {
    const key = '${{ secrets.TERRITORY_SYNC_PLAN_KEY }}';
    const withKey = [...stepsOf(plan), ...stepsOf(apply)].filter((s) =>
      JSON.stringify(s.data).includes('TERRITORY_SYNC_PLAN_KEY'),
    );
    expect(withKey.map(describeStep)).toEqual(['plan / Plan against the CRM', 'apply / Apply']);
    for (const step of withKey) {
      expect(child(step.data, 'env').TERRITORY_SYNC_PLAN_KEY).toBe(key);
      expect(JSON.stringify(child(step.data, 'with'))).not.toContain('TERRITORY_SYNC_PLAN_KEY');
    }
    // Dependencies install without it, like the CRM credentials.
    expect(action.text).toContain('-u TERRITORY_SYNC_PLAN_KEY npm ci');
  });

  it('says in the plan comment which commit the plan is for and how it will be applied', () => {
    const comment = stepsOf(plan).find((s) => uses(s).startsWith('actions/github-script@'));
    expect(child(comment?.data, 'env').HEAD_SHA).toBe('${{ github.event.pull_request.head.sha }}');
    const script = text(child(comment?.data, 'with').script);
    expect(script).toContain('Plan for commit ${head}');
    expect(script).toContain('territory-plan-pr${pr}-${head}');
    expect(script).toContain('No plan for ${head}');
  });
});

/**
 * A GitHub expression of the few forms these workflows use (`!`, `&&`, `||`, `format`,
 * `inputs.*`, `runner.temp`), evaluated as JavaScript, whose semantics match for these operators.
 */
function evaluate(expression: string, inputs: Readonly<Record<string, unknown>>): unknown {
  const body = /^\$\{\{(.*)\}\}$/s.exec(expression.trim())?.[1];
  if (body === undefined) throw new Error(`not an expression: ${expression}`);
  if (/[^\w\s.!&|'(){},/-]/.test(body)) throw new Error(`unsupported expression: ${body}`);
  const js = body.replace(
    /inputs\.([\w-]+)/g,
    (_m, name: string) => `inputs[${JSON.stringify(name)}]`,
  );
  const format = (template: string, ...values: unknown[]) =>
    template.replace(/\{(\d+)\}/g, (_m, i: string) => String(values[Number(i)]));
  const fn = new Function('inputs', 'runner', 'format', `return (${js});`) as (
    i: unknown,
    r: unknown,
    f: unknown,
  ) => unknown;
  return fn(inputs, { temp: '/runner/temp' }, format);
}

describe('territory-drift.yml', () => {
  const w = workflowNamed(workflows, 'territory-drift.yml');

  it('runs on a schedule and on demand', () => {
    const on = child(w.data, 'on');
    expect(Object.keys(on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    expect(list(on.schedule)).toHaveLength(1);
  });

  it('fails the run when the plan reports changes (exit 2), after summary and issue', () => {
    const plan = territoryStep(w, 'plan');
    expect(args(plan)).toContain('--detailed-exitcode');
    expect(text(child(plan.data, 'with')['success-codes']).split(' ')).toEqual(['0', '2']);
    const steps = stepsOf(w);
    const last = steps[steps.length - 1];
    expect(text(last?.data.if)).toBe("steps.plan.outputs.exit-code == '2'");
    expect(text(last?.data.run)).toContain('exit 1');
    const issue = steps.find((s) => uses(s).startsWith('actions/github-script@'));
    expect(text(child(issue?.data, 'with').script)).toContain("'drift'");
  });
});

describe('ci.yml', () => {
  it('installs from the lock file, audits the runtime dependencies, lints, typechecks and tests on Node 20', () => {
    const w = workflowNamed(workflows, 'ci.yml');
    const runs = stepsOf(w)
      .map((s) => text(s.data.run))
      .filter(Boolean);
    expect(runs).toEqual([
      'npm ci --no-audit --no-fund',
      'npm audit --omit=dev --audit-level=high',
      'npm run lint',
      'npm run typecheck',
      'npm test',
    ]);
    const node = stepsOf(w).find((s) => uses(s).startsWith('actions/setup-node@'));
    expect(text(child(node?.data, 'with')['node-version'])).toBe('20');
  });
});

// The selectors' ledger (docs/SELECTORS.md §4) on its own branch: fetched before plan and
// apply, pushed after apply only when a ledger file changed, never forced, with the write
// permission in the one job that pushes. test/workflows/ledger-branch.test.ts runs the scripts.
describe("the selectors' ledger branch", () => {
  const LEDGER_BRANCH = 'territory-sync-ledger';
  const steps = actionSteps(action);
  const stepWithId = (id: string): Step => {
    const step = steps.find((s) => s.data.id === id);
    if (step === undefined) throw new Error(`${ACTION_PATH} has no step "${id}"`);
    return step;
  };
  const fetch = stepWithId('ledger-fetch');
  const push = stepWithId('ledger-push');
  const position = (id: string) => steps.findIndex((s) => s.data.id === id);

  it('is an input of the action with a default, beside the folder the config reads it from', () => {
    const inputs = child(action.data, 'inputs');
    expect(child(inputs, 'ledger-branch')).toMatchObject({
      required: false,
      default: LEDGER_BRANCH,
    });
    expect(child(inputs, 'ledger-dir')).toMatchObject({
      required: false,
      default: '.territory-sync',
    });
    expect(Object.keys(child(action.data, 'outputs'))).toContain('ledger-commit');
  });

  it('is fetched before plan and apply only, and pushed after apply only', () => {
    expect(position('ledger-fetch')).toBeLessThan(position('run'));
    expect(position('ledger-push')).toBeGreaterThan(position('run'));
    expect(text(fetch.data.if)).toBe(
      "inputs.ledger-branch != '' && (inputs.command == 'plan' || inputs.command == 'apply')",
    );
    const pushIf = text(push.data.if);
    expect(pushIf).toContain("inputs.command == 'apply'");
    expect(pushIf).toContain("inputs.ledger-branch != ''");
    // Only over the commit the fetch read, and only once the CLI ran (any exit: it writes only
    // what Zoho confirmed, so a partial apply's ledger is pushed too).
    expect(pushIf).toContain("steps.ledger-fetch.outcome == 'success'");
    expect(pushIf).toContain("steps.run.outputs.exit-code != ''");
    expect(pushIf).toMatch(/^always\(\) && /);
    expect(child(push.data, 'env').BASE).toBe('${{ steps.ledger-fetch.outputs.base }}');
  });

  it('is pushed only when a ledger file exists and changed, and never forced', () => {
    const script = text(push.data.run);
    expect(script).toContain(
      'Repositories without selectors have no ledger file: they never push.',
    );
    expect(script).toMatch(/if \[ "\$\{#files\[@\]\}" -eq 0 \]; then[^]*?exit 0/);
    expect(script).toMatch(/if \[ -z "\$changed" \]; then[^]*?exit 0/);
    const pushes = script.split('\n').filter((line) => /\bgit push\b/.test(line));
    expect(pushes).toEqual([
      expect.stringContaining('git push --porcelain origin "$commit:refs/heads/$BRANCH"'),
    ]);
    for (const file of [action, ...workflows]) {
      expect(file.text, file.file).not.toMatch(/--force|force-with-lease|push\s+-f\b|\+\$commit/);
    }
    expect(script).toContain('::error title=territory-sync ledger::');
    // A bot identity, and a message naming the plan and the run.
    expect(script).toContain("GIT_AUTHOR_NAME='github-actions[bot]'");
    expect(script).toContain('Plan: $plan_hash');
    expect(script).toContain('actions/runs/${GITHUB_RUN_ID:-}');
  });

  it('gives git the job token through its environment only, and never to territory-sync', () => {
    for (const step of [fetch, push]) {
      expect(child(step.data, 'env').LEDGER_TOKEN).toBe('${{ github.token }}');
      const script = text(step.data.run);
      expect(script).toContain('export GIT_CONFIG_VALUE_0="AUTHORIZATION: basic $basic"');
      expect(script).toContain('echo "::add-mask::$basic"');
      expect(script).toContain('unset LEDGER_TOKEN');
      expect(script).not.toMatch(/https:\/\/[^\s"]*\$\{?LEDGER_TOKEN|-c http/);
    }
    expect(JSON.stringify(stepWithId('run').data)).not.toContain('token');
    expect(JSON.stringify(stepWithId('install').data)).not.toContain('github.token');
  });

  it('is read by the plan, drift and apply workflows from the same branch; validate never reads it', () => {
    const branches = TERRITORY_WORKFLOWS.map((name) => {
      const w = workflowNamed(workflows, name);
      const command = name === 'territory-apply.yml' ? 'apply' : 'plan';
      return text(child(territoryStep(w, command).data, 'with')['ledger-branch']);
    });
    expect(branches).toEqual([LEDGER_BRANCH, LEDGER_BRANCH, LEDGER_BRANCH]);
    const validate = territoryStep(workflowNamed(workflows, 'territory-plan.yml'), 'validate');
    expect(child(validate.data, 'with')['ledger-branch']).toBeUndefined();
  });

  it('is written only by the apply job: the one job of any workflow that may write contents', () => {
    const writers = workflows.flatMap((w) =>
      jobsOf(w)
        .filter(
          ([, data]) => permissionMap(data.permissions ?? w.data.permissions).contents === 'write',
        )
        .map(([job]) => `${w.file} / ${job}`),
    );
    expect(writers).toEqual(['.github/workflows/territory-apply.yml / apply']);
    // The plan and drift jobs push nothing: the push step runs for apply only.
    expect(text(push.data.if)).not.toContain('plan');
  });
});

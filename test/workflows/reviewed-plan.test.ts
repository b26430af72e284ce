// territory-apply.yml's "Find the pull request's plan" script, run as actions/github-script runs
// it, against a stand-in for GitHub's API: it names the reviewed plan's artifact and run, or
// fails the job with a summary, and never lets an apply go ahead without one. No network.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { child, readWorkflows, stepsOf, text, workflowNamed } from './workflow-files.js';

const apply = workflowNamed(readWorkflows(), 'territory-apply.yml');
const step = stepsOf(apply).find((s) => text(s.data.name) === "Find the pull request's plan");
const script = text(child(step?.data, 'with').script);
const planWorkflow = text(child(step?.data, 'env').PLAN_WORKFLOW);

const OWNER = 'acme';
const REPO = 'crm-config';
const MERGED = 'a'.repeat(40);
const HEAD = 'b'.repeat(40);
const ARTIFACT = `territory-plan-pr42-${HEAD}`;

interface Pull {
  number: number;
  merged_at: string | null;
  merge_commit_sha: string;
  base: { ref: string };
  head: { sha: string; repo: { full_name: string } | null };
  html_url: string;
}

interface Run {
  id: number;
  head_sha: string;
  head_repository: { full_name: string };
  status: string;
  conclusion: string | null;
  created_at: string;
  run_started_at: string;
  html_url: string;
}

interface World {
  pulls: Pull[];
  runs: Run[];
  artifacts: Record<number, { name: string; expired: boolean }[]>;
}

function pull(overrides: Partial<Pull> = {}): Pull {
  return {
    number: 42,
    merged_at: '2025-01-02T10:00:00Z',
    merge_commit_sha: MERGED,
    base: { ref: 'main' },
    head: { sha: HEAD, repo: { full_name: `${OWNER}/${REPO}` } },
    html_url: `https://github.com/${OWNER}/${REPO}/pull/42`,
    ...overrides,
  };
}

function run(id: number, startedAt: string, overrides: Partial<Run> = {}): Run {
  return {
    id,
    head_sha: HEAD,
    head_repository: { full_name: `${OWNER}/${REPO}` },
    status: 'completed',
    conclusion: 'success',
    created_at: startedAt,
    run_started_at: startedAt,
    html_url: `https://github.com/${OWNER}/${REPO}/actions/runs/${id}`,
    ...overrides,
  };
}

function happyWorld(): World {
  return {
    pulls: [pull()],
    runs: [run(7, '2025-01-02T09:00:00Z')],
    artifacts: { 7: [{ name: ARTIFACT, expired: false }] },
  };
}

async function find(world: World) {
  const outputs: Record<string, string> = {};
  const failures: string[] = [];
  const summary: string[] = [];
  const calls: { api: string; params: Record<string, unknown> }[] = [];
  const chain = {
    addHeading: (t: string) => (summary.push(t), chain),
    addRaw: (t: string) => (summary.push(t), chain),
    addList: (items: string[]) => (summary.push(...items), chain),
    write: () => Promise.resolve(chain),
  };
  const core = {
    setOutput: (name: string, value: string) => {
      outputs[name] = value;
    },
    setFailed: (message: string) => failures.push(message),
    summary: chain,
  };
  const github = {
    rest: {
      repos: {
        listPullRequestsAssociatedWithCommit: (params: Record<string, unknown>) => {
          calls.push({ api: 'pulls of commit', params });
          return Promise.resolve({ data: world.pulls });
        },
      },
      actions: {
        listWorkflowRuns: (params: Record<string, unknown>) => {
          calls.push({ api: 'runs', params });
          return Promise.resolve({ data: { workflow_runs: world.runs } });
        },
        listWorkflowRunArtifacts: (params: Record<string, unknown>) => {
          calls.push({ api: 'artifacts', params });
          const all = world.artifacts[params.run_id as number] ?? [];
          return Promise.resolve({
            data: { artifacts: all.filter((a) => a.name === params.name) },
          });
        },
      },
    },
  };
  const context = {
    repo: { owner: OWNER, repo: REPO },
    sha: MERGED,
    serverUrl: 'https://github.com',
    payload: { repository: { default_branch: 'main' } },
  };
  // actions/github-script runs the script as the body of an async function with these names.
  const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (
    ...args: string[]
  ) => (...values: unknown[]) => Promise<unknown>;
  await new AsyncFunction('github', 'context', 'core', script)(github, context, core);
  return { outputs, failures, summary: summary.join('\n'), calls };
}

let saved: string | undefined;
beforeEach(() => {
  saved = process.env.PLAN_WORKFLOW;
  process.env.PLAN_WORKFLOW = planWorkflow;
});
afterEach(() => {
  if (saved === undefined) delete process.env.PLAN_WORKFLOW;
  else process.env.PLAN_WORKFLOW = saved;
});

describe('finding the reviewed plan', () => {
  it("names the artifact of the merged pull request's last commit and its plan run", async () => {
    const result = await find(happyWorld());
    expect(result.failures).toEqual([]);
    expect(result.outputs).toEqual({
      artifact: ARTIFACT,
      'run-id': '7',
      'pull-request': '42',
      'head-sha': HEAD,
      'plan-run-url': `https://github.com/${OWNER}/${REPO}/actions/runs/7`,
    });
    expect(result.calls.find((c) => c.api === 'runs')?.params).toMatchObject({
      workflow_id: 'territory-plan.yml',
      event: 'pull_request',
      head_sha: HEAD,
    });
    expect(result.summary).toContain('#42');
  });

  it('takes the latest plan run of that commit', async () => {
    const world = happyWorld();
    world.runs = [run(7, '2025-01-02T09:00:00Z'), run(9, '2025-01-02T09:30:00Z')];
    world.artifacts[9] = [{ name: ARTIFACT, expired: false }];
    expect((await find(world)).outputs['run-id']).toBe('9');
  });

  const cases: [string, (w: World) => void, string][] = [
    ['a direct push', (w) => (w.pulls = []), 'not the merge of a pull request'],
    [
      'an open pull request that merely contains the commit',
      (w) => (w.pulls = [pull({ merged_at: null, merge_commit_sha: 'c'.repeat(40) })]),
      'not the merge of a pull request',
    ],
    [
      'a pull request merged into another branch',
      (w) => (w.pulls = [pull({ base: { ref: 'release' } })]),
      'not the merge of a pull request',
    ],
    [
      'a pull request from a fork',
      (w) => (w.pulls = [pull({ head: { sha: HEAD, repo: { full_name: 'mallory/crm-config' } } })]),
      'came from a fork',
    ],
    ['no plan run', (w) => (w.runs = []), `has no ${planWorkflow} run`],
    [
      'a plan run from a fork with the same commit',
      (w) => (w.runs = [run(7, '2025-01-02T09:00:00Z', { head_repository: { full_name: 'm/x' } })]),
      `has no ${planWorkflow} run`,
    ],
    [
      'a plan still running',
      (w) =>
        (w.runs = [run(7, '2025-01-02T09:00:00Z', { status: 'in_progress', conclusion: null })]),
      'still running',
    ],
    [
      'a failed latest plan, after a successful one',
      (w) => w.runs.push(run(9, '2025-01-02T09:30:00Z', { conclusion: 'failure' })),
      'did not succeed (failure',
    ],
    [
      'an expired artifact',
      (w) => (w.artifacts[7] = [{ name: ARTIFACT, expired: true }]),
      'expired',
    ],
    ['no artifact', (w) => (w.artifacts[7] = []), 'is missing'],
  ];

  it.each(cases)('%s: fails, names no plan, and says how to go on', async (_what, change, why) => {
    const world = happyWorld();
    change(world);
    const result = await find(world);
    expect(result.outputs).toEqual({});
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0]).toContain('nothing was applied');
    expect(result.failures[0]).toContain(why);
    expect(result.summary).toContain('Nothing was applied to the CRM');
    expect(result.summary).toContain('apply-without-reviewed-plan');
    expect(result.summary).toContain('territory drift');
  });
});

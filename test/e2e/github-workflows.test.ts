// The exact commands the plan and apply workflows run: the composite action's own script, run
// with bash, with GITHUB_ACTIONS / GITHUB_STEP_SUMMARY / GITHUB_OUTPUT pointing at temp files,
// against the emulator (or, to see the arguments the action builds, a stand-in CLI).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { generateOrg, generatedTerritoryId } from '../../src/emulator/index.js';
import type { EmulatorSeed } from '../../src/emulator/index.js';
import { BIN, REPO_ROOT } from '../helpers/run-cli.js';
import { startTestOrg } from '../helpers/org.js';
import type { TestOrg } from '../helpers/org.js';
import { R, smallOrg } from './small-org.js';

let org: TestOrg | undefined;
afterEach(async () => {
  await org?.close();
  org = undefined;
});

interface ActionStep {
  readonly id?: string;
  readonly run?: string;
}

async function actionScript(id = 'run'): Promise<string> {
  const action = parse(
    await readFile(path.join(REPO_ROOT, '.github/actions/territory-sync/action.yml'), 'utf8'),
  ) as { runs: { steps: ActionStep[] } };
  const step = action.runs.steps.find((s) => s.id === id);
  if (!step?.run) throw new Error(`the action has no ${id} step`);
  return step.run;
}

interface ActionInputs {
  readonly command: string;
  readonly args?: string;
  readonly planFile?: string;
  readonly expectPlan?: string;
  readonly successCodes?: string;
  /** The CLI the action runs (its install step's output); the real binary unless given. */
  readonly cli?: string;
  /** Another of the action's steps, by id ('run' unless given), with its own env. */
  readonly step?: string;
  readonly env?: Readonly<Record<string, string>>;
}

/** One `uses: ./.github/actions/territory-sync` step, as the runner would execute it. */
async function actionStep(o: Pick<TestOrg, 'dir' | 'env'>, inputs: ActionInputs) {
  const summary = path.join(o.dir, 'step-summary.md');
  const output = path.join(o.dir, 'github-output.txt');
  await writeFile(summary, '');
  await writeFile(output, '');
  const result = await execa('bash', ['-c', await actionScript(inputs.step)], {
    cwd: o.dir,
    reject: false,
    stdin: 'ignore',
    timeout: 60_000,
    extendEnv: false,
    env: {
      PATH: process.env.PATH,
      ...o.env,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: o.dir,
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_OUTPUT: output,
      RUNNER_TEMP: o.dir,
      CLI: inputs.cli ?? BIN,
      COMMAND: inputs.command,
      ARGS: inputs.args ?? '',
      PLAN_FILE: inputs.planFile ?? '',
      EXPECT_PLAN: inputs.expectPlan ?? '',
      SUCCESS_CODES: inputs.successCodes ?? '0',
      ...inputs.env,
    },
  });
  const outputs = Object.fromEntries(
    (await readFile(output, 'utf8'))
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  return {
    code: result.exitCode,
    stdout: result.stdout,
    stderr: result.stderr,
    summary: await readFile(summary, 'utf8'),
    outputs,
  };
}

const YAML = [
  'version: 1', // 1
  'records:', // 2
  '  Accounts:', // 3
  `    "${R.acme}": [East, DACH]`, // 4
  `    "${R.globex}": [West]`, // 5
  '  Deals:', // 6
  `    "${R.renewal}": [East]`, // 7
  '',
].join('\n');

describe('the GitHub workflows, run locally', () => {
  it('plan on a pull request: markdown comment, job summary, notices on the YAML lines, outputs', async () => {
    org = await startTestOrg({ seed: smallOrg() });
    await org.write('territories.yaml', YAML);

    const validate = await actionStep(org, { command: 'validate' });
    expect(validate.code).toBe(0);
    expect(validate.outputs['exit-code']).toBe('0');

    const plan = await actionStep(org, {
      command: 'plan',
      args: '--format markdown --quiet',
      planFile: 'plan.json',
    });
    expect(plan.code).toBe(0);
    expect(plan.outputs['exit-code']).toBe('0');
    expect(plan.outputs['has-changes']).toBe('true');
    expect(plan.outputs['plan-file']).toBe(path.join(org.dir, 'plan.json'));
    // The PR comment is the captured stdout: the plan and nothing else.
    const comment = await readFile(plan.outputs['output-file'] as string, 'utf8');
    expect(comment.startsWith('<!-- territory-sync-plan -->')).toBe(true);
    expect(comment).not.toContain('::');
    expect(comment).toContain('| Accounts | 2 | 2 | 0 |');
    expect(plan.summary).toContain('### territory-sync plan');
    expect(plan.summary).toContain('Plan: 3 to assign, 1 to remove, across 3 records');
    // Each planned change is a notice on the YAML line that causes it.
    expect(plan.stderr).toContain(
      `::notice file=territories.yaml,line=4,col=5,title=territory-sync%3A Accounts change::Acme Corp (${R.acme}): + DACH`,
    );
    expect(plan.stderr).toMatch(
      new RegExp(
        `::notice file=territories\\.yaml,line=7,col=5,[^:]*::Big Renewal \\(${R.renewal}\\): - West, \\+ East`,
      ),
    );
  });

  it('fails the check on invalid YAML with an error annotation at file, line and column', async () => {
    org = await startTestOrg({ seed: smallOrg() });
    await org.write('territories.yaml', YAML.replace('[East]', '[East, West]'));
    org.emulator.resetStats();
    const validate = await actionStep(org, { command: 'validate' });
    expect(validate.code).toBe(1);
    expect(validate.stderr).toMatch(
      /::error file=territories\.yaml,line=7,col=\d+,title=DEAL_SINGLE_TERRITORY::Deals record 554023000003600901/,
    );
    expect(validate.stdout).toContain('::error title=territory-sync validate::Exit code 1');
    expect(org.emulator.stats().calls).toBe(0);
  });

  it('apply on merge: converges, report in the job summary, exit 4 fails the job on a partial apply', async () => {
    org = await startTestOrg({ seed: smallOrg({ locked: [R.globex] }) });
    await org.write('territories.yaml', YAML);
    await org.write(
      'territory-sync.config.json',
      JSON.stringify({ recordRetries: { attempts: 1, delaySeconds: 0.05 } }),
    );
    const apply = await actionStep(org, {
      command: 'apply',
      args: '--auto-approve --report apply-report.json',
      successCodes: '0 1 2 3 4',
    });
    expect(apply.code).toBe(0); // the step itself passes; the workflow's last step fails the job
    expect(apply.outputs['exit-code']).toBe('4');
    expect(apply.outputs.converged).toBe('2');
    expect(apply.outputs['not-converged']).toBe('1');
    expect(apply.summary).toContain('Apply finished partially: 2 of 3 records converged, 1 failed');
    expect(apply.summary).toContain(`| FAILED | Accounts | Globex (${R.globex}) | RECORD\\_LOCKED`);
    expect(apply.stderr).toMatch(
      /::error file=territories\.yaml,line=5,col=5,title=RECORD_LOCKED::Accounts Globex/,
    );
    const report = JSON.parse(await readFile(path.join(org.dir, 'apply-report.json'), 'utf8')) as {
      summary: { converged: number; failed: number };
    };
    expect(report.summary).toMatchObject({ converged: 2, failed: 1 });
  });
});

// What territory-apply.yml hands the action: the downloaded reviewed plan as expect-plan. A
// stand-in CLI prints the arguments it was given, so this needs neither Zoho nor the emulator.
describe('the apply step with a reviewed plan', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  async function standIn() {
    dir = await mkdtemp(path.join(tmpdir(), 'territory-sync-action-'));
    const cli = path.join(dir, 'argv.js');
    await writeFile(
      cli,
      'console.log(JSON.stringify({ argv: process.argv.slice(2), ' +
        'key: process.env.TERRITORY_SYNC_PLAN_KEY ?? null }));\n',
    );
    return { where: { dir, env: { TERRITORY_SYNC_PLAN_KEY: 'k3y' } }, cli };
  }

  it('runs apply --expect-plan <file>, the path one argument even with spaces, with the key in env', async () => {
    const { where, cli } = await standIn();
    const reviewed = '/home/runner/work/_temp dir/reviewed-plan/plan.json';
    const step = await actionStep(where, {
      command: 'apply',
      args: '--auto-approve --report apply-report.json',
      expectPlan: reviewed,
      successCodes: '0 1 2 3 4',
      cli,
    });
    expect(step.code).toBe(0);
    expect(step.outputs['exit-code']).toBe('0');
    expect(JSON.parse(step.stdout)).toEqual({
      argv: ['apply', '--expect-plan', reviewed, '--auto-approve', '--report', 'apply-report.json'],
      key: 'k3y',
    });
  });

  it('without expect-plan (apply-without-reviewed-plan), runs a plain apply', async () => {
    const { where, cli } = await standIn();
    const step = await actionStep(where, { command: 'apply', args: '--auto-approve', cli });
    expect(JSON.parse(step.stdout)).toMatchObject({ argv: ['apply', '--auto-approve'] });
  });

  it.each([
    ['plan', { planFile: '' }, 'expect-plan applies to apply only'],
    ['apply', { planFile: 'plan.json' }, 'either plan-file or expect-plan, not both'],
  ])('refuses expect-plan with %s %j, running nothing', async (command, extra, message) => {
    const { where, cli } = await standIn();
    const step = await actionStep(where, { command, expectPlan: 'plan.json', cli, ...extra });
    expect(step.code).toBe(1);
    expect(step.stdout).toContain(message);
    expect(step.stdout).not.toContain('argv');
    expect(step.outputs['exit-code']).toBeUndefined();
  });
});

// The selectors' ledger kept on its branch (docs/github-actions.md, "Selectors' ledger"): the
// action's fetch, apply and push steps in a git checkout whose origin is a scratch bare
// repository, against the emulator, as territory-apply.yml and territory-plan.yml run them.
describe("the selectors' ledger on its branch", () => {
  let scratch: string | undefined;
  afterEach(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
    scratch = undefined;
  });

  const T1 = generatedTerritoryId(1);
  function seed(): EmulatorSeed {
    const generated = generateOrg({
      territories: 5,
      records: { Accounts: 12 },
      maxTerritoriesPerRecord: 0,
    });
    const accounts = (generated.records?.Accounts ?? []).map((record, i) => ({
      ...record,
      fields: { ...record.fields, Billing_Country: i % 3 === 0 ? 'Germany' : 'France' },
    }));
    return { ...generated, records: { ...generated.records, Accounts: accounts } };
  }
  const YAML_WITH_SELECTOR = [
    'version: 1',
    'selectors:',
    '  Accounts:',
    '    - name: germany',
    `      where: "Billing_Country = 'Germany'"`,
    `      territories: ["${T1}"]`,
    '',
  ].join('\n');

  it('a first apply creates the branch with the ledger; the next plan reads it from there', async () => {
    org = await startTestOrg({ seed: seed() });
    await org.write('territories.yaml', YAML_WITH_SELECTOR);
    scratch = await mkdtemp(path.join(tmpdir(), 'territory-sync-origin-'));
    const origin = path.join(scratch, 'origin.git');
    const gitEnv = {
      HOME: scratch,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_AUTHOR_NAME: 'Someone',
      GIT_AUTHOR_EMAIL: 'someone@example.com',
      GIT_COMMITTER_NAME: 'Someone',
      GIT_COMMITTER_EMAIL: 'someone@example.com',
    };
    const git = (cwd: string, ...args: string[]) =>
      execa('git', args, { cwd, env: gitEnv, extendEnv: true }).then((r) => r.stdout.trim());
    await git(scratch, 'init', '--quiet', '--bare', '--initial-branch=main', origin);
    await git(org.dir, 'init', '--quiet', '--initial-branch=main');
    await git(org.dir, 'add', 'territories.yaml');
    await git(org.dir, 'commit', '--quiet', '-m', 'desired');
    await git(org.dir, 'remote', 'add', 'origin', origin);
    await git(org.dir, 'push', '--quiet', 'origin', 'main');
    const ledgerEnv = {
      ...gitEnv,
      BRANCH: 'territory-sync-ledger',
      LEDGER_DIR: '.territory-sync',
      DEFAULT_BRANCH: 'main',
      LEDGER_TOKEN: '',
      SERVER_URL: 'https://github.com',
    };

    // territory-apply.yml: fetch (no branch yet: a first run), apply, push.
    const fetched = await actionStep(org, {
      command: 'apply',
      step: 'ledger-fetch',
      env: ledgerEnv,
    });
    expect(fetched.code).toBe(0);
    expect(fetched.outputs.base).toBe('');
    const apply = await actionStep(org, {
      command: 'apply',
      args: '--auto-approve --report apply-report.json',
      successCodes: '0 1 2 3 4',
    });
    expect(apply.outputs['exit-code']).toBe('0');
    const ledger = await readFile(path.join(org.dir, '.territory-sync/ledger.json'), 'utf8');
    const pushed = await actionStep(org, {
      command: 'apply',
      step: 'ledger-push',
      env: { ...ledgerEnv, BASE: '', EXIT_CODE: '0' },
    });
    expect(pushed.code, pushed.stdout + pushed.stderr).toBe(0);
    const commit = pushed.outputs.commit;
    expect(commit).toMatch(/^[0-9a-f]{40}$/);
    expect(await git(origin, 'show', 'territory-sync-ledger:ledger.json')).toBe(ledger.trimEnd());
    expect(await git(origin, 'ls-tree', '--name-only', 'territory-sync-ledger')).toBe(
      'ledger.json',
    );

    // territory-plan.yml on the next pull request: a fresh checkout has no ledger file until
    // the fetch places the branch's; then the plan finds nothing to do and warns of no ledger.
    await rm(path.join(org.dir, '.territory-sync'), { recursive: true, force: true });
    const refetched = await actionStep(org, {
      command: 'plan',
      step: 'ledger-fetch',
      env: ledgerEnv,
    });
    expect(refetched.outputs.base).toBe(commit);
    expect(await readFile(path.join(org.dir, '.territory-sync/ledger.json'), 'utf8')).toBe(ledger);
    const plan = await actionStep(org, {
      command: 'plan',
      args: '--detailed-exitcode --quiet',
      successCodes: '0 2',
    });
    expect(plan.outputs['exit-code']).toBe('0');
    expect(plan.stdout + plan.stderr).not.toContain('SELECTOR_LEDGER_MISSING');

    // An apply with nothing to give leaves the branch as it is.
    const again = await actionStep(org, {
      command: 'apply',
      args: '--auto-approve',
      successCodes: '0 1 2 3 4',
    });
    expect(again.outputs['exit-code']).toBe('0');
    const unchanged = await actionStep(org, {
      command: 'apply',
      step: 'ledger-push',
      env: { ...ledgerEnv, BASE: commit ?? '', EXIT_CODE: '0' },
    });
    expect(unchanged.code).toBe(0);
    expect(unchanged.outputs.commit).toBeUndefined();
    expect(await git(origin, 'rev-parse', 'territory-sync-ledger')).toBe(commit);
  });
});

// The exact commands the plan and apply workflows run: the composite action's own script, run
// with bash, with GITHUB_ACTIONS / GITHUB_STEP_SUMMARY / GITHUB_OUTPUT pointing at temp files,
// against the emulator.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
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

async function actionScript(): Promise<string> {
  const action = parse(
    await readFile(path.join(REPO_ROOT, '.github/actions/territory-sync/action.yml'), 'utf8'),
  ) as { runs: { steps: ActionStep[] } };
  const step = action.runs.steps.find((s) => s.id === 'run');
  if (!step?.run) throw new Error('the action has no run step');
  return step.run;
}

/** One `uses: ./.github/actions/territory-sync` step, as the runner would execute it. */
async function actionStep(
  o: TestOrg,
  inputs: { command: string; args?: string; planFile?: string; successCodes?: string },
) {
  const summary = path.join(o.dir, 'step-summary.md');
  const output = path.join(o.dir, 'github-output.txt');
  await writeFile(summary, '');
  await writeFile(output, '');
  const result = await execa('bash', ['-c', await actionScript()], {
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
      CLI: BIN,
      COMMAND: inputs.command,
      ARGS: inputs.args ?? '',
      PLAN_FILE: inputs.planFile ?? '',
      SUCCESS_CODES: inputs.successCodes ?? '0',
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

// The composite action's "Fetch the selectors' ledger" and "Push the selectors' ledger" scripts,
// run with bash as the runner runs them, against scratch git repositories: a bare "origin" and
// shallow clones of it standing for the job's checkout. No network, no GitHub: the token's header
// is set for https remotes only, so these file remotes need none.
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  readFileSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { actionSteps, child, readAction, text } from './workflow-files.js';

const steps = actionSteps(readAction());
function script(id: string): string {
  const step = steps.find((s) => s.data.id === id);
  if (step === undefined) throw new Error(`the action has no step ${id}`);
  return text(step.data.run);
}
const FETCH = script('ledger-fetch');
const PUSH = script('ledger-push');
const DEFAULT_DIR = text(child(child(readAction().data, 'inputs'), 'ledger-dir').default);
const BRANCH = 'territory-sync-ledger';
const PLAN_HASH = 'ab'.repeat(32);

let root: string;
let origin: string;
// git with no user, system or global config: only what each call says.
let gitEnv: Record<string, string>;

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    env: {
      ...gitEnv,
      GIT_AUTHOR_NAME: 'Someone',
      GIT_AUTHOR_EMAIL: 'someone@example.com',
      GIT_COMMITTER_NAME: 'Someone',
      GIT_COMMITTER_EMAIL: 'someone@example.com',
    },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'territory-sync-ledger-'));
  gitEnv = {
    PATH: process.env.PATH ?? '',
    HOME: root,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    LANG: 'C',
  };
  origin = path.join(root, 'origin.git');
  git(root, 'init', '--quiet', '--bare', '--initial-branch=main', origin);
  // The default branch, with the desired files; shallow clones of it are the job's checkouts.
  const seed = path.join(root, 'seed');
  git(root, 'clone', '--quiet', origin, seed);
  writeFileSync(path.join(seed, 'territories.yaml'), 'version: 1\n');
  git(seed, 'add', 'territories.yaml');
  git(seed, 'commit', '--quiet', '-m', 'desired');
  git(seed, 'push', '--quiet', 'origin', 'HEAD:main');
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

let checkouts = 0;
/** A job's checkout: one commit of the default branch, like actions/checkout's. */
function checkout(): string {
  const dir = path.join(root, `checkout-${++checkouts}`);
  git(root, 'clone', '--quiet', '--depth=1', `file://${origin}`, dir);
  return dir;
}

interface StepResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly outputs: Record<string, string>;
  readonly summary: string;
}

/** One action step's script with the env its `env:` gives it, as the runner runs it. */
async function runStep(run: string, cwd: string, env: Record<string, string>): Promise<StepResult> {
  const output = path.join(cwd, '..', `output-${path.basename(cwd)}.txt`);
  const summary = path.join(cwd, '..', `summary-${path.basename(cwd)}.md`);
  await writeFile(output, '');
  if (!existsSync(summary)) await writeFile(summary, '');
  let code = 0;
  let stdout = '';
  let stderr = '';
  try {
    stdout = execFileSync('bash', ['-c', run], {
      cwd,
      env: {
        ...gitEnv,
        GITHUB_OUTPUT: output,
        GITHUB_STEP_SUMMARY: summary,
        RUNNER_TEMP: root,
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_REPOSITORY: 'acme/crm-config',
        GITHUB_RUN_ID: '4242',
        GITHUB_RUN_ATTEMPT: '1',
        GITHUB_SHA: 'c'.repeat(40),
        BRANCH,
        LEDGER_DIR: DEFAULT_DIR,
        DEFAULT_BRANCH: 'main',
        // A file remote: the https-only header is not set, and the token is never needed.
        LEDGER_TOKEN: 'ghs_not-a-real-token',
        SERVER_URL: 'https://github.com',
        ...env,
      },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    code = e.status;
    stdout = e.stdout;
    stderr = e.stderr;
  }
  const outputs = Object.fromEntries(
    (await readFile(output, 'utf8'))
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  return { code, stdout, stderr, outputs, summary: await readFile(summary, 'utf8') };
}

const fetchLedger = (cwd: string, env: Record<string, string> = {}) => runStep(FETCH, cwd, env);

/** The push step after an apply whose fetch step said `base`. */
const pushLedger = (cwd: string, base: string, env: Record<string, string> = {}) =>
  runStep(PUSH, cwd, { BASE: base, EXIT_CODE: '0', PLAN_FILE: '', EXPECT_PLAN: '', ...env });

/** What apply would write: a ledger file in the config's folder. */
async function writeLedger(cwd: string, name: string, content: string): Promise<void> {
  await mkdir(path.join(cwd, DEFAULT_DIR), { recursive: true });
  await writeFile(path.join(cwd, DEFAULT_DIR, name), content);
}

function branchHead(): string | undefined {
  const out = git(origin, 'for-each-ref', '--format=%(objectname)', `refs/heads/${BRANCH}`);
  return out === '' ? undefined : out;
}

function fileOnBranch(name: string): string {
  return git(origin, 'show', `refs/heads/${BRANCH}:${name}`);
}

describe("fetching the selectors' ledger", () => {
  it('without the branch: a first run, nothing placed, no base', async () => {
    const job = checkout();
    const result = await fetchLedger(job);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`No branch ${BRANCH} on origin yet`);
    expect(result.outputs).toEqual({ base: '' });
    expect(existsSync(path.join(job, DEFAULT_DIR))).toBe(false);
  });

  it("places every environment's ledger from the branch root, and nothing else it holds", async () => {
    const other = path.join(root, 'other');
    git(root, 'clone', '--quiet', origin, other);
    git(other, 'checkout', '--quiet', '--orphan', BRANCH);
    git(other, 'rm', '-rf', '--quiet', '.');
    writeFileSync(path.join(other, 'ledger.json'), '{"production":true}\n');
    writeFileSync(path.join(other, 'ledger.sandbox.json'), '{"sandbox":true}\n');
    // Hostile or stray entries: other names, a folder, a symbolic link, an executable.
    writeFileSync(path.join(other, 'evil.json'), '{}\n');
    writeFileSync(path.join(other, 'ledger.a b.json'), '{}\n');
    await mkdir(path.join(other, 'ledger.x.json.d'));
    writeFileSync(path.join(other, 'ledger.x.json.d', 'ledger.json'), '{}\n');
    symlinkSync('/etc/passwd', path.join(other, 'ledger.link.json'));
    writeFileSync(path.join(other, 'ledger.exec.json'), '{}\n', { mode: 0o755 });
    git(other, 'add', '-A');
    git(other, 'commit', '--quiet', '-m', 'ledger by hand');
    git(other, 'push', '--quiet', 'origin', BRANCH);

    const job = checkout();
    const result = await fetchLedger(job);
    expect(result.code).toBe(0);
    expect(result.outputs.base).toBe(branchHead());
    const dir = path.join(job, DEFAULT_DIR);
    expect(readdirSync(dir).sort()).toEqual(['ledger.json', 'ledger.sandbox.json']);
    expect(readFileSync(path.join(dir, 'ledger.json'), 'utf8')).toBe('{"production":true}\n');
    expect(readFileSync(path.join(dir, 'ledger.sandbox.json'), 'utf8')).toBe('{"sandbox":true}\n');
    // The checkout's own branch and files are untouched.
    expect(git(job, 'status', '--porcelain', '--untracked-files=no')).toBe('');
  });

  it('refuses to write through a symbolic link in the ledger folder', async () => {
    await pushFirstLedger('{"v":1}\n');
    const job = checkout();
    await mkdir(path.join(job, DEFAULT_DIR));
    const victim = path.join(root, 'victim.txt');
    writeFileSync(victim, 'keep me\n');
    symlinkSync(victim, path.join(job, DEFAULT_DIR, 'ledger.json'));
    const result = await fetchLedger(job);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      '::error title=territory-sync ledger::ledger.json in ledger-dir',
    );
    expect(readFileSync(victim, 'utf8')).toBe('keep me\n');
  });

  it.each([
    ['a name git refuses', { BRANCH: 'bad..name' }, 'not a usable branch name'],
    ['an option for a name', { BRANCH: '--upload-pack=evil' }, 'not a usable branch name'],
    ['a name with a newline', { BRANCH: 'a\n::warning::x' }, 'not a usable branch name'],
    ['the default branch', { BRANCH: 'main' }, 'is the default branch'],
  ])('refuses %s, reading nothing', async (_what, env, message) => {
    const job = checkout();
    for (const run of [FETCH, PUSH]) {
      const result = await runStep(run, job, { BASE: '', ...env });
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(message);
      expect(result.outputs).toEqual({});
    }
  });

  it('outside a git checkout, reads nothing and says so; the push then refuses a ledger it cannot keep', async () => {
    const plain = path.join(root, 'not-a-checkout');
    await mkdir(plain);
    const fetched = await fetchLedger(plain);
    expect(fetched.code).toBe(0);
    expect(fetched.stdout).toContain('::warning title=territory-sync ledger::Not a git checkout');
    expect(fetched.outputs).toEqual({ base: '' });
    expect((await pushLedger(plain, '')).code).toBe(0); // no ledger file: nothing to keep
    await writeLedger(plain, 'ledger.json', '{}\n');
    const pushed = await pushLedger(plain, '');
    expect(pushed.code).toBe(1);
    expect(pushed.stdout).toContain('cannot be kept');
  });

  it('fails when origin cannot be read, rather than taking it for a first run', async () => {
    const job = checkout();
    git(job, 'remote', 'set-url', 'origin', path.join(root, 'nowhere.git'));
    const result = await fetchLedger(job);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Could not read the branches of origin');
    expect(result.outputs).toEqual({});
  });
});

/** A first apply through the two steps: the branch then holds `content` as ledger.json. */
async function pushFirstLedger(content: string): Promise<string> {
  const job = checkout();
  const fetched = await fetchLedger(job);
  await writeLedger(job, 'ledger.json', content);
  const pushed = await pushLedger(job, fetched.outputs.base ?? '');
  expect(pushed.code, pushed.stdout + pushed.stderr).toBe(0);
  return pushed.outputs.commit ?? '';
}

describe("pushing the selectors' ledger", () => {
  it('without a ledger file (no selectors), pushes nothing and creates no branch', async () => {
    const job = checkout();
    const fetched = await fetchLedger(job);
    await mkdir(path.join(job, DEFAULT_DIR)); // the journal's folder, say
    await writeFile(path.join(job, DEFAULT_DIR, 'journal-0123456789ab.jsonl'), '{}\n');
    const result = await pushLedger(job, fetched.outputs.base ?? '');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("No selectors' ledger file: nothing to keep");
    expect(result.outputs).toEqual({});
    expect(branchHead()).toBeUndefined();
  });

  it('on a first run, creates the branch as an orphan commit by the bot, naming the plan and the run', async () => {
    const job = checkout();
    const fetched = await fetchLedger(job);
    await writeLedger(job, 'ledger.json', '{"v":1}\n');
    const plan = path.join(root, 'reviewed plan.json');
    await writeFile(plan, JSON.stringify({ format: 'territory-sync/plan', planHash: PLAN_HASH }));
    const result = await pushLedger(job, fetched.outputs.base ?? '', {
      EXIT_CODE: '4',
      EXPECT_PLAN: plan,
    });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const head = branchHead();
    expect(result.outputs).toEqual({ commit: head });
    expect(fileOnBranch('ledger.json')).toBe('{"v":1}');
    expect(git(origin, 'ls-tree', '--name-only', `refs/heads/${BRANCH}`)).toBe('ledger.json');
    // An orphan: no parent, nothing of the default branch's history.
    expect(git(origin, 'rev-list', '--parents', '-n', '1', `refs/heads/${BRANCH}`)).toBe(head);
    expect(git(origin, 'log', '-1', '--format=%an <%ae>|%cn', `refs/heads/${BRANCH}`)).toBe(
      'github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>|github-actions[bot]',
    );
    const message = git(origin, 'log', '-1', '--format=%B', `refs/heads/${BRANCH}`);
    expect(message).toContain("territory-sync apply: selectors' ledger ledger.json");
    expect(message).toContain(`Plan: ${PLAN_HASH}`);
    expect(message).toContain(`Applied from: ${'c'.repeat(40)}`);
    expect(message).toContain(
      'Run: https://github.com/acme/crm-config/actions/runs/4242 (attempt 1), apply exit code 4',
    );
    expect(result.summary).toContain(`saved to \`${BRANCH}\``);
    // The token never shows, in the log or in what was pushed.
    expect(result.stdout + result.stderr + message).not.toContain('ghs_not-a-real-token');
    // The checkout stays as it was: no branch switched, no file staged.
    expect(git(job, 'status', '--porcelain', '--untracked-files=no')).toBe('');
    expect(git(job, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
  });

  it('on the next run, commits on top of the fetched commit and keeps the other environments', async () => {
    const first = await pushFirstLedger('{"v":1}\n');
    // Another environment's apply adds its own file.
    const sandbox = checkout();
    const fetchedSandbox = await fetchLedger(sandbox);
    expect(fetchedSandbox.outputs.base).toBe(first);
    await writeLedger(sandbox, 'ledger.sandbox.json', '{"sandbox":1}\n');
    const second = await pushLedger(sandbox, fetchedSandbox.outputs.base ?? '');
    expect(second.code, second.stdout + second.stderr).toBe(0);
    expect(git(origin, 'rev-parse', `${second.outputs.commit}^`)).toBe(first);
    // Then production again: its file changes, the sandbox's stays.
    const job = checkout();
    const fetched = await fetchLedger(job);
    expect(readFileSync(path.join(job, DEFAULT_DIR, 'ledger.json'), 'utf8')).toBe('{"v":1}\n');
    await writeLedger(job, 'ledger.json', '{"v":2}\n');
    const third = await pushLedger(job, fetched.outputs.base ?? '');
    expect(third.code, third.stdout + third.stderr).toBe(0);
    expect(git(origin, 'rev-parse', `${third.outputs.commit}^`)).toBe(second.outputs.commit);
    expect(fileOnBranch('ledger.json')).toBe('{"v":2}');
    expect(fileOnBranch('ledger.sandbox.json')).toBe('{"sandbox":1}');
    expect(git(origin, 'log', '--format=%s', `refs/heads/${BRANCH}`).split('\n')).toEqual([
      "territory-sync apply: selectors' ledger ledger.json",
      "territory-sync apply: selectors' ledger ledger.sandbox.json",
      "territory-sync apply: selectors' ledger ledger.json",
    ]);
    expect(git(origin, 'log', '-1', '--format=%B', `refs/heads/${BRANCH}`)).toContain(
      'Plan: none saved (a plain apply)',
    );
  });

  it('with the ledger unchanged (an apply that gave nothing), pushes nothing', async () => {
    const first = await pushFirstLedger('{"v":1}\n');
    const job = checkout();
    const fetched = await fetchLedger(job);
    const result = await pushLedger(job, fetched.outputs.base ?? '');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("The selectors' ledger is unchanged");
    expect(result.outputs).toEqual({});
    expect(branchHead()).toBe(first);
  });

  it('when the branch moved since the fetch, is refused, fails loudly and overwrites nothing', async () => {
    await pushFirstLedger('{"v":1}\n');
    const job = checkout();
    const fetched = await fetchLedger(job);
    // Meanwhile someone else commits to the ledger branch.
    const other = path.join(root, 'other');
    git(root, 'clone', '--quiet', '--branch', BRANCH, origin, other);
    writeFileSync(path.join(other, 'ledger.json'), '{"by":"hand"}\n');
    git(other, 'commit', '--quiet', '-am', 'by hand');
    git(other, 'push', '--quiet', 'origin', BRANCH);
    const theirs = branchHead();

    await writeLedger(job, 'ledger.json', '{"v":2}\n');
    const result = await pushLedger(job, fetched.outputs.base ?? '');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('[rejected]');
    expect(result.stdout).toMatch(
      new RegExp(
        `::error title=territory-sync ledger::The selectors' ledger was NOT saved: pushing it to ${BRANCH} was refused`,
      ),
    );
    expect(result.stdout).toContain(`git log origin/${BRANCH}`);
    expect(result.stdout).toContain("this run's artifact");
    expect(result.summary).toContain("The selectors' ledger was not saved");
    expect(result.outputs).toEqual({});
    expect(branchHead()).toBe(theirs);
    expect(fileOnBranch('ledger.json')).toBe('{"by":"hand"}');
  });

  it('when the branch was created since a first-run fetch, is refused rather than replacing it', async () => {
    const job = checkout();
    const fetched = await fetchLedger(job);
    expect(fetched.outputs.base).toBe('');
    const theirs = await pushFirstLedger('{"theirs":true}\n');
    await writeLedger(job, 'ledger.json', '{"mine":true}\n');
    const result = await pushLedger(job, '');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('was NOT saved');
    expect(branchHead()).toBe(theirs);
  });

  it('ignores files that are not ledgers and a ledger folder that is a symbolic link', async () => {
    const job = checkout();
    const fetched = await fetchLedger(job);
    await writeLedger(job, 'ledger.json.123.tmp', '{}\n');
    await writeLedger(job, 'ledger-backup.json', '{}\n');
    symlinkSync(path.join(root, 'elsewhere.json'), path.join(job, DEFAULT_DIR, 'ledger.x.json'));
    writeFileSync(path.join(root, 'elsewhere.json'), '{}\n');
    const result = await pushLedger(job, fetched.outputs.base ?? '');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("No selectors' ledger file");
    expect(branchHead()).toBeUndefined();

    const linked = checkout();
    await mkdir(path.join(root, 'real-dir'));
    writeFileSync(path.join(root, 'real-dir', 'ledger.json'), '{}\n');
    symlinkSync(path.join(root, 'real-dir'), path.join(linked, DEFAULT_DIR));
    expect(lstatSync(path.join(linked, DEFAULT_DIR)).isSymbolicLink()).toBe(true);
    const viaLink = await pushLedger(linked, '');
    expect(viaLink.code).toBe(0);
    expect(branchHead()).toBeUndefined();
  });

  it('refuses a base that is not a commit id', async () => {
    const job = checkout();
    await writeLedger(job, 'ledger.json', '{}\n');
    const result = await pushLedger(job, 'HEAD; rm -rf /');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('is not a commit id');
    expect(branchHead()).toBeUndefined();
  });
});

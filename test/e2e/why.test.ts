// `why MODULE ID`: one record explained from the desired files, the git history of its entry,
// the apply journals and (with --online) the CRM, in real temporary git repositories and against
// the emulator on 127.0.0.1.
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { startOrgWith } from '../helpers/org.js';
import type { TestOrg } from '../helpers/org.js';
import { R, T, smallOrg } from './small-org.js';

// No global or system git config: the repository's own settings only.
const GIT_ENV = { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };

interface CommitOptions {
  readonly date: string;
  readonly author?: string;
}

const git = (cwd: string, args: readonly string[], env: Record<string, string> = {}) =>
  execa('git', args, { cwd, env: { ...GIT_ENV, ...env }, timeout: 30_000 });

async function commit(cwd: string, subject: string, options: CommitOptions): Promise<string> {
  const author = options.author === undefined ? [] : ['-c', `user.name=${options.author}`];
  await git(cwd, [...author, 'commit', '-q', '-a', '-m', subject], {
    GIT_AUTHOR_DATE: options.date,
    GIT_COMMITTER_DATE: options.date,
  });
  return (await git(cwd, ['rev-parse', 'HEAD'])).stdout.trim();
}

async function newRepository(dir: string): Promise<void> {
  await git(dir, ['init', '-q', '-b', 'main']);
  await git(dir, ['config', 'user.name', 'Ana Lima']);
  await git(dir, ['config', 'user.email', 'ana@example.invalid']);
  await git(dir, ['config', 'commit.gpgsign', 'false']);
}

/** Acme written as a block list (an entry over several lines), Globex on one line. */
function accounts(acme: readonly string[], globex?: readonly string[]): string {
  const lines = ['version: 1', 'records:', '  Accounts:', `    "${R.acme}":`];
  for (const t of acme) lines.push(`      - ${t}`);
  if (globex !== undefined) lines.push(`    "${R.globex}": [${globex.join(', ')}]`);
  return `${lines.join('\n')}\n`;
}

const dirs: string[] = [];
let org: TestOrg | undefined;
afterEach(async () => {
  await org?.close();
  org = undefined;
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'territory-sync-why-'));
  dirs.push(dir);
  return dir;
}

/**
 * accounts.yaml, then territories.yaml after a rename: Acme changed by three commits (one of
 * them the rename), Globex by one of its own that must not show up in Acme's history.
 */
async function historyRepository(dir: string): Promise<Record<string, string>> {
  await newRepository(dir);
  await writeFile(path.join(dir, 'accounts.yaml'), accounts(['East'], ['West']));
  await git(dir, ['add', 'accounts.yaml']);
  const added = await commit(dir, 'Add the first accounts', { date: '2024-01-10T09:00:00Z' });
  await writeFile(path.join(dir, 'accounts.yaml'), accounts(['East', 'DACH'], ['West']));
  const dach = await commit(dir, 'Give Acme DACH', {
    date: '2024-02-12T09:00:00Z',
    author: 'Bo Chen',
  });
  await writeFile(path.join(dir, 'accounts.yaml'), accounts(['East', 'DACH'], ['East']));
  const globex = await commit(dir, 'Globex to East', { date: '2024-03-14T09:00:00Z' });
  await git(dir, ['mv', 'accounts.yaml', 'territories.yaml']);
  await writeFile(path.join(dir, 'territories.yaml'), accounts(['West', 'DACH'], ['East']));
  const moved = await commit(dir, 'Move West accounts (#42)', {
    date: '2024-04-16T09:00:00Z',
    author: 'Carla Diaz',
  });
  return { added, dach, globex, moved };
}

const why = (cwd: string, ...argv: string[]) => runCli(['why', ...argv], { cwd });

describe('why: the git history of an entry', () => {
  it('lists the three commits that changed one record, across a rename, with author, date and PR', async () => {
    const dir = await tempDir();
    const c = await historyRepository(dir);
    // The last commit is a rename git detects as one (with the entry's change in it).
    const renamed = await git(dir, ['show', '--name-status', '--format=', 'HEAD']);
    expect(renamed.stdout).toMatch(/^R\d+\taccounts\.yaml\tterritories\.yaml$/m);

    const result = await why(dir, 'Accounts', R.acme);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `Listed at territories.yaml:4:5 (lines 4-6)\n  territories: West, DACH`,
    );
    expect(result.stdout).toContain(
      [
        'Commits that changed this entry (newest first, following renames):',
        `  2024-04-16  ${c.moved?.slice(0, 10)}  Move West accounts (#42) — Carla Diaz, PR #42`,
        `  2024-02-12  ${c.dach?.slice(0, 10)}  Give Acme DACH — Bo Chen`,
        `  2024-01-10  ${c.added?.slice(0, 10)}  Add the first accounts — Ana Lima`,
        '',
      ].join('\n'),
    );
    expect(result.stdout).not.toContain('Globex to East');
    expect(result.stdout).toContain('Applies: no apply journals in .territory-sync/');
  });

  it('on a shallow clone, shows what it has and says what is missing and how to fetch it', async () => {
    const dir = await tempDir();
    const c = await historyRepository(dir);
    const clone = path.join(await tempDir(), 'clone');
    await git(dir, ['clone', '-q', '--depth', '1', `file://${dir}`, clone]);

    const result = await why(clone, 'Accounts', R.acme);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `  2024-04-16  ${c.moved?.slice(0, 10)}  Move West accounts (#42) — Carla Diaz, PR #42 ` +
        '[shallow clone: git fetched nothing older, so this may not be where the entry began]',
    );
    expect(result.stdout).toContain(
      `History is shallow: commits before 2024-04-16 (${c.moved?.slice(0, 10)}) are not ` +
        'available; run `git fetch --unshallow`',
    );
    expect(result.stdout).not.toContain('Give Acme DACH');
  });

  it('a record no desired file lists: not managed, and the commits that added and removed it', async () => {
    const dir = await tempDir();
    const c = await historyRepository(dir);
    await writeFile(path.join(dir, 'territories.yaml'), accounts(['West', 'DACH']));
    const dropped = await commit(dir, 'Drop Globex', { date: '2024-05-18T09:00:00Z' });

    const result = await why(dir, 'Accounts', R.globex);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'Not listed in any desired file (territories.yaml): territory-sync does not manage it.',
    );
    expect(result.stdout).toContain(
      [
        'Commits that added or removed a line naming this id (newest first, following renames):',
        `  2024-05-18  ${dropped.slice(0, 10)}  Drop Globex — Ana Lima`,
        `  2024-03-14  ${c.globex?.slice(0, 10)}  Globex to East — Ana Lima`,
        `  2024-01-10  ${c.added?.slice(0, 10)}  Add the first accounts — Ana Lima`,
        '',
      ].join('\n'),
    );
  });

  it('says when the file has changes not committed yet', async () => {
    const dir = await tempDir();
    await historyRepository(dir);
    await writeFile(path.join(dir, 'territories.yaml'), accounts(['West'], ['East']));
    const result = await why(dir, 'Accounts', R.acme);
    expect(result.stdout).toContain('Listed at territories.yaml:4:5 (lines 4-5)');
    expect(result.stdout).toContain(
      'territories.yaml has changes not committed yet: the history is of the committed file (HEAD).',
    );
  });

  it('from a subfolder, follows an entry of ../territories.yaml changed but not committed', async () => {
    const dir = await tempDir();
    const c = await historyRepository(dir);
    // Three lines above the entry, not committed: the entry sits lower than at HEAD.
    const text = await readFile(path.join(dir, 'territories.yaml'), 'utf8');
    await writeFile(path.join(dir, 'territories.yaml'), `# one\n# two\n# three\n${text}`);
    const sub = path.join(dir, 'regions');
    await mkdir(sub);
    await writeFile(
      path.join(sub, 'territory-sync.config.json'),
      JSON.stringify({ desired: ['../territories.yaml'] }),
    );
    const result = await why(sub, 'Accounts', R.acme);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Listed at ../territories.yaml:7:5 (lines 7-9)');
    expect(result.stdout).toContain(
      [
        'Commits that changed this entry (newest first, following renames):',
        `  2024-04-16  ${c.moved?.slice(0, 10)}  Move West accounts (#42) — Carla Diaz, PR #42`,
        `  2024-02-12  ${c.dach?.slice(0, 10)}  Give Acme DACH — Bo Chen`,
        `  2024-01-10  ${c.added?.slice(0, 10)}  Add the first accounts — Ana Lima`,
        '',
      ].join('\n'),
    );
    expect(result.stdout).toContain(
      '../territories.yaml has changes not committed yet: the history is of the committed file (HEAD).',
    );
    expect(result.stdout).not.toContain('git could not search');
  });

  it('renders hostile commit subjects, author names and file names inert', async () => {
    const dir = await tempDir();
    await newRepository(dir);
    const file = 'west\u001b[2J.yaml';
    await writeFile(
      path.join(dir, 'territory-sync.config.json'),
      JSON.stringify({ desired: [file] }),
    );
    await writeFile(path.join(dir, file), accounts(['East']));
    await git(dir, ['add', '--', file]);
    await commit(dir, 'Add Acme', { date: '2024-01-10T09:00:00Z' });
    await writeFile(path.join(dir, file), accounts(['West']));
    await commit(dir, '\u001b]0;owned\u0007\u001b[31mRed ::error::pwned ##[error]forged', {
      date: '2024-02-10T09:00:00Z',
      author: 'Eve \u001b[1m::warning::x',
    });

    for (const env of [{}, { GITHUB_ACTIONS: 'true' }]) {
      const result = await runCli(['why', 'Accounts', R.acme], { cwd: dir, env });
      expect(result.code).toBe(0);
      const output = result.stdout + result.stderr;
      // eslint-disable-next-line no-control-regex -- no raw control character may reach the terminal
      expect(output).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
      expect(output).toContain('\\u001b]0;owned\\u0007\\u001b[31mRed');
      expect(output).toContain('Eve \\u001b[1m::warning::x');
      expect(output).toContain('Listed at west\\u001b[2J.yaml:4:5');
      for (const line of output.split('\n')) expect(line.trimStart().startsWith('::')).toBe(false);
    }
    const underActions = await runCli(['why', 'Accounts', R.acme], {
      cwd: dir,
      env: { GITHUB_ACTIONS: 'true' },
    });
    // The older `##[command]` form is read anywhere in a line: under Actions it is made inert.
    expect(underActions.stdout).not.toContain('##[error]');
  });
});

describe('why: the record, the files and the arguments', () => {
  it('outside a git repository, without desired files: says what is missing, still answers', async () => {
    const dir = await tempDir();
    const result = await why(dir, 'Accounts', R.acme);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Not read: territories.yaml does not exist.');
    expect(result.stdout).toMatch(/History: not available here \(git: .*not a git repository/);
  });

  it('in a repository where the desired file does not exist: says so, claims no uncommitted change', async () => {
    const dir = await tempDir();
    await historyRepository(dir);
    // Run from a folder of the repository that holds no desired file (no config found there).
    await mkdir(path.join(dir, 'docs'));
    const result = await why(path.join(dir, 'docs'), 'Accounts', R.acme);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'Not found: none of the desired files (territories.yaml) could be read, so whether it is listed is not known.',
    );
    expect(result.stdout).toContain('Not read: territories.yaml does not exist.');
    expect(result.stdout).not.toContain('does not manage it');
    expect(result.stdout).not.toContain('has changes not committed yet');
  });

  it('a module the configuration does not manage is said so, with how to opt in', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'territories.yaml'), accounts(['East']));
    const result = await why(dir, 'Leads', R.acme);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Leads are not managed in this configuration');
    expect(result.stdout).toContain('`modules: { Leads: true }`');
  });

  it('refuses a malformed id and an unknown module before reading anything', async () => {
    const dir = await tempDir();
    const short = await why(dir, 'Accounts', '55402300000360000');
    expect(short.code).toBe(1);
    expect(short.stderr).toContain(
      "Accounts record id '55402300000360000' has 17 digits; Zoho record ids have 18 or 19.",
    );
    const option = await why(dir, 'Accounts', '--output=/tmp/x');
    expect(option.code).toBe(1);
    const module = await why(dir, 'accounts', R.acme);
    expect(module.code).toBe(1);
    expect(module.stderr).toContain('`territory-sync why Accounts ...`');
  });

  it('points at a record in a file that does not validate, and names its problems', async () => {
    const dir = await tempDir();
    await writeFile(
      path.join(dir, 'territories.yaml'),
      `version: 1\nrecords:\n  Accounts:\n    "${R.acme}": [East, East]\n`,
    );
    const result = await why(dir, 'Accounts', R.acme);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Listed at territories.yaml:4:5');
    expect(result.stdout).toContain(
      "The desired files do not validate (1 error), so the entry's territories are not shown.",
    );
    expect(result.stdout).toMatch(
      /territories\.yaml:4:\d+ \S+: Accounts record .* lists 'East' twice\./,
    );
  });
});

describe('why: apply journals and the CRM', () => {
  async function appliedOrg() {
    const started = await startOrgWith(
      accounts(['East', 'DACH']).replace(
        'records:\n  Accounts:\n',
        `records:\n  Accounts:\n    "${R.initech}": [Partners]\n`,
      ),
      { seed: smallOrg() },
    );
    org = started.org;
    expect((await started.cli(['apply', '--auto-approve'])).code).toBe(0);
    return started;
  }

  it('shows the apply journal entries that touched the record, newest first', async () => {
    const { org: o, cli } = await appliedOrg();
    // A second apply: Acme leaves DACH.
    await o.write(
      'territories.yaml',
      accounts(['East']).replace(
        'records:\n  Accounts:\n',
        `records:\n  Accounts:\n    "${R.initech}": [Partners]\n`,
      ),
    );
    expect((await cli(['apply', '--auto-approve'])).code).toBe(0);

    const result = await cli(['why', 'Accounts', R.acme]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const applies = result.stdout.slice(result.stdout.indexOf('Applies that touched it'));
    expect(applies).toMatch(
      new RegExp(
        [
          'Applies that touched it \\(journals in \\.territory-sync/, newest first\\):',
          '  \\S+  journal-[0-9a-f]{12}\\.jsonl: converged',
          '    planned: - DACH',
          `    call 1 \\(wave 1\\) at \\S+: remove DACH -> success SCHEDULED, job \\d+ \\(Territory removal .*\\)`,
          '  \\S+  journal-[0-9a-f]{12}\\.jsonl: converged',
          '    planned: \\+ DACH',
          `    call 1 \\(wave 1\\) at \\S+: assign DACH -> success SCHEDULED, job \\d+ \\(Territory assignment .*\\)`,
        ].join('\n'),
      ),
    );
    // Outside a repository the history is said to be missing, the journals are still read.
    expect(result.stdout).toMatch(/History: not available here \(git: /);
  });

  it('names a journal that is not one (when it names the record), and escapes what an edited journal says', async () => {
    const { org: o, cli } = await appliedOrg();
    const dir = path.join(o.dir, '.territory-sync');
    const [name] = (await readdir(dir)).filter((n) => n.endsWith('.jsonl'));
    const journal = path.join(dir, name as string);
    // A result line's message is Zoho's text; an edited one must still show inert.
    const edited = (await readFile(journal, 'utf8')).replace(
      /("type":"result".*?"message":")/,
      '$1\\u001b[2J::error::forged ',
    );
    await writeFile(journal, edited);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'journal-000000000000.jsonl'), `not a journal: ${R.acme}\n`);
    // One that never names the record is not opened as a journal at all.
    await writeFile(path.join(dir, 'journal-111111111111.jsonl'), 'not a journal either\n');

    const result = await cli(['why', 'Accounts', R.acme]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('\\u001b[2J::error::forged');
    expect(result.stdout).not.toContain('\u001b');
    expect(result.stdout).toContain(
      '  journal-000000000000.jsonl skipped: journal-000000000000.jsonl: line 1 is not JSON',
    );
    expect(result.stdout).not.toContain('journal-111111111111.jsonl');
    // That sentence is for --resume; why sends nothing, and saying so reads as "apply sent nothing".
    expect(result.stdout).not.toContain('Nothing was sent');
  });

  it('--online adds the live territories, manual and rule-assigned, and writes nothing', async () => {
    const { org: o, cli } = await appliedOrg();
    o.emulator.resetStats();
    const result = await cli(['why', 'Accounts', R.initech, '--online']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const stats = o.emulator.stats();
    expect(stats.readCalls).toBeGreaterThan(0);
    expect(stats.writeCalls).toBe(0);
    expect(stats.writeEntries.total).toBe(0);
    expect(result.stdout).toMatch(/\n\nLive in the CRM \(.+\): Initech\n/);
    expect(result.stdout).toContain(
      `  DACH (${T.dach}): rule-assigned (Zoho's territory rules; the API cannot remove it)`,
    );
    expect(result.stdout).toContain(
      `  Partners (${T.partners}): manual (set by a person or the API)`,
    );

    // Without credentials the offline part is still shown, then the error says what to set.
    const offline = await cli(['why', 'Accounts', R.initech, '--online'], {
      ZOHO_REFRESH_TOKEN: undefined,
    });
    expect(offline.code).toBe(1);
    expect(offline.stdout).toContain(`Listed at territories.yaml:4:5\n  territories: Partners`);
    expect(offline.stderr).toContain('ZOHO_REFRESH_TOKEN');
  });
});

// Hostile input, round two (#13): text from a server, a CRM record or a file name must reach
// neither GitHub's runner as a workflow command nor a pull request as a live @mention or issue
// reference. Under GITHUB_ACTIONS=true the runner reads `::command` at the start of any line it
// sees (after leading white space, and it splits lines at CR as well as LF) and `##[command]`
// anywhere, on stdout and stderr alike; the plan comment and the step summary are markdown.
// Most cases run the real CLI (in-process) against the bundled emulator, with the step summary
// and the step outputs in temp files; Zoho's own messages come from a server in front of it.
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createContext } from '../../src/cli/context.js';
import type { Diagnostic } from '../../src/core/model.js';
import type { EmulatorSeed } from '../../src/emulator/index.js';
import { escapeMarkdown } from '../../src/render/markdown-escape.js';
import { createInertLog, inertForActions, workflowCommand } from '../../src/render/github/index.js';
import type { WorkflowCommandLine } from '../../src/render/github/index.js';
import { formatDiagnostics } from '../../src/render/diagnostics.js';
import { desiredYaml, startTestOrg } from '../helpers/org.js';
import type { TestOrg } from '../helpers/org.js';
import { runCli } from '../helpers/run-cli.js';
import { R, T, smallOrg } from '../e2e/small-org.js';

// ---------------------------------------------------------------------------------------------
// What the runner and GitHub's markdown would make of the output.

/** How actions/runner splits a step's output: StreamReader.ReadLine, so LF, CR and CRLF. */
function runnerLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** .NET's String.TrimStart(): Char.IsWhiteSpace, which (unlike JS) includes NEL. */
function trimStartDotNet(line: string): string {
  return line.replace(/^[\s\u0085]+/u, '');
}

/**
 * The tool's own commands: at the very start of the line, one of the names it uses, escaped
 * properties that always include a title, and a message. None of the payloads below has a title.
 */
const OWN_COMMAND = /^::(?:error|warning|notice) (?:[a-z]+=[^,:\r\n]*,)*title=[^,:\r\n]*::/;

/** Every line GitHub would run as a command that the tool did not write on purpose. */
function foreignCommands(text: string): string[] {
  return runnerLines(text).filter((line) => {
    if (/##\[/.test(line)) return true;
    if (!trimStartDotNet(line).startsWith('::')) return false;
    return !OWN_COMMAND.test(line);
  });
}

function expectNoForeignCommands(...outputs: string[]): void {
  for (const output of outputs) expect(foreignCommands(output)).toEqual([]);
}

/** Roughly what GitHub renders as text: code blocks and spans out, escapes and entities read. */
function renderedText(markdown: string): string {
  return markdown
    .replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '')
    .replace(/`[^`\n]*`/g, '')
    .replace(/\\([\\`*_[\]|~#])/g, '$1')
    .replace(/&#8203;/g, '\u200b')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Mentions (`@user`, `@org/team`) and references (`#1`, `GH-1`, `owner/repo#1`) GitHub links. */
function liveReferences(markdown: string): string[] {
  const text = renderedText(markdown);
  const found = [
    ...text.matchAll(/(?:^|[^\w`])@[a-z0-9][\w-]*(?:\/[\w-]+)?/gimu),
    ...text.matchAll(/(?:^|[^\w&])#\d+/gmu),
    ...text.matchAll(/\bGH-\d+/giu),
    ...text.matchAll(/[\w.-]+\/[\w.-]+#\d+/gu),
  ];
  return found.map((m) => m[0]);
}

// ---------------------------------------------------------------------------------------------
// Payloads.

const ERROR_LINE = '\n::error file=x::pwned';
const MASK_LINE = '\r\n::add-mask::x';
const STOP = '::stop-commands::tok';

const HOSTILE_RECORD = `Globex${ERROR_LINE}`;
const HOSTILE_TERRITORY = `Partners${MASK_LINE}`;
const MENTION_RECORD = '@acme/security-team please review #1, owner/repo#2 and GH-3';
const MENTION_TERRITORY = '@org/team #4';

let org: TestOrg | undefined;
const servers: { close(): void }[] = [];
afterEach(async () => {
  await org?.close();
  org = undefined;
  for (const server of servers.splice(0)) server.close();
});

function withNames(
  records: Readonly<Record<string, string>>,
  territories: Readonly<Record<string, string>> = {},
  overrides: { locked?: readonly string[] } = {},
): EmulatorSeed {
  const seed = smallOrg(overrides);
  return {
    ...seed,
    territories: seed.territories.map((t) =>
      territories[t.id] === undefined ? t : { ...t, name: territories[t.id] as string },
    ),
    records: Object.fromEntries(
      Object.entries(seed.records ?? {}).map(([module, list]) => [
        module,
        list.map((r) => {
          const name = records[r.id];
          return name === undefined ? r : { ...r, name };
        }),
      ]),
    ),
  };
}

interface ActionsRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly summary: string;
  readonly outputs: string;
}

/** The CLI in `o.dir` as a workflow step runs it. */
async function inActions(
  o: TestOrg,
  argv: string[],
  env: Record<string, string> = {},
): Promise<ActionsRun> {
  const summary = path.join(o.dir, 'step-summary.md');
  const outputs = path.join(o.dir, 'github-output.txt');
  await writeFile(summary, '');
  await writeFile(outputs, '');
  const result = await runCli(argv, {
    cwd: o.dir,
    env: {
      ...o.env,
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: o.dir,
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_OUTPUT: outputs,
      ...env,
    },
  });
  return {
    ...result,
    summary: await readFile(summary, 'utf8'),
    outputs: await readFile(outputs, 'utf8'),
  };
}

function expectCleanRun(run: ActionsRun): void {
  expectNoForeignCommands(run.stdout, run.stderr);
  // The step summary is a file GitHub renders, not a log it runs: no line of it starts with
  // `::` either, though `##[` inside the plan's diff block is only text there.
  expect(runnerLines(run.summary).filter((l) => trimStartDotNet(l).startsWith('::'))).toEqual([]);
  // $GITHUB_OUTPUT: name=value lines only, so no value can add an output of its own.
  for (const line of run.outputs.split('\n').filter((l) => l !== '')) {
    expect(line).toMatch(/^[a-z-]+=[\w.-]*$/);
  }
}

async function org0(seed: EmulatorSeed, desired: string): Promise<TestOrg> {
  org = await startTestOrg({ seed });
  await org.write('territories.yaml', desired);
  return org;
}

/** A server in front of the emulator that may rewrite what Zoho says. */
async function zohoInFront(
  upstream: string,
  rewrite: (method: string, url: string, status: number, body: string) => [number, string],
): Promise<string> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(
          (e): e is [string, string] =>
            typeof e[1] === 'string' && !['host', 'content-length', 'connection'].includes(e[0]),
        ),
      );
      const body = Buffer.concat(chunks);
      fetch(`${upstream}${req.url ?? '/'}`, {
        method: req.method ?? 'GET',
        headers,
        ...(body.length > 0 ? { body } : {}),
      })
        .then(async (answer) => {
          const [status, text] = rewrite(
            req.method ?? 'GET',
            req.url ?? '/',
            answer.status,
            await answer.text(),
          );
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(text);
        })
        .catch((error: unknown) => {
          res.writeHead(502);
          res.end(String(error));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

// ---------------------------------------------------------------------------------------------

describe('CRM record and territory names under GitHub Actions', () => {
  it('a record named "Globex\\n::error file=x::pwned" starts no command in the text plan', async () => {
    const o = await org0(
      withNames({ [R.globex]: HOSTILE_RECORD }),
      desiredYaml({ Accounts: { [R.globex]: ['West'] } }),
    );
    const run = await inActions(o, ['plan']);
    expect(run.code).toBe(0);
    expectCleanRun(run);
    expect(run.stdout).toContain('Globex\\u000a::error file=x::pwned');
    // The tool's own notice for the record is still there, and one line.
    const notices = run.stderr.split('\n').filter((l) => l.startsWith('::notice '));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(OWN_COMMAND);
  });

  it('a territory named "Partners\\r\\n::add-mask::x" masks nothing, in text, notices or markdown', async () => {
    // Acme gets the hostile territory, by id.
    const o = await org0(
      withNames({}, { [T.partners]: HOSTILE_TERRITORY }),
      desiredYaml({ Accounts: { [R.acme]: [T.east, T.partners] } }),
    );
    for (const format of ['text', 'markdown']) {
      const run = await inActions(o, ['plan', '--format', format]);
      expect(run.code, run.stderr).toBe(0);
      expectCleanRun(run);
      expect(`${run.stdout}${run.stderr}${run.summary}`).not.toMatch(/^\s*::add-mask/m);
      expect(run.stdout).toContain('\\u000d');
    }
  });

  it('record names with U+2028, U+2029 and NEL before "::" start no line for any reader', async () => {
    const o = await org0(
      withNames({
        [R.globex]: `\u2028${STOP}`,
        [R.acme]: `Acme\u0085::error file=x::pwned`,
        [R.anna]: `Anna\u2029::add-mask::x`,
      }),
      desiredYaml({
        Accounts: { [R.globex]: ['West'], [R.acme]: ['West'] },
        Contacts: { [R.anna]: ['West'] },
      }),
    );
    for (const format of ['text', 'markdown', 'json']) {
      const run = await inActions(o, ['plan', '--format', format]);
      expect(run.code, run.stderr).toBe(0);
      expectCleanRun(run);
      expect(`${run.stdout}${run.stderr}`).not.toMatch(/[\u0085\u2028\u2029]/);
    }
    // JSON keeps the same values: U+2028 written as its JSON escape.
    const json = await inActions(o, ['plan', '--format', 'json']);
    const plan = JSON.parse(json.stdout) as { changes: { name?: string }[] };
    expect(plan.changes.map((c) => c.name)).toContain(`\u2028${STOP}`);
  });

  it('a record named "##[add-mask]secret" is not an old-style command anywhere in a line', async () => {
    const o = await org0(
      withNames({ [R.globex]: 'Globex ##[add-mask]secret', [R.acme]: '##[stop-commands]tok' }),
      desiredYaml({ Accounts: { [R.globex]: ['West'], [R.acme]: ['West'] } }),
    );
    const run = await inActions(o, ['plan']);
    expect(run.code).toBe(0);
    expectCleanRun(run);
    expect(run.stdout).toContain('Globex ##\\u005badd-mask]secret');
  });

  it('an export of hostile names writes YAML the runner reads as text, and the same YAML', async () => {
    const o = await org0(
      withNames(
        { [R.acme]: `Acme${ERROR_LINE}` },
        { [T.east]: '##[add-mask]East', [T.west]: `\u2028${STOP}` },
      ),
      desiredYaml({}),
    );
    const run = await inActions(o, ['export']);
    expect(run.code, run.stderr).toBe(0);
    expectCleanRun(run);
    const plain = await runCli(['export'], { cwd: o.dir, env: o.env });
    const { parse } = await import('yaml');
    expect(parse(run.stdout)).toEqual(parse(plain.stdout));
  });
});

describe('mentions and references in markdown', () => {
  it('a record named "@acme/security-team ... #1, owner/repo#2, GH-3" pings and links nothing', async () => {
    const o = await org0(
      withNames({ [R.globex]: MENTION_RECORD }, { [T.partners]: MENTION_TERRITORY }),
      desiredYaml({ Accounts: { [R.globex]: [T.west], [R.acme]: [T.east, T.partners] } }),
    );
    // The plan comment (stdout) and the step summary; quoting outside the diff block is covered
    // in test/unit/render/markdown-mentions.test.ts.
    const run = await inActions(o, ['plan', '--format', 'markdown']);
    expect(run.code, run.stderr).toBe(0);
    expectCleanRun(run);
    expect(liveReferences(run.stdout)).toEqual([]);
    expect(liveReferences(run.summary)).toEqual([]);
    // The name is still there, readable, in the diff block.
    expect(run.stdout).toContain(`~ ${MENTION_RECORD} (${R.globex})`);
    expect(run.stdout).toContain(`+ ${MENTION_TERRITORY}\n`);
    // The tool's own markdown is intact.
    expect(run.stdout.startsWith('<!-- territory-sync-plan -->\n### territory-sync plan')).toBe(
      true,
    );
    expect(run.stdout).toContain('| Module | Records | To assign | To remove |');
  });

  it('a failed apply names "@org/team #4" and Zoho\'s message in the step summary without a live mention', async () => {
    org = await startTestOrg({
      seed: withNames({ [R.acme]: MENTION_RECORD }, {}, { locked: [R.acme] }),
    });
    const o = org;
    await o.write('territories.yaml', desiredYaml({ Accounts: { [R.acme]: ['East', 'West'] } }));
    await o.write(
      'territory-sync.config.json',
      JSON.stringify({ recordRetries: { attempts: 1, delaySeconds: 0.05 } }),
    );
    const hostileMessage = `locked by @org/team see #4${ERROR_LINE}\r${STOP}`;
    const front = await zohoInFront(o.emulator.url, (method, _url, status, body) => {
      if (method === 'GET' || !body.startsWith('{')) return [status, body];
      const parsed = JSON.parse(body) as { data?: { status?: string; message?: string }[] };
      if (!Array.isArray(parsed.data)) return [status, body];
      for (const item of parsed.data) {
        if (item.status === 'error') item.message = hostileMessage;
      }
      return [status, JSON.stringify(parsed)];
    });
    const run = await inActions(o, ['apply', '--auto-approve'], { ZOHO_API_DOMAIN: front });
    expect(run.code, run.stderr).toBe(4);
    expectCleanRun(run);
    expect(run.summary).toContain('RECORD\\_LOCKED');
    expect(run.summary).toContain('@&#8203;org/team');
    expect(liveReferences(run.summary)).toEqual([]);
    // Zoho's message reached the report, on the record's own line.
    expect(run.stdout).toContain('locked by @org/team see #4\\u000a::error file=x::pwned');
    // The failure is annotated by the tool itself, with the message escaped inside it.
    const errors = run.stderr.split('\n').filter((l) => l.startsWith('::error '));
    expect(errors.length).toBeGreaterThan(0);
    for (const line of errors) expect(line).toMatch(OWN_COMMAND);
    // ...on one line there too, so the annotation cannot look like two.
    expect(errors.join('\n')).toContain('see #4\\u000a::error file=x::pwned');
  });

  it('escapeMarkdown keeps names readable and inert', () => {
    expect(escapeMarkdown('@acme/security-team')).toBe('@&#8203;acme/security-team');
    expect(escapeMarkdown('fix #1')).toBe('fix \\#&#8203;1');
    expect(escapeMarkdown('owner/repo#2')).toBe('owner/repo\\#&#8203;2');
    expect(escapeMarkdown('gh-3 and GH-4')).toBe('gh-&#8203;3 and GH-&#8203;4');
    expect(escapeMarkdown('bob@acme.com')).toBe('bob@&#8203;acme.com');
    // Nothing to neutralise: unchanged.
    expect(escapeMarkdown('Acme # 1 @ home, GHz-5')).toBe('Acme \\# 1 @ home, GHz-5');
    for (const name of [MENTION_RECORD, MENTION_TERRITORY, '@@x', '##12', 'a@b#3']) {
      expect(liveReferences(escapeMarkdown(name))).toEqual([]);
    }
  });
});

describe("Zoho's messages under GitHub Actions", () => {
  it('an accounts server refusal with "\\n::error" and "\\r\\n::add-mask::" is reported inert', async () => {
    org = await startTestOrg({ seed: smallOrg() });
    const o = org;
    await o.write('territories.yaml', desiredYaml({ Accounts: { [R.globex]: ['West'] } }));
    const accounts = await zohoInFront(o.emulator.url, () => [
      200,
      JSON.stringify({ error: `refused${ERROR_LINE}`, error_description: `why${MASK_LINE}` }),
    ]);
    const run = await inActions(o, ['plan'], { ZOHO_ACCOUNTS_URL: accounts });
    expect(run.code).toBe(1);
    expectCleanRun(run);
    expect(run.stderr).toContain('Error: ');
    expect(run.stderr).toMatch(/^:\\u003aerror file=x::pwned/m);
    // Reported once as the tool's own annotation, with the message escaped in it.
    const own = run.stderr.split('\n').filter((l) => l.startsWith('::error '));
    expect(own).toHaveLength(1);
    expect(own[0]).toContain('refused%0A::error file=x::pwned');
  });

  it('an API error message with U+2028 and "::stop-commands::" cannot stop the annotations', async () => {
    org = await startTestOrg({ seed: smallOrg() });
    const o = org;
    await o.write('territories.yaml', desiredYaml({ Accounts: { [R.globex]: ['West'] } }));
    const front = await zohoInFront(o.emulator.url, (_method, url, status, body) =>
      url.startsWith('/crm/')
        ? [
            400,
            JSON.stringify({
              code: 'INVALID_DATA',
              status: 'error',
              message: `bad\n${STOP}\n::error title=X::y\u2028::add-mask::z`,
              details: {},
            }),
          ]
        : [status, body],
    );
    const run = await inActions(o, ['plan'], { ZOHO_API_DOMAIN: front });
    expect(run.code).toBe(1);
    // `::error title=X::y` from Zoho has a title: the check for it is that it is escaped.
    expect(run.stderr).not.toMatch(/^\s*::(?:stop-commands|error title=X|add-mask)/m);
    expect(run.stderr).toContain(':\\u003astop-commands::tok');
    expectNoForeignCommands(run.stdout);
  });
});

describe('desired file names under GitHub Actions', () => {
  it('a file named "bad\\n::error file=x::pwned.yaml" is located without starting a line', async () => {
    org = await startTestOrg({ seed: smallOrg() });
    const o = org;
    const name = `bad${ERROR_LINE}.yaml`;
    await o.write(name, 'version: 1\nrecords:\n  Accounts:\n    "not-an-id": [West]\n');
    const run = await inActions(o, ['validate', name]);
    expect(run.code).toBe(1);
    expectCleanRun(run);
    // The terminal's diagnostics name the file with its line break shown.
    expect(run.stderr).toContain('bad\\u000a::error file=x::pwned.yaml:');
    // And the annotation points at it, escaped as GitHub reads a property.
    expect(run.stderr).toMatch(/^::error file=bad%0A%3A%3Aerror file=x%3A%3Apwned\.yaml,/m);
  });

  it('a missing file named "gone\\r\\n::add-mask::x.yaml" is refused inert', async () => {
    org = await startTestOrg({ seed: smallOrg() });
    const run = await inActions(org, ['validate', `gone${MASK_LINE}.yaml`]);
    expect(run.code).toBe(1);
    expectCleanRun(run);
    expect(run.stderr).not.toMatch(/^\s*::add-mask/m);
  });

  it('diagnostics name a hostile file and code on one line, in text and markdown alike', () => {
    const d: Diagnostic<string> = {
      code: `X${ERROR_LINE}`,
      severity: 'error',
      message: `m${MASK_LINE}`,
      location: { file: `f\u2028::add-mask::y @org/team #5.yaml`, line: 1, column: 2 },
      related: [{ file: `g\u0085${STOP}.yaml`, line: 3, column: 4 }],
    };
    const text = formatDiagnostics([d], { color: false });
    expect(text.split('\n').filter((l) => l !== '')).toHaveLength(2);
    expectNoForeignCommands(text);
    expect(text).toContain('f\\u2028::add-mask::y @org/team #5.yaml:1:2');
  });
});

describe('the output layer under GitHub Actions (the one choke point)', () => {
  function actionsContext() {
    const stdout = Object.assign(new PassThrough(), { isTTY: false });
    const stderr = Object.assign(new PassThrough(), { isTTY: false });
    const stdin = Object.assign(new PassThrough(), { isTTY: false });
    const read = (s: PassThrough) => () => (s.read() as Buffer | null)?.toString('utf8') ?? '';
    const ctx = createContext(
      { stdout, stderr, stdin, env: { GITHUB_ACTIONS: 'true' }, cwd: '/' },
      { noColor: false, verbose: true, quiet: false },
    );
    return { ctx, out: read(stdout), err: read(stderr) };
  }

  it('info, result, warn, verbose and raw io writes are made inert; ctx.command is not', () => {
    const { ctx, out, err } = actionsContext();
    ctx.info(`a${ERROR_LINE}`);
    ctx.result(`  ::warning::b\n\t${STOP}`);
    ctx.warn(`c${MASK_LINE}`);
    ctx.verbose('\u00a0::notice::d');
    ctx.io.stderr.write('e ##[error]f\n');
    ctx.command(workflowCommand('error', { title: 'T' }, `own${ERROR_LINE}`));
    const stdout = out();
    const stderr = err();
    expectNoForeignCommands(stdout, stderr);
    expect(stdout).toBe(
      'a\n:\\u003aerror file=x::pwned\n  :\\u003awarning::b\n\t:\\u003astop-commands::tok\n',
    );
    expect(stderr).toContain('c\\u000d\n:\\u003aadd-mask::x\n');
    expect(stderr).toContain('e ##\\u005berror]f\n');
    expect(stderr.split('\n')).toContain('::error title=T::own%0A::error file=x::pwned');
  });

  it('a "::" or "##[" split across writes is still caught', () => {
    const { ctx, out, err } = actionsContext();
    ctx.io.stdout.write('x\n :');
    ctx.io.stdout.write(':error::y\n#');
    ctx.io.stdout.write('#');
    ctx.io.stdout.write('[add-mask]z\n');
    ctx.io.stderr.write(Buffer.from('\n:'));
    ctx.io.stderr.write(Buffer.from(':add-mask::w\n'));
    const stdout = out();
    expectNoForeignCommands(stdout, err());
    expect(stdout).toBe('x\n :\\u003aerror::y\n##\\u005badd-mask]z\n');
  });

  it("a line that is not one of workflowCommand's cannot pass as a command", () => {
    const { ctx, err } = actionsContext();
    ctx.command('::add-mask::x' as WorkflowCommandLine);
    ctx.command('::error::a\n::add-mask::b' as WorkflowCommandLine);
    ctx.io.stderr.write('partial');
    ctx.command(workflowCommand('notice', { title: 'N' }, 'n'));
    const stderr = err();
    expectNoForeignCommands(stderr);
    // Our notice still starts its own line even after a partial one.
    expect(stderr.endsWith('partial\n::notice title=N::n\n')).toBe(true);
  });

  it('outside GitHub Actions nothing is rewritten', () => {
    const stdout = Object.assign(new PassThrough(), { isTTY: false });
    const stderr = Object.assign(new PassThrough(), { isTTY: false });
    const stdin = Object.assign(new PassThrough(), { isTTY: false });
    const ctx = createContext(
      { stdout, stderr, stdin, env: {}, cwd: '/' },
      { noColor: true, verbose: false, quiet: false },
    );
    ctx.result('::x::y ##[z]');
    ctx.command(workflowCommand('error', { title: 'T' }, 'not printed'));
    expect((stdout.read() as Buffer).toString()).toBe('::x::y ##[z]\n');
    expect(stderr.read()).toBeNull();
  });

  it('inertForActions is idempotent and leaves ordinary plans, JSON and markdown alone', () => {
    const ordinary = [
      'Accounts\n  ~ Acme Corp (1)\n      + West\nPlan: 1 to assign, 0 to remove.\n',
      '{\n  "a": "::b",\n  "c": "##x"\n}\n',
      '<!-- territory-sync-plan -->\n### territory-sync plan\n\n| a | b |\n| --- | ---: |\n',
    ];
    for (const text of ordinary) expect(inertForActions(text)).toBe(text);
    const hostile = `x${ERROR_LINE}${MASK_LINE}\n##[add-mask]q\u2028${STOP}`;
    expect(inertForActions(inertForActions(hostile))).toBe(inertForActions(hostile));
    const log = createInertLog();
    expect(log.atLineStart).toBe(true);
    log.inert('abc');
    expect(log.atLineStart).toBe(false);
  });
});

describe('the apply summary stays within what GitHub keeps', () => {
  it('cuts 5,000 failed records with long names and reasons to the limit, and says how many more', async () => {
    const { renderApplyReportMarkdown, APPLY_MARKDOWN_LIMIT } =
      await import('../../src/render/apply-report.js');
    const records = Array.from({ length: 5_000 }, (_, i) => ({
      module: 'Accounts' as const,
      id: String(554023000003600000 + i),
      name: 'N'.repeat(10_000),
      status: 'failed' as const,
      code: 'INVALID_DATA' as const,
      reason: 'R'.repeat(10_000),
      attempts: 1,
    }));
    const markdown = renderApplyReportMarkdown({
      format: 'territory-sync/apply-report',
      formatVersion: 1,
      planHash: 'c'.repeat(64),
      startedAt: '2026-12-04T00:00:00.000Z',
      finishedAt: '2026-12-04T00:01:00.000Z',
      verified: true,
      records,
      summary: { converged: 0, failed: 5_000, pending: 0, skipped: 0 },
      counts: {
        writeCalls: 500,
        jobPolls: 0,
        verifyReads: 50,
        resubmissions: 0,
        transportRetries: 0,
      },
    });
    expect(markdown.length).toBeLessThanOrEqual(APPLY_MARKDOWN_LIMIT);
    expect(markdown).toMatch(/… and [\d,]+ more records: see the apply report/);
    expect(markdown).toContain(`${'N'.repeat(500)}…`);
  });
});

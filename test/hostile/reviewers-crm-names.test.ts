// CRM names are written by anyone with access to the CRM. Through plan --group-by territory,
// the PR comment, tree, owners and why --online they reach the terminal, GitHub Actions logs and
// pull-request comments: none may drive the terminal, raise a workflow command, ping anyone or
// break out of the Mermaid picture, and the --online reads write nothing.
import { afterEach, describe, expect, it } from 'vitest';
import type { EmulatorSeed } from '../../src/emulator/index.js';
import { desiredYaml, startOrgWith } from '../helpers/org.js';
import type { TestOrg } from '../helpers/org.js';
import { demoClient } from '../e2e/small-org.js';
import { mermaidBlock, parseFlowchart } from '../unit/render/mermaid-grammar.js';

const ROOT = '554023000000900001';
const HOSTILE = [
  '::error::forged territory',
  '\u001b[31mRed\u001b]0;title\u0007',
  '"] --> x["y',
  'click n0 href "javascript:alert(1)"',
  '%%{init: {"securityLevel":"loose"}}%%',
  '```\n@acme/security-team #12 owner/repo#3',
  '<script>alert(1)</script> ##[error]old-style',
];
const territoryId = (i: number) => String(554023000000900100n + BigInt(i));
const recordId = (i: number) => String(554023000003600100n + BigInt(i));

function hostileOrg(): EmulatorSeed {
  return {
    territories: [
      { id: ROOT, name: 'Organization', parent: null },
      ...HOSTILE.map((name, i) => ({
        id: territoryId(i),
        name,
        // The second half sits below the first territory: paths carry hostile segments too.
        parent: i < 4 ? ROOT : territoryId(0),
      })),
    ],
    records: {
      Accounts: HOSTILE.map((name, i) => ({
        id: recordId(i),
        name: `${name} @someone`,
        territories: [territoryId((i + 1) % HOSTILE.length)],
      })),
    },
    oauthClients: [demoClient()],
  };
}

let org: TestOrg | undefined;
afterEach(async () => {
  await org?.close();
  org = undefined;
});

/** The tool's own annotations: a command with properties, its data escaped by the tool. */
const OWN_ANNOTATION = /^::(notice|warning|error) file=[^\s:]+,line=\d+,col=\d+,title=[^:]*::/;

/** What a step's log would run as a command, or show as a raw control character. */
function expectInertLog(output: string): void {
  // eslint-disable-next-line no-control-regex -- no raw control character may reach the log
  expect(output).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
  expect(output).not.toContain('##[');
  for (const line of output.split('\n')) {
    if (OWN_ANNOTATION.test(line)) continue;
    expect(line.trimStart().startsWith('::'), line).toBe(false);
  }
}

/** The markdown outside fenced blocks, which GitHub closes only at a line starting with ```. */
function outsideFences(markdown: string): string {
  let fenced = false;
  const kept: string[] = [];
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    else if (!fenced) kept.push(line);
  }
  return kept.join('\n');
}

describe('hostile CRM names through the reviewers’ commands', () => {
  async function started() {
    const yaml = desiredYaml({
      Accounts: Object.fromEntries(HOSTILE.map((_, i) => [recordId(i), [territoryId(i)]])),
    });
    const run = await startOrgWith(yaml, { seed: hostileOrg() });
    org = run.org;
    await org.write(
      'territory-sync.config.yaml',
      `owners:\n  Organization: ["@zylker/sales-ops"]\n  "${territoryId(0)}": ["@zylker/first"]\n`,
    );
    return run;
  }

  it('stay inert in the Actions log: plan per territory, tree, owners and why (reads only)', async () => {
    const { org: o, cli } = await started();
    const actions = { GITHUB_ACTIONS: 'true' };
    o.emulator.resetStats();
    for (const argv of [
      ['plan', '--group-by', 'territory'],
      ['tree', '--online'],
      ['owners', '--online'],
      ['why', 'Accounts', recordId(0), '--online'],
    ]) {
      const result = await cli(argv, actions);
      expect(result.code, argv.join(' ')).toBe(0);
      expectInertLog(result.stdout + result.stderr);
    }
    expect(o.emulator.stats()).toMatchObject({ writeCalls: 0, writeEntries: { total: 0 } });
  });

  it('in the PR comment: only the config’s owners are mentioned and the picture parses', async () => {
    const { cli } = await started();
    const result = await cli(['plan', '--format', 'markdown', '--group-by', 'territory']);
    expect(result.code).toBe(0);
    const markdown = result.stdout;
    // Outside code blocks, an @ followed by a name is a mention unless a zero-width space splits it.
    const prose = outsideFences(markdown);
    const mentions = [...prose.matchAll(/(^|[^\w&#;/])@([A-Za-z0-9][\w-]*(?:\/[\w-]+)?)/g)].map(
      (m) => m[2],
    );
    expect(new Set(mentions)).toEqual(new Set(['zylker/sales-ops', 'zylker/first']));
    expect(prose).not.toMatch(/(^|[^\\&])#\d/);
    expect(prose).not.toContain('<script>');
    const picture = parseFlowchart(mermaidBlock(markdown));
    expect(picture.nodes.size).toBeGreaterThanOrEqual(HOSTILE.length);
  });
});

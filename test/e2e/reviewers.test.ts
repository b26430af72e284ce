// Built for the reviewers (issue #16): the demo org's plan per territory, the PR comment that
// opens with who must review it, a table and a picture, owners inherited down the hierarchy,
// `show` drawing a saved plan offline, `tree` and `owners`, and a 10,000-change plan that stays
// within GitHub's comment limit.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generatedRecordId } from '../../src/emulator/index.js';
import { MARKDOWN_LIMIT } from '../../src/render/markdown.js';
import { startTestOrg } from '../helpers/org.js';
import type { TestOrg } from '../helpers/org.js';
import { REPO_ROOT, runCli } from '../helpers/run-cli.js';
import { decodeLabel, mermaidBlock, parseFlowchart } from '../unit/render/mermaid-grammar.js';
import { accountsToAssign } from './generated-org.js';

/** The owners a Zylker sales org would write: the root's team, two regions, one country. */
const CONFIG = `# Who reviews changes to which territories.
owners:
  Organization: ["@zylker/sales-ops"]
  Organization/EMEA: ["@zylker/emea-sales"]
  Organization/Americas/North America: ["@zylker/na-sales", "@maria-lopez"]
  dach: ["@zylker/dach"]
`;

let org: TestOrg | undefined;
afterEach(async () => {
  await org?.close();
  org = undefined;
});

/** The demo org with the shipped territories.yaml and `config` beside it. */
async function demo(config = CONFIG) {
  org = await startTestOrg();
  await org.write(
    'territories.yaml',
    await readFile(path.join(REPO_ROOT, 'territories.yaml'), 'utf8'),
  );
  await org.write('territory-sync.config.yaml', config);
  const dir = org.dir;
  const env = org.env;
  const cli = (argv: readonly string[], extra: Record<string, string | undefined> = {}) =>
    runCli(argv, { cwd: dir, env: { ...env, ...extra } });
  return { org, cli };
}

/** The emulator's port changes each run. */
const stable = (text: string) => text.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT');

/** The "By territory" table of a comment. */
const table = (markdown: string) =>
  markdown.slice(markdown.indexOf('#### By territory'), markdown.indexOf('#### Where'));

describe('the demo plan per territory', () => {
  it('lists each territory with the records it gains and loses, and who reviews it (text)', async () => {
    const { cli } = await demo();
    const result = await cli(['plan', '--group-by', 'territory']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(stable(result.stdout)).toMatchInlineSnapshot(`
      "Target: http://127.0.0.1:PORT, org Zylker (id 554023000000016001)

      Organization/EMEA/Enterprise: gains 3 records (net +3). Owners: @zylker/emea-sales
        + Accounts Müller Maschinenbau GmbH (554023000003635003)
        + Contacts Camille Laurent (554023000003635106)
        + Deals Initech platform deal (554023000003639904)
      Organization/Americas/North America/US West: gains 2 records (net +2). Owners: @zylker/na-sales, @maria-lopez
        + Contacts Hank Scorpio (554023000003635102)
        + Deals Globex expansion (554023000003639902)
      Organization/Partners: gains 1 record, loses 1 (net 0). Owners: @zylker/sales-ops
        + Accounts Samba Payments Ltda (554023000003635011)
        - Accounts Vandelay Industries (554023000003635013)
      Organization/APAC: gains 1 record (net +1). Owners: @zylker/sales-ops
        + Accounts Lotus Software Pvt Ltd (554023000003635009)
      Organization/APAC/Japan: gains 1 record (net +1). Owners: @zylker/sales-ops
        + Accounts Sakura Robotics KK (554023000003635008)
      Organization/Americas/Enterprise: gains 1 record (net +1). Owners: @zylker/sales-ops
        + Accounts Acme Corp (554023000003635001)
      Organization/Americas/North America/US East: loses 1 record (net -1). Owners: @zylker/na-sales, @maria-lopez
        - Deals Globex expansion (554023000003639902)
      Organization/EMEA: loses 1 record (net -1). Owners: @zylker/emea-sales
        - Contacts Lars Nilsen (554023000003635105)
      Organization/EMEA/France: loses 1 record (net -1). Owners: @zylker/emea-sales
        - Accounts Müller Maschinenbau GmbH (554023000003635003)
      Organization/EMEA/UK & Ireland: gains 1 record (net +1). Owners: @zylker/emea-sales
        + Accounts Initech UK (554023000003635004)
      Organization/Strategic Accounts: gains 1 record (net +1). Owners: @zylker/sales-ops
        + Accounts Müller Maschinenbau GmbH (554023000003635003)
      Needs review from: @maria-lopez, @zylker/emea-sales, @zylker/na-sales, @zylker/sales-ops
      API: 5 reads done; apply needs 8 writes (2 waves, 8 calls) and 21 credits.
      Plan: 11 to assign, 4 to remove, across 12 records (17 unchanged).
      "
    `);
  });

  it('opens the PR comment with the reviewers, a table and a picture (markdown)', async () => {
    const { cli } = await demo();
    const result = await cli(['plan', '--format', 'markdown']);
    expect(result.code).toBe(0);
    const markdown = stable(result.stdout);
    await expect(markdown).toMatchFileSnapshot('./__snapshots__/demo-plan-comment.md');
    // Before the per-record plan, in this order.
    const order = ['**Needs review from:**', '#### By territory', '```mermaid', '#### Changes\n'];
    const at = order.map((text) => markdown.indexOf(text));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    // The picture parses, and draws every changed territory under its ancestors.
    const picture = parseFlowchart(mermaidBlock(markdown));
    const labels = [...picture.nodes.values()].map(decodeLabel);
    expect(labels).toContain('Organization');
    expect(labels).toContain('Enterprise (+3)');
    expect(picture.edges.length).toBe(picture.nodes.size - 1);
  });

  it('inherits owners down the hierarchy: the nearest entry wins', async () => {
    const { cli } = await demo();
    const markdown = (await cli(['plan', '--format', 'markdown'])).stdout;
    const rows = table(markdown);
    // EMEA/Enterprise has no entry: EMEA's team reviews it, not the root's.
    expect(rows).toContain('| Organization/EMEA/Enterprise | 3 | 0 | +3 | @zylker/emea-sales |');
    // US West sits under North America, two levels down.
    expect(rows).toContain(
      '| Organization/Americas/North America/US West | 2 | 0 | +2 | @zylker/na-sales, @maria-lopez |',
    );
    // Nothing nearer than the root for APAC.
    expect(rows).toContain('| Organization/APAC/Japan | 1 | 0 | +1 | @zylker/sales-ops |');
    expect(markdown).toContain(
      '**Needs review from:** @maria-lopez, @zylker/emea-sales, @zylker/na-sales, @zylker/sales-ops\n',
    );
    // DACH's own team changes nothing here: no DACH record moves.
    expect(markdown).not.toContain('@zylker/dach');
  });

  it('shows a saved plan per territory offline, with the owners of this checkout’s config', async () => {
    const { org, cli } = await demo();
    expect((await cli(['plan', '--out', 'plan.json', '--quiet'])).code).toBe(0);
    const planned = (await cli(['plan', '--format', 'markdown'])).stdout;
    const offline = {
      ZOHO_CLIENT_ID: undefined,
      ZOHO_CLIENT_SECRET: undefined,
      ZOHO_REFRESH_TOKEN: undefined,
      ZOHO_API_DOMAIN: undefined,
      ZOHO_ACCOUNTS_URL: undefined,
    };
    const shown = await cli(['show', 'plan.json', '--format', 'markdown'], offline);
    expect(shown.code).toBe(0);
    expect(table(shown.stdout)).toBe(table(planned));
    expect(mermaidBlock(shown.stdout)).toBe(mermaidBlock(planned));

    // The reviewers are the config's, never the plan file's: change the config, not the plan.
    await org.write('territory-sync.config.yaml', 'owners:\n  Organization: ["@zylker/cro"]\n');
    const again = await cli(
      ['show', 'plan.json', '--format', 'markdown', '--group-by', 'territory'],
      offline,
    );
    expect(again.stdout).toContain('**Needs review from:** @zylker/cro\n');
    expect(again.stdout).toContain('#### Changes by territory');
    expect(again.stdout).not.toContain('emea-sales');
  });

  it('refuses --group-by territory with JSON before reading the CRM', async () => {
    const { org, cli } = await demo();
    org.emulator.resetStats();
    const result = await cli(['plan', '--format', 'json', '--group-by', 'territory']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      '--group-by territory applies to the text and markdown formats',
    );
    expect(org.emulator.stats().calls).toBe(0);
  });
});

describe('an owners key written as an alias', () => {
  it('names the alias’s territory even where no record uses the alias', async () => {
    const { cli } = await demo('owners:\n  amer-enterprise: ["@zylker/amer-enterprise"]\n');
    const shipped = await readFile(path.join(REPO_ROOT, 'territories.yaml'), 'utf8');
    const edited = shipped.replace(
      '[east, amer-enterprise]',
      '[east, Organization/Americas/Enterprise]',
    );
    expect(edited).not.toBe(shipped);
    await org?.write('territories.yaml', edited);
    const result = await cli(['plan', '--format', 'markdown']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('**Needs review from:** @zylker/amer-enterprise');
    expect(result.stderr).not.toContain('owners: unknown territory');
  });
});

describe('an owners key written as a name the CRM has twice', () => {
  it('pings nobody, and plan says the key is ambiguous with its line, though the plan changes only one of them', async () => {
    const { cli } = await demo('owners:\n  Enterprise: ["@zylker/enterprise-team"]\n');
    await org?.write(
      'territories.yaml',
      'version: 1\nrecords:\n  Accounts:\n    "554023000003635001": { territories: [US East, Organization/Americas/Enterprise] }\n',
    );
    const result = await cli(['plan', '--format', 'markdown']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Organization/Americas/Enterprise');
    expect(result.stdout).not.toContain('@zylker/enterprise-team');
    expect(result.stdout + result.stderr).toMatch(/territory-sync\.config\.yaml:2:3/);
    expect(result.stdout + result.stderr).toMatch(/Enterprise/);
  });

  it('show of the saved plan pings nobody either, and says to write the key as a path', async () => {
    const { cli } = await demo('owners:\n  Enterprise: ["@zylker/enterprise-team"]\n');
    await org?.write(
      'territories.yaml',
      'version: 1\nrecords:\n  Accounts:\n    "554023000003635001": { territories: [US East, Organization/Americas/Enterprise] }\n',
    );
    expect((await cli(['plan', '--out', 'plan.json'])).code).toBe(0);
    const shown = await cli(['show', 'plan.json', '--format', 'markdown']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('Organization/Americas/Enterprise');
    expect(shown.stdout).not.toContain('@zylker/enterprise-team');
    expect(shown.stdout + shown.stderr).toContain('territory-sync.config.yaml:2:3');
    expect(shown.stdout + shown.stderr).toContain('Write the key as a path');
  });
});

describe('tree and owners', () => {
  it('prints the hierarchy the desired files tell, offline', async () => {
    const { cli } = await demo();
    const result = await cli(['tree'], { ZOHO_REFRESH_TOKEN: undefined });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatchInlineSnapshot(`
      "Territories named in territories.yaml, with the records that list each (offline: the hierarchy comes from the paths written there).
      Organization: 6 records in all
        Americas: 1 record in all
          Enterprise: 1 record
        EMEA: 5 records in all
          DACH: 3 records
          Enterprise: 3 records

      Named by name or id (where they sit in the hierarchy is known only to the CRM; run \`territory-sync tree --online\`):
        554023000000430499: 3 records
        ANZ: 2 records
        APAC: 2 records
        Canada: 1 record
        France: 2 records
        India: 2 records
        Japan: 2 records
        LATAM: 1 record
        Nordics: 3 records
        North America: 1 record
        Partners: 1 record
        UK & Ireland: 2 records
        US East: 4 records
        US West: 3 records
      "
    `);
  });

  it('says so when the desired files name no territory, instead of an empty tree', async () => {
    const { org, cli } = await demo();
    await org.write(
      'territories.yaml',
      'version: 1\nrecords:\n  Accounts:\n    "554023000003635001": []\n',
    );
    for (const format of ['text', 'mermaid']) {
      const result = await cli(['tree', '--format', format], { ZOHO_REFRESH_TOKEN: undefined });
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(
        'No territory is named in territories.yaml (no record listed there has one). Run ' +
          '`territory-sync tree --online` to see the hierarchy in the CRM.\n',
      );
    }
  });

  it('prints the CRM’s hierarchy with the listed records it holds now, with --online', async () => {
    const { org, cli } = await demo();
    org.emulator.resetStats();
    const result = await cli(['tree', '--online']);
    // Reads only: the catalogue and the listed records.
    expect(org.emulator.stats()).toMatchObject({ writeCalls: 0, writeEntries: { total: 0 } });
    expect(org.emulator.stats().readCalls).toBeGreaterThan(0);
    expect(result.code).toBe(0);
    expect(stable(result.stdout)).toMatchInlineSnapshot(`
      "Territories in http://127.0.0.1:PORT, with how many of the 29 listed records each holds now (manually or by rules).
      Organization: 25 records in all
        APAC: 6 records in all, 1 directly
          ANZ: 2 records
          India: 2 records
          Japan: 1 record
        Americas: 8 records in all
          Enterprise
          LATAM: 1 record
          North America: 7 records in all, 1 directly
            Canada: 1 record
            US East: 5 records
            US West: 1 record
        EMEA: 9 records in all, 1 directly
          DACH: 3 records
          Enterprise
          France: 3 records
          Nordics: 3 records
          UK & Ireland: 1 record
        Partners: 1 record
        Strategic Accounts: 2 records
      "
    `);
    const mermaid = await cli(['tree', '--online', '--format', 'mermaid']);
    const picture = parseFlowchart(mermaidBlock(mermaid.stdout));
    expect(picture.nodes.size).toBe(20);
  });

  it('lists the owners per territory and where each comes from', async () => {
    const { org, cli } = await demo();
    const offline = await cli(['owners']);
    expect(offline.code).toBe(0);
    expect(offline.stdout).toMatchInlineSnapshot(`
      "Owners from territory-sync.config.yaml: a territory without an entry of its own has the owners of its nearest ancestor that has one. (Offline: the hierarchy comes from the paths written in the desired files and the owners keys.)
      Organization: @zylker/sales-ops (its own entry, territory-sync.config.yaml:3:3)
        Americas: @zylker/sales-ops (from Organization)
          Enterprise: @zylker/sales-ops (from Organization)
          North America: @zylker/na-sales, @maria-lopez (its own entry, territory-sync.config.yaml:5:3)
        EMEA: @zylker/emea-sales (its own entry, territory-sync.config.yaml:4:3)
          DACH: @zylker/dach (its own entry, territory-sync.config.yaml:6:3)
          Enterprise: @zylker/emea-sales (from Organization/EMEA)

      Named by name or id (their ancestors, and so the owners they inherit, are known only to the CRM; run \`territory-sync owners --online\`):
        554023000000430499: not known offline
        ANZ: not known offline
        APAC: not known offline
        Canada: not known offline
        France: not known offline
        India: not known offline
        Japan: not known offline
        LATAM: not known offline
        Nordics: not known offline
        Partners: not known offline
        UK & Ireland: not known offline
        US East: not known offline
        US West: not known offline
      "
    `);
    org.emulator.resetStats();
    const online = await cli(['owners', '--online']);
    expect(online.code).toBe(0);
    expect(org.emulator.stats()).toMatchObject({ writeCalls: 0, writeEntries: { total: 0 } });
    expect(org.emulator.stats().territoryCalls).toBeGreaterThan(0);
    expect(online.stdout).toMatchInlineSnapshot(`
      "Owners from territory-sync.config.yaml: a territory without an entry of its own has the owners of its nearest ancestor that has one.
      Organization: @zylker/sales-ops (its own entry, territory-sync.config.yaml:3:3)
        APAC: @zylker/sales-ops (from Organization)
          ANZ: @zylker/sales-ops (from Organization)
          India: @zylker/sales-ops (from Organization)
          Japan: @zylker/sales-ops (from Organization)
        Americas: @zylker/sales-ops (from Organization)
          Enterprise: @zylker/sales-ops (from Organization)
          LATAM: @zylker/sales-ops (from Organization)
          North America: @zylker/na-sales, @maria-lopez (its own entry, territory-sync.config.yaml:5:3)
            Canada: @zylker/na-sales, @maria-lopez (from Organization/Americas/North America)
            US East: @zylker/na-sales, @maria-lopez (from Organization/Americas/North America)
            US West: @zylker/na-sales, @maria-lopez (from Organization/Americas/North America)
        EMEA: @zylker/emea-sales (its own entry, territory-sync.config.yaml:4:3)
          DACH: @zylker/dach (its own entry, territory-sync.config.yaml:6:3)
          Enterprise: @zylker/emea-sales (from Organization/EMEA)
          France: @zylker/emea-sales (from Organization/EMEA)
          Nordics: @zylker/emea-sales (from Organization/EMEA)
          UK & Ireland: @zylker/emea-sales (from Organization/EMEA)
        Partners: @zylker/sales-ops (from Organization)
        Strategic Accounts: @zylker/sales-ops (from Organization)
      "
    `);
  });

  it('reports an owners entry that names no territory at its line in the config (exit 1)', async () => {
    const { cli } = await demo(`${CONFIG}  Organization/APAC/Jpan: ["@zylker/japan"]\n`);
    const result = await cli(['owners', '--online']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('territory-sync.config.yaml:7:3');
    expect(result.stderr).toContain('owners: unknown territory');
    expect(result.stderr).toContain('Did you mean "Organization/APAC/Japan"');
  });

  it('prints a CODEOWNERS block for desired files split per region', async () => {
    const { org, cli } = await demo();
    await org.write('territory-sync.config.yaml', `${CONFIG}desired: [territories/*.yaml]\n`);
    const { mkdir } = await import('node:fs/promises');
    // CODEOWNERS paths start at the repository's root: the folder stands for one.
    await mkdir(path.join(org.dir, '.git'));
    await mkdir(path.join(org.dir, 'territories'));
    await org.write(
      'territories/emea.yaml',
      'version: 1\nterritories:\n  dach: { path: Organization/EMEA/DACH }\nrecords:\n  Accounts:\n    "554023000003635003": [dach, Organization/EMEA/Enterprise]\n',
    );
    await org.write(
      'territories/americas.yaml',
      'version: 1\nrecords:\n  Accounts:\n    "554023000003635002": [Organization/Americas/North America/US West]\n',
    );
    const result = await cli(['owners', '--codeowners']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatchInlineSnapshot(`
      "# From territory-sync owners --codeowners (territory-sync.config.yaml): each desired file with
      # the owners of the territories it lists. Keep below broader rules: the last match wins.
      /territories/americas.yaml @maria-lopez @zylker/na-sales
      /territories/emea.yaml @zylker/dach @zylker/emea-sales
      "
    `);
  });
});

describe('10,000 changes', () => {
  it('keep the comment within GitHub’s limit: the table and the picture bounded', async () => {
    const { seed, yaml } = accountsToAssign(10_000, 400);
    org = await startTestOrg({ seed });
    await org.write('territories.yaml', yaml);
    await org.write(
      'territory-sync.config.yaml',
      'owners:\n  Organization: ["@zylker/sales-ops"]\n',
    );
    const result = await runCli(['plan', '--format', 'markdown', '--group-by', 'territory'], {
      cwd: org.dir,
      env: org.env,
    });
    expect(result.code).toBe(0);
    const markdown = result.stdout;
    expect(markdown.length).toBeLessThanOrEqual(MARKDOWN_LIMIT);
    expect(markdown).toContain('**Plan: 10,000 to assign, 0 to remove, across 10,000 records');
    expect(markdown).toContain('**Needs review from:** @zylker/sales-ops\n');
    expect(table(markdown).match(/^\| /gm)).toHaveLength(2 + 15 + 1);
    expect(table(markdown)).toContain('| … and 384 more territories | ');
    const picture = parseFlowchart(mermaidBlock(markdown));
    expect(picture.nodes.size).toBeLessThanOrEqual(30);
    expect(markdown).toMatch(
      /\*\*[\d,]+ changes not shown\*\* to stay within the 65,536-character comment limit/,
    );
    expect(markdown).toContain(generatedRecordId('Accounts', 0).slice(0, 6));
  });
});

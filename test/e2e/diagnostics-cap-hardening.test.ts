// A desired file with 10,000 broken records: the user reads the first problems in full and a
// count of the rest by code, not 10,000 blocks on stderr; GitHub gets a handful of annotations.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatedTerritoryId } from '../../src/emulator/index.js';
import { MAX_PRINTED_DIAGNOSTICS } from '../../src/render/diagnostics.js';
import { GITHUB_ANNOTATIONS_SHOWN_PER_TYPE } from '../../src/render/github/index.js';
import { startTestOrg } from '../helpers/org.js';
import { runCli } from '../helpers/run-cli.js';
import { accountsToAssign } from './generated-org.js';

const BAD_IDS = 6_000;
const TWO_TERRITORY_DEALS = 4_000;
const BROKEN = BAD_IDS + TWO_TERRITORY_DEALS;

/** 6,000 Accounts with ids that are not Zoho ids, 4,000 Deals with two territories each. */
function brokenFile(): string {
  const lines = ['version: 1', 'records:', '  Accounts:'];
  for (let i = 0; i < BAD_IDS; i += 1) lines.push(`    "acct-${i}": [EMEA]`);
  lines.push('  Deals:');
  for (let i = 0; i < TWO_TERRITORY_DEALS; i += 1) {
    lines.push(`    "5540230000${String(i).padStart(8, '0')}": [EMEA, APAC]`);
  }
  return `${lines.join('\n')}\n`;
}

/** "file:line:col: error CODE: ..." lines: one per problem printed in full. */
const errorBlocks = (stderr: string) =>
  stderr.split('\n').filter((line) => /^broken\.yaml:\d+:\d+: error [A-Z_]+: /.test(line));

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'territory-sync-cap-'));
  await writeFile(path.join(dir, 'broken.yaml'), brokenFile());
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a file with 10,000 broken records', () => {
  it('prints the first 50 problems and counts the rest by code: bounded stderr, exit 1', async () => {
    const result = await runCli(['validate', 'broken.yaml'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    // Uncapped this was 10,000 blocks of about 200 bytes each (~2 MB); now a few pages.
    expect(result.stderr.length).toBeLessThan(32 * 1024);

    const shown = errorBlocks(result.stderr);
    expect(shown).toHaveLength(MAX_PRINTED_DIAGNOSTICS);
    const shownBadIds = shown.filter((l) => l.includes('error BAD_RECORD_ID:')).length;
    const shownDeals = shown.filter((l) => l.includes('error DEAL_SINGLE_TERRITORY:')).length;
    expect(shownBadIds + shownDeals).toBe(MAX_PRINTED_DIAGNOSTICS);

    // Every problem is accounted for: shown in full, or counted under its code.
    const rest = /^\.\.\. and ([\d,]+) more errors not shown: (.*)\.$/m.exec(result.stderr);
    expect(rest, result.stderr.slice(-2000)).not.toBeNull();
    const number = (text: string) => Number(text.replace(/,/g, ''));
    expect(number(rest?.[1] ?? '')).toBe(BROKEN - MAX_PRINTED_DIAGNOSTICS);
    const counts = Object.fromEntries(
      [...(rest?.[2] ?? '').matchAll(/([A-Z_]+) \(([\d,]+)\)/g)].map((m) => [
        m[1],
        number(m[2] ?? ''),
      ]),
    );
    expect(counts).toEqual({
      ...(shownBadIds < BAD_IDS ? { BAD_RECORD_ID: BAD_IDS - shownBadIds } : {}),
      ...(shownDeals < TWO_TERRITORY_DEALS
        ? { DEAL_SINGLE_TERRITORY: TWO_TERRITORY_DEALS - shownDeals }
        : {}),
    });
    expect(result.stderr).toContain(
      'broken.yaml: 10,000 problems found; nothing was sent to Zoho.',
    );
  });

  it('annotates at most what GitHub shows, the last annotation counting the rest', async () => {
    const result = await runCli(['validate', 'broken.yaml'], {
      cwd: dir,
      env: { GITHUB_ACTIONS: 'true' },
    });
    expect(result.code).toBe(1);
    const annotations = result.stderr.split('\n').filter((line) => line.startsWith('::'));
    expect(annotations).toHaveLength(GITHUB_ANNOTATIONS_SHOWN_PER_TYPE);
    expect(annotations.every((line) => line.startsWith('::error '))).toBe(true);
    const shown = GITHUB_ANNOTATIONS_SHOWN_PER_TYPE - 1;
    expect(annotations.at(-1)).toMatch(
      new RegExp(
        `^::error title=More errors::${(BROKEN - shown).toLocaleString('en-US')} more errors ` +
          'not annotated here, by code: ',
      ),
    );
    expect(errorBlocks(result.stderr)).toHaveLength(MAX_PRINTED_DIAGNOSTICS);
    expect(result.stderr.length).toBeLessThan(40 * 1024);
  });
});

describe('a saved plan whose 120 records all moved in the CRM', () => {
  it('lists the first 50 moved records and counts the rest; writes nothing', async () => {
    const { seed, yaml } = accountsToAssign(120);
    const org = await startTestOrg({ seed });
    try {
      await org.write('territories.yaml', yaml);
      const cli = (argv: string[]) => runCli(argv, { cwd: org.dir, env: org.env });
      expect((await cli(['plan', '--out', 'plan.json'])).code).toBe(0);
      // Someone assigns a territory to every one of them before the plan is applied.
      const moved = {
        ...seed,
        records: {
          ...seed.records,
          Accounts: (seed.records?.Accounts ?? []).map((r) => ({
            ...r,
            territories: [generatedTerritoryId(1)],
          })),
        },
      };
      const reseed = await fetch(`${org.emulator.url}/__emulator/reseed`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(moved),
      });
      expect(reseed.status).toBe(200);
      org.emulator.resetStats();

      const stale = await cli(['apply', 'plan.json']);
      expect(stale.code).toBe(1);
      expect(stale.stderr).toContain('plan.json is stale: 120 records have changed in the CRM');
      const listed = stale.stderr.split('\n').filter((l) => /^ {2}Accounts .* -> /.test(l));
      expect(listed).toHaveLength(MAX_PRINTED_DIAGNOSTICS);
      expect(stale.stderr).toContain('\n  ... and 70 more records\n');
      expect(org.emulator.stats().writeCalls).toBe(0);
    } finally {
      await org.close();
    }
  });
});

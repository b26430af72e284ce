// Issue #6: `export` of a module larger than Zoho's 100,000-record listing limit is complete.
// The CLI against the emulator: pages and page_token up to 100,000, COQL ids and reads by ids
// past it, with exactly the calls that strategy needs.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEMO_OAUTH_CLIENT,
  generateOrg,
  generatedRecordId,
  generatedTerritoryId,
} from '../../src/emulator/index.js';
import type { EmulatorSeed, SeedRecord } from '../../src/emulator/index.js';
import { startTestOrg } from '../helpers/org.js';
import type { TestOrg } from '../helpers/org.js';
import { runCli } from '../helpers/run-cli.js';

const PER_PAGE = 200; // Get Records' maximum, what the client asks for
const DISCRETE_LIMIT = 2_000; // page/per_page reach this far
const TOKEN_LIMIT = 100_000; // page_token reaches this far
const COQL_LIMIT = 2_000; // ids per COQL page
const IDS_PER_READ = 100; // ids per Get Records by ids (assumption A4)

let org: TestOrg | undefined;
afterEach(async () => {
  await org?.close();
  org = undefined;
});

/**
 * `n` Accounts: every 50th with a manual territory (every 150th also one from rules), every
 * 50th offset by 25 with territories from rules only, the rest with none.
 */
function largeOrg(n: number, scopes: readonly string[] = DEMO_OAUTH_CLIENT.scopes): EmulatorSeed {
  const seed = generateOrg({
    territories: 6,
    records: { Accounts: n },
    maxTerritoriesPerRecord: 0,
    oauthClients: [
      {
        clientId: DEMO_OAUTH_CLIENT.clientId,
        clientSecret: DEMO_OAUTH_CLIENT.clientSecret,
        refreshTokens: [DEMO_OAUTH_CLIENT.refreshToken],
        scopes: [...scopes],
      },
    ],
  });
  const accounts: SeedRecord[] = (seed.records?.Accounts ?? []).map((record, i) => {
    const byRules = { id: generatedTerritoryId(5), assigned: 'automatically' as const };
    if (i % 50 === 0) {
      const manual = generatedTerritoryId(1 + ((i / 50) % 4));
      return { ...record, territories: i % 150 === 0 ? [manual, byRules] : [manual] };
    }
    return i % 50 === 25 ? { ...record, territories: [byRules] } : record;
  });
  return { ...seed, records: { Accounts: accounts } };
}

const manualIds = (n: number, below = n) =>
  Array.from({ length: Math.ceil(Math.min(n, below) / 50) }, (_, k) =>
    generatedRecordId('Accounts', k * 50),
  );

/** The record ids of the file, in file order. */
const idsInFile = (text: string) => [...text.matchAll(/^ {4}"(\d+)": /gm)].map((m) => m[1]);

/** The emulator's request log, one kind per API call. */
function callKinds(log: readonly string[]): string[] {
  return log.flatMap((line) => {
    if (line.startsWith('POST /crm/v7/coql ')) return ['coql'];
    if (!line.startsWith('GET /crm/v7/Accounts?')) return [];
    if (/[?&]ids=/.test(line)) return ['ids'];
    if (/[?&]page_token=/.test(line)) return ['token'];
    return /[?&]page=/.test(line) ? ['page'] : ['other'];
  });
}

async function exportAccounts(seed: EmulatorSeed) {
  const log: string[] = [];
  org = await startTestOrg({ seed, log: (line) => log.push(line) });
  const o = org;
  const cli = (argv: readonly string[]) => runCli(argv, { cwd: o.dir, env: o.env });
  const exported = await cli(['export', '--module', 'Accounts', '--out', 'territories.yaml']);
  const text = await readFile(path.join(o.dir, 'territories.yaml'), 'utf8');
  return { org: o, cli, exported, text, kinds: callKinds(log) };
}

describe('export past 100,000 records', () => {
  it('exports every manually assigned record of 150,000 Accounts once, in id order, with the fewest calls', async () => {
    const n = 150_000;
    const { org, cli, exported, text, kinds } = await exportAccounts(largeOrg(n));

    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    const manual = manualIds(n);
    expect(manual).toHaveLength(3_000);
    expect(exported.stdout).toContain('Exported 3,000 records (Accounts 3,000)');
    expect(idsInFile(text)).toEqual(manual);
    expect(text).not.toContain('INCOMPLETE');
    expect(text).toContain(`    "${generatedRecordId('Accounts', n - 50)}": `);
    // Read by ids past the limit: rule-assigned territories still known as such.
    expect(text).toMatch(/^ {4}"554023000200149850": .* # by rules: \S/m);

    // The minimum for this strategy, from n: pages to 2,000, page_token to 100,000, then one
    // COQL page per 2,000 ids and one read per 100 of them.
    const rest = n - TOKEN_LIMIT;
    const expected = {
      page: DISCRETE_LIMIT / PER_PAGE,
      token: (TOKEN_LIMIT - DISCRETE_LIMIT) / PER_PAGE,
      coql: Math.max(1, Math.ceil(rest / COQL_LIMIT)),
      ids: Math.ceil(rest / IDS_PER_READ),
    };
    expect(expected).toEqual({ page: 10, token: 490, coql: 25, ids: 500 });
    const count = (kind: string) => kinds.filter((k) => k === kind).length;
    expect({
      page: count('page'),
      token: count('token'),
      coql: count('coql'),
      ids: count('ids'),
      other: count('other'),
    }).toEqual({ ...expected, other: 0 });
    // page_token up to the limit, and only then COQL and reads by ids.
    const lastListing = kinds.lastIndexOf('token');
    expect(kinds.slice(0, lastListing + 1).every((k) => k === 'page' || k === 'token')).toBe(true);
    expect(kinds[lastListing + 1]).toBe('coql');
    const stats = org.emulator.stats();
    expect(stats.byRoute['GET /crm/v7/{module}']).toBe(
      expected.page + expected.token + expected.ids,
    );
    expect(stats.byRoute['POST /crm/v7/coql']).toBe(expected.coql);
    const apiCalls = stats.calls - stats.tokenCalls;
    expect(exported.stdout).toContain(`(${apiCalls.toLocaleString('en-US')} API calls)`);

    const plan = await cli(['plan', '--detailed-exitcode']);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('No changes');
  });

  it('without ZohoCRM.coql.READ, exports the first 100,000 and marks the file incomplete', async () => {
    const n = TOKEN_LIMIT + 500;
    const scopes = DEMO_OAUTH_CLIENT.scopes.filter((s) => s !== 'ZohoCRM.coql.READ');
    const { exported, text, kinds } = await exportAccounts(largeOrg(n, scopes));

    expect(exported.code).toBe(0);
    expect(idsInFile(text)).toEqual(manualIds(n, TOKEN_LIMIT));
    expect(text).toContain(
      '  # INCOMPLETE: Zoho lists at most 100,000 Accounts without COQL, and the\n' +
        '  # token lacks ZohoCRM.coql.READ',
    );
    expect(exported.stderr).toContain('Add ZohoCRM.coql.READ to the token and export again');
    expect(kinds.filter((k) => k === 'coql')).toHaveLength(1);
    expect(kinds).not.toContain('ids');
  });
});

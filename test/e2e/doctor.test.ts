// `territory-sync doctor` as a user runs it, against the emulator on 127.0.0.1.
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_OAUTH_CLIENT, DEMO_SEED } from '../../src/emulator/index.js';
import { startTestOrg } from '../helpers/org.js';
import type { TestOrg } from '../helpers/org.js';
import { runCli } from '../helpers/run-cli.js';

let org: TestOrg | undefined;
afterEach(async () => {
  await org?.close();
  org = undefined;
});

async function doctorAgainst(
  scopes: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
  tty = false,
) {
  org = await startTestOrg({
    seed: {
      ...DEMO_SEED,
      oauthClients: [
        {
          clientId: DEMO_OAUTH_CLIENT.clientId,
          clientSecret: DEMO_OAUTH_CLIENT.clientSecret,
          refreshTokens: [DEMO_OAUTH_CLIENT.refreshToken],
          scopes: [...scopes],
        },
      ],
    },
  });
  const before = org.emulator.state();
  const result = await runCli(['doctor'], { cwd: org.dir, env: { ...org.env, ...env }, tty });
  // Its one write call, the Leads probe, names a record and a territory that do not exist.
  expect(org.emulator.stats().writeCalls).toBeLessThanOrEqual(1);
  expect(org.emulator.state()).toEqual(before);
  return result;
}

describe('territory-sync doctor', () => {
  it('passes on the demo org: one [ok] line per check, exit 0', async () => {
    const result = await doctorAgainst(DEMO_OAUTH_CLIENT.scopes);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^\[ok\] data centre - API http:\/\/127\.0\.0\.1:\d+, accounts /);
    expect(lines).toContain(
      '[ok] scope ZohoCRM.settings.territories.READ - the territory catalogue (settings/territories) is readable',
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^\[ok\] scope ZohoCRM\.org\.READ - org 554023000000016001 \("Zylker"\) at /,
      ),
    );
    expect(lines.filter((l) => l.startsWith('[ok] '))).toHaveLength(20);
    expect(lines.filter((l) => l.startsWith('[fail] '))).toEqual([]);
    expect(lines.at(-1)).toBe('All 20 checks passed. Nothing was written to the CRM.');
  });

  it('names a missing territories scope and how to add it, exit 1', async () => {
    const scopes = DEMO_OAUTH_CLIENT.scopes.filter(
      (s) => s !== 'ZohoCRM.settings.territories.READ',
    );
    const result = await doctorAgainst(scopes);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      "[fail] scope ZohoCRM.settings.territories.READ - the token cannot read the territory catalogue. Add ZohoCRM.settings.territories.READ to the Self Client's scope and generate a new refresh token",
    );
    expect(result.stdout).toMatch(/^1 of 19 checks failed \(1 check could not run\)/m);
  });

  it('says a token without the selectors scopes cannot plan selectors, without failing', async () => {
    const scopes = DEMO_OAUTH_CLIENT.scopes.filter(
      (s) => s !== 'ZohoCRM.coql.READ' && s !== 'ZohoCRM.settings.fields.READ',
    );
    const result = await doctorAgainst(scopes);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      '[info] selectors: fields and COQL reads - the token lacks ZohoCRM.settings.fields.READ and ZohoCRM.coql.READ',
    );
  });

  it('uses ✔ and ✘ marks at a terminal', async () => {
    const result = await doctorAgainst(DEMO_OAUTH_CLIENT.scopes, { NO_COLOR: '1' }, true);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^✔ credentials — access token refreshed at http:\/\/127\.0\.0\.1:\d+ /m,
    );
    expect(result.stdout).toMatch(
      /^· Leads: assignment through the API \(A26\) — not enabled \(TERRITORY_NOT_ENABLED\)/m,
    );
  });

  it('reports missing credentials as a failed check instead of stopping with an error', async () => {
    const result = await doctorAgainst(DEMO_OAUTH_CLIENT.scopes, {
      ZOHO_CLIENT_ID: undefined,
      ZOHO_CLIENT_SECRET: undefined,
      ZOHO_REFRESH_TOKEN: undefined,
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('[fail] credentials - No Zoho credentials');
    expect(result.stdout).toContain('api-console.zoho.com');
  });
});

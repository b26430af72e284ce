// Wrong credentials, a wrong data centre and a missing scope each get one paragraph that says
// what to fix; and no secret ever reaches output, plan files or reports.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_OAUTH_CLIENT } from '../../src/emulator/index.js';
import { runCli } from '../helpers/run-cli.js';
import { desiredYaml, startTestOrg } from '../helpers/org.js';
import type { TestOrg } from '../helpers/org.js';
import { R, smallOrg } from './small-org.js';

let org: TestOrg | undefined;
afterEach(async () => {
  await org?.close();
  org = undefined;
});

async function setUp(seed = smallOrg()) {
  org = await startTestOrg({ seed });
  await org.write(
    'territories.yaml',
    desiredYaml({ Accounts: { [R.globex]: ['West'] }, Deals: { [R.renewal]: ['East'] } }),
  );
  return org;
}

describe('credentials', () => {
  it('a wrong client secret: says which variable to check, writes nothing, never echoes it', async () => {
    const o = await setUp();
    const secret = 'wrong-secret-6f1d2c9a';
    const result = await runCli(['apply', '--auto-approve'], {
      cwd: o.dir,
      env: { ...o.env, ZOHO_CLIENT_SECRET: secret },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('invalid_client');
    expect(result.stderr).toContain('ZOHO_CLIENT_SECRET');
    expect(`${result.stdout}${result.stderr}`).not.toContain(secret);
    expect(o.emulator.stats().writeCalls).toBe(0);
  });

  it('a refresh token from another data centre: names the data centre as the likely cause', async () => {
    const o = await setUp();
    const result = await runCli(['plan'], {
      cwd: o.dir,
      env: { ...o.env, ZOHO_REFRESH_TOKEN: '1000.from-the-eu-data-centre' },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/data cent(re|er)/);
    expect(result.stderr).not.toContain('1000.from-the-eu-data-centre');
  });

  it('a missing scope: names the scope the call needs', async () => {
    const o = await setUp(smallOrg({ scopes: ['ZohoCRM.modules.ALL'] }));
    const result = await runCli(['plan'], { cwd: o.dir, env: o.env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('ZohoCRM.settings.territories.READ');
  });

  it('no credentials at all: lists the variables and how to get them', async () => {
    const o = await setUp();
    const result = await runCli(['plan'], {
      cwd: o.dir,
      env: { ZOHO_API_DOMAIN: o.emulator.url, ZOHO_ACCOUNTS_URL: o.emulator.url },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No Zoho credentials');
    expect(result.stderr).toContain('Self Client');
    expect(o.emulator.stats().calls).toBe(0);
  });
});

describe('secrets never leak', () => {
  it('client secret, refresh token and access token appear in no stdout, stderr, plan file or report', async () => {
    const o = await setUp();
    // An access token of our own, so its value is known to the test.
    const form = new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: DEMO_OAUTH_CLIENT.clientId,
      client_secret: DEMO_OAUTH_CLIENT.clientSecret,
      refresh_token: DEMO_OAUTH_CLIENT.refreshToken,
    });
    const token = (await (
      await fetch(`${o.emulator.url}/oauth/v2/token`, { method: 'POST', body: form })
    ).json()) as {
      access_token: string;
    };
    const secrets = [
      DEMO_OAUTH_CLIENT.clientSecret,
      DEMO_OAUTH_CLIENT.refreshToken,
      token.access_token,
    ];
    const outputs: string[] = [];
    const run = async (argv: string[], env: Record<string, string | undefined>) => {
      const result = await runCli([...argv, '--verbose'], { cwd: o.dir, env });
      outputs.push(result.stdout, result.stderr);
      return result;
    };
    expect((await run(['plan', '--out', 'plan.json'], o.env)).code).toBe(0);
    expect((await run(['plan', '--format', 'json'], o.env)).code).toBe(0);
    expect((await run(['plan', '--format', 'markdown'], o.env)).code).toBe(0);
    expect((await run(['apply', 'plan.json', '--report', 'report.json'], o.env)).code).toBe(0);
    // The same with a short-lived access token instead of the refresh trio.
    const accessOnly = {
      ZOHO_API_DOMAIN: o.emulator.url,
      ZOHO_ACCOUNTS_URL: o.emulator.url,
      ZOHO_ACCESS_TOKEN: token.access_token,
    };
    expect((await run(['plan'], accessOnly)).code).toBe(0);
    // And failures: a revoked token, a wrong secret.
    await fetch(`${o.emulator.url}/__emulator/tokens/expire`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    expect((await run(['plan'], accessOnly)).code).toBe(1);
    expect(
      (await run(['plan'], { ...o.env, ZOHO_CLIENT_SECRET: `${DEMO_OAUTH_CLIENT.clientSecret}x` }))
        .code,
    ).toBe(1);

    outputs.push(await readFile(path.join(o.dir, 'plan.json'), 'utf8'));
    outputs.push(await readFile(path.join(o.dir, 'report.json'), 'utf8'));
    const everything = outputs.join('\n');
    expect(everything.length).toBeGreaterThan(1000);
    for (const secret of secrets) expect(everything).not.toContain(secret);
  });
});

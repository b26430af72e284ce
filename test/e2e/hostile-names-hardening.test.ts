// Anyone who can rename a territory or a record in the CRM controls text that territory-sync
// prints. A name holding an ANSI escape, a carriage return or a right-to-left override must
// reach the terminal, the log and GitHub's annotations as visible escapes, never raw.
import { afterEach, describe, expect, it } from 'vitest';
import type { EmulatorSeed } from '../../src/emulator/index.js';
import { runCli } from '../helpers/run-cli.js';
import { desiredYaml, startTestOrg } from '../helpers/org.js';
import type { TestOrg } from '../helpers/org.js';
import { R, T, smallOrg } from './small-org.js';

const HOSTILE_TERRITORY = 'Evil\u001b[31m\r\u202eName';
const SHOWN_TERRITORY = 'Evil\\u001b[31m\\u000d\\u202eName';
const HOSTILE_RECORD = 'Globex\n  Deals Forged (1): (none) -> West';
const SHOWN_RECORD = 'Globex\\u000a  Deals Forged (1): (none) -> West';

// What must never be printed raw: C0/C1 controls other than the line breaks we write ourselves,
// and bidirectional-text controls.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** The small org, with Globex named to forge a line of the STALE_PLAN list. */
function hostileOrg(): EmulatorSeed {
  const seed = smallOrg();
  return {
    ...seed,
    records: {
      ...seed.records,
      Accounts: (seed.records?.Accounts ?? []).map((r) =>
        r.id === R.globex ? { ...r, name: HOSTILE_RECORD } : r,
      ),
    },
  };
}

/** Then someone renames Partners and puts Globex in it. */
function renamedOrg(): EmulatorSeed {
  const seed = hostileOrg();
  return {
    ...seed,
    territories: seed.territories.map((t) =>
      t.id === T.partners ? { ...t, name: HOSTILE_TERRITORY } : t,
    ),
    records: {
      ...seed.records,
      Accounts: (seed.records?.Accounts ?? []).map((r) =>
        r.id === R.globex ? { ...r, territories: [T.partners] } : r,
      ),
    },
  };
}

let org: TestOrg | undefined;
afterEach(async () => {
  await org?.close();
  org = undefined;
});

async function setUp() {
  org = await startTestOrg({ seed: hostileOrg() });
  const o = org;
  await o.write('territories.yaml', desiredYaml({ Accounts: { [R.globex]: ['West'] } }));
  const cli = (argv: string[], env: Record<string, string> = {}) =>
    runCli(argv, { cwd: o.dir, env: { ...o.env, ...env } });
  return { o, cli };
}

async function rename(o: TestOrg): Promise<void> {
  const response = await fetch(`${o.emulator.url}/__emulator/reseed`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(renamedOrg()),
  });
  expect(response.status, await response.text()).toBe(200);
}

describe('CRM names with terminal control characters', () => {
  it('are escaped in the STALE_PLAN refusal, which writes nothing', async () => {
    const { o, cli } = await setUp();
    expect((await cli(['plan', '--out', 'plan.json'])).code).toBe(0);
    await rename(o);
    o.emulator.resetStats();

    const stale = await cli(['apply', 'plan.json']);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('plan.json is stale: 1 record has changed');
    expect(stale.stderr).toContain(`  Accounts ${SHOWN_RECORD} (${R.globex}): (none) -> `);
    expect(stale.stderr).toContain(`(none) -> ${SHOWN_TERRITORY}\n`);
    // The record's line break did not start a line of its own.
    expect(stale.stderr).not.toMatch(/^\s*Deals Forged/m);
    expect(`${stale.stdout}${stale.stderr}`).not.toMatch(RAW);
    expect(o.emulator.stats().writeCalls).toBe(0);
  });

  it('are escaped in the plan as text and markdown, and in GitHub annotations', async () => {
    const { o, cli } = await setUp();
    await rename(o);

    const text = await cli(['plan']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`~ ${SHOWN_RECORD} (${R.globex})`);
    expect(text.stdout).toContain(`- ${SHOWN_TERRITORY}\n`);
    expect(`${text.stdout}${text.stderr}`).not.toMatch(RAW);

    const markdown = await cli(['plan', '--format', 'markdown']);
    expect(markdown.code).toBe(0);
    expect(markdown.stdout).not.toMatch(RAW);
    // Changes are a diff code block: shown as written.
    expect(markdown.stdout).toContain(`- ${SHOWN_TERRITORY}\n`);

    const inActions = await cli(['plan'], { GITHUB_ACTIONS: 'true' });
    expect(inActions.code).toBe(0);
    const notices = inActions.stderr.split('\n').filter((line) => line.startsWith('::notice '));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain(`- ${SHOWN_TERRITORY}`);
    expect(inActions.stderr).not.toMatch(RAW);
  });
});

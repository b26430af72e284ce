// The reviewed plan is the contract: apply of a saved plan does exactly what the plan says, to
// the org it was made for, or refuses before any write. Each attack here was seen to work on
// an earlier version: a plan file edited with its planHash recomputed, a plan for org A applied
// to org B, a token answer pointing elsewhere, secrets over plain http, and re-batching.
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, request } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Plan } from '../../src/core/model.js';
import { computePlanHash } from '../../src/core/plan-hash.js';
import { startEmulator } from '../../src/emulator/index.js';
import { runCli } from '../helpers/run-cli.js';
import { DEMO_CREDENTIALS, desiredYaml, startTestOrg } from '../helpers/org.js';
import type { TestOrg } from '../helpers/org.js';
import { R, T, smallOrg } from './small-org.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((thing) => thing.close()));
});

const KEY = 'k'.repeat(20) + '0123456789abcdef';

/** Acme gains DACH, Globex gains West, the renewal Deal moves West -> East (two waves). */
const YAML = desiredYaml({
  Accounts: { [R.acme]: ['East', 'DACH'], [R.globex]: ['West'] },
  Deals: { [R.renewal]: ['East'] },
});

async function setUp(options: { orgId?: string; yaml?: string; config?: object } = {}) {
  const seed = smallOrg();
  const org = await startTestOrg({
    seed: { ...seed, org: { ...seed.org, ...(options.orgId ? { id: options.orgId } : {}) } },
  });
  open.push(org);
  await org.write('territories.yaml', options.yaml ?? YAML);
  if (options.config) await org.write('territory-sync.config.json', JSON.stringify(options.config));
  const cli = (argv: readonly string[], env: Record<string, string | undefined> = {}) =>
    runCli(argv, { cwd: org.dir, env: { ...org.env, ...env } });
  return { org, cli };
}

async function savedPlan(org: TestOrg, file = 'plan.json'): Promise<Plan> {
  return JSON.parse(await readFile(path.join(org.dir, file), 'utf8')) as Plan;
}

/** What an attacker does: edit the plan, then recompute the (unkeyed) planHash. */
async function tamper(org: TestOrg, edit: (plan: Plan) => Plan, file = 'plan.json') {
  const edited: Record<string, unknown> = { ...edit(await savedPlan(org, file)) };
  const signature = edited.signature;
  delete edited.planHash;
  delete edited.signature;
  const planHash = computePlanHash(edited as unknown as Omit<Plan, 'planHash'>);
  const file_ = { ...edited, planHash, ...(signature === undefined ? {} : { signature }) };
  await writeFile(path.join(org.dir, file), `${JSON.stringify(file_, null, 2)}\n`);
}

/** Acme, Anna and the renewal listed with [] : three removals. */
const EMPTY_THREE = desiredYaml({
  Accounts: { [R.acme]: [] },
  Contacts: { [R.anna]: [] },
  Deals: { [R.renewal]: [] },
});

const mutable = (plan: Plan) => JSON.parse(JSON.stringify(plan)) as Plan & Record<string, unknown>;

describe('a saved plan edited after review, with its planHash recomputed', () => {
  const tampers: [string, (plan: Plan) => Plan, RegExp][] = [
    [
      'waves (a batch writes another territory)',
      (plan) => {
        const p = mutable(plan);
        const batch = p.waves[0]?.batches[0] as unknown as {
          records: { territoryIds: string[] }[];
        };
        (batch.records[0] as { territoryIds: string[] }).territoryIds = [T.partners];
        return p;
      },
      /about its waves does not follow from its changes[\s\S]*waves: the waves write/,
    ],
    [
      'batches (one call split in two)',
      (plan) => {
        const p = mutable(plan);
        const wave = p.waves[0] as unknown as { batches: { records: unknown[] }[] };
        const index = wave.batches.findIndex((b) => b.records.length > 1);
        const first = wave.batches[index] as (typeof wave.batches)[0];
        wave.batches.splice(index + 1, 0, { ...first, records: first.records.splice(1) });
        return p;
      },
      /about its batches does not follow from its changes[\s\S]*batches: the waves cut the writes into 4 calls; the plan's batch size gives 3/,
    ],
    [
      'safety (tripped set to false)',
      (plan) => ({ ...plan, safety: { ...plan.safety, tripped: false } }),
      /about its safety does not follow[\s\S]*safety guard says not tripped/,
    ],
    [
      'cost (fewer writes announced)',
      (plan) => ({ ...plan, cost: { ...plan.cost, writes: 1, total: plan.cost.total - 2 } }),
      /about its cost does not follow[\s\S]*the cost says 1 write calls/,
    ],
    [
      'an extra record (a change and its write added)',
      (plan) => {
        const p = mutable(plan);
        const extra = {
          module: 'Accounts' as const,
          id: R.initech,
          before: [{ id: T.dach, name: 'DACH', assigned: 'automatically' as const }],
          add: [{ id: T.partners, name: 'Partners' }],
          remove: [],
          keptByRules: [],
        };
        const changes = [...p.changes];
        changes.splice(2, 0, extra);
        return { ...p, changes };
      },
      /about its summary, waves(, \w+)* does not follow from its changes/,
    ],
  ];

  it.each(tampers)('refuses %s: exit 1, no write, the part named', async (_name, edit, message) => {
    const { org, cli } = await setUp({
      config: { safety: { maxRemovals: 0, maxRemovalRatio: 0 } },
    });
    expect((await cli(['plan', '--out', 'plan.json'])).code).toBe(0);
    expect((await savedPlan(org)).safety.tripped).toBe(true);
    await tamper(org, edit);
    org.emulator.resetStats();
    const apply = await cli(['apply', 'plan.json', '--allow-mass-removal']);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toMatch(message);
    expect(apply.stderr).toContain('Nothing was sent');
    // Refused from the file alone: not even a token was asked for.
    expect(org.emulator.stats().calls).toBe(0);
    expect(org.emulator.stats().tokenCalls).toBe(0);
    // show refuses it the same way.
    const show = await cli(['show', 'plan.json']);
    expect(show.code).toBe(1);
    expect(show.stderr).toMatch(message);
  });

  it('refuses a plan whose territory names were edited to hide what is written', async () => {
    const { org, cli } = await setUp();
    expect((await cli(['plan', '--out', 'plan.json'])).code).toBe(0);
    // Acme's "+ DACH" now writes Partners while still reading "DACH"; every derived part is
    // made consistent, so only the names give it away.
    await tamper(org, (plan) => {
      const p = mutable(plan);
      const swap = (t: { id: string; name: string }) =>
        t.name === 'DACH' ? { ...t, id: T.partners } : t;
      const changes = p.changes.map((c) => ({ ...c, add: c.add.map(swap) }));
      const waves = p.waves.map((w) => ({
        ...w,
        batches: w.batches.map((b) => ({
          ...b,
          records: b.records.map((r) => ({
            ...r,
            territoryIds: r.territoryIds.map((id) => (id === T.dach ? T.partners : id)),
          })),
        })),
      }));
      // The hierarchy a plan carries for show is made to agree too: DACH's entry now has
      // Partners' id, so the plan is consistent with itself and only the live CRM can tell.
      const hierarchy = (p.hierarchy ?? [])
        .map((t) => (t.id === T.dach ? { ...t, id: T.partners } : t))
        .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
      return { ...p, changes, waves, hierarchy };
    });
    expect((await cli(['show', 'plan.json'])).code).toBe(0);
    org.emulator.resetStats();
    const apply = await cli(['apply', 'plan.json']);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain(
      `territory ${T.partners} is shown as "DACH" but the CRM calls it "Partners"`,
    );
    expect(org.emulator.stats().writeCalls).toBe(0);
  });

  it('refuses a plan re-targeted at another org id (the live org is named too)', async () => {
    const { org, cli } = await setUp();
    expect((await cli(['plan', '--out', 'plan.json'])).code).toBe(0);
    const real = (await savedPlan(org)).target.orgId;
    await tamper(org, (plan) => ({
      ...plan,
      target: { ...plan.target, orgId: '999000000000001' },
    }));
    org.emulator.resetStats();
    const apply = await cli(['apply', 'plan.json']);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain('org id 999000000000001');
    expect(apply.stderr).toContain(`org id ${real}`);
    expect(org.emulator.stats().writeCalls).toBe(0);
  });

  it('with TERRITORY_SYNC_PLAN_KEY set: signs, applies a signed plan, refuses an edited or unsigned one', async () => {
    const { org, cli } = await setUp();
    expect(
      (await cli(['plan', '--out', 'signed.json'], { TERRITORY_SYNC_PLAN_KEY: KEY })).code,
    ).toBe(0);
    expect((await savedPlan(org, 'signed.json')).signature).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    expect((await cli(['plan', '--out', 'unsigned.json'])).code).toBe(0);
    await writeFile(
      path.join(org.dir, 'edited.json'),
      await readFile(path.join(org.dir, 'signed.json'), 'utf8'),
    );
    // A consistent edit (a record's shown name) that no derived-field check can see: only the
    // key can.
    await tamper(
      org,
      (plan) => ({
        ...plan,
        changes: plan.changes.map((c, i) => (i === 0 ? { ...c, name: 'Someone else' } : c)),
      }),
      'edited.json',
    );
    org.emulator.resetStats();
    const edited = await cli(['apply', 'edited.json'], { TERRITORY_SYNC_PLAN_KEY: KEY });
    expect(edited.code).toBe(1);
    expect(edited.stderr).toContain('its signature does not match');
    const unsigned = await cli(['apply', 'unsigned.json'], { TERRITORY_SYNC_PLAN_KEY: KEY });
    expect(unsigned.code).toBe(1);
    expect(unsigned.stderr).toContain('unsigned.json: is not signed');
    expect(org.emulator.stats().calls).toBe(0);
    const signed = await cli(['apply', 'signed.json'], { TERRITORY_SYNC_PLAN_KEY: KEY });
    expect(signed.code, signed.stderr).toBe(0);
    for (const out of [signed, edited, unsigned]) {
      expect(out.stdout + out.stderr).not.toContain(KEY);
    }
    expect(await readFile(path.join(org.dir, 'signed.json'), 'utf8')).not.toContain(KEY);
  });
});

describe('apply --resume trusts its journal no more than a saved plan', () => {
  it('refuses a journal whose plan had its safety guard switched off (hash recomputed)', async () => {
    const { org, cli } = await setUp({
      config: { safety: { maxRemovals: 0, maxRemovalRatio: 0 } },
    });
    const apply = await cli([
      'apply',
      '--auto-approve',
      '--allow-mass-removal',
      '--journal',
      'j.jsonl',
    ]);
    expect(apply.code, apply.stderr).toBe(0);
    const file = path.join(org.dir, 'j.jsonl');
    const [first, ...rest] = (await readFile(file, 'utf8')).split('\n');
    const start = JSON.parse(first as string) as { plan: Plan };
    const edited: Record<string, unknown> = {
      ...start.plan,
      safety: { ...start.plan.safety, tripped: false },
    };
    delete edited.planHash;
    const planHash = computePlanHash(edited as unknown as Omit<Plan, 'planHash'>);
    await writeFile(
      file,
      [JSON.stringify({ ...start, plan: { ...edited, planHash } }), ...rest].join('\n'),
    );
    org.emulator.resetStats();
    const resume = await cli(['apply', '--resume', 'j.jsonl']);
    expect(resume.code).toBe(1);
    expect(resume.stderr).toContain('(the plan on its first line): what it says about its safety');
    expect(org.emulator.stats().calls).toBe(0);
  });

  it('refuses a journal whose finish line lost its summary, naming the line, with no call', async () => {
    const { org, cli } = await setUp();
    const apply = await cli(['apply', '--auto-approve', '--journal', 'j.jsonl']);
    expect(apply.code, apply.stderr).toBe(0);
    // Every line a real apply writes has its entry's shape.
    const intact = await cli(['apply', '--resume', 'j.jsonl']);
    expect([intact.code, intact.stdout], intact.stderr).toEqual([
      0,
      expect.stringContaining('Nothing left to do'),
    ]);
    const file = path.join(org.dir, 'j.jsonl');
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
    const finish = JSON.parse(lines.at(-1) as string) as Record<string, unknown>;
    delete finish.summary;
    await writeFile(file, [...lines.slice(0, -1), JSON.stringify(finish), ''].join('\n'));
    org.emulator.resetStats();
    const resume = await cli(['apply', '--resume', 'j.jsonl']);
    expect(resume.code).toBe(1);
    expect(resume.stderr).toContain(
      `j.jsonl: line ${lines.length} (the finish entry) is damaged: summary is missing. Nothing was sent.`,
    );
    expect(resume.stderr).not.toContain('TypeError');
    expect(org.emulator.stats().calls).toBe(0);
  });
});

describe('a plan is bound to the org it was made for', () => {
  it('refuses a plan for org A applied to org B, naming both, with no write', async () => {
    const a = await setUp({ orgId: '554023000000000111' });
    expect((await a.cli(['plan', '--out', 'plan.json'])).code).toBe(0);
    const plan = await savedPlan(a.org);
    expect(plan.target).toMatchObject({
      apiDomain: a.org.emulator.url,
      orgId: '554023000000000111',
    });

    // Another org behind another URL.
    const b = await setUp({ orgId: '554023000000000222' });
    const planFile = path.join(a.org.dir, 'plan.json');
    const other = await b.cli(['apply', planFile]);
    expect(other.code).toBe(1);
    expect(other.stderr).toContain(`it was made at ${a.org.emulator.url}`);
    expect(other.stderr).toContain(`this run talks to ${b.org.emulator.url}`);
    expect(other.stderr).toContain('org id 554023000000000111');
    expect(other.stderr).toContain('org id 554023000000000222');
    expect(b.org.emulator.stats().writeCalls).toBe(0);

    // The same URL now serving another org (a sandbox refreshed, another seed): still refused.
    const port = Number(new URL(a.org.emulator.url).port);
    await a.org.emulator.stop();
    const seed = smallOrg();
    const again = await startEmulator({
      port,
      host: '127.0.0.1',
      jobDelayMs: 20,
      seed: { ...seed, org: { ...seed.org, id: '554023000000000333' } },
    });
    open.push({ close: () => again.stop() });
    const sameUrl = await a.cli(['apply', 'plan.json']);
    expect(sameUrl.code).toBe(1);
    expect(sameUrl.stderr).toContain(
      'it was made for org id 554023000000000111, this run reaches org id 554023000000000333',
    );
    expect(sameUrl.stderr).not.toContain('it was made at');
    expect(again.stats().writeCalls).toBe(0);
  });
});

/** A loopback accounts server that hands out the emulator's tokens but names `apiDomain`. */
async function tokenProxy(emulatorUrl: string, apiDomain: string) {
  const target = new URL(emulatorUrl);
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const forward = request(
        {
          host: target.hostname,
          port: target.port,
          path: req.url,
          method: req.method,
          headers: { ...req.headers, host: target.host },
        },
        (answer) => {
          const body: Buffer[] = [];
          answer.on('data', (c: Buffer) => body.push(c));
          answer.on('end', () => {
            let text = Buffer.concat(body).toString('utf8');
            try {
              const json = JSON.parse(text) as Record<string, unknown>;
              if (typeof json.access_token === 'string') json.api_domain = apiDomain;
              text = JSON.stringify(json);
            } catch {
              // not JSON: passed on as is
            }
            res.writeHead(answer.statusCode ?? 502, { 'content-type': 'application/json' });
            res.end(text);
          });
        },
      );
      forward.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  open.push({ close: () => closeServer(server) });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function trap() {
  let hits = 0;
  const server = createServer((_req, res) => {
    hits += 1;
    res.writeHead(500).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  open.push({ close: () => closeServer(server) });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits: () => hits };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

describe('the configured API domain wins over the token answer', () => {
  it('keeps every call of plan and apply on the configured (sandbox) domain', async () => {
    const { org } = await setUp();
    const production = await trap();
    const accounts = await tokenProxy(org.emulator.url, production.url);
    await org.write(
      'territory-sync.config.json',
      JSON.stringify({ connection: { apiDomain: org.emulator.url, accountsUrl: accounts } }),
    );
    const env = { ...DEMO_CREDENTIALS, ZOHO_API_DOMAIN: undefined, ZOHO_ACCOUNTS_URL: undefined };
    const plan = await runCli(['plan', '--out', 'plan.json'], { cwd: org.dir, env });
    expect(plan.code, plan.stderr).toBe(0);
    const apply = await runCli(['apply', 'plan.json'], { cwd: org.dir, env });
    expect(apply.code, apply.stderr).toBe(0);
    expect(production.hits()).toBe(0);
    expect(org.emulator.stats().writeCalls).toBeGreaterThan(0);
    expect((await savedPlan(org)).target.apiDomain).toBe(org.emulator.url);
  });
});

describe('no secrets over plain http except to loopback', () => {
  it.each([
    ['apiDomain', { connection: { apiDomain: 'http://crm.example.com' } }],
    ['accountsUrl', { connection: { accountsUrl: 'http://accounts.example.com' } }],
    [
      "an environment's apiDomain",
      { environments: { sandbox: { connection: { apiDomain: 'http://10.1.2.3:8080' } } } },
    ],
  ])('refuses %s at config load, located, with no call', async (_name, config) => {
    const { org } = await setUp();
    await org.write('territory-sync.config.json', JSON.stringify(config, null, 2));
    const env = { ...DEMO_CREDENTIALS, ZOHO_API_DOMAIN: undefined, ZOHO_ACCOUNTS_URL: undefined };
    const out = await runCli(['plan'], { cwd: org.dir, env });
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(
      /territory-sync\.config\.json:\d+:\d+: \/.*connection\/\w+: plain http/,
    );
    expect(out.stderr).toContain('clear text');
    expect(org.emulator.stats().calls).toBe(0);
  });

  it('refuses ZOHO_API_DOMAIN over plain http to a non-loopback host, by name', async () => {
    const { org, cli } = await setUp();
    const out = await cli(['plan'], { ZOHO_API_DOMAIN: 'http://crm.example.com' });
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('ZOHO_API_DOMAIN: http://crm.example.com: plain http');
    expect(org.emulator.stats().calls).toBe(0);
  });
});

describe('connection URLs are checked without echoing them', () => {
  it.each([
    [
      'a secret pasted into ZOHO_ACCOUNTS_URL',
      { ZOHO_ACCOUNTS_URL: DEMO_CREDENTIALS.ZOHO_REFRESH_TOKEN },
    ],
    [
      'a secret pasted into ZOHO_API_DOMAIN',
      { ZOHO_API_DOMAIN: DEMO_CREDENTIALS.ZOHO_CLIENT_SECRET },
    ],
    [
      'a password inside a URL',
      { ZOHO_ACCOUNTS_URL: `http://x:${DEMO_CREDENTIALS.ZOHO_CLIENT_SECRET}@127.0.0.1:1` },
    ],
  ])('%s: refused, the value never printed', async (_name, env) => {
    const { org, cli } = await setUp();
    const out = await cli(['plan'], env);
    expect(out.code).toBe(1);
    expect(out.stdout + out.stderr).not.toContain(DEMO_CREDENTIALS.ZOHO_CLIENT_SECRET);
    expect(out.stdout + out.stderr).not.toContain(DEMO_CREDENTIALS.ZOHO_REFRESH_TOKEN);
    expect(org.emulator.stats().calls).toBe(0);
  });

  it('treats HTTP://127.0.0.1:PORT/ as the same API domain as http://127.0.0.1:PORT', async () => {
    const { org, cli } = await setUp();
    const shouted = org.emulator.url.replace('http://', 'HTTP://') + '/';
    expect((await cli(['plan', '--out', 'plan.json'], { ZOHO_API_DOMAIN: shouted })).code).toBe(0);
    expect((await savedPlan(org)).target.apiDomain).toBe(org.emulator.url);
    const apply = await cli(['apply', 'plan.json']);
    expect(apply.code, apply.stderr).toBe(0);
  });
});

describe('apply sends the batches the plan announced', () => {
  it('makes exactly the announced write calls though the config now says another batch size', async () => {
    const yaml = desiredYaml({
      Accounts: { [R.acme]: ['East', 'DACH'], [R.globex]: ['West'], [R.initech]: ['East'] },
      Contacts: { [R.anna]: ['DACH', 'East'] },
    });
    const { org, cli } = await setUp({ yaml, config: { batchSize: 2 } });
    const plan = await cli(['plan', '--out', 'plan.json']);
    expect(plan.code, plan.stderr).toBe(0);
    const saved = await savedPlan(org);
    // Accounts: 3 gains in calls of 2 -> 2 calls; Contacts: 1.
    expect(saved.cost.writes).toBe(3);
    expect(plan.stdout).toContain('apply needs 3 writes');

    await org.write('territory-sync.config.json', JSON.stringify({ batchSize: 10 }));
    org.emulator.resetStats();
    const apply = await cli(['apply', 'plan.json']);
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toContain('Apply needs 3 writes');
    expect(org.emulator.stats().writeCalls).toBe(3);
  });
});

describe('show: a saved plan, offline', () => {
  it('renders text, markdown and json with no network and no credentials', async () => {
    const { org, cli } = await setUp();
    expect((await cli(['plan', '--out', 'plan.json'])).code).toBe(0);
    await org.emulator.stop();
    const env = {
      ZOHO_API_DOMAIN: undefined,
      ZOHO_ACCOUNTS_URL: undefined,
      ZOHO_CLIENT_ID: undefined,
      ZOHO_CLIENT_SECRET: undefined,
      ZOHO_REFRESH_TOKEN: undefined,
    };
    const text = await cli(['show', 'plan.json'], env);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(`Target: ${org.emulator.url}, org Zylker (id `);
    expect(text.stdout).toContain('~ Big Renewal (554023000003600901)');
    expect(text.stdout).toContain('Apply needs 3 writes (2 waves, 3 calls)');
    const markdown = await cli(['show', 'plan.json', '--format', 'markdown'], env);
    expect(markdown.code).toBe(0);
    expect(markdown.stdout).toContain('**Target:**');
    const json = await cli(['show', 'plan.json', '--format', 'json'], env);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toBeTruthy();
    const missing = await cli(['show'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("'show' takes one argument");
  });
});

describe('apply --expect-plan: merge applies what was reviewed', () => {
  it('applies when the fresh plan makes the reviewed changes, without prompting', async () => {
    const { org, cli } = await setUp();
    expect((await cli(['plan', '--out', 'reviewed.json'])).code).toBe(0);
    const apply = await cli(['apply', '--expect-plan', 'reviewed.json']);
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toContain('changes exactly what reviewed.json');
    expect(apply.stdout).toContain('Apply complete: 3 records converged');
    expect(org.emulator.stats().writeCalls).toBe(3);
  });

  it("keeps the reviewed plan's safety verdict though the config was loosened since", async () => {
    const yaml = EMPTY_THREE;
    const { org, cli } = await setUp({
      yaml,
      config: { safety: { maxRemovals: 2, maxRemovalRatio: 0 } },
    });
    expect((await cli(['plan', '--out', 'reviewed.json'])).code).toBe(0);
    await org.write(
      'territory-sync.config.json',
      JSON.stringify({ safety: { maxRemovals: 1000 } }),
    );
    org.emulator.resetStats();
    const apply = await cli(['apply', '--expect-plan', 'reviewed.json']);
    expect(apply.code).toBe(3);
    expect(apply.stderr).toContain('3 removals exceed the safety threshold of 2');
    expect(org.emulator.stats().writeCalls).toBe(0);
    const allowed = await cli(['apply', '--expect-plan', 'reviewed.json', '--allow-mass-removal']);
    expect(allowed.code, allowed.stderr).toBe(0);
  });

  it('refuses, writes nothing and prints the difference when the CRM moved since the review', async () => {
    const { org, cli } = await setUp();
    expect((await cli(['plan', '--out', 'reviewed.json'])).code).toBe(0);
    // After the review, someone gives Globex a territory in the CRM.
    const response = await fetch(`${org.emulator.url}/__emulator/records/Accounts/${R.globex}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ territories: [T.partners] }),
    });
    expect(response.ok).toBe(true);
    org.emulator.resetStats();
    const apply = await cli(['apply', '--expect-plan', 'reviewed.json', '--auto-approve']);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain('differs from the reviewed plan reviewed.json for 1 record');
    expect(apply.stderr).toContain(
      '~ Accounts Globex (554023000003600002): reviewed +West; now +West -Partners (its territories moved since the review)',
    );
    expect(org.emulator.stats().writeCalls).toBe(0);
  });
});

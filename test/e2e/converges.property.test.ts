// The promise behind every apply: afterwards, plan shows no changes. Random orgs, random
// current state (rule-assigned territories included), random valid desired state.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorSeed } from '../../src/emulator/index.js';
import { runCli } from '../helpers/run-cli.js';
import { startTestOrg } from '../helpers/org.js';
import type { TestOrg } from '../helpers/org.js';
import { demoClient } from './small-org.js';

const MODULES = ['Accounts', 'Contacts', 'Deals'] as const;
const LIMIT = { Accounts: 10, Contacts: 10, Deals: 1 } as const;
const territoryId = (i: number) => String(554023000000800000n + BigInt(i));
const recordId = (m: number, i: number) => String(554023000003800000n + BigInt(m * 1000 + i));

interface Case {
  readonly territories: number;
  readonly parents: readonly number[];
  readonly records: readonly {
    readonly module: (typeof MODULES)[number];
    readonly id: string;
    readonly manual: readonly number[];
    readonly rules: readonly number[];
    readonly desired: readonly number[] | undefined;
  }[];
}

const caseArb: fc.Arbitrary<Case> = fc.integer({ min: 2, max: 12 }).chain((territories) =>
  fc.record({
    territories: fc.constant(territories),
    parents: fc.array(fc.nat(), { minLength: territories, maxLength: territories }),
    records: fc
      .array(
        fc.record({
          m: fc.integer({ min: 0, max: 2 }),
          current: fc.uniqueArray(fc.integer({ min: 1, max: territories }), { maxLength: 6 }),
          ruleShare: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
          desired: fc.option(
            fc.uniqueArray(fc.integer({ min: 1, max: territories }), { maxLength: 6 }),
            {
              freq: 4,
            },
          ),
        }),
        { maxLength: 12 },
      )
      .map((list) =>
        list.map((r, i) => {
          const module = MODULES[r.m] as (typeof MODULES)[number];
          const limit = LIMIT[module];
          const current = r.current.slice(0, limit);
          const rules = current.filter((_, k) => r.ruleShare[k]);
          const manual = current.filter((t) => !rules.includes(t));
          // A valid desired list: rule-assigned ones stay, so they count toward the limit.
          let desired = r.desired === null ? undefined : r.desired;
          if (desired !== undefined) {
            const room = limit - rules.length;
            desired = desired.filter((t) => !rules.includes(t)).slice(0, Math.max(0, room));
          }
          return { module, id: recordId(r.m, i), manual, rules, desired };
        }),
      ),
  }),
);

function seedOf(c: Case, refreshToken: string): EmulatorSeed {
  const territories = [{ id: territoryId(0), name: 'Organization', parent: null as string | null }];
  for (let i = 1; i <= c.territories; i += 1) {
    const parent = (c.parents[i - 1] ?? 0) % i;
    territories.push({ id: territoryId(i), name: `Territory ${i}`, parent: territoryId(parent) });
  }
  const records: Record<
    string,
    {
      id: string;
      name: string;
      territories: (string | { id: string; assigned: 'automatically' })[];
    }[]
  > = {};
  for (const r of c.records) {
    (records[r.module] ??= []).push({
      id: r.id,
      name: `Record ${r.id.slice(-4)}`,
      territories: [
        ...r.manual.map((t) => territoryId(t)),
        ...r.rules.map((t) => ({ id: territoryId(t), assigned: 'automatically' as const })),
      ],
    });
  }
  // Zoho allows 10 token refreshes per refresh token in 10 minutes: each case gets its own.
  return {
    territories,
    records,
    oauthClients: [{ ...demoClient(), refreshTokens: [refreshToken] }],
  };
}

function yamlOf(c: Case): string {
  const lines = ['version: 1', 'records:'];
  for (const module of MODULES) {
    const listed = c.records.filter((r) => r.module === module && r.desired !== undefined);
    if (listed.length === 0) continue;
    lines.push(`  ${module}:`);
    for (const r of listed) {
      lines.push(
        `    "${r.id}": [${(r.desired ?? []).map((t) => `"${territoryId(t)}"`).join(', ')}]`,
      );
    }
  }
  if (lines.length === 2) lines[1] = 'records: {}';
  return `${lines.join('\n')}\n`;
}

let org: TestOrg;
beforeAll(async () => {
  org = await startTestOrg({ jobDelayMs: 5 });
});
afterAll(async () => {
  await org.close();
});

describe('apply converges', () => {
  it('after apply, plan --detailed-exitcode exits 0 (no changes)', async () => {
    let run = 0;
    let changed = 0;
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        run += 1;
        const refreshToken = `1000.property-case-${run}`;
        const reseed = await fetch(`${org.emulator.url}/__emulator/reseed`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(seedOf(c, refreshToken)),
        });
        expect(reseed.status).toBe(200);
        await org.write('territories.yaml', yamlOf(c));
        const env = { ...org.env, ZOHO_REFRESH_TOKEN: refreshToken };
        const cli = (argv: string[]) => runCli(argv, { cwd: org.dir, env });
        const apply = await cli(['apply', '--auto-approve', '--allow-mass-removal', '--quiet']);
        expect(apply.code, apply.stdout + apply.stderr).toBe(0);
        if (apply.stdout.includes('Apply complete')) changed += 1;
        const plan = await cli(['plan', '--detailed-exitcode']);
        expect(plan.code, plan.stdout + plan.stderr).toBe(0);
        expect(plan.stdout).toContain('No changes');
      }),
      { numRuns: 12, seed: 20261128, interruptAfterTimeLimit: 60_000 },
    );
    // The property is only worth something if most cases had something to apply.
    expect(changed).toBeGreaterThanOrEqual(6);
  }, 90_000);
});

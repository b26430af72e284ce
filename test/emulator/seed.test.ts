// Seeds: the schema and relation checks, the demo org against territories.yaml, generated
// orgs, and --state persistence.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
  DEMO_SEED,
  DEMO_TERRITORY as T,
  generateOrg,
  readSeedFile,
  startEmulator,
  validateSeed,
} from '../../src/emulator/index.js';
import type { EmulatorSeed, SeedRecord, SeedTerritoryRef } from '../../src/emulator/index.js';
import { accessToken, at, call } from './helpers.js';

const repo = (file: string) => new URL(`../../${file}`, import.meta.url);

describe('seed validation', () => {
  it('accepts the demo seed and the examples', async () => {
    expect(validateSeed(DEMO_SEED)).toBe(DEMO_SEED);
    const example = JSON.parse(readFileSync(repo('examples/emulator/demo-seed.json'), 'utf8'));
    const { $schema, ...rest } = example as { $schema: string };
    expect($schema).toBe('../../schemas/emulator-seed.schema.json');
    expect(rest).toEqual(DEMO_SEED);
    const small = await readSeedFile(repo('examples/emulator/small-org.yaml').pathname);
    expect(small.records?.Accounts?.[0]?.territories).toHaveLength(2);
  });

  it('reports every problem at once', () => {
    const broken = {
      territories: [
        { id: '1', name: 'Root', parent: null },
        { id: '2', name: 'Other root', parent: null },
        { id: '3', name: 'Orphan', parent: '99' },
        { id: '4', name: 'Loop A', parent: '5' },
        { id: '5', name: 'Loop B', parent: '4' },
      ],
      records: {
        Accounts: [
          { id: '10', name: 'A', territories: ['1', '1', '77'] },
          { id: '10', name: 'A again' },
        ],
      },
    };
    let message = '';
    try {
      validateSeed(broken);
    } catch (error) {
      message = (error as Error).message;
    }
    for (const problem of [
      'exactly one territory must have parent null (found 2)',
      'territory 3 (Orphan) names unknown parent 99',
      'territory 4 (Loop A) is its own ancestor',
      'Accounts 10 lists territory 1 twice',
      'Accounts 10 names unknown territory 77',
      'record 10 is defined twice',
    ]) {
      expect(message).toContain(problem);
    }
  });

  it('checks the shape against schemas/emulator-seed.schema.json', () => {
    const messages = (() => {
      try {
        validateSeed({
          territories: [{ id: 42, name: 'Root', parent: null }],
          extra: 1,
        });
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(messages).toContain('unknown key "extra"');
    expect(messages).toContain('/territories/0/id');
  });
});

describe('the small-org example', () => {
  const example = repo('examples/emulator/small-org.yaml').pathname;

  /** Every property name a JSON Schema (or a value) spells, at any depth. */
  function keysOf(value: unknown, schema: boolean, into = new Set<string>()): Set<string> {
    if (Array.isArray(value)) {
      for (const item of value) keysOf(item, schema, into);
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, inner] of Object.entries(value)) {
        if (schema && key === 'properties') {
          for (const name of Object.keys(inner as object)) into.add(name);
        } else if (!schema) {
          into.add(key);
        }
        keysOf(inner, schema, into);
      }
    }
    return into;
  }

  it('spells every key the seed schema knows, so it shows every feature', async () => {
    const schema = JSON.parse(readFileSync(repo('schemas/emulator-seed.schema.json'), 'utf8'));
    const used = keysOf(await readSeedFile(example), false);
    const missing = [...keysOf(schema, true)].filter((k) => k !== '$schema' && !used.has(k));
    expect(missing).toEqual([]);
  });

  it("serves what it shows: lookups as {name, id}, a view's records, a territory's rules and manager", async () => {
    const emulator = await startEmulator({ seed: example });
    try {
      const client = { clientId: '1000.SMALL0CLIENT', clientSecret: 'small-secret' };
      const token = await accessToken(emulator, '1000.small-refresh-token', client);
      const get = async (url: string) => (await call(emulator, 'GET', url, { token })).body;
      const deal = await get('/crm/v7/Deals/111111000000070001');
      expect(at(deal, 'data', 0, 'Account_Name')).toEqual({
        name: 'Lone Star Supplies',
        id: '111111000000050001',
      });
      expect(at(deal, 'data', 0, 'Contact_Name')).toEqual({
        name: 'Ada Lovelace',
        id: '111111000000060001',
      });
      const view = await get('/crm/v7/Accounts?fields=Account_Name&cvid=111111000000090001');
      expect(at(view, 'data')).toEqual([
        { id: '111111000000050001', Account_Name: 'Lone Star Supplies' },
      ]);
      const texas = await get('/crm/v7/settings/territories/111111000000046007');
      expect(at(texas, 'territories', 0, 'deal_rule_criteria')).toMatchObject({
        comparator: 'greater_than',
      });
      const root = await get(
        '/crm/v7/settings/territories/111111000000046001?include_inner_details=manager.zuid,manager.status',
      );
      expect(at(root, 'territories', 0, 'manager')).toEqual({
        name: 'Patricia Boyle',
        id: '111111000000043376',
        zuid: '80001234',
        status: 'active',
      });
    } finally {
      await emulator.stop();
    }
  });
});

describe('the demo seed matches territories.yaml', () => {
  interface Desired {
    territories: Record<string, { name?: string; path?: string; id?: string }>;
    records: Record<string, Record<string, unknown>>;
  }
  const desired = parseYaml(readFileSync(repo('territories.yaml'), 'utf8')) as Desired;
  const byId = new Map(DEMO_SEED.territories.map((t) => [t.id, t]));
  const pathOf = (id: string): string => {
    const t = byId.get(id);
    if (!t) return '';
    return t.parent === null ? t.name : `${pathOf(t.parent)}/${t.name}`;
  };
  const resolve = (ref: string): string[] => {
    const alias = desired.territories[ref];
    if (alias?.id) return [alias.id].filter((id) => byId.has(id));
    if (alias?.path)
      return DEMO_SEED.territories.filter((t) => pathOf(t.id) === alias.path).map((t) => t.id);
    const name = alias?.name ?? ref;
    return DEMO_SEED.territories.filter((t) => t.name === name || t.id === name).map((t) => t.id);
  };
  const listOf = (value: unknown): string[] =>
    typeof value === 'string'
      ? [value]
      : Array.isArray(value)
        ? (value as string[])
        : ((value as { territories: string[] }).territories ?? []);
  const refId = (ref: SeedTerritoryRef) => (typeof ref === 'string' ? ref : ref.id);
  const manual = (r: SeedRecord) =>
    (r.territories ?? [])
      .filter((ref) => typeof ref === 'string' || ref.assigned !== 'automatically')
      .map(refId);

  it('resolves every alias and reference to exactly one territory', () => {
    for (const module of Object.keys(desired.records)) {
      for (const value of Object.values(desired.records[module] ?? {})) {
        for (const ref of listOf(value)) expect([ref, resolve(ref).length]).toEqual([ref, 1]);
      }
    }
  });

  it('has every listed record, within the limits, and some that must change', () => {
    let changed = 0;
    for (const [module, records] of Object.entries(desired.records)) {
      const seeded = DEMO_SEED.records?.[module as 'Accounts'] ?? [];
      for (const [id, value] of Object.entries(records)) {
        const record = seeded.find((r) => r.id === id);
        expect(record, `${module} ${id}`).toBeDefined();
        const want = new Set(listOf(value).flatMap(resolve));
        const byRules = (record?.territories ?? []).filter(
          (ref) => typeof ref !== 'string' && ref.assigned === 'automatically',
        );
        const total = new Set([...want, ...byRules.map(refId)]).size;
        expect(total).toBeLessThanOrEqual(module === 'Deals' ? 1 : 10);
        const have = new Set(record ? manual(record) : []);
        if ([...want].some((t) => !have.has(t)) || [...have].some((t) => !want.has(t))) changed++;
      }
    }
    expect(changed).toBeGreaterThan(5);
  });

  it('puts the Globex deal in US East, so the demo must move it (remove, then assign)', () => {
    const deal = DEMO_SEED.records?.Deals?.find((r) => r.id === '554023000003639902');
    expect(deal?.territories).toEqual([T.USEast]);
  });
});

describe('generated orgs', () => {
  it('are the same for the same options and differ for another seed number', () => {
    const options = { territories: 30, records: { Accounts: 50, Deals: 20 }, seed: 3 };
    expect(generateOrg(options)).toEqual(generateOrg(options));
    expect(generateOrg({ ...options, seed: 4 })).not.toEqual(generateOrg(options));
    const org = generateOrg(options);
    expect(org.records?.Deals?.every((d) => (d.territories?.length ?? 0) <= 1)).toBe(true);
    expect(() => validateSeed(org)).not.toThrow();
  });
  // One of 100,000 records: test/emulator/large-org.test.ts. How fast it loads: `npm run bench`.
});

describe('--state persistence', () => {
  it('writes changes atomically and starts from the state file next time', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'emulator-state-'));
    const statePath = path.join(dir, 'state.json');
    const first = await startEmulator({ statePath, jobDelayMs: 5 });
    const token = await accessToken(first);
    const reply = await call(first, 'POST', '/crm/v7/Accounts/actions/assign_territories', {
      token,
      body: { data: [{ id: '554023000003635004', Territories: [{ id: T.UKIreland }] }] },
    });
    expect(reply.status).toBe(202);
    await first.waitForIdle(2000);
    await first.stop();
    expect(readdirSync(dir)).toEqual(['state.json']);
    const saved = validateSeed(JSON.parse(readFileSync(statePath, 'utf8')) as EmulatorSeed);
    const initech = saved.records?.Accounts?.find((r) => r.id === '554023000003635004');
    expect(initech?.territories).toEqual([
      expect.objectContaining({ id: T.UKIreland, assigned: 'manually' }),
    ]);

    const second = await startEmulator({ statePath, seed: generateOrg({ seed: 1 }) });
    try {
      const record = second.state().records.Accounts.find((r) => r.id === '554023000003635004');
      expect(record?.territories.map((t) => t.name)).toEqual(['UK & Ireland']);
    } finally {
      await second.stop();
    }
  });

  it('names the file and the problem when a seed file is not valid', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'emulator-seed-'));
    const file = path.join(dir, 'seed.yaml');
    writeFileSync(file, 'territories: [{ id: "1", name: Root, parent: "2" }]\n');
    await expect(startEmulator({ seed: file })).rejects.toThrowError(
      expect.objectContaining({ message: expect.stringContaining(file) }),
    );
  });
});

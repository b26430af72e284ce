// A generated org and a desired territories.yaml for N records of which a chosen share change:
// some gain a territory, some lose one, and some swap one for another (every Deal that moves),
// which takes two waves. Deterministic: the same spec gives the same org and file, byte for byte.
import type { CurrentRecord, ModuleName, Territory } from '../src/core/model.js';
import type { EmulatorSeed, GenerateOrgOptions, SeedRecord } from '../src/emulator/index.js';

export interface FixtureSpec {
  /** Records listed in the desired file (the org holds exactly these). */
  readonly records: number;
  /** Share of the listed records whose territories change, e.g. 0.1. */
  readonly changeShare: number;
  /** Territories in the catalogue, the root included. */
  readonly territories: number;
  readonly seed: number;
}

export interface FixtureChange {
  readonly module: ModuleName;
  readonly id: string;
  readonly add: readonly string[];
  readonly remove: readonly string[];
}

export interface DesiredEntry {
  readonly module: ModuleName;
  readonly id: string;
  /** Territory ids the record must end with, those assigned by rules included. */
  readonly territoryIds: readonly string[];
}

/** A selector of the desired file and how many records it matches in the org. */
export interface FixtureSelector {
  readonly module: ModuleName;
  readonly name: string;
  readonly matches: number;
}

export interface Fixture {
  readonly spec: FixtureSpec;
  readonly seed: EmulatorSeed;
  readonly yaml: string;
  readonly desired: readonly DesiredEntry[];
  readonly changes: readonly FixtureChange[];
  /** Records the plan reads, per module: those listed, or those the selectors match. */
  readonly moduleCounts: Readonly<Record<ModuleName, number>>;
  readonly territoryNames: ReadonlyMap<string, string>;
  /** The desired file's selectors, when it has any (bench/selector-fixture.ts). */
  readonly selectors?: readonly FixtureSelector[];
  /** Other desired files the working folder holds, by name (a baseline's own file). */
  readonly extraFiles?: Readonly<Record<string, string>>;
}

type GenerateOrg = (options: GenerateOrgOptions) => EmulatorSeed;

const MODULE_SHARES: Readonly<Record<ModuleName, number>> = {
  Accounts: 0.5,
  Contacts: 0.3,
  Deals: 0.2,
  Leads: 0,
};
const MAX_LISTED: Readonly<Record<ModuleName, number>> = {
  Accounts: 10,
  Contacts: 10,
  Deals: 1,
  Leads: 10,
};
/** Accounts and Contacts cycle through these; Deals move when they hold one, else gain one. */
const KIND_CYCLE = ['assign', 'remove', 'assign', 'swap'] as const;

export function moduleCounts(records: number): Record<ModuleName, number> {
  const accounts = Math.round(records * MODULE_SHARES.Accounts);
  const contacts = Math.round(records * MODULE_SHARES.Contacts);
  return { Accounts: accounts, Contacts: contacts, Deals: records - accounts - contacts, Leads: 0 };
}

export function buildFixture(generateOrg: GenerateOrg, spec: FixtureSpec): Fixture {
  const counts = moduleCounts(spec.records);
  const seed = generateOrg({ territories: spec.territories, records: counts, seed: spec.seed });
  const territoryNames = new Map(seed.territories.map((t) => [t.id, t.name]));
  const assignable = seed.territories.filter((t) => t.parent !== null).map((t) => t.id);
  const stride = Math.max(1, Math.round(1 / spec.changeShare));
  const desired: DesiredEntry[] = [];
  const changes: FixtureChange[] = [];
  for (const module of ['Accounts', 'Contacts', 'Deals'] as const) {
    (seed.records?.[module] ?? []).forEach((record, n) => {
      const { manual, rules } = splitAssignments(record);
      const change =
        n % stride === 0 ? planChange(module, n / stride, manual, rules, assignable) : undefined;
      const removed = new Set(change?.remove ?? []);
      const territoryIds = [
        ...rules,
        ...manual.filter((id) => !removed.has(id)),
        ...(change?.add ?? []),
      ];
      desired.push({ module, id: record.id, territoryIds });
      if (change && (change.add.length > 0 || change.remove.length > 0)) {
        changes.push({ module, id: record.id, ...change });
      }
    });
  }
  return {
    spec,
    seed,
    yaml: desiredYaml(desired, territoryNames, spec),
    desired,
    changes,
    moduleCounts: counts,
    territoryNames,
  };
}

function splitAssignments(record: SeedRecord): { manual: string[]; rules: string[] } {
  const manual: string[] = [];
  const rules: string[] = [];
  for (const ref of record.territories ?? []) {
    if (typeof ref === 'string') manual.push(ref);
    else if (ref.assigned === 'automatically') rules.push(ref.id);
    else manual.push(ref.id);
  }
  return { manual, rules };
}

function planChange(
  module: ModuleName,
  turn: number,
  manual: readonly string[],
  rules: readonly string[],
  assignable: readonly string[],
): { add: string[]; remove: string[] } | undefined {
  const held = [...rules, ...manual];
  // A Deal held by a rule cannot take another territory, and the API cannot remove the rule's.
  if (module === 'Deals' && rules.length > 0) return undefined;
  const wanted = module === 'Deals' ? 'swap' : KIND_CYCLE[turn % KIND_CYCLE.length];
  const first = manual[0];
  if (first !== undefined && wanted === 'remove') return { add: [], remove: [first] };
  if (first !== undefined && wanted === 'swap') {
    const add = freeTerritory(turn, held, assignable);
    return add === undefined ? { add: [], remove: [first] } : { add: [add], remove: [first] };
  }
  if (held.length >= MAX_LISTED[module]) return undefined;
  const add = freeTerritory(turn, held, assignable);
  return add === undefined ? undefined : { add: [add], remove: [] };
}

/** A territory the record does not hold, picked by a fixed stride so runs repeat. */
function freeTerritory(
  turn: number,
  held: readonly string[],
  assignable: readonly string[],
): string | undefined {
  for (let k = 0; k < assignable.length; k += 1) {
    const candidate = assignable[(turn * 7919 + k) % assignable.length];
    if (candidate !== undefined && !held.includes(candidate)) return candidate;
  }
  return undefined;
}

function desiredYaml(
  desired: readonly DesiredEntry[],
  names: ReadonlyMap<string, string>,
  spec: FixtureSpec,
): string {
  const lines = [
    `# Generated by bench/org-fixture.ts: ${spec.records} records, ${spec.changeShare * 100}% changing, seed ${spec.seed}.`,
    'version: 1',
    'records:',
  ];
  let module: ModuleName | undefined;
  for (const entry of desired) {
    if (entry.module !== module) {
      module = entry.module;
      lines.push(`  ${module}:`);
    }
    const refs = entry.territoryIds.map((id) => JSON.stringify(names.get(id) ?? id));
    lines.push(`    "${entry.id}": [${refs.join(', ')}]`);
  }
  return `${lines.join('\n')}\n`;
}

/** The catalogue and current records as the client would read them from this org. */
export function crmState(seed: EmulatorSeed): {
  catalogue: { territories: Territory[] };
  current: { records: CurrentRecord[] };
} {
  const names = new Map(seed.territories.map((t) => [t.id, t.name]));
  const records: CurrentRecord[] = [];
  for (const module of ['Accounts', 'Contacts', 'Deals'] as const) {
    for (const record of seed.records?.[module] ?? []) {
      const { manual, rules } = splitAssignments(record);
      const territories = [
        ...manual.map((id) => ({ id, name: names.get(id) ?? id, assigned: 'manually' as const })),
        ...rules.map((id) => ({
          id,
          name: names.get(id) ?? id,
          assigned: 'automatically' as const,
        })),
      ];
      records.push({ module, id: record.id, name: record.name, territories });
    }
  }
  return {
    catalogue: {
      territories: seed.territories.map((t) => ({ id: t.id, name: t.name, parentId: t.parent })),
    },
    current: { records },
  };
}

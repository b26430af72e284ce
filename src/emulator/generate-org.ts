// Large orgs for tests and benchmarks, made deterministically from a seed number: the same
// options give the same org, byte for byte.
import { MAX_TERRITORIES_PER_RECORD } from '../constants/zoho.js';
import { seededRandom } from './seeded-random.js';
import type {
  EmulatorSeed,
  SeedModule,
  SeedOAuthClient,
  SeedRecord,
  SeedTerritory,
  SeedTerritoryRef,
} from './seed-types.js';
import { SEED_MODULES } from './seed-types.js';
import { DEMO_OAUTH_CLIENT } from './seeds/demo-seed.js';

export interface GenerateOrgOptions {
  /** Territories in the catalogue, the root included (default 50). */
  readonly territories?: number;
  /** Records per module (default 100 Accounts). */
  readonly records?: Partial<Record<SeedModule, number>>;
  /** Seed number for the generator (default 1). */
  readonly seed?: number;
  /** Most territories a record gets (default 3; Deals 1). */
  readonly maxTerritoriesPerRecord?: number;
  /** Share of assignments made by rules (default 0.1). */
  readonly ruleAssignedShare?: number;
  /** Share of locked records (default 0). */
  readonly lockedShare?: number;
  /** Default: the demo client. */
  readonly oauthClients?: readonly SeedOAuthClient[];
}

const ORG_ID_BASE = 554023000000900000n;
const TERRITORY_BASE = 554023000100000000n;
const RECORD_BASE: Readonly<Record<SeedModule, bigint>> = {
  Accounts: 554023000200000000n,
  Contacts: 554023000300000000n,
  Deals: 554023000400000000n,
  Leads: 554023000500000000n,
};

/** The org id generateOrg gives an org made from seed number `seed` (GET /crm/v7/org). */
export function generatedOrgId(seed = 1): string {
  const n = Number.isFinite(seed) ? Math.abs(Math.trunc(seed)) % 100_000 : 0;
  return String(ORG_ID_BASE + BigInt(n));
}

/** The id generateOrg gives the n-th (0-based) territory or record of a module. */
export function generatedTerritoryId(n: number): string {
  return String(TERRITORY_BASE + BigInt(n));
}

export function generatedRecordId(module: SeedModule, n: number): string {
  return String(RECORD_BASE[module] + BigInt(n));
}

const NAMES = ['North', 'South', 'East', 'West', 'Central', 'Coastal', 'Metro', 'Rural'];

export function generateOrg(options: GenerateOrgOptions = {}): EmulatorSeed {
  const random = seededRandom(options.seed ?? 1);
  const pick = (n: number) => Math.floor(random() * n);
  const territoryCount = Math.max(1, options.territories ?? 50);
  const territories: SeedTerritory[] = [];
  for (let i = 0; i < territoryCount; i++) {
    territories.push({
      id: generatedTerritoryId(i),
      name: i === 0 ? 'Organization' : `${NAMES[i % NAMES.length]} ${i}`,
      parent: i === 0 ? null : generatedTerritoryId(pick(i)),
    });
  }
  const assignable = territoryCount - 1;
  const ruleShare = options.ruleAssignedShare ?? 0.1;
  const lockedShare = options.lockedShare ?? 0;
  const counts = options.records ?? { Accounts: 100 };
  const records: Partial<Record<SeedModule, SeedRecord[]>> = {};
  for (const module of SEED_MODULES) {
    const count = counts[module] ?? 0;
    if (count === 0) continue;
    const max = Math.min(
      MAX_TERRITORIES_PER_RECORD[module],
      options.maxTerritoriesPerRecord ?? 3,
      assignable,
    );
    const list: SeedRecord[] = [];
    for (let n = 0; n < count; n++) {
      const wanted = pick(max + 1);
      const chosen = new Set<number>();
      for (let k = 0; k < wanted * 3 && chosen.size < wanted; k++) chosen.add(1 + pick(assignable));
      const refs: SeedTerritoryRef[] = [...chosen].map((t) =>
        random() < ruleShare
          ? { id: generatedTerritoryId(t), assigned: 'automatically' }
          : generatedTerritoryId(t),
      );
      list.push({
        id: generatedRecordId(module, n),
        name: `${module.slice(0, -1)} ${n}`,
        ...(refs.length > 0 ? { territories: refs } : {}),
        ...(lockedShare > 0 && random() < lockedShare ? { locked: true } : {}),
      });
    }
    records[module] = list;
  }
  return {
    org: { id: generatedOrgId(options.seed ?? 1), name: 'Generated org' },
    territories,
    records,
    oauthClients: options.oauthClients ?? [
      {
        clientId: DEMO_OAUTH_CLIENT.clientId,
        clientSecret: DEMO_OAUTH_CLIENT.clientSecret,
        refreshTokens: [DEMO_OAUTH_CLIENT.refreshToken],
        scopes: [...DEMO_OAUTH_CLIENT.scopes],
      },
    ],
  };
}

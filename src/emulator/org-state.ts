// The emulated org in memory: territories and records indexed by id, records also kept in id
// order per module so paging costs what the page costs, not what the org holds.
import type {
  EmulatorSeed,
  SeedAssigned,
  SeedCustomView,
  SeedManager,
  SeedModule,
  SeedOAuthClient,
  SeedRecord,
  SeedTerritory,
  SeedTerritoryRules,
  SeedUser,
} from './seed-types.js';
import { SEED_MODULES } from './seed-types.js';
import { compareIds, zohoTime } from './zoho-time.js';

/** Seeds carry no clock: times they leave out are read off this fixed one, so runs repeat. */
export const SEED_EPOCH_MS = Date.UTC(2025, 0, 6, 9, 0, 0);

/** The org id of a seed that names none (GET /org); the demo and generated orgs name their own. */
export const DEFAULT_ORG_ID = '554023000000000011';
const DEFAULT_ORG_NAME = 'Zylker';

export const DEFAULT_USER: SeedUser = {
  id: '554023000000235011',
  name: 'Patricia Boyle',
  email: 'p.boyle@zylker.example',
};

export interface StoredTerritory {
  readonly id: string;
  readonly name: string;
  /** Unique in the org, as Zoho keeps it: the name with non-alphanumerics as '_'. */
  readonly apiName: string;
  readonly parentId: string | null;
  readonly description: string;
  readonly manager: SeedManager | null;
  readonly restricted: boolean;
  readonly createdTime: string;
  /** The seed's rule criteria (A29): answered, never run. */
  readonly rules: SeedTerritoryRules;
}

/** A seed's custom view (A27), with the module it belongs to. */
export interface StoredCustomView extends SeedCustomView {
  readonly module: SeedModule;
}

export interface StoredAssignment {
  readonly territoryId: string;
  readonly assigned: SeedAssigned;
  readonly assignedTime: string;
}

export interface StoredRecord {
  readonly id: string;
  readonly module: SeedModule;
  readonly name: string;
  /** Every served field except id, Owner, times and territories; the admin route may edit it. */
  fields: Readonly<Record<string, unknown>>;
  territories: StoredAssignment[];
  locked: boolean;
  readOnly: boolean;
  readonly createdTime: string;
  modifiedTime: string;
}

export class ModuleTable {
  readonly byId = new Map<string, StoredRecord>();
  /** Ascending by numeric id. */
  readonly sortedIds: string[] = [];

  /** Seeds are added in bulk, then sorted once (see sortIds). */
  addUnsorted(record: StoredRecord): void {
    this.byId.set(record.id, record);
    this.sortedIds.push(record.id);
  }

  sortIds(): void {
    this.sortedIds.sort(compareIds);
  }

  /** A record created later (admin route): binary insertion keeps the order. */
  insert(record: StoredRecord): void {
    this.byId.set(record.id, record);
    let lo = 0;
    let hi = this.sortedIds.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareIds(this.sortedIds[mid] as string, record.id) < 0) lo = mid + 1;
      else hi = mid;
    }
    this.sortedIds.splice(lo, 0, record.id);
  }
}

export class OrgState {
  readonly orgId: string;
  readonly orgName: string;
  readonly territoriesEnabled: boolean;
  /** Zoho support's switch: may Leads be given territories through the API? */
  readonly leadAssignmentEnabled: boolean;
  /** The status of an assign/remove answer with SCHEDULED and error entries (A1). */
  readonly mixedBatchStatus: 207 | 400;
  /** Which rule criteria territories carry (A29); account rules are always on. */
  readonly leadRulesEnabled: boolean;
  readonly dealRulesEnabled: boolean;
  /** The seed's custom views by id (A27); the default "All" views are not stored. */
  readonly customViews = new Map<string, StoredCustomView>();
  readonly user: SeedUser;
  readonly territories = new Map<string, StoredTerritory>();
  readonly children = new Map<string, string[]>();
  readonly modules: Readonly<Record<SeedModule, ModuleTable>>;
  readonly clients: readonly SeedOAuthClient[];
  /** Which module holds a record id (ids are unique across the org, as in Zoho). */
  readonly moduleOf = new Map<string, SeedModule>();
  private readonly apiNames = new Set<string>();

  private constructor(seed: EmulatorSeed) {
    this.orgId = seed.org?.id ?? DEFAULT_ORG_ID;
    this.orgName = seed.org?.name ?? DEFAULT_ORG_NAME;
    this.territoriesEnabled = seed.org?.territoriesEnabled ?? true;
    this.leadAssignmentEnabled = seed.org?.leadAssignmentEnabled ?? false;
    this.mixedBatchStatus = seed.org?.mixedBatchStatus ?? 207;
    this.leadRulesEnabled = seed.org?.leadRulesEnabled ?? true;
    this.dealRulesEnabled = seed.org?.dealRulesEnabled ?? false;
    this.user = seed.org?.user ?? DEFAULT_USER;
    this.clients = seed.oauthClients ?? [];
    this.modules = {
      Accounts: new ModuleTable(),
      Contacts: new ModuleTable(),
      Deals: new ModuleTable(),
      Leads: new ModuleTable(),
    };
  }

  /** Builds the state from a seed already checked by validateSeed. */
  static fromSeed(seed: EmulatorSeed): OrgState {
    const state = new OrgState(seed);
    seed.territories.forEach((t, index) => state.addTerritory(t, index));
    let counter = 0;
    for (const module of SEED_MODULES) {
      const table = state.modules[module];
      for (const record of seed.records?.[module] ?? []) {
        table.addUnsorted(storedRecord(module, record, SEED_EPOCH_MS + 60_000 * counter++));
        state.moduleOf.set(record.id, module);
      }
      table.sortIds();
      for (const view of seed.customViews?.[module] ?? []) {
        state.customViews.set(view.id, { ...view, module });
      }
    }
    return state;
  }

  private addTerritory(t: SeedTerritory, index: number): void {
    const base = t.name.replace(/[^\p{L}\p{N}]+/gu, '_').replace(/^_+|_+$/g, '') || 'Territory';
    let apiName = base;
    for (let n = 1; this.apiNames.has(apiName); n++) apiName = `${base}${n}`;
    this.apiNames.add(apiName);
    this.territories.set(t.id, {
      id: t.id,
      name: t.name,
      apiName,
      parentId: t.parent,
      description: t.description ?? (t.parent === null ? 'Organization Parent Territory' : ''),
      manager: t.manager ?? null,
      restricted: t.restricted ?? false,
      createdTime: zohoTime(SEED_EPOCH_MS - 86_400_000 + 1000 * index),
      rules: t.rules ?? {},
    });
    if (t.parent !== null) {
      const siblings = this.children.get(t.parent);
      if (siblings) siblings.push(t.id);
      else this.children.set(t.parent, [t.id]);
    }
  }

  record(module: SeedModule, id: string): StoredRecord | undefined {
    return this.modules[module].byId.get(id);
  }

  /** Adds a record that was not in the seed (admin route). */
  createRecord(module: SeedModule, seed: SeedRecord, now: number): StoredRecord {
    const record = storedRecord(module, seed, now);
    this.modules[module].insert(record);
    this.moduleOf.set(record.id, module);
    return record;
  }

  /** The seed that rebuilds this state (what --state writes). */
  toSeed(): EmulatorSeed {
    const records: Partial<Record<SeedModule, SeedRecord[]>> = {};
    for (const module of SEED_MODULES) {
      const table = this.modules[module];
      if (table.sortedIds.length === 0) continue;
      records[module] = table.sortedIds.map((id) =>
        seedRecordOf(table.byId.get(id) as StoredRecord),
      );
    }
    return {
      org: {
        id: this.orgId,
        name: this.orgName,
        territoriesEnabled: this.territoriesEnabled,
        ...(this.leadAssignmentEnabled ? { leadAssignmentEnabled: true } : {}),
        ...(this.mixedBatchStatus === 207 ? {} : { mixedBatchStatus: this.mixedBatchStatus }),
        ...(this.leadRulesEnabled ? {} : { leadRulesEnabled: false }),
        ...(this.dealRulesEnabled ? { dealRulesEnabled: true } : {}),
        user: this.user,
      },
      territories: [...this.territories.values()].map((t) => ({
        id: t.id,
        name: t.name,
        parent: t.parentId,
        ...(t.description ? { description: t.description } : {}),
        ...(t.manager ? { manager: t.manager } : {}),
        ...(t.restricted ? { restricted: true } : {}),
        ...(Object.keys(t.rules).length > 0 ? { rules: t.rules } : {}),
      })),
      records,
      ...(this.customViews.size > 0 ? { customViews: this.customViewsByModule() } : {}),
      oauthClients: this.clients,
    };
  }

  private customViewsByModule(): Partial<Record<SeedModule, SeedCustomView[]>> {
    const out: Partial<Record<SeedModule, SeedCustomView[]>> = {};
    for (const { module, ...view } of this.customViews.values()) (out[module] ??= []).push(view);
    return out;
  }
}

function storedRecord(module: SeedModule, seed: SeedRecord, createdMs: number): StoredRecord {
  const created = zohoTime(createdMs);
  return {
    id: seed.id,
    module,
    name: seed.name,
    fields: { ...nameFields(module, seed.name), ...seed.fields },
    territories: (seed.territories ?? []).map((ref) =>
      typeof ref === 'string'
        ? { territoryId: ref, assigned: 'manually', assignedTime: created }
        : {
            territoryId: ref.id,
            assigned: ref.assigned ?? 'manually',
            assignedTime: ref.assignedTime ?? created,
          },
    ),
    locked: seed.locked ?? false,
    readOnly: seed.readOnly ?? false,
    createdTime: created,
    modifiedTime: created,
  };
}

/** The name a record is known by, spread over the module's name fields. */
function nameFields(module: SeedModule, name: string): Record<string, string> {
  switch (module) {
    case 'Accounts':
      return { Account_Name: name };
    case 'Deals':
      return { Deal_Name: name };
    case 'Contacts':
    case 'Leads': {
      const cut = name.lastIndexOf(' ');
      return cut < 0
        ? { Last_Name: name, Full_Name: name }
        : { First_Name: name.slice(0, cut), Last_Name: name.slice(cut + 1), Full_Name: name };
    }
  }
}

const DERIVED_FIELDS = new Set([
  'Account_Name',
  'Deal_Name',
  'First_Name',
  'Last_Name',
  'Full_Name',
]);

function seedRecordOf(record: StoredRecord): SeedRecord {
  const derived = nameFields(record.module, record.name);
  const extra: Record<string, string | number | boolean | null> = {};
  for (const [key, value] of Object.entries(record.fields)) {
    const isDerived = DERIVED_FIELDS.has(key) && derived[key] === value;
    if (!isDerived) extra[key] = value as string | number | boolean | null;
  }
  return {
    id: record.id,
    name: record.name,
    territories: record.territories.map((a) => ({
      id: a.territoryId,
      assigned: a.assigned,
      assignedTime: a.assignedTime,
    })),
    ...(record.locked ? { locked: true } : {}),
    ...(record.readOnly ? { readOnly: true } : {}),
    ...(Object.keys(extra).length > 0 ? { fields: extra } : {}),
  };
}

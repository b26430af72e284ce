// The seed: the org the emulator serves, as a person writes it (JSON or YAML), described by
// schemas/emulator-seed.schema.json. The state file written with --state has the same shape.

/** Modules whose records the emulator stores. */
export const SEED_MODULES = ['Accounts', 'Contacts', 'Deals', 'Leads'] as const;
export type SeedModule = (typeof SEED_MODULES)[number];

export type SeedAssigned = 'manually' | 'automatically';

export interface SeedUser {
  readonly id: string;
  readonly name: string;
  readonly email: string;
}

export interface SeedTerritory {
  readonly id: string;
  readonly name: string;
  /** The parent territory's id (`reporting_to`); null for the root. */
  readonly parent: string | null;
  readonly description?: string;
  readonly manager?: { readonly id: string; readonly name: string } | null;
  /** The API user may not add or remove this territory (NO_PERMISSION, HTTP 401). */
  readonly restricted?: boolean;
}

/** A territory id (assigned manually), or an object saying how and when it was assigned. */
export type SeedTerritoryRef =
  | string
  | {
      readonly id: string;
      readonly assigned?: SeedAssigned;
      /** ISO time; default: the seed's fixed clock. */
      readonly assignedTime?: string;
    };

export interface SeedRecord {
  readonly id: string;
  /** Account_Name, Deal_Name, or a person's full name (split into First_Name/Last_Name). */
  readonly name: string;
  readonly territories?: readonly SeedTerritoryRef[];
  /** Locked records answer RECORD_LOCKED to assign/remove. */
  readonly locked?: boolean;
  /** The API user may not update this record (NO_PERMISSION, HTTP 403). */
  readonly readOnly?: boolean;
  /** Extra field values served as they are (e.g. Billing_Country). */
  readonly fields?: Readonly<Record<string, string | number | boolean | null>>;
}

export interface SeedOAuthClient {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly refreshTokens: readonly string[];
  /** Scopes granted to tokens refreshed with this client, e.g. ZohoCRM.modules.ALL. */
  readonly scopes: readonly string[];
}

export interface EmulatorSeed {
  readonly $schema?: string;
  readonly org?: {
    /** The org id GET /org answers (a digit string). Default: DEFAULT_ORG_ID in org-state.ts. */
    readonly id?: string;
    /** The company name (GET /org `company_name`, users' `org_name`). Default "Zylker". */
    readonly name?: string;
    /** false: every territory API answers FEATURE_NOT_ENABLED. Default true. */
    readonly territoriesEnabled?: boolean;
    /** The API user (GET /users?type=CurrentUser, `$assigned_by`, Owner). */
    readonly user?: SeedUser;
  };
  readonly territories: readonly SeedTerritory[];
  readonly records?: Partial<Readonly<Record<SeedModule, readonly SeedRecord[]>>>;
  readonly oauthClients?: readonly SeedOAuthClient[];
}

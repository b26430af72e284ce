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

/** Zoho's statuses of a user (a territory manager's `status`). */
export type SeedUserStatus = 'active' | 'deleted' | 'rejected' | 'closed' | 'disabled';

export interface SeedManager {
  readonly id: string;
  readonly name: string;
  /** Answered with include_inner_details=manager.zuid; default derived from id (A30). */
  readonly zuid?: string;
  /** Answered with include_inner_details=manager.status; default active (A30). */
  readonly status?: SeedUserStatus;
}

/**
 * Zoho's criteria shape (territory rules, custom views): one comparison, or a group of them.
 * `type` (Zoho's "value" mode) is answered as written when given.
 */
export type SeedCriteria =
  | {
      readonly comparator: string;
      readonly field: { readonly api_name: string; readonly id?: string };
      readonly value: unknown;
      readonly type?: string;
    }
  | { readonly group_operator: string; readonly group: readonly SeedCriteria[] };

/** A territory's assignment rules, per module (A29); answered, never run. */
export interface SeedTerritoryRules {
  readonly account?: SeedCriteria;
  readonly lead?: SeedCriteria;
  readonly deal?: SeedCriteria;
}

export interface SeedTerritory {
  readonly id: string;
  readonly name: string;
  /** The parent territory's id (`reporting_to`); null for the root. */
  readonly parent: string | null;
  readonly description?: string;
  readonly manager?: SeedManager | null;
  /** The API user may not add or remove this territory (NO_PERMISSION, HTTP 401). */
  readonly restricted?: boolean;
  /** account_rule_criteria, lead_rule_criteria, deal_rule_criteria (A29). */
  readonly rules?: SeedTerritoryRules;
}

/**
 * A custom view (`cvid` in Get Records, A27): the records matching `criteria` and, when given,
 * listed in `recordIds`; neither lists every record of the module.
 */
export interface SeedCustomView {
  readonly id: string;
  readonly name: string;
  readonly criteria?: SeedCriteria;
  readonly recordIds?: readonly string[];
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
  /**
   * Extra field values served as they are (e.g. Billing_Country, Employees); a standard field
   * holds a value of its type, which COQL filters by (A34). A lookup field (Account_Name
   * of Contacts and Deals, Contact_Name of Deals) holds the looked-up record's id: Get Records
   * answers it as {name, id} (A32), COQL as {id} and follows it (A28).
   */
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
    /**
     * true: Zoho support has enabled assigning territories to Leads through the API for this org.
     * Default false: assign and remove on Leads answer 403 TERRITORY_NOT_ENABLED.
     */
    readonly leadAssignmentEnabled?: boolean;
    /** The API user (GET /users?type=CurrentUser, `$assigned_by`, Owner). */
    readonly user?: SeedUser;
    /**
     * The HTTP status of an assign/remove answer whose entries are partly SCHEDULED, partly
     * errors (A1): 207 (default) as the remove page says, or 400 as the assign page says.
     */
    readonly mixedBatchStatus?: 207 | 400;
    /** Lead territory rules are on: territories answer lead_rule_criteria (A29). Default true. */
    readonly leadRulesEnabled?: boolean;
    /** Deal territory rules are on: territories answer deal_rule_criteria (A29). Default false. */
    readonly dealRulesEnabled?: boolean;
  };
  readonly territories: readonly SeedTerritory[];
  readonly records?: Partial<Readonly<Record<SeedModule, readonly SeedRecord[]>>>;
  /** Custom views per module, besides the default "All" view of each (A27). */
  readonly customViews?: Partial<Readonly<Record<SeedModule, readonly SeedCustomView[]>>>;
  readonly oauthClients?: readonly SeedOAuthClient[];
}

import {
  DEFAULT_BATCH_SIZE,
  DEFAULT_CONCURRENCY,
  DEFAULT_JOB_TIMEOUT_SECONDS,
  DEFAULT_JOURNALS_KEPT,
  DEFAULT_LEDGER_FILE,
  DEFAULT_RECORD_RETRIES,
  DEFAULT_REQUEST_TIMEOUT_SECONDS,
  DEFAULT_SAFETY,
} from '../constants/defaults.js';
import type { ModuleName } from '../core/model.js';
import type { OwnersRule } from '../core/owners.js';

/** The tool's name: its config files' stem, and the key of package.json that holds settings. */
export const MODULE_NAME = 'territory-sync';

export const DATA_CENTRE_CODES = ['us', 'eu', 'in', 'au', 'jp', 'ca', 'cn', 'sa'] as const;
export type DataCentreCode = (typeof DATA_CENTRE_CODES)[number];

/**
 * What a person writes in a config file, validated by schemas/config.schema.json. Each interface
 * here and its part of the schema name the same settings (test/unit/config/schema-sync.test.ts).
 */
export interface ConnectionInput {
  dataCentre?: DataCentreCode;
  apiDomain?: string;
  accountsUrl?: string;
  apiVersion?: 'v7';
}

export interface SettingsInput {
  desired?: string | string[];
  connection?: ConnectionInput;
  batchSize?: number;
  concurrency?: number;
  jobTimeoutSeconds?: number;
  requestTimeoutSeconds?: number;
  safety?: { maxRemovals?: number; maxRemovalRatio?: number };
  recordRetries?: { attempts?: number; delaySeconds?: number };
  /** Opt-in modules (Leads): only where Zoho enabled their assignment through the API. */
  modules?: { Leads?: boolean };
  /**
   * The selectors' ledger file (docs/SELECTORS.md §4), relative to the config file. Set at the
   * top level, an environment's is `<stem>.<environment><ext>` beside it unless it sets its own.
   */
  ledger?: string;
}

export interface ConfigInput extends SettingsInput {
  /** The JSON Schema an editor checks the file against (schemas/config.schema.json); not a setting. */
  $schema?: string;
  defaultEnvironment?: string;
  /** Top level only: the journal folder is shared by every environment. */
  journalsKept?: number;
  /**
   * Territory (path, alias, name or id) -> GitHub users and teams who review its changes. Top
   * level only: reviewers belong to the repository, whichever org an environment points at.
   */
  owners?: Record<string, string[]>;
  environments?: Record<string, SettingsInput>;
}

/** Credentials, only ever from the environment. */
export type CredentialsInput =
  | { kind: 'refresh-token'; clientId: string; clientSecret: string; refreshToken: string }
  | { kind: 'access-token'; accessToken: string };

/** The normalised configuration every command works from. */
export interface ResolvedConfig {
  /** The config file that was used, if any. */
  readonly configPath: string | undefined;
  /** Globs are relative to this folder (the config file's folder, else the working folder). */
  readonly baseDir: string;
  readonly environment: string | undefined;
  readonly desired: readonly string[];
  readonly connection: ConnectionInput;
  readonly batchSize: number;
  readonly concurrency: number;
  readonly jobTimeoutSeconds: number;
  /** How long one HTTP exchange with Zoho may take before it counts as lost and is retried. */
  readonly requestTimeoutSeconds: number;
  readonly safety: { readonly absolute: number; readonly ratio: number };
  readonly recordRetries: { readonly attempts: number; readonly delaySeconds: number };
  /**
   * How many journals of applies that finished clean stay in .territory-sync/ (the default
   * journal folder); older ones are deleted when an apply starts.
   */
  readonly journalsKept: number;
  /** The modules this environment manages, in MANAGED_MODULES order (Leads only when opted in). */
  readonly modules: readonly ModuleName[];
  /** The `owners` entries in the order written, each located in the config file. */
  readonly owners: readonly OwnersRule[];
  /**
   * The selectors' ledger file, absolute: the `ledger` setting against baseDir, by default
   * .territory-sync/ledger.json, or .territory-sync/ledger.<environment>.json when an
   * environment is selected, so no two environments share one.
   */
  readonly ledgerFile: string;
}

/** The config's defaults, from src/constants/defaults.ts (the one place each is written). */
export const DEFAULTS = {
  desired: ['territories.yaml'],
  batchSize: DEFAULT_BATCH_SIZE,
  concurrency: DEFAULT_CONCURRENCY,
  jobTimeoutSeconds: DEFAULT_JOB_TIMEOUT_SECONDS,
  requestTimeoutSeconds: DEFAULT_REQUEST_TIMEOUT_SECONDS,
  safety: DEFAULT_SAFETY,
  recordRetries: DEFAULT_RECORD_RETRIES,
  journalsKept: DEFAULT_JOURNALS_KEPT,
  ledger: DEFAULT_LEDGER_FILE,
} as const;

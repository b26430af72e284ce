import path from 'node:path';
import { cosmiconfig } from 'cosmiconfig';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject } from 'ajv';
import { TerritorySyncError } from '../errors.js';
import type { Diagnostic } from '../core/model.js';
import { loadSchema } from '../schemas.js';
import { findSecrets } from './find-secrets.js';
import type { ConfigInput, ResolvedConfig, SettingsInput } from './config-types.js';
import { DEFAULTS } from './config-types.js';

const MODULE_NAME = 'territory-sync';
const SEARCH_PLACES = [
  'package.json',
  `${MODULE_NAME}.config.json`,
  `${MODULE_NAME}.config.yaml`,
  `${MODULE_NAME}.config.yml`,
  `${MODULE_NAME}.config.js`,
  `${MODULE_NAME}.config.mjs`,
  `${MODULE_NAME}.config.ts`,
  `.${MODULE_NAME}rc`,
  `.${MODULE_NAME}rc.json`,
  `.${MODULE_NAME}rc.yaml`,
  `.${MODULE_NAME}rc.yml`,
  `.${MODULE_NAME}rc.js`,
  `.${MODULE_NAME}rc.mjs`,
];

export interface LoadConfigOptions {
  cwd: string;
  /** --config FILE */
  configFile?: string;
  /** --env NAME */
  environment?: string;
}

let validator: ReturnType<Ajv2020['compile']> | undefined;
function validate(value: unknown): readonly ErrorObject[] {
  validator ??= new Ajv2020({ allErrors: true, strict: true }).compile(
    loadSchema('config') as object,
  );
  return validator(value) ? [] : (validator.errors ?? []);
}

function configError(file: string, message: string, hint: string, diagnostics: Diagnostic[] = []) {
  return new TerritorySyncError('INVALID_CONFIG', `${file}: ${message}`, { hint, diagnostics });
}

function describeAjvError(error: ErrorObject): string {
  const where = error.instancePath || '(top level)';
  if (error.keyword === 'additionalProperties') {
    const extra = String((error.params as { additionalProperty?: unknown }).additionalProperty);
    return `${where}: unknown setting '${extra}'`;
  }
  if (error.keyword === 'enum') {
    const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues ?? [];
    return `${where}: must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return `${where}: ${error.message ?? 'is invalid'}`;
}

/** Finds, validates and resolves the configuration for one run. Never reads credentials. */
export async function loadConfig(options: LoadConfigOptions): Promise<ResolvedConfig> {
  const explorer = cosmiconfig(MODULE_NAME, {
    searchPlaces: SEARCH_PLACES,
    searchStrategy: 'none',
  });
  let found: { filepath: string; config: unknown; isEmpty?: boolean } | null;
  try {
    found = options.configFile
      ? await explorer.load(path.resolve(options.cwd, options.configFile))
      : await explorer.search(options.cwd);
  } catch (cause) {
    const file = options.configFile ?? 'configuration';
    const reason = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
    const missing = (cause as { code?: unknown }).code === 'ENOENT';
    throw new TerritorySyncError(
      'INVALID_CONFIG',
      missing ? `${file}: no such config file` : `${file}: could not be read: ${reason}`,
      {
        hint: missing
          ? 'Check the path given to --config (it is relative to the current folder).'
          : 'Fix the syntax error, or run without --config to use the defaults.',
        cause,
      },
    );
  }

  const configPath = found?.filepath;
  const raw: unknown = found && !found.isEmpty ? found.config : {};
  const shown = configPath ? path.relative(options.cwd, configPath) || configPath : '(defaults)';

  const secrets = findSecrets(raw);
  if (secrets.length > 0) {
    throw configError(
      shown,
      `holds a secret at ${secrets.map((s) => s.path).join(', ')}. Credentials must never be committed.`,
      'Delete it from the file (and rotate it if it was ever pushed), then set ZOHO_CLIENT_ID, ' +
        'ZOHO_CLIENT_SECRET and ZOHO_REFRESH_TOKEN (or ZOHO_ACCESS_TOKEN) as environment variables ' +
        'or CI secrets.',
    );
  }

  const errors = validate(raw);
  if (errors.length > 0) {
    throw configError(
      shown,
      `is not a valid territory-sync configuration:\n  ${errors.map(describeAjvError).join('\n  ')}`,
      'See the "Configuration" section of the README for every setting.',
    );
  }

  const config = raw as ConfigInput;
  const environment = options.environment ?? config.defaultEnvironment;
  let overrides: SettingsInput = {};
  if (environment !== undefined) {
    const known = Object.keys(config.environments ?? {});
    const selected = config.environments?.[environment];
    if (!selected) {
      throw configError(
        shown,
        `has no environment named '${environment}'.`,
        known.length > 0
          ? `Use one of: ${known.join(', ')}.`
          : 'Add an "environments" section, or run without --env.',
      );
    }
    overrides = selected;
  }
  const merged: SettingsInput = {
    ...config,
    ...overrides,
    connection: { ...config.connection, ...overrides.connection },
    safety: { ...config.safety, ...overrides.safety },
    recordRetries: { ...config.recordRetries, ...overrides.recordRetries },
  };
  const desired = merged.desired ?? DEFAULTS.desired;
  return {
    configPath,
    baseDir: configPath ? path.dirname(configPath) : options.cwd,
    environment,
    desired: typeof desired === 'string' ? [desired] : [...desired],
    connection: merged.connection ?? {},
    batchSize: merged.batchSize ?? DEFAULTS.batchSize,
    concurrency: merged.concurrency ?? DEFAULTS.concurrency,
    jobTimeoutSeconds: merged.jobTimeoutSeconds ?? DEFAULTS.jobTimeoutSeconds,
    safety: {
      absolute: merged.safety?.maxRemovals ?? DEFAULTS.safety.absolute,
      ratio: merged.safety?.maxRemovalRatio ?? DEFAULTS.safety.ratio,
    },
    recordRetries: {
      attempts: merged.recordRetries?.attempts ?? DEFAULTS.recordRetries.attempts,
      delaySeconds: merged.recordRetries?.delaySeconds ?? DEFAULTS.recordRetries.delaySeconds,
    },
  };
}

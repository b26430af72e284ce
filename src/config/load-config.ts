import path from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { TerritorySyncError } from '../errors.js';
import { insecureUrlProblem } from '../core/loopback.js';
import { compileSchema, pointerSegments } from '../schemas.js';
import {
  configError,
  executableConfigAllowed,
  MODULE_NAME,
  readConfigFile,
  SEARCH_PLACES,
} from './config-file.js';
import type { ConfigFile } from './config-file.js';
import { findSecrets } from './find-secrets.js';
import { describeLoadFailure, shownPath } from './load-failure.js';
import { settingLocator } from './locate-setting.js';
import { printable } from './printable.js';
import type { SettingLocator } from './locate-setting.js';
import type { ConfigInput, ResolvedConfig, SettingsInput } from './config-types.js';
import { DEFAULTS } from './config-types.js';

export interface LoadConfigOptions {
  cwd: string;
  /** --config FILE */
  configFile?: string;
  /** --env NAME */
  environment?: string;
  /**
   * The environment the run sees: TERRITORY_SYNC_ALLOW_JS_CONFIG=1 there allows a JavaScript
   * or TypeScript config.
   */
  env: Readonly<Record<string, string | undefined>>;
}

let validator: ValidateFunction | undefined;
function validate(value: unknown): readonly ErrorObject[] {
  validator ??= compileSchema('config', { strict: true });
  return validator(value) ? [] : (validator.errors ?? []);
}

/** One line per problem; `file:line:col: ` first when the file is JSON or YAML. */
function describeAjvError(error: ErrorObject, shown: string, locate: SettingLocator): string {
  const where = error.instancePath || '(top level)';
  const segments = pointerSegments(error.instancePath);
  let text: string;
  if (error.keyword === 'additionalProperties') {
    const extra = String((error.params as { additionalProperty?: unknown }).additionalProperty);
    segments.push(extra);
    text = `${where}: unknown setting '${extra}'`;
  } else if (error.keyword === 'enum') {
    const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues ?? [];
    text = `${where}: must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`;
  } else {
    text = `${where}: ${error.message ?? 'is invalid'}`;
  }
  const place = locate(segments);
  return place === undefined ? text : `${shown}:${place}: ${text}`;
}

function locatorFor(found: ConfigFile | undefined): SettingLocator {
  return found ? settingLocator(found.filepath, found.text, MODULE_NAME) : () => undefined;
}

/** Reads one candidate, turning what went wrong into one INVALID_CONFIG naming the file. */
async function attempt(
  options: LoadConfigOptions,
  filepath: string,
  named: boolean,
): Promise<ConfigFile | undefined> {
  const shown = options.configFile ?? shownPath(options.cwd, filepath);
  const allowExecutable = executableConfigAllowed(options.env);
  try {
    return await readConfigFile(filepath, { shown, named, allowExecutable });
  } catch (cause) {
    if (cause instanceof TerritorySyncError) throw cause;
    const code = (cause as { code?: unknown } | null)?.code;
    if (code === 'ENOENT' && named) {
      throw new TerritorySyncError('INVALID_CONFIG', printable(`${shown}: no such config file`), {
        hint: 'Check the path given to --config (it is relative to the current folder).',
        cause,
      });
    }
    const failure = describeLoadFailure(shown, filepath, cause);
    const message = printable(`${failure.where}: ${failure.reason}`);
    throw new TerritorySyncError('INVALID_CONFIG', message, { hint: failure.hint, cause });
  }
}

/**
 * The --config file, or the first search place in the working folder that holds settings (an
 * empty file, or a package.json without a territory-sync key, is passed over).
 */
async function findConfig(options: LoadConfigOptions): Promise<ConfigFile | undefined> {
  if (options.configFile !== undefined) {
    return attempt(options, path.resolve(options.cwd, options.configFile), true);
  }
  for (const place of SEARCH_PLACES) {
    const found = await attempt(options, path.join(options.cwd, place), false);
    if (found !== undefined && found.config !== undefined) return found;
  }
  return undefined;
}

/** Connection URLs, top level and per environment, that would carry secrets in clear text. */
function findInsecureUrls(config: ConfigInput): { segments: string[]; problem: string }[] {
  const found: { segments: string[]; problem: string }[] = [];
  const check = (settings: SettingsInput | undefined, prefix: string[]) => {
    for (const key of ['apiDomain', 'accountsUrl'] as const) {
      const value = settings?.connection?.[key];
      const problem = value === undefined ? undefined : insecureUrlProblem(value);
      if (problem !== undefined) found.push({ segments: [...prefix, 'connection', key], problem });
    }
  };
  check(config, []);
  for (const [name, settings] of Object.entries(config.environments ?? {})) {
    check(settings, ['environments', name]);
  }
  return found;
}

/** Finds, validates and resolves the configuration for one run. Never reads credentials. */
export async function loadConfig(options: LoadConfigOptions): Promise<ResolvedConfig> {
  const found = await findConfig(options);
  const configPath = found?.filepath;
  const raw: unknown = found?.config ?? {};
  const shown = configPath ? shownPath(options.cwd, configPath) : '(defaults)';

  const secrets = findSecrets(raw);
  if (secrets.length > 0) {
    const locate = locatorFor(found);
    const places = secrets.map((secret) => {
      const segments = pointerSegments(secret.path === '/' ? '' : secret.path);
      const place = locate(segments, secret.reason);
      return place === undefined ? secret.path : `${secret.path} (${shown}:${place})`;
    });
    throw configError(
      shown,
      `holds a secret at ${places.join(', ')}. Credentials must never be committed.`,
      'Delete it from the file (and rotate it if it was ever pushed), then set ZOHO_CLIENT_ID, ' +
        'ZOHO_CLIENT_SECRET and ZOHO_REFRESH_TOKEN (or ZOHO_ACCESS_TOKEN) as environment variables ' +
        'or CI secrets.',
    );
  }

  const errors = validate(raw);
  if (errors.length > 0) {
    const locate = locatorFor(found);
    const lines = errors.map((error) => describeAjvError(error, shown, locate));
    throw configError(
      shown,
      `is not a valid territory-sync configuration:\n  ${lines.join('\n  ')}`,
      'See the "Configuration" section of the README for every setting.',
    );
  }

  const config = raw as ConfigInput;
  const insecure = findInsecureUrls(config);
  if (insecure.length > 0) {
    const locate = locatorFor(found);
    const lines = insecure.map(({ segments, problem }) => {
      const place = locate(segments, 'value');
      const where = `/${segments.join('/')}`;
      return place === undefined
        ? `${where}: ${problem}`
        : `${shown}:${place}: ${where}: ${problem}`;
    });
    throw configError(
      shown,
      `names a Zoho URL without TLS:\n  ${lines.join('\n  ')}`,
      'Use https:// (plain http is accepted only for loopback hosts such as the bundled emulator ' +
        'on 127.0.0.1).',
    );
  }
  const environment = options.environment ?? config.defaultEnvironment;
  let overrides: SettingsInput = {};
  if (environment !== undefined) {
    const known = Object.keys(config.environments ?? {});
    // Own keys only: `--env constructor` must not select Object's constructor.
    const selected =
      config.environments !== undefined && Object.hasOwn(config.environments, environment)
        ? config.environments[environment]
        : undefined;
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
    requestTimeoutSeconds: merged.requestTimeoutSeconds ?? DEFAULTS.requestTimeoutSeconds,
    safety: {
      absolute: merged.safety?.maxRemovals ?? DEFAULTS.safety.absolute,
      ratio: merged.safety?.maxRemovalRatio ?? DEFAULTS.safety.ratio,
    },
    recordRetries: {
      attempts: merged.recordRetries?.attempts ?? DEFAULTS.recordRetries.attempts,
      delaySeconds: merged.recordRetries?.delaySeconds ?? DEFAULTS.recordRetries.delaySeconds,
    },
    journalsKept: config.journalsKept ?? DEFAULTS.journalsKept,
  };
}

// A config value, however it was read, to the ResolvedConfig a run works from: the secret scan,
// the schema, the rule against plain-http URLs, the environment, the merge and the defaults. Pure:
// no file is searched or read (the value and its text are given), no process is consulted, and
// what is wrong comes back as a value. config-file.ts finds and reads the file; load-config.ts
// composes the two and throws. The one thing read here is the project's own schema, compiled
// once (src/schemas.ts).
import path from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { insecureUrlProblem } from '../core/loopback.js';
import { MANAGED_MODULES, OPT_IN_MODULES } from '../core/model.js';
import type { ModuleName, SourceLocation } from '../core/model.js';
import type { OwnersRule } from '../core/owners.js';
import { compileSchema, pointerSegments } from '../schemas.js';
import { DEFAULTS, MODULE_NAME } from './config-types.js';
import type { ConfigInput, ResolvedConfig, SettingsInput } from './config-types.js';
import { findSecrets } from './find-secrets.js';
import { settingLocator } from './locate-setting.js';
import type { SettingLocator } from './locate-setting.js';

/** Where a config value came from. Everything is optional: `{}` is "no config file". */
export interface ConfigSource {
  /** The file (absolute): it is ResolvedConfig.configPath, and its folder the baseDir. */
  readonly path?: string;
  /** How messages name the file; default `path`, or `(defaults)` when there is no file. */
  readonly label?: string;
  /** The text that was parsed: JSON and YAML problems are then located `label:line:col`. */
  readonly text?: string;
}

export interface ResolveOptions {
  /** --env NAME; else the config's defaultEnvironment. */
  readonly environment?: string;
  /** The working folder: the baseDir of desired globs when there is no config file. */
  readonly cwd: string;
}

/** One setting that is wrong. */
export interface ConfigProblem {
  /** JSON Pointer of the setting (an unknown one included; '' for the whole value). */
  readonly pointer: string;
  /** `line:col` of the setting in the source's text, when it can be found there. */
  readonly place: string | undefined;
  /** The problem as its line of the message says it, e.g. `/batchSize: must be <= 10`. */
  readonly text: string;
}

export type ConfigRejectionKind = 'secret' | 'schema' | 'insecure-url' | 'unknown-environment';

/** Why a config cannot be used: every problem of the first kind found, all at once. */
export interface ConfigRejection {
  readonly ok: false;
  readonly kind: ConfigRejectionKind;
  readonly problems: readonly ConfigProblem[];
  /** The file as messages name it (the source's label). */
  readonly file: string;
  /** The INVALID_CONFIG message after `file: `. */
  readonly message: string;
  readonly hint: string;
}

export type ConfigResolution =
  { readonly ok: true; readonly config: ResolvedConfig } | ConfigRejection;

/** The source as the checks see it: its name in messages, and where a setting is written. */
interface Located {
  readonly file: string;
  readonly locate: SettingLocator;
}

function located(source: ConfigSource): Located {
  const { path: file, text } = source;
  let locator: SettingLocator | undefined;
  return {
    file: source.label ?? file ?? '(defaults)',
    // The text is parsed again for messages only: when there is something to locate.
    locate: (segments, part) => {
      if (file === undefined || text === undefined) return undefined;
      locator ??= settingLocator(file, text, MODULE_NAME);
      return locator(segments, part);
    },
  };
}

function rejection(
  at: Located,
  kind: ConfigRejectionKind,
  problems: readonly ConfigProblem[],
  message: string,
  hint: string,
): ConfigRejection {
  return { ok: false, kind, problems, file: at.file, message, hint };
}

/** `label:line:col: text`, or the text alone where the setting cannot be located. */
function locatedLines(at: Located, problems: readonly ConfigProblem[]): string {
  const lines = problems.map((p) =>
    p.place === undefined ? p.text : `${at.file}:${p.place}: ${p.text}`,
  );
  return lines.join('\n  ');
}

/** Keys that name a credential, or token-shaped values: refused, and never quoted back. */
function checkSecrets(raw: unknown, at: Located): ConfigRejection | undefined {
  const secrets = findSecrets(raw).map(({ path: pointer, reason }): ConfigProblem => {
    const place = at.locate(pointerSegments(pointer === '/' ? '' : pointer), reason);
    return { pointer, place, text: pointer };
  });
  if (secrets.length === 0) return undefined;
  const places = secrets.map((s) =>
    s.place === undefined ? s.text : `${s.text} (${at.file}:${s.place})`,
  );
  return rejection(
    at,
    'secret',
    secrets,
    `holds a secret at ${places.join(', ')}. Credentials must never be committed.`,
    'Delete it from the file (and rotate it if it was ever pushed), then set ZOHO_CLIENT_ID, ' +
      'ZOHO_CLIENT_SECRET and ZOHO_REFRESH_TOKEN (or ZOHO_ACCESS_TOKEN) as environment variables ' +
      'or CI secrets.',
  );
}

let validator: ValidateFunction | undefined;

function schemaProblem(error: ErrorObject, at: Located): ConfigProblem {
  const where = error.instancePath || '(top level)';
  const segments = pointerSegments(error.instancePath);
  let pointer = error.instancePath;
  let text: string;
  if (error.keyword === 'additionalProperties') {
    const extra = String((error.params as { additionalProperty?: unknown }).additionalProperty);
    segments.push(extra);
    pointer += `/${extra.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    text = `${where}: unknown setting '${extra}'`;
  } else if (error.keyword === 'pattern' && segments[0] === 'owners' && segments.length === 3) {
    // The one pattern a person meets in owners is a GitHub handle's: say it in their words.
    text = `${where}: must be a GitHub user or team, written @user or @org/team`;
  } else if (error.keyword === 'pattern' && segments[segments.length - 1] === 'ledger') {
    text = `${where}: must be a file path (not a URL), without control characters`;
  } else if (error.keyword === 'enum') {
    const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues ?? [];
    text = `${where}: must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`;
  } else {
    text = `${where}: ${error.message ?? 'is invalid'}`;
  }
  return { pointer, place: at.locate(segments), text };
}

/** schemas/config.schema.json, every problem at once, each at its setting. */
function checkSchema(raw: unknown, at: Located): ConfigRejection | undefined {
  validator ??= compileSchema('config', { strict: true });
  if (validator(raw)) return undefined;
  const problems = (validator.errors ?? []).map((error) => schemaProblem(error, at));
  return rejection(
    at,
    'schema',
    problems,
    `is not a valid territory-sync configuration:\n  ${locatedLines(at, problems)}`,
    'See the "Configuration" section of the README for every setting.',
  );
}

/** Connection URLs, top level and per environment, that would carry secrets in clear text. */
function checkUrls(config: ConfigInput, at: Located): ConfigRejection | undefined {
  const problems: ConfigProblem[] = [];
  const check = (settings: SettingsInput | undefined, prefix: readonly string[]) => {
    for (const key of ['apiDomain', 'accountsUrl'] as const) {
      const value = settings?.connection?.[key];
      const problem = value === undefined ? undefined : insecureUrlProblem(value);
      if (problem === undefined) continue;
      const segments = [...prefix, 'connection', key];
      const pointer = `/${segments.join('/')}`;
      problems.push({
        pointer,
        place: at.locate(segments, 'value'),
        text: `${pointer}: ${problem}`,
      });
    }
  };
  check(config, []);
  for (const [name, settings] of Object.entries(config.environments ?? {})) {
    check(settings, ['environments', name]);
  }
  if (problems.length === 0) return undefined;
  return rejection(
    at,
    'insecure-url',
    problems,
    `names a Zoho URL without TLS:\n  ${locatedLines(at, problems)}`,
    'Use https:// (plain http is accepted only for loopback hosts such as the bundled emulator ' +
      'on 127.0.0.1).',
  );
}

function unknownEnvironment(
  config: ConfigInput,
  name: string,
  byFlag: boolean,
  at: Located,
): ConfigRejection {
  const known = Object.keys(config.environments ?? {});
  // Named by --env, or by the file's defaultEnvironment (then located there).
  const problem: ConfigProblem = byFlag
    ? { pointer: '', place: undefined, text: `no environment named '${name}'` }
    : {
        pointer: '/defaultEnvironment',
        place: at.locate(['defaultEnvironment'], 'value'),
        text: `no environment named '${name}'`,
      };
  return rejection(
    at,
    'unknown-environment',
    [problem],
    `has no environment named '${name}'.`,
    known.length > 0
      ? `Use one of: ${known.join(', ')}.`
      : 'Add an "environments" section, or run without --env.',
  );
}

/**
 * The configuration for one run, or why there is none. The first kind of problem found stops the
 * rest: secrets (the value is not looked at further), the schema, plain-http URLs, the
 * environment. Then the environment's settings over the top level's, and DEFAULTS for the rest.
 */
export function resolveConfig(
  value: unknown,
  source: ConfigSource,
  options: ResolveOptions,
): ConfigResolution {
  const raw = value ?? {};
  const at = located(source);
  const refused = checkSecrets(raw, at) ?? checkSchema(raw, at);
  if (refused !== undefined) return refused;
  const config = raw as ConfigInput;
  const insecure = checkUrls(config, at);
  if (insecure !== undefined) return insecure;

  const environment = options.environment ?? config.defaultEnvironment;
  let overrides: SettingsInput = {};
  if (environment !== undefined) {
    const selected = environmentOf(config, environment);
    if (selected === undefined) {
      return unknownEnvironment(config, environment, options.environment !== undefined, at);
    }
    overrides = selected;
  }
  const baseDir = source.path === undefined ? options.cwd : path.dirname(source.path);
  return {
    ok: true,
    config: withDefaults(merge(config, overrides), {
      configPath: source.path,
      baseDir,
      environment,
      journalsKept: config.journalsKept,
      owners: ownersRules(config.owners, at),
      ledgerFile: ledgerFile(baseDir, environment, config.ledger, overrides.ledger),
    }),
  };
}

/**
 * The selectors' ledger, absolute. An environment's own setting stands as written; otherwise its
 * name goes before the top-level file's extension (`ledger.json` -> `ledger.sandbox.json`), so
 * a sandbox never reads or writes production's ledger by inheriting its path. The environment
 * name is a config key (`^[A-Za-z0-9_-]+$` in the schema), safe in a file name.
 */
function ledgerFile(
  baseDir: string,
  environment: string | undefined,
  topLevel: string | undefined,
  own: string | undefined,
): string {
  if (own !== undefined) return path.resolve(baseDir, own);
  const file = path.resolve(baseDir, topLevel ?? DEFAULTS.ledger);
  if (environment === undefined) return file;
  const { dir, name, ext } = path.parse(file);
  return path.join(dir, `${name}.${environment}${ext}`);
}

/**
 * The owners entries in the order written, each with its place in the file so a key that names
 * no territory is reported there once the catalogue is read (src/core/owners.ts).
 */
function ownersRules(owners: ConfigInput['owners'], at: Located): OwnersRule[] {
  return Object.entries(owners ?? {}).map(([territory, list]) => {
    const place = at.locate(['owners', territory], 'key');
    const [line, column] = (place ?? '').split(':').map(Number);
    const location: SourceLocation =
      line !== undefined && column !== undefined && line > 0 && column > 0
        ? { file: at.file, line, column }
        : // A JavaScript config has no text to point into: its first line stands for it.
          { file: at.file, line: 1, column: 1 };
    return { territory, owners: [...list], location };
  });
}

/** The named environment's settings; own keys only (`--env constructor` is no environment). */
function environmentOf(config: ConfigInput, name: string): SettingsInput | undefined {
  const environments = config.environments;
  return environments !== undefined && Object.hasOwn(environments, name)
    ? environments[name]
    : undefined;
}

/** An environment's settings over the top level's, group by group. */
function merge(base: SettingsInput, overrides: SettingsInput): SettingsInput {
  return {
    ...base,
    ...overrides,
    connection: { ...base.connection, ...overrides.connection },
    safety: { ...base.safety, ...overrides.safety },
    recordRetries: { ...base.recordRetries, ...overrides.recordRetries },
    modules: { ...base.modules, ...overrides.modules },
  };
}

/** What a run needs besides the settings: where they came from, and the top-level-only ones. */
interface ResolvedContext {
  readonly configPath: string | undefined;
  readonly baseDir: string;
  readonly environment: string | undefined;
  readonly journalsKept: number | undefined;
  readonly owners: readonly OwnersRule[];
  readonly ledgerFile: string;
}

/** Every setting, DEFAULTS where the config says nothing. */
function withDefaults(settings: SettingsInput, context: ResolvedContext): ResolvedConfig {
  const desired = settings.desired ?? DEFAULTS.desired;
  return {
    configPath: context.configPath,
    baseDir: context.baseDir,
    environment: context.environment,
    desired: typeof desired === 'string' ? [desired] : [...desired],
    connection: settings.connection ?? {},
    batchSize: settings.batchSize ?? DEFAULTS.batchSize,
    concurrency: settings.concurrency ?? DEFAULTS.concurrency,
    jobTimeoutSeconds: settings.jobTimeoutSeconds ?? DEFAULTS.jobTimeoutSeconds,
    requestTimeoutSeconds: settings.requestTimeoutSeconds ?? DEFAULTS.requestTimeoutSeconds,
    safety: {
      absolute: settings.safety?.maxRemovals ?? DEFAULTS.safety.absolute,
      ratio: settings.safety?.maxRemovalRatio ?? DEFAULTS.safety.ratio,
    },
    recordRetries: {
      attempts: settings.recordRetries?.attempts ?? DEFAULTS.recordRetries.attempts,
      delaySeconds: settings.recordRetries?.delaySeconds ?? DEFAULTS.recordRetries.delaySeconds,
    },
    journalsKept: context.journalsKept ?? DEFAULTS.journalsKept,
    modules: managedModules(settings.modules),
    owners: context.owners,
    ledgerFile: context.ledgerFile,
  };
}

/** The default modules plus every opt-in module the config switched on, in plan order. */
function managedModules(optIn: SettingsInput['modules']): readonly ModuleName[] {
  return MANAGED_MODULES.filter(
    (module) => !OPT_IN_MODULES.includes(module) || optIn?.[module as keyof typeof optIn] === true,
  );
}

// Finding and reading the config file before anything parses it. Only our own search places, in
// the working folder: cosmiconfig's explorer also reads a "meta config" (.config/config.js ...)
// from the process's folder, and require()s it, as soon as it is created, so it is not used.
// Only regular files of a config's size are read, and without blocking: a FIFO named
// .territory-syncrc would otherwise hang every run. And a JavaScript or TypeScript config runs
// its code in this process, next to the CRM credentials in its environment (in CI, a pull
// request's own code): it is loaded only when TERRITORY_SYNC_ALLOW_JS_CONFIG=1 says so.
import { constants } from 'node:fs';
import type { Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { describeNonFile } from '../files/read-bounded.js';
import { TerritorySyncError } from '../errors.js';
import type { Diagnostic } from '../core/model.js';
import {
  CONFIG_LOADERS,
  ConfigSyntaxError,
  MAX_CONFIG_CHARS,
  refuseImports,
} from './config-loaders.js';
import { MODULE_NAME } from './config-types.js';
import { describeLoadFailure, shownPath } from './load-failure.js';
import { printable } from './printable.js';

export { MODULE_NAME };

/** Set to 1 to let territory-sync run a JavaScript or TypeScript config file. */
const ALLOW_JS_CONFIG_ENV = 'TERRITORY_SYNC_ALLOW_JS_CONFIG';

/** Characters are at most as many as bytes; four bytes a character at the very most. */
const MAX_CONFIG_BYTES = 4 * MAX_CONFIG_CHARS;

/** Where a config is looked for, first found wins; all in the working folder. */
export const SEARCH_PLACES: readonly string[] = [
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

/** Extensions Node (or the TypeScript loader) would run as code. */
const EXECUTABLE_EXTENSIONS = new Set(['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts']);

/** Search places that are not there (or not reachable) are skipped, as cosmiconfig did. */
const ABSENT_CODES = new Set(['ENOENT', 'ENOTDIR', 'EACCES']);

export function configError(
  file: string,
  message: string,
  hint: string,
  diagnostics: Diagnostic[] = [],
): TerritorySyncError {
  return new TerritorySyncError('INVALID_CONFIG', printable(`${file}: ${message}`), {
    hint: printable(hint),
    diagnostics,
  });
}

/** TERRITORY_SYNC_ALLOW_JS_CONFIG=1 (or true). Nothing else turns executable configs on. */
export function executableConfigAllowed(env: Readonly<Record<string, string | undefined>>) {
  const value = env[ALLOW_JS_CONFIG_ENV]?.trim().toLowerCase();
  return value === '1' || value === 'true';
}

function isExecutableConfig(file: string): boolean {
  return EXECUTABLE_EXTENSIONS.has(path.extname(file).toLowerCase());
}

function notAFile(shown: string, stats: Stats, named: boolean): TerritorySyncError {
  return configError(
    shown,
    `is not a file. It is ${describeNonFile(stats)}; a config file must be a regular file (a symbolic link to one is fine).`,
    named
      ? 'Point --config at a territory-sync.config.yaml or .json file.'
      : `Remove it, or replace it with a regular file such as ${MODULE_NAME}.config.yaml.`,
  );
}

function tooLarge(shown: string, size: string): TerritorySyncError {
  return configError(
    shown,
    `it is ${size} bytes long; a config file is at most ${MAX_CONFIG_BYTES.toLocaleString('en-US')} bytes (${MAX_CONFIG_CHARS.toLocaleString('en-US')} characters): it holds a few settings.`,
    'Point territory-sync at its own config file (--config FILE), a few lines of settings.',
  );
}

function executableRefused(shown: string): TerritorySyncError {
  return configError(
    shown,
    'is a JavaScript or TypeScript config, and executable config files are off: loading it ' +
      'would run its code inside territory-sync, with your Zoho credentials (and every other ' +
      'secret in the environment) within its reach. It was not loaded.',
    `Convert it to ${MODULE_NAME}.config.yaml or ${MODULE_NAME}.config.json (the same settings, ` +
      `as data). If you wrote it and trust it, set ${ALLOW_JS_CONFIG_ENV}=1 where you run ` +
      'territory-sync yourself; never in a workflow that runs on pull requests.',
  );
}

/**
 * The file's text: a regular file (after symbolic links) of at most MAX_CONFIG_BYTES. Checked
 * with stat before opening; opened without blocking (a FIFO swapped in after the stat opens at
 * once and is refused by fstat); read up to the cap and no further.
 */
async function readBounded(
  file: string,
  before: Stats,
  shown: string,
  named: boolean,
  cap: number = MAX_CONFIG_BYTES,
) {
  const flags = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);
  const handle = await open(file, flags);
  try {
    const now = await handle.stat();
    if (!now.isFile()) throw notAFile(shown, now, named);
    if (now.dev !== before.dev || now.ino !== before.ino) {
      throw configError(shown, 'changed while it was being read.', 'Run territory-sync again.');
    }
    const buffer = Buffer.alloc(cap + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > cap) {
      throw tooLarge(shown, `more than ${cap.toLocaleString('en-US')}`);
    }
    // A text config never holds NUL. Pseudo-files (a link to /proc/self/environ) do, and their
    // content (the environment: secrets) must never be parsed and quoted back in an error.
    if (buffer.subarray(0, length).includes(0)) {
      throw configError(
        shown,
        'holds NUL bytes, so it is not a text config file (a link into /proc or to a binary file?). It was not read further.',
        'Point territory-sync at its YAML or JSON config file.',
      );
    }
    return buffer.toString('utf8', 0, length);
  } finally {
    await handle.close();
  }
}

export interface ConfigFile {
  readonly filepath: string;
  /** The value; undefined when the file is empty or package.json has no territory-sync key. */
  readonly config: unknown;
  /** What was read, for locating settings (JSON and YAML). */
  readonly text: string;
}

export interface ReadConfigOptions {
  /** How the file is named in messages. */
  readonly shown: string;
  /** Named with --config (else found by the search: a missing file is then undefined). */
  readonly named: boolean;
  readonly allowExecutable: boolean;
}

/**
 * Reads and parses one config file, refusing before anything is read or run: not a regular
 * file, too large, or executable without TERRITORY_SYNC_ALLOW_JS_CONFIG. Refusals are
 * TerritorySyncErrors; a file that cannot be parsed throws what its loader threw.
 */
export async function readConfigFile(
  filepath: string,
  options: ReadConfigOptions,
): Promise<ConfigFile | undefined> {
  const { shown, named } = options;
  let stats: Stats;
  try {
    stats = await stat(filepath);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (!named && typeof code === 'string' && ABSENT_CODES.has(code)) return undefined;
    throw error;
  }
  if (!stats.isFile()) throw notAFile(shown, stats, named);
  if (path.basename(filepath) === 'package.json') return readPackageJson(filepath, stats, options);
  if (stats.size > MAX_CONFIG_BYTES) throw tooLarge(shown, stats.size.toLocaleString('en-US'));
  if (isExecutableConfig(filepath) && !options.allowExecutable) throw executableRefused(shown);

  const text = await readBounded(filepath, stats, shown, named);
  if (text.trim() === '') return { filepath, config: undefined, text };
  const extension = path.extname(filepath);
  const loader = CONFIG_LOADERS[extension || 'noExt'];
  if (loader === undefined) {
    throw new ConfigSyntaxError(
      `territory-sync reads .json, .yaml and .yml config files (and .js, .mjs, .cjs and .ts when ${ALLOW_JS_CONFIG_ENV}=1), not "${extension}"`,
    );
  }
  const value: unknown = await loader(filepath, text);
  return { filepath, config: value ?? undefined, text };
}

/** package.json is the project's file, often large: only its territory-sync key is bounded. */
const MAX_PACKAGE_JSON_BYTES = 4 * 1024 * 1024;

async function readPackageJson(
  filepath: string,
  stats: Stats,
  options: ReadConfigOptions,
): Promise<ConfigFile | undefined> {
  const { shown, named } = options;
  if (stats.size > MAX_PACKAGE_JSON_BYTES) {
    // Not ours to judge when found by the search: pass it over, as one without the key.
    if (!named) return undefined;
    throw tooLarge(shown, stats.size.toLocaleString('en-US'));
  }
  const text = await readBounded(filepath, stats, shown, named, MAX_PACKAGE_JSON_BYTES);
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    throw new ConfigSyntaxError('invalid JSON: package.json cannot be parsed');
  }
  const own =
    value !== null && typeof value === 'object' && Object.hasOwn(value, MODULE_NAME)
      ? (value as Record<string, unknown>)[MODULE_NAME]
      : undefined;
  if (own === undefined) return { filepath, config: undefined, text };
  const ownText = JSON.stringify(own);
  if (ownText.length > MAX_CONFIG_CHARS) {
    throw configError(
      shown,
      `its "${MODULE_NAME}" key holds ${ownText.length.toLocaleString('en-US')} characters; a configuration is at most ${MAX_CONFIG_CHARS.toLocaleString('en-US')}.`,
      'Keep a few settings under the key, or move them to territory-sync.config.yaml.',
    );
  }
  return { filepath, config: refuseImports(own), text };
}

export interface FindConfigOptions {
  /** The working folder: the search happens here, and --config is relative to it. */
  readonly cwd: string;
  /** --config FILE */
  readonly configFile?: string;
  /** The run's environment: TERRITORY_SYNC_ALLOW_JS_CONFIG=1 there allows executable configs. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Reads one candidate, turning what went wrong into one INVALID_CONFIG naming the file. */
async function attempt(
  options: FindConfigOptions,
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
 * empty file, or a package.json without a territory-sync key, is passed over); undefined when
 * there is none. What cannot be read or parsed throws INVALID_CONFIG naming the file.
 */
export async function findConfigFile(options: FindConfigOptions): Promise<ConfigFile | undefined> {
  if (options.configFile !== undefined) {
    return attempt(options, path.resolve(options.cwd, options.configFile), true);
  }
  for (const place of SEARCH_PLACES) {
    const found = await attempt(options, path.join(options.cwd, place), false);
    if (found !== undefined && found.config !== undefined) return found;
  }
  return undefined;
}

// The configuration for one run: the file found and read at the edge (config-file.ts), then
// resolved by the pure resolveConfig (resolve-config.ts); a rejection becomes INVALID_CONFIG.
import { configError, findConfigFile } from './config-file.js';
import type { ResolvedConfig } from './config-types.js';
import { shownPath } from './load-failure.js';
import { resolveConfig } from './resolve-config.js';
import type { ConfigSource } from './resolve-config.js';

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

/** Finds, validates and resolves the configuration for one run. Never reads credentials. */
export async function loadConfig(options: LoadConfigOptions): Promise<ResolvedConfig> {
  const found = await findConfigFile(options);
  const source: ConfigSource =
    found === undefined
      ? {}
      : { path: found.filepath, label: shownPath(options.cwd, found.filepath), text: found.text };
  const resolution = resolveConfig(found?.config, source, options);
  if (!resolution.ok) throw configError(resolution.file, resolution.message, resolution.hint);
  return resolution.config;
}

import { loadConfig } from '../config/load-config.js';
import type { ResolvedConfig } from '../config/config-types.js';
import type { DesiredState, Diagnostic } from '../core/model.js';
import { DESIRED_DIAGNOSTIC } from '../core/diagnostic-codes.js';
import { loadDesired } from '../desired/load-desired.js';
import { TerritorySyncError } from '../errors.js';
import { plural } from '../render/words.js';
import type { CommandContext } from './context.js';
import { expandDesiredFiles } from './desired-files.js';

export interface DesiredFilesOptions {
  /** Explicit files; when empty, the config's `desired` patterns. */
  readonly files: readonly string[];
  readonly config: string | undefined;
  readonly env: string | undefined;
}

export interface LoadedDesired {
  readonly state: DesiredState;
  readonly warnings: readonly Diagnostic[];
  readonly files: readonly string[];
  /** The configuration the files were checked under (which modules it manages, ...). */
  readonly config: ResolvedConfig;
}

/**
 * Loads the desired-state files and returns the state, or throws INVALID_INPUT. The config is
 * read even for explicit files: it decides which modules may be listed. `resolved` is a config
 * the caller has already loaded.
 */
export async function loadDesiredOrThrow(
  ctx: CommandContext,
  options: DesiredFilesOptions,
  resolved?: ResolvedConfig,
): Promise<LoadedDesired> {
  const config =
    resolved ??
    (await loadConfig({
      cwd: ctx.io.cwd,
      env: ctx.io.env,
      configFile: options.config,
      environment: options.env,
    }));
  const files =
    options.files.length > 0
      ? [...options.files]
      : await expandDesiredFiles(config.desired, config.baseDir, ctx.io.cwd);
  const result = await loadDesired(files, { cwd: ctx.io.cwd, modules: config.modules });
  if (!result.ok) {
    const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
    throw new TerritorySyncError(
      'INVALID_INPUT',
      `${files.join(', ')}: ${plural(errors, 'problem')} found; nothing was sent to Zoho.`,
      {
        diagnostics: result.diagnostics,
        hint: `Fix the problems above and run the command again.${moduleConfigNote(result.diagnostics, config)}`,
      },
    );
  }
  return { state: result.state, warnings: result.warnings, files, config };
}

/** Which config decided the modules, when a section was refused for a module it does not manage. */
function moduleConfigNote(diagnostics: readonly Diagnostic[], config: ResolvedConfig): string {
  if (!diagnostics.some((d) => d.code === DESIRED_DIAGNOSTIC.moduleNotEnabled)) return '';
  const file = config.configPath === undefined ? 'no config file (defaults)' : config.configPath;
  const environment = config.environment === undefined ? '' : `, environment ${config.environment}`;
  return ` Modules were decided by ${file}${environment}.`;
}

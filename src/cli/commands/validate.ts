import { loadConfig } from '../../config/load-config.js';
import { MAX_TERRITORIES_PER_RECORD } from '../../constants/zoho.js';
import { MANAGED_MODULES } from '../../core/model.js';
import type { DesiredState, Diagnostic } from '../../core/model.js';
import { loadDesired } from '../../desired/load-desired.js';
import { TerritorySyncError } from '../../errors.js';
import { formatDiagnostics } from '../../render/diagnostics.js';
import { plural } from '../../render/words.js';
import type { CommandContext } from '../context.js';
import { expandDesiredFiles } from '../desired-files.js';
import { annotateDiagnostics } from '../github-actions.js';
import { EXIT } from '../exit-codes.js';

export interface ValidateOptions {
  /** Explicit files; when empty, the config's `desired` patterns. */
  readonly files: readonly string[];
  readonly online: boolean;
  readonly config: string | undefined;
  readonly env: string | undefined;
}

/** Loads the configured desired-state files and returns the state, or throws INVALID_INPUT. */
export async function loadDesiredOrThrow(
  ctx: CommandContext,
  options: Pick<ValidateOptions, 'files' | 'config' | 'env'>,
): Promise<{ state: DesiredState; warnings: readonly Diagnostic[]; files: readonly string[] }> {
  const files =
    options.files.length > 0
      ? [...options.files]
      : await (async () => {
          const config = await loadConfig({
            cwd: ctx.io.cwd,
            configFile: options.config,
            environment: options.env,
          });
          return expandDesiredFiles(config.desired, config.baseDir, ctx.io.cwd);
        })();
  const result = await loadDesired(files, { cwd: ctx.io.cwd });
  if (!result.ok) {
    const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
    throw new TerritorySyncError(
      'INVALID_INPUT',
      `${files.join(', ')}: ${plural(errors, 'problem')} found; nothing was sent to Zoho.`,
      {
        diagnostics: result.diagnostics,
        hint: 'Fix the problems above and run the command again.',
      },
    );
  }
  return { state: result.state, warnings: result.warnings, files };
}

function describeState(state: DesiredState): string {
  const perModule = MANAGED_MODULES.map((module) => {
    const n = state.records.filter((r) => r.module === module).length;
    return `${n} ${module}`;
  });
  const assignments = state.records.reduce((sum, r) => sum + r.territories.length, 0);
  return `${state.records.length} records (${perModule.join(', ')}), ${assignments} territory assignments`;
}

export async function validateCommand(
  ctx: CommandContext,
  options: ValidateOptions,
): Promise<number> {
  if (options.online) {
    throw new TerritorySyncError(
      'USAGE',
      'validate --online is not available in this version yet.',
      {
        hint: 'Run `territory-sync plan`, which resolves every territory against the CRM.',
      },
    );
  }
  const { state, warnings, files } = await loadDesiredOrThrow(ctx, options);
  if (warnings.length > 0) ctx.warn(formatDiagnostics(warnings, { color: ctx.color }));
  annotateDiagnostics(ctx, warnings);
  const limits = `at most ${MAX_TERRITORIES_PER_RECORD.Accounts} territories per Account/Contact and ${MAX_TERRITORIES_PER_RECORD.Deals} per Deal`;
  ctx.result(
    [
      `Valid: ${files.join(', ')}`,
      `  ${describeState(state)}.`,
      `  Checked: YAML syntax and duplicate keys, the schema (schemas/territories.schema.json), record ids,`,
      `  aliases, duplicate territories and records, ${limits}, no Leads.`,
      `  Territory names are resolved against the CRM by \`territory-sync plan\`.`,
    ].join('\n'),
  );
  return EXIT.ok;
}

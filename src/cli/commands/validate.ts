import { MAX_TERRITORIES_PER_RECORD } from '../../constants/zoho.js';
import type { DesiredState, ModuleName } from '../../core/model.js';
import { formatDiagnostics } from '../../render/diagnostics.js';
import { plural } from '../../render/words.js';
import type { CommandContext } from '../context.js';
import { loadDesiredOrThrow } from '../load-desired.js';
import type { DesiredFilesOptions } from '../load-desired.js';
import { annotateDiagnostics } from '../github-actions.js';
import { EXIT } from '../exit-codes.js';

export interface ValidateOptions extends DesiredFilesOptions {
  readonly online: boolean;
}

function describeState(state: DesiredState, modules: readonly ModuleName[]): string {
  const perModule = modules.map((module) => {
    const n = state.records.filter((r) => r.module === module).length;
    return `${n} ${module}`;
  });
  const assignments = state.records.reduce((sum, r) => sum + r.territories.length, 0);
  const selectors = state.selectors?.length ?? 0;
  return (
    `${plural(state.records.length, 'record')} (${perModule.join(', ')}), ${plural(assignments, 'territory assignment')}` +
    (selectors > 0 ? `, ${plural(selectors, 'selector')}` : '')
  );
}

export async function validateCommand(
  ctx: CommandContext,
  options: ValidateOptions,
): Promise<number> {
  if (options.online) return validateOnline(ctx, options);
  const { state, warnings, files, config } = await loadDesiredOrThrow(ctx, options);
  if (warnings.length > 0) ctx.warn(formatDiagnostics(warnings, { color: ctx.color }));
  annotateDiagnostics(ctx, warnings);
  const leads = config.modules.includes('Leads');
  const limits =
    `at most ${MAX_TERRITORIES_PER_RECORD.Accounts} territories per ` +
    `${leads ? 'Account/Contact/Lead' : 'Account/Contact'} and ${MAX_TERRITORIES_PER_RECORD.Deals} per Deal`;
  ctx.result(
    [
      `Valid: ${files.join(', ')}`,
      `  ${describeState(state, config.modules)}.`,
      `  Checked: YAML syntax and duplicate keys, the schema (schemas/territories.schema.json), record ids,`,
      `  aliases, duplicate territories and records, ${limits}${leads ? '' : ', no Leads'}.`,
      ...(state.selectors === undefined
        ? []
        : [
            `  Selectors: unique names, criteria (COQL syntax and Zoho's limits), territories per selector.`,
          ]),
      `  Territory names are resolved against the CRM by \`territory-sync plan\`.`,
    ].join('\n'),
  );
  return EXIT.ok;
}

/**
 * validate --online: everything plan checks against the CRM (every territory reference resolves
 * in the live catalogue, every record exists, Zoho's limits hold counting rule-assigned
 * territories, the selectors' fields exist and fit their values), with the plan's reads and
 * without showing or saving a plan. No writes.
 */
async function validateOnline(ctx: CommandContext, options: ValidateOptions): Promise<number> {
  // Loaded here: an offline validate needs no HTTP client.
  const { planSession } = await import('../plan-session.js');
  const { desired, plan, context, config, selection } = await planSession(ctx, options);
  // The fields check's errors stopped the session; its warnings are shown here, once.
  const warnings = selection?.input.warnings ?? [];
  if (warnings.length > 0) ctx.warn(formatDiagnostics(warnings, { color: ctx.color }));
  annotateDiagnostics(ctx, warnings);
  const references = desired.records.reduce((sum, r) => sum + r.territories.length, 0);
  const selectors = desired.selectors?.length ?? 0;
  ctx.result(
    [
      `Valid against ${context.target ?? 'the CRM'}: ${plural(desired.files.length, 'file')}`,
      `  ${describeState(desired, config.modules)}.`,
      `  Every one of the ${plural(references, 'territory reference')} resolves in the live catalogue, every`,
      `  record exists, and no record would exceed Zoho's limits (rule-assigned territories counted).`,
      ...(selectors === 0
        ? []
        : [
            `  Every field the selectors' criteria name exists in its module, and every value fits its type.`,
          ]),
      `  ${plan.changes.length === 0 ? 'The CRM already matches.' : `${plural(plan.changes.length, 'record')} would change: run \`territory-sync plan\` to see how.`}`,
    ].join('\n'),
  );
  return EXIT.ok;
}

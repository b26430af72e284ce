// territory-sync export: reads the live CRM and writes a territories.yaml that `plan` reads
// back as "No changes". Composition only: read (src/export) -> render (pure) -> write.
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { MANAGED_MODULES } from '../../core/model.js';
import type { ModuleName } from '../../core/model.js';
import { TerritorySyncError } from '../../errors.js';
import { readExport } from '../../export/read-export.js';
import { renderExport } from '../../export/render-export.js';
import type { ExportDocument } from '../../export/render-export.js';
import { writeFileAtomically } from '../../files/write-atomic.js';
import { writeChunks } from '../write-stream.js';
import { oneLine } from '../../render/sanitize.js';
import { formatCount, plural } from '../../render/words.js';
import type { CommandContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { openSession } from '../plan-session.js';

export interface ExportCommandOptions {
  /** Empty: every managed module. */
  readonly modules: readonly ModuleName[];
  /** Write this file (atomically) instead of stdout. */
  readonly out?: string;
  /** Replace `out` when it exists; without it an existing file is refused, unread and unchanged. */
  readonly force?: boolean;
  readonly config?: string;
  readonly env?: string;
}

/**
 * `--module` values as typed (repeatable, or comma-separated; any case) -> module names in
 * file order. Nothing given: an empty list, meaning every module the config manages.
 */
export function parseExportModules(values: readonly string[] | undefined): ModuleName[] {
  const wanted = new Set<ModuleName>();
  for (const value of (values ?? []).flatMap((v) => v.split(','))) {
    const text = value.trim();
    if (text === '') continue;
    const module = MANAGED_MODULES.find((m) => m.toLowerCase() === text.toLowerCase());
    if (module === undefined) {
      throw new TerritorySyncError('USAGE', `Unknown module '${text}'.`, {
        hint: `Use --module with one of: ${MANAGED_MODULES.join(', ')}.`,
      });
    }
    wanted.add(module);
  }
  return MANAGED_MODULES.filter((m) => wanted.has(m));
}

/** The modules to export: those asked for, each one the config manages, or all it manages. */
function exportedModules(
  asked: readonly ModuleName[],
  managed: readonly ModuleName[],
): ModuleName[] {
  if (asked.length === 0) return [...managed];
  const unmanaged = asked.filter((m) => !managed.includes(m));
  if (unmanaged.length > 0) {
    const module = unmanaged[0] as ModuleName;
    throw new TerritorySyncError(
      'USAGE',
      `${module} are not managed in this configuration, so they are not exported: Zoho assigns ` +
        `territories to ${module} through the API only where Zoho support has enabled it for the ` +
        'org (TERRITORY_NOT_ENABLED otherwise).',
      {
        hint:
          `Run \`territory-sync doctor\` to see whether your org accepts it; if it does, set ` +
          `\`modules: { ${module}: true }\` in your territory-sync config. Otherwise export one of: ` +
          `${managed.join(', ')}.`,
      },
    );
  }
  return [...asked];
}

/** The command's options from parsed flags (names as in COMMANDS.export in args.ts). */
export function exportOptionsFromFlags(
  flags: Readonly<Record<string, string | boolean | readonly string[] | undefined>>,
  global: { readonly config?: string; readonly env?: string },
): ExportCommandOptions {
  const module = flags.module;
  const out = flags.out;
  return {
    modules: parseExportModules(
      Array.isArray(module) ? module : typeof module === 'string' ? [module] : undefined,
    ),
    ...(typeof out === 'string' ? { out } : {}),
    force: flags.force === true,
    ...(global.config === undefined ? {} : { config: global.config }),
    ...(global.env === undefined ? {} : { env: global.env }),
  };
}

/** `export` from parsed flags, as run.ts calls the other flag-driven commands. */
export function exportCommandFromFlags(
  ctx: CommandContext,
  flags: Readonly<Record<string, string | boolean | readonly string[] | undefined>>,
): Promise<number> {
  return exportCommand(ctx, exportOptionsFromFlags(flags, ctx.global));
}

/**
 * `--out FILE` may not replace a file without `--force`: an export of the live CRM over the
 * reviewed territories.yaml would silently turn the next plan into "no changes". Checked before
 * the CRM is read, and again just before writing.
 */
async function checkOutFile(file: string, shown: string, force: boolean): Promise<void> {
  let stats;
  try {
    stats = await lstat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (stats.isDirectory()) {
    throw new TerritorySyncError('USAGE', `--out ${oneLine(shown)} is a folder, not a file.`, {
      hint: 'Give --out a file path, e.g. --out territories.yaml.',
    });
  }
  if (force) return;
  throw new TerritorySyncError(
    'USAGE',
    `${oneLine(shown)} already exists; export does not overwrite it without --force.`,
    {
      hint:
        `Add --force to replace ${oneLine(shown)}, or choose another file with --out ` +
        '(without --out the YAML goes to stdout).',
    },
  );
}

export async function exportCommand(
  ctx: CommandContext,
  options: ExportCommandOptions,
): Promise<number> {
  // Opening a session reads the config and makes no call yet.
  const session = await openSession(ctx, options);
  const modules = exportedModules(options.modules, session.config.modules);
  const outFile = options.out === undefined ? undefined : path.resolve(ctx.io.cwd, options.out);
  const force = options.force === true;
  if (outFile !== undefined) await checkOutFile(outFile, options.out ?? outFile, force);
  ctx.verbose(`Reading the territory catalogue and ${modules.join(', ')} from ${session.target}`);
  const crm = await readExport(session.client, modules, {
    onProgress: (module, scanned) => ctx.verbose(`  ${module}: ${formatCount(scanned)} read`),
  });
  const document = renderExport({
    catalogue: crm.catalogue,
    modules: crm.modules,
    source: session.target,
  });
  if (outFile !== undefined) {
    // The file may have appeared while the CRM was read.
    await checkOutFile(outFile, options.out ?? outFile, force);
    await writeFileAtomically(outFile, document.chunks);
  } else {
    await writeChunks(ctx.io.stdout, document.chunks);
  }
  for (const warning of unknownTerritoryWarnings(document)) ctx.warn(warning);
  for (const m of document.modules.filter((summary) => summary.atListingLimit)) {
    ctx.warn(
      `Warning: ${m.module} has more records than Zoho lists without COQL ` +
        `(${formatCount(m.scanned)} read through page_token) and the token lacks ` +
        'ZohoCRM.coql.READ; any records past them are not in the file, which says so (they ' +
        'stay untouched). Add ZohoCRM.coql.READ to the token and export again.',
    );
  }
  const summary = describeExport(document, options.out, session.client.stats().calls);
  // With the YAML on stdout, the summary goes to stderr so a redirect captures only the file.
  if (options.out) ctx.info(summary);
  else if (!ctx.global.quiet) ctx.io.stderr.write(`${summary}\n`);
  return EXIT.ok;
}

function unknownTerritoryWarnings(document: ExportDocument): string[] {
  const unknown = document.unknownTerritories;
  if (unknown.length === 0) return [];
  const shown = unknown
    .slice(0, 5)
    .map((u) => `${u.module} ${u.recordId} (territory ${u.territoryId})`)
    .join(', ');
  const more = unknown.length > 5 ? ` and ${formatCount(unknown.length - 5)} more` : '';
  return [
    `Warning: ${plural(unknown.length, 'assignment')} name a territory the catalogue does not ` +
      `list: ${shown}${more}. They were written by id; \`plan\` will report them until the ` +
      `territory is restored or the records are reassigned in Zoho CRM.`,
  ];
}

function describeExport(document: ExportDocument, out: string | undefined, calls: number): string {
  let records = 0;
  let assignments = 0;
  let byRulesListed = 0;
  let onlyByRules = 0;
  let without = 0;
  for (const m of document.modules) {
    records += m.records;
    assignments += m.assignments;
    byRulesListed += m.byRulesListed;
    onlyByRules += m.onlyByRules;
    without += m.withoutTerritories;
  }
  const fromRules =
    byRulesListed === 0
      ? ''
      : ` (plus ${formatCount(byRulesListed)} made by rules, listed so plan expects them)`;
  const perModule = document.modules.map((m) => `${m.module} ${formatCount(m.records)}`).join(', ');
  const where = out === undefined ? 'stdout' : oneLine(out);
  const lines = [
    `Exported ${plural(records, 'record')} (${perModule || 'no modules'}) with ` +
      `${plural(assignments, 'territory assignment')}${fromRules} and ` +
      `${plural(document.aliases.length, 'alias', 'aliases')} ` +
      `to ${where} (${plural(calls, 'API call')}).`,
  ];
  if (onlyByRules + without > 0) {
    lines.push(
      `Left out ${plural(onlyByRules + without, 'record')} without manually assigned territories ` +
        `(${formatCount(onlyByRules)} with territories from rules only): records not listed are never touched.`,
    );
  }
  return lines.join('\n');
}

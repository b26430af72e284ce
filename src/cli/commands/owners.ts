// `territory-sync owners`: who reviews which territory, from the config's `owners` (the nearest
// entry wins; a territory without one has its nearest ancestor's). Offline, the hierarchy is what
// the paths in the desired files and the owners keys tell; with --online, the CRM's catalogue
// places every territory (reads only). `--codeowners` prints a CODEOWNERS block: each desired
// file with the owners of the territories it lists, for repositories that split files by region.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { buildCatalogueIndex } from '../../core/catalogue-index.js';
import { escapeInvisible } from '../../core/escape-invisible.js';
import type { Diagnostic, SourceLocation, TerritoryRef } from '../../core/model.js';
import { PLAN_DIAGNOSTIC } from '../../core/diagnostic-codes.js';
import { compareText } from '../../core/ordering.js';
import { ownersResolver, placeOwners, uniqueOwners } from '../../core/owners.js';
import type { EffectiveOwners, OwnersKey, OwnersRule } from '../../core/owners.js';
import { resolveTerritoryRef } from '../../core/resolve-territories.js';
import { buildForest, pathOf } from '../../core/territory-forest.js';
import type { Forest } from '../../core/territory-forest.js';
import { isPlaced, writtenHierarchy } from '../../core/written-forest.js';
import { loadConfig } from '../../config/load-config.js';
import type { ResolvedConfig } from '../../config/config-types.js';
import { formatDiagnostics, formatLocation } from '../../render/diagnostics.js';
import { oneLine } from '../../render/sanitize.js';
import { treeIndent } from '../../render/tree.js';
import { plural } from '../../render/words.js';
import type { CommandArgs } from '../args.js';
import type { CommandContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { annotateDiagnostics } from '../github-actions.js';
import { loadDesiredOrThrow } from '../load-desired.js';
import type { LoadedDesired } from '../load-desired.js';
import { aliasesOf, ownersKeys } from '../reviewers.js';

export interface OwnersOptions {
  readonly files: readonly string[];
  readonly codeowners: boolean;
  readonly online: boolean;
  readonly config?: string;
  readonly env?: string;
}

export function ownersCommandFromArgs(ctx: CommandContext, args: CommandArgs): Promise<number> {
  return ownersCommand(ctx, {
    files: args.positionals,
    codeowners: args.flags.codeowners === true,
    online: args.flags.online === true,
    config: ctx.global.config,
    env: ctx.global.env,
  });
}

/** Where the territories sit and whose they are, however that was found out. */
interface Placement {
  readonly forest: Forest;
  readonly ownersOf: (key: string) => EffectiveOwners;
  /** The forest key of a reference from the desired files, if it names a known territory. */
  readonly keyOf: (ref: TerritoryRef) => string | undefined;
  readonly isPlaced: (key: string) => boolean;
  /** Keys worth listing: territories the files or the owners name, and their ancestors. */
  readonly listed: ReadonlySet<string>;
  readonly warnings: readonly Diagnostic[];
}

export async function ownersCommand(ctx: CommandContext, options: OwnersOptions): Promise<number> {
  const session = options.online
    ? await (await import('../plan-session.js')).openSession(ctx, options)
    : undefined;
  const config: ResolvedConfig =
    session?.config ??
    (await loadConfig({
      cwd: ctx.io.cwd,
      env: ctx.io.env,
      configFile: options.config,
      environment: options.env,
    }));
  const desired = await loadDesiredOrThrow(
    ctx,
    { files: options.files, config: undefined, env: undefined },
    config,
  );
  if (config.owners.length === 0) {
    ctx.result(
      `No owners are set in ${configName(config, ctx.io.cwd)}. Add an "owners" section naming, for each ` +
        'territory, the GitHub users and teams who review its changes, e.g.\n' +
        '  owners:\n    Organization/EMEA: ["@your-org/emea-sales"]',
    );
    return EXIT.ok;
  }
  const keys = ownersKeys(config.owners, aliasesOf(desired.state));
  const placement =
    session === undefined
      ? offlinePlacement(desired, keys)
      : onlinePlacement(desired, keys, await session.client.readCatalogue());
  if (placement.warnings.length > 0) {
    ctx.warn(formatDiagnostics(placement.warnings, { color: ctx.color }));
    annotateDiagnostics(ctx, placement.warnings);
  }
  if (options.codeowners) {
    ctx.result(codeownersBlock(ctx, config, desired, placement, session !== undefined));
    if (!(await isRepositoryRoot(ctx.io.cwd))) {
      ctx.warn(
        'CODEOWNERS paths start at the root of the repository, and this folder is not one (it ' +
          'has no .git): run `territory-sync owners --codeowners` from the root for the paths ' +
          'above to match.',
      );
    }
  } else {
    ctx.info(
      `Owners from ${configName(config, ctx.io.cwd)}: a territory without an entry of its own has the owners ` +
        `of its nearest ancestor that has one.${session === undefined ? ' (Offline: the hierarchy comes from the paths written in the desired files and the owners keys.)' : ''}`,
    );
    ctx.result(listing(placement, session === undefined));
  }
  if (placement.warnings.length > 0) {
    ctx.warn(
      `Fix the owners setting in ${configName(config, ctx.io.cwd)}: ` +
        `${plural(placement.warnings.length, 'entry', 'entries')} above ask nobody to review anything.`,
    );
    return EXIT.error;
  }
  return EXIT.ok;
}

/** The config file as the user names it: relative to the working folder. */
function configName(config: ResolvedConfig, cwd: string): string {
  if (config.configPath === undefined) return 'the config (no config file found)';
  return path.relative(cwd, config.configPath) || config.configPath;
}

function offlinePlacement(desired: LoadedDesired, keys: readonly OwnersKey[]): Placement {
  const refs = desired.state.records.flatMap((r) => r.territories.map((t) => t.ref));
  const { forest, keyOf } = writtenHierarchy([...refs, ...keys.map((k) => k.reference.ref)]);
  const own = new Map<string, OwnersRule>();
  const warnings: Diagnostic[] = [];
  for (const { rule, reference } of keys) {
    const key = keyOf(reference.ref);
    const earlier = own.get(key);
    if (earlier === undefined) own.set(key, rule);
    else warnings.push(sameTerritory(rule, earlier, reference.ref.value));
  }
  return {
    forest,
    ownersOf: ownersResolver(forest, own),
    keyOf,
    isPlaced,
    listed: new Set(forest.byKey.keys()),
    warnings,
  };
}

function onlinePlacement(
  desired: LoadedDesired,
  keys: readonly OwnersKey[],
  catalogue: Parameters<typeof buildCatalogueIndex>[0],
): Placement {
  const index = buildCatalogueIndex(catalogue);
  const forest = buildForest(
    index.territories.map((t) => ({ key: t.id, name: t.name, parent: t.parentId })),
  );
  const placed = placeOwners(keys, index, { complete: true });
  const keyOf = (ref: TerritoryRef) => {
    const where: SourceLocation = { file: '', line: 1, column: 1 };
    const found = resolveTerritoryRef(index, { ref, written: ref.value, location: where });
    return found.ok ? found.territory.id : undefined;
  };
  const named = [
    ...desired.state.records.flatMap((r) => r.territories.map((t) => keyOf(t.ref))),
    ...placed.own.keys(),
  ].filter((key): key is string => key !== undefined);
  const listed = new Set<string>();
  for (const key of named) {
    let cursor: string | null = key;
    while (cursor !== null && !listed.has(cursor)) {
      listed.add(cursor);
      cursor = forest.parentOf.get(cursor) ?? null;
    }
  }
  return {
    forest,
    ownersOf: ownersResolver(forest, placed.own),
    keyOf,
    isPlaced: () => true,
    listed,
    warnings: placed.warnings,
  };
}

function sameTerritory(rule: OwnersRule, earlier: OwnersRule, value: string): Diagnostic {
  return {
    code: PLAN_DIAGNOSTIC.duplicateTerritory,
    severity: 'warning',
    message: `owners: "${rule.territory}" and "${earlier.territory}" name the same territory (${value}); the first applies.`,
    hint: 'Keep one entry, with every owner in its list.',
    location: rule.location,
    related: [earlier.location],
  };
}

/** One line per territory, indented as the hierarchy: its owners, and where they come from. */
function listing(placement: Placement, offline: boolean): string {
  const { forest } = placement;
  const describe = (key: string): string => {
    const name = oneLine(forest.byKey.get(key)?.name ?? key);
    const found = placement.ownersOf(key);
    if (found.rule === undefined) {
      // Unplaced, it may well inherit owners: offline that is not known, which is not "nobody".
      return placement.isPlaced(key) ? `${name}: nobody` : `${name}: not known offline`;
    }
    const who = found.owners.length === 0 ? 'nobody (an empty entry)' : found.owners.join(', ');
    const source =
      found.from === key
        ? `its own entry, ${formatLocation(found.rule.location)}`
        : `from ${oneLine(pathOf(forest, found.from ?? key))}`;
    return `${name}: ${who} (${source})`;
  };
  const tree: string[] = [];
  const apart: string[] = [];
  for (const key of forest.order) {
    if (!placement.listed.has(key)) continue;
    if (placement.isPlaced(key)) {
      tree.push(`${treeIndent(forest.depthOf.get(key) ?? 0)}${describe(key)}`);
    } else {
      apart.push(`  ${describe(key)}`);
    }
  }
  const blocks = [tree.join('\n')];
  if (apart.length > 0 && offline) {
    blocks.push(
      [
        'Named by name or id (their ancestors, and so the owners they inherit, are known only ' +
          'to the CRM; run `territory-sync owners --online`):',
        ...apart,
      ].join('\n'),
    );
  }
  return blocks.filter((b) => b !== '').join('\n\n');
}

/** A repository's root holds `.git`: a folder, or a file in a worktree or submodule. */
async function isRepositoryRoot(cwd: string): Promise<boolean> {
  try {
    await stat(path.join(cwd, '.git'));
    return true;
  } catch {
    return false;
  }
}

/** Characters CODEOWNERS (gitignore patterns) reads as syntax, escaped to stand for themselves. */
const PATTERN_SPECIAL = /[\\ *?[\]!#]/g;

/**
 * `/territories/emea.yaml @org/emea-sales @kim`: one line per desired file, with the owners of
 * every territory it lists. Paths are relative to the working folder, which is taken to be the
 * repository's root (CODEOWNERS paths start there).
 */
function codeownersBlock(
  ctx: CommandContext,
  config: ResolvedConfig,
  desired: LoadedDesired,
  placement: Placement,
  online: boolean,
): string {
  const refsByFile = new Map<string, TerritoryRef[]>(desired.files.map((file) => [file, []]));
  for (const record of desired.state.records) {
    for (const territory of record.territories) {
      const file = territory.location.file;
      const list = refsByFile.get(file);
      if (list === undefined) refsByFile.set(file, [territory.ref]);
      else list.push(territory.ref);
    }
  }
  const lines = [
    `# From territory-sync owners --codeowners (${configName(config, ctx.io.cwd)}): each desired file with`,
    '# the owners of the territories it lists. Keep below broader rules: the last match wins.',
  ];
  let unplaced = 0;
  for (const [file, refs] of [...refsByFile].sort(([a], [b]) => compareText(a, b))) {
    const pattern = codeownersPath(ctx.io.cwd, file);
    if (typeof pattern !== 'string') {
      ctx.warn(`Left out ${escapeInvisible(file)}: ${pattern.reason}`);
      continue;
    }
    const lists: (readonly string[])[] = [];
    for (const ref of refs) {
      const key = placement.keyOf(ref);
      if (key === undefined) continue;
      if (!placement.isPlaced(key) && placement.ownersOf(key).rule === undefined) unplaced += 1;
      lists.push(placement.ownersOf(key).owners);
    }
    const owners = uniqueOwners(lists);
    lines.push(
      owners.length === 0
        ? `# ${pattern}: no owner in the config covers the territories it lists`
        : `${pattern} ${owners.join(' ')}`,
    );
  }
  if (unplaced > 0 && !online) {
    ctx.warn(
      `${plural(unplaced, 'territory reference')} by name or id could not be placed offline, so ` +
        'owners they inherit from their ancestors are missing above. Run `territory-sync owners ' +
        '--codeowners --online` to place them.',
    );
  }
  return lines.join('\n');
}

function codeownersPath(cwd: string, file: string): string | { readonly reason: string } {
  const relative = path.relative(cwd, path.resolve(cwd, file));
  const outside =
    relative === '' ||
    relative === '..' ||
    relative.startsWith(`..${path.sep}`) ||
    path.isAbsolute(relative);
  if (outside) {
    return { reason: 'CODEOWNERS can only name files inside the repository; run from its root.' };
  }
  // A name with a control character or a line break would forge another CODEOWNERS line.
  if (escapeInvisible(relative) !== relative) {
    return {
      reason:
        'its name holds a line break or another control character, which a CODEOWNERS line ' +
        'cannot hold; rename the file.',
    };
  }
  return `/${relative
    .split(path.sep)
    .join('/')
    .replace(PATTERN_SPECIAL, (c) => `\\${c}`)}`;
}

// `territory-sync tree`: the territory hierarchy with how many listed records each territory
// holds. Offline from the desired files (a path places its territory; a name or an id does not,
// and is listed apart), or with --online from the CRM: the catalogue and the listed records'
// current territories (reads only).
import { readCurrent } from '../../apply/read-current.js';
import { buildForest, recordCounts } from '../../core/territory-forest.js';
import { isPlaced, writtenHierarchy } from '../../core/written-forest.js';
import { TerritorySyncError } from '../../errors.js';
import { renderTreeMermaid, renderTreeText } from '../../render/tree.js';
import type { TreeView } from '../../render/tree.js';
import { plural } from '../../render/words.js';
import type { CommandArgs } from '../args.js';
import type { CommandContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { loadDesiredOrThrow } from '../load-desired.js';

export const TREE_FORMATS = ['text', 'mermaid'] as const;
export type TreeFormat = (typeof TREE_FORMATS)[number];

export interface TreeOptions {
  readonly files: readonly string[];
  readonly online: boolean;
  readonly format: TreeFormat;
  readonly config?: string;
  readonly env?: string;
}

export function treeCommandFromArgs(ctx: CommandContext, args: CommandArgs): Promise<number> {
  const format = args.flags.format;
  if (format !== undefined && !(TREE_FORMATS as readonly unknown[]).includes(format)) {
    throw new TerritorySyncError('USAGE', `Unknown format '${String(format)}' for tree.`, {
      hint: `Use one of: ${TREE_FORMATS.join(', ')}.`,
    });
  }
  return treeCommand(ctx, {
    files: args.positionals,
    online: args.flags.online === true,
    format: (format ?? 'text') as TreeFormat,
    config: ctx.global.config,
    env: ctx.global.env,
  });
}

export async function treeCommand(ctx: CommandContext, options: TreeOptions): Promise<number> {
  const { view, heading, empty } = options.online
    ? await onlineTree(ctx, options)
    : await offlineTree(ctx, options);
  // An empty tree or a flowchart without a node reads as a failure: say what was found instead.
  if (view.forest.byKey.size === 0) {
    ctx.result(empty);
    return EXIT.ok;
  }
  if (options.format === 'mermaid') {
    ctx.result(renderTreeMermaid(view).trimEnd());
  } else {
    ctx.info(heading);
    ctx.result(renderTreeText(view, { color: ctx.color }).trimEnd());
  }
  return EXIT.ok;
}

const recordKey = (record: { readonly module: string; readonly id: string }) =>
  `${record.module}:${record.id}`;

async function offlineTree(ctx: CommandContext, options: TreeOptions) {
  const { state, files } = await loadDesiredOrThrow(ctx, {
    files: options.files,
    config: options.config,
    env: options.env,
  });
  const { forest, keyOf } = writtenHierarchy(
    state.records.flatMap((r) => r.territories.map((t) => t.ref)),
  );
  const pairs = state.records.flatMap((record) =>
    record.territories.map((t) => ({ key: keyOf(t.ref), record: recordKey(record) })),
  );
  const view: TreeView = {
    forest,
    counts: recordCounts(forest, pairs),
    isPlaced,
    unplacedHeading:
      'Named by name or id (where they sit in the hierarchy is known only to the CRM; ' +
      'run `territory-sync tree --online`):',
  };
  return {
    view,
    heading:
      `Territories named in ${files.join(', ')}, with the records that list each ` +
      '(offline: the hierarchy comes from the paths written there).',
    empty:
      `No territory is named in ${files.join(', ')} (no record listed there has one). ` +
      'Run `territory-sync tree --online` to see the hierarchy in the CRM.',
  };
}

async function onlineTree(ctx: CommandContext, options: TreeOptions) {
  // Loaded here: an offline tree needs no HTTP client.
  const { openSession } = await import('../plan-session.js');
  const session = await openSession(ctx, options);
  const { state } = await loadDesiredOrThrow(
    ctx,
    { files: options.files, config: undefined, env: undefined },
    session.config,
  );
  const [catalogue, current] = await Promise.all([
    session.client.readCatalogue(),
    readCurrent(session.client, state.records),
  ]);
  const forest = buildForest(
    catalogue.territories.map((t) => ({ key: t.id, name: t.name, parent: t.parentId })),
  );
  const counts = recordCounts(
    forest,
    current.flatMap((record) =>
      record.territories.map((t) => ({ key: t.id, record: recordKey(record) })),
    ),
  );
  return {
    view: { forest, counts },
    empty:
      `${session.target} answered with no territories. Check that Territory Management is ` +
      'enabled in Zoho CRM (Setup > Territory Management); `territory-sync doctor` checks access.',
    heading:
      `Territories in ${session.target}, with how many of the ` +
      `${plural(state.records.length, 'listed record')} each holds now (manually or by rules).`,
  };
}

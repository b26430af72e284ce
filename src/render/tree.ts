// `territory-sync tree`: a territory hierarchy with how many records each territory holds, as
// an indented text tree or a Mermaid flowchart. Names are CRM or file text: one line each,
// invisible characters shown; Mermaid labels go through mermaidLabel.
import type { Forest, RecordCounts } from '../core/territory-forest.js';
import { paint } from './ansi.js';
import { renderMermaid } from './mermaid.js';
import { oneLine } from './sanitize.js';
import { formatCount, plural } from './words.js';

export interface TreeView {
  readonly forest: Forest;
  /** Listed records per territory, on it and in its subtree. */
  readonly counts: RecordCounts;
  /**
   * Offline, a territory named by name or id has no known place: such roots are listed apart
   * under `unplacedHeading`. Absent: every node is placed.
   */
  readonly isPlaced?: (key: string) => boolean;
  readonly unplacedHeading?: string;
}

/** Territories a Mermaid tree draws at most ("... more" nodes included). */
export const MAX_TREE_NODES = 100;

/** Levels indented before deeper ones are marked with their level instead. */
export const MAX_INDENT_LEVELS = 24;

/**
 * A tree line's indentation: two spaces a level, up to MAX_INDENT_LEVELS; below that the level
 * is written out, so a hierarchy thousands deep (a hostile CRM answer) prints lines of bounded
 * width instead of a number of spaces that grows with the depth on every line.
 */
export function treeIndent(depth: number): string {
  if (depth <= MAX_INDENT_LEVELS) return '  '.repeat(depth);
  return `${'  '.repeat(MAX_INDENT_LEVELS)}[level ${formatCount(depth + 1)}] `;
}

/** "DACH: 3 records", "EMEA: 11 records in all, 1 directly", or the name alone. */
function describeCount(counts: RecordCounts, key: string): string | undefined {
  const own = counts.own.get(key) ?? 0;
  const all = counts.inSubtree.get(key) ?? 0;
  if (all === 0) return undefined;
  if (all === own) return plural(own, 'record');
  return own === 0
    ? `${plural(all, 'record')} in all`
    : `${plural(all, 'record')} in all, ${formatCount(own)} directly`;
}

export function renderTreeText(view: TreeView, options: { color?: boolean } = {}): string {
  const p = paint(options.color ?? false);
  const { forest, counts } = view;
  const describe = (key: string): string => {
    const name = p.bold(oneLine(forest.byKey.get(key)?.name ?? key));
    const count = describeCount(counts, key);
    return count === undefined ? name : `${name}: ${count}`;
  };
  const placed = view.isPlaced ?? (() => true);
  const tree: string[] = [];
  const apart: string[] = [];
  for (const key of forest.order) {
    const depth = forest.depthOf.get(key) ?? 0;
    if (placed(key)) tree.push(`${treeIndent(depth)}${describe(key)}`);
    else apart.push(`  ${describe(key)}`);
  }
  const blocks = [tree.join('\n')];
  if (apart.length > 0) blocks.push([view.unplacedHeading ?? '', ...apart].join('\n'));
  return `${blocks.filter((b) => b !== '').join('\n\n')}\n`;
}

/** A fenced Mermaid block, ready to paste into a GitHub comment or README. */
export function renderTreeMermaid(view: TreeView): string {
  const { forest, counts } = view;
  const own = (key: string) => counts.own.get(key) ?? 0;
  const drawing = renderMermaid({
    forest,
    weight: own,
    label: (key) => {
      const name = forest.byKey.get(key)?.name ?? key;
      const all = counts.inSubtree.get(key) ?? 0;
      if (all === 0) return { name };
      return {
        name,
        detail: all === own(key) ? plural(all, 'record') : `${plural(all, 'record')} in all`,
      };
    },
    tone: (key) => (own(key) > 0 ? undefined : 'context'),
    moreLabel: (keys) => {
      const records = keys.reduce((n, k) => n + own(k), 0);
      return `… ${plural(keys.length, 'more territory', 'more territories')} (${plural(records, 'record')})`;
    },
    maxNodes: MAX_TREE_NODES,
    drawUnweighted: true,
  });
  const notes: string[] = [];
  if (drawing.undrawn > 0) {
    notes.push(
      `${plural(drawing.undrawn, 'territory', 'territories')} not drawn ` +
        `(${formatCount(drawing.leftOut)} of them with records, counted in the "…" boxes); ` +
        '`territory-sync tree` lists them all.',
    );
  }
  // The text tree lists these under a heading of their own; a picture can only draw them as
  // roots, which a reader would take for the top of the hierarchy unless told.
  const unplaced = [...drawing.drawnKeys].filter((key) => view.isPlaced?.(key) === false);
  if (unplaced.length > 0) {
    const one = unplaced.length === 1;
    notes.push(
      `${plural(unplaced.length, 'territory', 'territories')} named by name or id ` +
        `${one ? 'is drawn as a root: where it sits' : 'are drawn as roots: where they sit'} ` +
        'is known only to the CRM (`territory-sync tree --online --format mermaid` places them).',
    );
  }
  const note = notes.map((line) => `\n${line}\n`).join('');
  return `\`\`\`mermaid\n${drawing.text}\`\`\`\n${note}`;
}

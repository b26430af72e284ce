// A territory hierarchy as a Mermaid flowchart, which GitHub draws in comments, summaries and
// READMEs. Labels are CRM names, so hostile: every character outside a small safe set is written
// as a Mermaid entity (`#64;` for @), which keeps a label inside its quotes (no `"`, `]`, `;`,
// line break, `%%` or backtick can end it and start a `click`, `style` or `%%{init}%%` of its
// own) and keeps GitHub from reading `@team` or `#12` there even if the block were shown as text.
// Node ids are generated (n0, n1 ...), never CRM text.
//
// The emitted subset (test/unit/render/mermaid.test.ts parses it with a grammar of just this):
//   flowchart LR
//   <id>["<label>"]                          one per node; <label> is letters, digits, space,
//                                            . , _ + / ' ( ) - and #<decimal>; entities
//   <id> --> <id>                            parent to child
//   <id> -.-> <id>                           parent to "... and N more"
//   classDef <tone> fill:#hex,stroke:#hex,color:#hex
//   class <id>,<id> <tone>
import type { Forest } from '../core/territory-forest.js';
import { oneLine } from './sanitize.js';

export type Tone = 'gain' | 'loss' | 'mixed' | 'context';

export interface MermaidOptions {
  readonly forest: Forest;
  /** How much a node matters on its own; 0: drawn only as another node's ancestor. */
  readonly weight: (key: string) => number;
  /** The node's name and, after it in brackets, what it holds ("+3 / -1", "12 records"). */
  readonly label: (key: string) => { readonly name: string; readonly detail?: string };
  readonly tone?: (key: string) => Tone | undefined;
  /** The label of a node standing for weighted territories left out, e.g. "7 more: +30". */
  readonly moreLabel: (keys: readonly string[]) => string;
  /** At most this many nodes, "... more" nodes included. */
  readonly maxNodes: number;
  /** Draw nodes of weight 0 too while room is left (a whole hierarchy, not only a change). */
  readonly drawUnweighted?: boolean;
}

export interface MermaidPicture {
  /** The flowchart, without a fence. */
  readonly text: string;
  /** Territories drawn as nodes of their own. */
  readonly drawn: number;
  /** Their keys. */
  readonly drawnKeys: ReadonlySet<string>;
  /** Territories of weight above 0 left out (counted in the "... more" nodes). */
  readonly leftOut: number;
  /** Every territory not drawn, whatever its weight. */
  readonly undrawn: number;
}

/** Characters a label shows as they are; everything else becomes `#<code point>;`. */
const SAFE = /[\p{L}\p{N} .,_+/'()-]/u;
/** Code points of a name before it is shortened with "…". */
export const MAX_LABEL_CHARS = 48;

const TONES: Readonly<Record<Tone, string>> = {
  gain: 'fill:#dafbe1,stroke:#1a7f37,color:#1f2328',
  loss: 'fill:#ffebe9,stroke:#cf222e,color:#1f2328',
  mixed: 'fill:#fff8c5,stroke:#9a6700,color:#1f2328',
  context: 'fill:#f6f8fa,stroke:#d0d7de,color:#57606a',
};

/** Text as a quoted Mermaid label: on one line, shortened, every unsafe character an entity. */
export function mermaidLabel(text: string, maxChars = Number.POSITIVE_INFINITY): string {
  const chars = [...oneLine(text)];
  const shown = chars.length > maxChars ? [...chars.slice(0, maxChars - 1), '…'] : chars;
  return shown.map((c) => (SAFE.test(c) ? c : `#${c.codePointAt(0) ?? 63};`)).join('');
}

export function renderMermaid(options: MermaidOptions): MermaidPicture {
  const { forest } = options;
  const position = new Map(forest.order.map((key, i) => [key, i]));
  const weighted = forest.order
    .filter((key) => options.weight(key) > 0)
    .sort(
      (a, b) =>
        options.weight(b) - options.weight(a) || (position.get(a) ?? 0) - (position.get(b) ?? 0),
    );
  // Room kept for the "... more" nodes, so the picture never grows past maxNodes.
  const reserve = Math.min(4, Math.max(1, Math.floor(options.maxNodes / 8)));
  const budget = Math.max(1, options.maxNodes - reserve);
  const drawn = new Set<string>();
  const leftOut: string[] = [];
  for (const key of weighted) {
    const needed = undrawnChain(forest, key, drawn, budget - drawn.size);
    if (needed === undefined) leftOut.push(key);
    else for (const k of needed) drawn.add(k);
  }
  if (options.drawUnweighted === true) {
    for (const key of forest.order) {
      if (drawn.size >= budget) break;
      const parent = forest.parentOf.get(key) ?? null;
      if (!drawn.has(key) && (parent === null || drawn.has(parent))) drawn.add(key);
    }
  }

  const ids = new Map<string, string>();
  const lines = ['flowchart LR'];
  const classes = new Map<Tone, string[]>();
  for (const key of forest.order) {
    if (!drawn.has(key)) continue;
    const id = `n${ids.size}`;
    ids.set(key, id);
    const { name, detail } = options.label(key);
    const text =
      mermaidLabel(name, MAX_LABEL_CHARS) +
      (detail === undefined ? '' : ` ${mermaidLabel(`(${detail})`)}`);
    lines.push(`  ${id}["${text}"]`);
    const parent = forest.parentOf.get(key) ?? null;
    const parentId = parent === null ? undefined : ids.get(parent);
    if (parentId !== undefined) lines.push(`  ${parentId} --> ${id}`);
    const tone = options.tone?.(key);
    if (tone !== undefined) {
      const members = classes.get(tone);
      if (members === undefined) classes.set(tone, [id]);
      else members.push(id);
    }
  }
  lines.push(...moreNodes(options, leftOut, drawn, ids, reserve, position));
  for (const [tone, members] of classes) {
    lines.push(`  classDef ${tone} ${TONES[tone]}`, `  class ${members.join(',')} ${tone}`);
  }
  return {
    text: `${lines.join('\n')}\n`,
    drawn: drawn.size,
    drawnKeys: drawn,
    leftOut: leftOut.length,
    undrawn: forest.byKey.size - drawn.size,
  };
}

/**
 * The node and its ancestors up to the first one drawn, or undefined when they are more than
 * `room`: the walk never goes further than the picture could hold, however deep the hierarchy.
 */
function undrawnChain(
  forest: Forest,
  key: string,
  drawn: ReadonlySet<string>,
  room: number,
): string[] | undefined {
  const chain: string[] = [];
  let cursor: string | null = key;
  while (cursor !== null && !drawn.has(cursor)) {
    if (chain.length >= room) return undefined;
    chain.push(cursor);
    cursor = forest.parentOf.get(cursor) ?? null;
  }
  return chain;
}

/** The nearest drawn ancestor of each key asked about, remembered along the way. */
function nearestDrawn(forest: Forest, drawn: ReadonlySet<string>): (key: string) => string | null {
  const memo = new Map<string, string | null>();
  return (key) => {
    const chain: string[] = [];
    let cursor = forest.parentOf.get(key) ?? null;
    let found: string | null = null;
    while (cursor !== null) {
      if (drawn.has(cursor)) {
        found = cursor;
        break;
      }
      const known = memo.get(cursor);
      if (known !== undefined) {
        found = known;
        break;
      }
      chain.push(cursor);
      cursor = forest.parentOf.get(cursor) ?? null;
    }
    for (const link of chain) memo.set(link, found);
    return found;
  };
}

/**
 * Weighted territories left out, gathered under their nearest drawn ancestor: "... 7 more"
 * hangs from the node they sit below. Past `reserve` groups, the rest share one loose node.
 */
function moreNodes(
  options: MermaidOptions,
  leftOut: readonly string[],
  drawn: ReadonlySet<string>,
  ids: ReadonlyMap<string, string>,
  reserve: number,
  position: ReadonlyMap<string, number>,
): string[] {
  if (leftOut.length === 0) return [];
  const groups = new Map<string | null, string[]>();
  const under = nearestDrawn(options.forest, drawn);
  for (const key of leftOut) {
    const parent = under(key);
    const group = groups.get(parent);
    if (group === undefined) groups.set(parent, [key]);
    else group.push(key);
  }
  const total = (keys: readonly string[]) => keys.reduce((n, k) => n + options.weight(k), 0);
  const ordered = [...groups.entries()].sort(
    ([a, x], [b, y]) =>
      total(y) - total(x) ||
      (a === null ? -1 : (position.get(a) ?? 0)) - (b === null ? -1 : (position.get(b) ?? 0)),
  );
  const attached = ordered.filter(([under]) => under !== null).slice(0, reserve - 1);
  const kept = new Set(attached.map(([under]) => under));
  const loose = ordered.filter(([under]) => !kept.has(under)).flatMap(([, keys]) => keys);
  const lines: string[] = [];
  attached.forEach(([under, keys], i) => {
    const id = `m${i}`;
    lines.push(`  ${id}["${mermaidLabel(options.moreLabel(keys))}"]`);
    lines.push(`  ${ids.get(under as string) ?? ''} -.-> ${id}`);
  });
  if (loose.length > 0) {
    lines.push(`  m${attached.length}["${mermaidLabel(options.moreLabel(loose))}"]`);
  }
  return lines;
}

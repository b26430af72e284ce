// How far YAML aliases (*name) expand a parsed document, counted exactly and before anything is
// built: one walk in document order, each anchored value's size taken as the difference of the
// running count before and after it, each alias adding its anchor's size (an anchor comes before
// its aliases, so its size is known by then). Linear in the document however far it would
// expand; the walk stops at the first alias that takes what aliases add past the limit.
import { isAlias, isMap, isNode, isScalar, isSeq, visit } from 'yaml';
import type { Alias, Document, Node, YAMLMap, YAMLSeq } from 'yaml';
import type { ExpansionLimit } from './limits.js';
import type { ExpansionProblem, ExpansionStep } from './yaml-alias-prescan.js';

/**
 * What each alias refers to: the nearest anchor of its name before it, as `Alias.resolve`
 * finds it, but in one walk. `resolve` walks the document per alias: 50,000 aliases in a
 * 150 KB file took minutes.
 */
export function aliasTargets(doc: Document): Map<Alias, Node> {
  const anchors = new Map<string, Node>();
  const targets = new Map<Alias, Node>();
  visit(doc, (_key, node) => {
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (target !== undefined) targets.set(node, target);
    } else if (isNode(node) && node.anchor) {
      anchors.set(node.anchor, node);
    }
  });
  return targets;
}

interface Size {
  readonly values: number;
  readonly characters: number;
}

/** Characters a scalar adds: its text, or the source of anything else (a number, a tagged value). */
function scalarCharacters(node: unknown): number {
  if (!isScalar(node)) return 0;
  if (typeof node.value === 'string') return node.value.length;
  return node.source?.length ?? 0;
}

/** A list or mapping being counted: where the count stood before it, and its next entry. */
interface Frame {
  readonly node: YAMLSeq | YAMLMap;
  readonly before: Size;
  /** Lists: the next item. Mappings: twice the next pair, plus one for its value. */
  next: number;
}

class ExpansionCounter {
  /** Everything counted so far: the document's own values and what aliases added. */
  private values = 0;
  private characters = 0;
  /** What aliases added: what the limit bounds. */
  private addedValues = 0;
  private addedCharacters = 0;
  /** Aliases with no anchor before them, or inside their own: refused while building. */
  unsized = 0;
  private readonly sizes = new Map<Node, Size>();
  /** An explicit stack: block indentation may nest deeper than the call stack allows. */
  private readonly stack: Frame[] = [];
  problem: ExpansionProblem | undefined;

  constructor(
    private readonly targets: ReadonlyMap<Alias, Node>,
    private readonly limit: ExpansionLimit,
    private readonly steps?: ExpansionStep[],
  ) {}

  total(): Size {
    return { values: this.values, characters: this.characters };
  }

  count(root: unknown): void {
    const { stack } = this;
    if (!this.enter(root)) return;
    for (let top = stack.at(-1); top !== undefined; top = stack.at(-1)) {
      const { node } = top;
      const index = top.next;
      top.next += 1;
      if (isSeq(node) ? index < node.items.length : index < 2 * node.items.length) {
        // A key is read as written, never expanded, but an alias may name a value inside it.
        const pair = isSeq(node) ? undefined : node.items[index >> 1];
        const child: unknown = isSeq(node)
          ? node.items[index]
          : index % 2 === 0
            ? pair?.key
            : pair?.value;
        if (!this.enter(child)) return;
      } else {
        stack.pop();
        this.finish(node, top.before);
      }
    }
  }

  /** Counts a value (or key) as it starts; false once the limit is passed. */
  private enter(node: unknown): boolean {
    if (isAlias(node)) return this.alias(node);
    const before: Size = { values: this.values, characters: this.characters };
    this.values += 1;
    if (isSeq(node) || isMap(node)) {
      this.stack.push({ node, before, next: 0 });
    } else if (isScalar(node)) {
      this.characters += scalarCharacters(node);
      this.finish(node, before);
    }
    return true;
  }

  /** Remembers an anchored value's size, for its aliases. */
  private finish(node: Node, before: Size): void {
    if (!node.anchor) return;
    this.sizes.set(node, {
      values: this.values - before.values,
      characters: this.characters - before.characters,
    });
  }

  private alias(node: Alias): boolean {
    const target = this.targets.get(node);
    // Unresolved, or inside its own anchor (still being counted): refused while building.
    const size = target === undefined ? undefined : this.sizes.get(target);
    if (size === undefined) this.unsized += 1;
    const values = size?.values ?? 1;
    const characters = size?.characters ?? 0;
    this.values += values;
    this.characters += characters;
    this.addedValues += values;
    this.addedCharacters += characters;
    const offset = node.range?.[0] ?? -1;
    this.steps?.push({ offset, values: this.addedValues, characters: this.addedCharacters });
    if (this.addedValues > this.limit.values) {
      this.problem = { offset, measure: 'values', limit: this.limit.values };
    } else if (this.addedCharacters > this.limit.characters) {
      this.problem = { offset, measure: 'characters', limit: this.limit.characters };
    }
    return this.problem === undefined;
  }
}

/** The first alias by which `doc` expands past `limit`, or undefined. */
export function measureAliasExpansion(
  doc: Document,
  targets: ReadonlyMap<Alias, Node>,
  limit: ExpansionLimit,
): ExpansionProblem | undefined {
  if (targets.size === 0) return undefined;
  const counter = new ExpansionCounter(targets, limit);
  counter.count(doc.contents);
  return counter.problem;
}

/** The count after every alias, and in all (for tests). */
export function traceAliasExpansion(
  doc: Document,
  targets: ReadonlyMap<Alias, Node>,
): { readonly steps: readonly ExpansionStep[]; readonly total: Size; readonly unsized: number } {
  const steps: ExpansionStep[] = [];
  const counter = new ExpansionCounter(targets, { values: Infinity, characters: Infinity }, steps);
  counter.count(doc.contents);
  return { steps, total: counter.total(), unsized: counter.unsized };
}

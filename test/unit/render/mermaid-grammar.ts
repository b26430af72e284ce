// A parser for exactly the Mermaid subset src/render/mermaid.ts emits (its header lists it).
// Mermaid's own parser needs a DOM (mermaid.parse runs only beside jsdom), so the tests hold
// the output to this stricter grammar instead: anything it accepts, Mermaid's flowchart grammar
// accepts too, and no label can leave its quotes.

export interface ParsedFlowchart {
  readonly nodes: ReadonlyMap<string, string>;
  readonly edges: readonly {
    readonly from: string;
    readonly to: string;
    readonly dotted: boolean;
  }[];
  readonly classes: ReadonlyMap<string, readonly string[]>;
}

const ID = '[nm][0-9]+';
const LABEL_CHARS = /^(?:[\p{L}\p{N} .,_+/'()-]|#[0-9]+;)*$/u;
const NODE = new RegExp(`^  (${ID})\\["([^"]*)"\\]$`);
const EDGE = new RegExp(`^  (${ID}) (-->|-\\.->) (${ID})$`);
const CLASS_DEF =
  /^ {2}classDef (gain|loss|mixed|context) fill:#[0-9a-f]{6},stroke:#[0-9a-f]{6},color:#[0-9a-f]{6}$/;
const CLASS = new RegExp(`^  class (${ID}(?:,${ID})*) (gain|loss|mixed|context)$`);

/** Throws, naming the line, on anything outside the subset or a reference to an unknown id. */
export function parseFlowchart(text: string): ParsedFlowchart {
  const lines = text.replace(/\n$/, '').split('\n');
  if (lines[0] !== 'flowchart LR')
    throw new Error(`line 1: expected "flowchart LR", got ${JSON.stringify(lines[0])}`);
  const nodes = new Map<string, string>();
  const edges: { from: string; to: string; dotted: boolean }[] = [];
  const classes = new Map<string, string[]>();
  const defined = new Set<string>();
  const known = (id: string, n: number) => {
    if (!nodes.has(id)) throw new Error(`line ${n}: ${id} is used before it is declared`);
  };
  lines.slice(1).forEach((line, i) => {
    const n = i + 2;
    let m: RegExpExecArray | null;
    if ((m = NODE.exec(line)) !== null) {
      const [, id = '', label = ''] = m;
      if (nodes.has(id)) throw new Error(`line ${n}: ${id} declared twice`);
      if (!LABEL_CHARS.test(label))
        throw new Error(`line ${n}: unsafe label ${JSON.stringify(label)}`);
      nodes.set(id, label);
    } else if ((m = EDGE.exec(line)) !== null) {
      const [, from = '', arrow, to = ''] = m;
      known(from, n);
      known(to, n);
      edges.push({ from, to, dotted: arrow === '-.->' });
    } else if ((m = CLASS_DEF.exec(line)) !== null) {
      defined.add(m[1] ?? '');
    } else if ((m = CLASS.exec(line)) !== null) {
      const [, members = '', tone = ''] = m;
      if (!defined.has(tone)) throw new Error(`line ${n}: class ${tone} used before classDef`);
      for (const id of members.split(',')) known(id, n);
      classes.set(tone, members.split(','));
    } else {
      throw new Error(`line ${n}: not in the subset: ${JSON.stringify(line)}`);
    }
  });
  return { nodes, edges, classes };
}

/** A label as Mermaid shows it: each `#<code>;` entity decoded. */
export function decodeLabel(label: string): string {
  return label.replace(/#([0-9]+);/g, (_, code: string) => String.fromCodePoint(Number(code)));
}

/** The flowchart inside the first ```mermaid block of a markdown text. */
export function mermaidBlock(markdown: string): string {
  const found = /```mermaid\n([\s\S]*?)```/.exec(markdown);
  if (found === null) throw new Error('no mermaid block');
  return found[1] ?? '';
}

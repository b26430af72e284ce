// `territory-sync tree`: the hierarchy as text and as a Mermaid picture, whatever the CRM names
// and however large the catalogue.
import { describe, expect, it } from 'vitest';
import { buildForest, recordCounts } from '../../../src/core/territory-forest.js';
import type { ForestNode } from '../../../src/core/territory-forest.js';
import { isPlaced, writtenHierarchy } from '../../../src/core/written-forest.js';
import {
  MAX_INDENT_LEVELS,
  MAX_TREE_NODES,
  renderTreeMermaid,
  renderTreeText,
} from '../../../src/render/tree.js';
import type { TreeView } from '../../../src/render/tree.js';
import { decodeLabel, mermaidBlock, parseFlowchart } from './mermaid-grammar.js';

function view(nodes: readonly ForestNode[], pairs: { key: string; record: string }[]): TreeView {
  const forest = buildForest(nodes);
  return { forest, counts: recordCounts(forest, pairs) };
}

const HOSTILE = [
  '\u001b[31mRed\u001b]0;title\u0007',
  '::error::forged\n::warning::two',
  '"] --> x["y',
  '%%{init: {"securityLevel":"loose"}}%%',
  '@acme/security-team #12',
];

describe('tree as text', () => {
  const nodes: ForestNode[] = [
    { key: 'root', name: 'Organization', parent: null },
    ...HOSTILE.map((name, i) => ({ key: `t${i}`, name, parent: 'root' })),
  ];
  const tree = view(
    nodes,
    HOSTILE.map((_, i) => ({ key: `t${i}`, record: `r${i}` })),
  );

  it('shows each CRM name on its own line, control characters written out', () => {
    const text = renderTreeText(tree);
    // eslint-disable-next-line no-control-regex -- no raw control character may reach the terminal
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    expect(text.split('\n')).toHaveLength(1 + HOSTILE.length + 1);
    expect(text).toContain('  \\u001b[31mRed\\u001b]0;title\\u0007: 1 record\n');
    expect(text).toContain('  ::error::forged\\u000a::warning::two: 1 record\n');
    for (const line of text.split('\n')) expect(line.startsWith('::')).toBe(false);
    expect(text.startsWith('Organization: 5 records in all\n')).toBe(true);
  });
});

describe('tree as text of a hierarchy 20,000 deep', () => {
  it('indents the first levels and writes the level out below them: lines stay short', () => {
    const nodes: ForestNode[] = Array.from({ length: 20_000 }, (_, i) => ({
      key: `k${i}`,
      name: `T${i}`,
      parent: i === 0 ? null : `k${i - 1}`,
    }));
    const text = renderTreeText(view(nodes, [{ key: 'k19999', record: 'r' }]));
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(20_000);
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThan(100);
    expect(lines[MAX_INDENT_LEVELS]).toBe(
      `${'  '.repeat(MAX_INDENT_LEVELS)}T${MAX_INDENT_LEVELS}: 1 record in all`,
    );
    expect(lines[19_999]).toBe(`${'  '.repeat(MAX_INDENT_LEVELS)}[level 20,000] T19999: 1 record`);
  });
});

describe('tree as a Mermaid picture', () => {
  it('parses whatever the names hold, and says "records" in every count', () => {
    const nodes: ForestNode[] = [
      { key: 'root', name: 'Organization', parent: null },
      ...HOSTILE.map((name, i) => ({ key: `t${i}`, name, parent: 'root' })),
    ];
    const markdown = renderTreeMermaid(
      view(
        nodes,
        HOSTILE.map((_, i) => ({ key: `t${i}`, record: `r${i}` })),
      ),
    );
    const picture = parseFlowchart(mermaidBlock(markdown));
    const labels = [...picture.nodes.values()].map(decodeLabel);
    expect(labels).toContain('Organization (5 records in all)');
    expect(labels).toContain('::error::forged\\u000a::warning::two (1 record)');
    expect(picture.edges).toHaveLength(HOSTILE.length);
  });

  it(`draws at most ${MAX_TREE_NODES} of 10,000 territories and says how many it left out`, () => {
    const nodes: ForestNode[] = [{ key: 'root', name: 'Organization', parent: null }];
    const pairs: { key: string; record: string }[] = [];
    for (let i = 0; i < 10_000; i += 1) {
      nodes.push({
        key: `t${i}`,
        name: `Territory ${i}`,
        parent: i < 100 ? 'root' : `t${i % 100}`,
      });
      if (i % 3 === 0) pairs.push({ key: `t${i}`, record: `r${i}` });
    }
    const markdown = renderTreeMermaid(view(nodes, pairs));
    const picture = parseFlowchart(mermaidBlock(markdown));
    expect(picture.nodes.size).toBeLessThanOrEqual(MAX_TREE_NODES);
    expect(markdown).toMatch(
      /\n[\d,]+ territories not drawn \([\d,]+ of them with records, counted in the "…" boxes\); `territory-sync tree` lists them all\.\n$/,
    );
    expect(markdown.length).toBeLessThan(10_000);
  });

  it('offline, says that territories named by name or id are drawn as roots only for want of a place', () => {
    const refs = [
      { kind: 'path', value: 'Organization/EMEA/DACH' },
      { kind: 'name', value: 'Japan' },
      { kind: 'id', value: '554023000000430499' },
    ] as const;
    const { forest, keyOf } = writtenHierarchy(refs);
    const markdown = renderTreeMermaid({
      forest,
      counts: recordCounts(
        forest,
        refs.map((ref, i) => ({ key: keyOf(ref), record: `r${i}` })),
      ),
      isPlaced,
    });
    parseFlowchart(mermaidBlock(markdown));
    expect(markdown).toContain(
      '\n2 territories named by name or id are drawn as roots: where they sit is known only to the CRM (`territory-sync tree --online --format mermaid` places them).\n',
    );
    // Online every territory has its place: no such note.
    const online = renderTreeMermaid(
      view([{ key: 'a', name: 'Organization', parent: null }], [{ key: 'a', record: 'r' }]),
    );
    expect(online).not.toContain('drawn as');
  });
});

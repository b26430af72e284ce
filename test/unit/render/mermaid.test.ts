// The Mermaid picture: parses (the grammar in mermaid-grammar.ts), keeps every CRM name inside
// its label whatever it holds, and stays within its node budget however large the plan.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildForest } from '../../../src/core/territory-forest.js';
import type { ForestNode } from '../../../src/core/territory-forest.js';
import { MAX_LABEL_CHARS, mermaidLabel, renderMermaid } from '../../../src/render/mermaid.js';
import { oneLine } from '../../../src/render/sanitize.js';
import { decodeLabel, parseFlowchart } from './mermaid-grammar.js';

const NODES: ForestNode[] = [
  { key: '1', name: 'Organization', parent: null },
  { key: '10', name: 'EMEA', parent: '1' },
  { key: '11', name: 'DACH', parent: '10' },
  { key: '12', name: 'Nordics', parent: '10' },
  { key: '20', name: 'Americas', parent: '1' },
  { key: '21', name: 'US East', parent: '20' },
];

function draw(nodes: readonly ForestNode[], weights: Record<string, number>, maxNodes = 30) {
  const forest = buildForest(nodes);
  return renderMermaid({
    forest,
    weight: (key) => weights[key] ?? 0,
    label: (key) => ({
      name: forest.byKey.get(key)?.name ?? key,
      ...(weights[key] === undefined ? {} : { detail: `+${weights[key]}` }),
    }),
    tone: (key) => (weights[key] === undefined ? 'context' : 'gain'),
    moreLabel: (keys) => `… ${keys.length} more`,
    maxNodes,
  });
}

describe('renderMermaid', () => {
  it('draws the changed territories under their ancestors, generated ids only', () => {
    const picture = draw(NODES, { '11': 3, '21': 1 });
    expect(picture.text).toMatchInlineSnapshot(`
      "flowchart LR
        n0["Organization"]
        n1["Americas"]
        n0 --> n1
        n2["US East (+1)"]
        n1 --> n2
        n3["EMEA"]
        n0 --> n3
        n4["DACH (+3)"]
        n3 --> n4
        classDef context fill:#f6f8fa,stroke:#d0d7de,color:#57606a
        class n0,n1,n3 context
        classDef gain fill:#dafbe1,stroke:#1a7f37,color:#1f2328
        class n2,n4 gain
      "
    `);
    const parsed = parseFlowchart(picture.text);
    expect(parsed.edges.map((e) => `${e.from}>${e.to}`)).toEqual([
      'n0>n1',
      'n1>n2',
      'n0>n3',
      'n3>n4',
    ]);
    expect(picture).toMatchObject({ drawn: 5, leftOut: 0, undrawn: 1 });
  });

  it('keeps any CRM name inside its label: no quote, bracket, line break, %%, backtick or @ gets out', () => {
    const hostile = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 80 }),
      fc.constantFrom(
        'A"] --> B["x',
        'x"]\n  click n0 call alert()\n  n9["y',
        '%%{init: {"securityLevel": "loose"}}%%',
        '```\n@acme/security-team #1 owner/repo#2',
        '<img src=x onerror=alert(1)>',
        'style n0 fill:#f00',
        '\u202eevil\u200b',
        '#64;#35;',
      ),
    );
    fc.assert(
      fc.property(fc.array(hostile, { minLength: 1, maxLength: 8 }), (names) => {
        const nodes = names.map((name, i) => ({
          key: `k${i}`,
          name,
          parent: i === 0 ? null : 'k0',
        }));
        const weights = Object.fromEntries(nodes.map((n, i) => [n.key, i + 1]));
        const picture = draw(nodes, weights);
        const parsed = parseFlowchart(picture.text);
        for (const label of parsed.nodes.values()) {
          // Outside its #<code>; entities, a label holds none of what Mermaid or GitHub read.
          expect(label.replace(/#[0-9]+;/g, '')).not.toMatch(/["`@#%<>\n\r[\]{};|:&\\]/);
        }
        // What Mermaid shows is the name, on one line, invisible characters visible.
        const first = decodeLabel(parsed.nodes.get('n0') ?? '');
        const shown = [...oneLine(names[0] ?? '')];
        const expected =
          shown.length > MAX_LABEL_CHARS
            ? [...shown.slice(0, MAX_LABEL_CHARS - 1), '…'].join('')
            : shown.join('');
        expect(first).toBe(`${expected} (+1)`);
      }),
      { numRuns: 300 },
    );
  });

  it('escapes @mentions, issue references, HTML and comments as entities', () => {
    expect(mermaidLabel('@acme/team #12 <b> `x` %% "q"')).toBe(
      '#64;acme/team #35;12 #60;b#62; #96;x#96; #37;#37; #34;q#34;',
    );
  });

  it('draws at most maxNodes, most changed first, and counts the rest in "… more" boxes', () => {
    const nodes: ForestNode[] = [{ key: 'root', name: 'Organization', parent: null }];
    const weights: Record<string, number> = {};
    for (let r = 0; r < 50; r += 1) {
      nodes.push({ key: `r${r}`, name: `Region ${r}`, parent: 'root' });
      for (let t = 0; t < 100; t += 1) {
        nodes.push({ key: `r${r}t${t}`, name: `Territory ${r}.${t}`, parent: `r${r}` });
        weights[`r${r}t${t}`] = 1 + ((r * 7 + t * 13) % 97);
      }
    }
    const picture = draw(nodes, weights, 30);
    const parsed = parseFlowchart(picture.text);
    expect(parsed.nodes.size).toBeLessThanOrEqual(30);
    expect(picture.leftOut).toBe(
      5_000 - [...parsed.nodes.values()].filter((l) => l.includes('(+')).length,
    );
    const more = [...parsed.nodes.entries()].filter(([id]) => id.startsWith('m'));
    expect(more.length).toBeGreaterThan(0);
    const counted = more.reduce(
      (n, [, label]) => n + Number(/… (\d+) more/.exec(decodeLabel(label))?.[1]),
      0,
    );
    expect(counted).toBe(picture.leftOut);
    // The heaviest territory is drawn.
    expect(
      [...parsed.nodes.values()].some((l) => l.startsWith('Territory') && l.endsWith('(+97)')),
    ).toBe(true);
    expect(picture.text.length).toBeLessThan(3_000);
  });
});

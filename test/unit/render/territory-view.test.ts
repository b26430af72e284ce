// The plan per territory, as the managers who approve it read it: each territory with the
// records it gains and loses, its owners, a table and a picture at the top of the comment, and
// live @mentions only for the owners the config names.
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../../src/core/model.js';
import { MARKDOWN_LIMIT, renderPlanMarkdown } from '../../../src/render/markdown.js';
import { renderPlan } from '../../../src/render/render-plan.js';
import { renderPlanText } from '../../../src/render/text.js';
import { buildPlanView } from '../../../src/render/view-model/build-plan-view.js';
import type { PlanContext } from '../../../src/render/view-model/plan-context.js';
import { planOf, territoryNamed } from '../core/builders.js';
import { mermaidBlock, parseFlowchart } from './mermaid-grammar.js';

const PLAN: Plan = planOf([
  { id: '1001', name: 'Acme GmbH', want: ['DACH'], manual: ['Japan'] },
  { id: '1002', name: '@acme/security-team', want: ['DACH', 'Nordics'] },
  { id: '1003', name: 'Fjord AS', want: ['Nordics'], manual: ['DACH'] },
  { id: '9001', module: 'Deals', name: 'Big Renewal', want: ['US East'], manual: ['US West'] },
]);

const id = (name: string) => territoryNamed(name).id;

/** What the CLI computes from the config: each changed territory's owners. */
const OWNERS: PlanContext['owners'] = {
  byTerritory: new Map([
    [id('DACH'), ['@zylker/dach', '@anna']],
    [id('Nordics'), ['@zylker/emea-sales']],
    [id('US East'), ['@zylker/na-sales']],
    [id('US West'), ['@zylker/na-sales']],
  ]),
  warnings: [],
};

describe('the plan per territory', () => {
  it('lists each territory with the records it gains and loses, most changed first (text)', () => {
    const view = buildPlanView(PLAN, { owners: OWNERS });
    expect(renderPlanText(view, { groupBy: 'territory' })).toMatchInlineSnapshot(`
      "Organization/EMEA/DACH: gains 2 records, loses 1 (net +1). Owners: @zylker/dach, @anna
        + Accounts Acme GmbH (1001)
        + Accounts @acme/security-team (1002)
        - Accounts Fjord AS (1003)
      Organization/EMEA/Nordics: gains 2 records (net +2). Owners: @zylker/emea-sales
        + Accounts @acme/security-team (1002)
        + Accounts Fjord AS (1003)
      Organization/APAC/Japan: loses 1 record (net -1). Owners: none in the config
        - Accounts Acme GmbH (1001)
      Organization/Americas/US East: gains 1 record (net +1). Owners: @zylker/na-sales
        + Deals Big Renewal (9001)
      Organization/Americas/US West: loses 1 record (net -1). Owners: @zylker/na-sales
        - Deals Big Renewal (9001)
      Needs review from: @anna, @zylker/dach, @zylker/emea-sales, @zylker/na-sales
      No owner in the config for: Organization/APAC/Japan
      Apply: 2 waves, 5 calls.
      Plan: 5 to assign, 3 to remove, across 4 records (0 unchanged).
      "
    `);
  });

  it('opens the comment with the reviewers, the table and the picture (markdown)', () => {
    const markdown = renderPlanMarkdown(buildPlanView(PLAN, { owners: OWNERS }), {
      groupBy: 'territory',
    });
    expect(markdown).toMatchInlineSnapshot(`
      "<!-- territory-sync-plan -->
      ### territory-sync plan

      **Plan: 5 to assign, 3 to remove, across 4 records (0 unchanged).**

      | Module | Records | To assign | To remove |
      | --- | ---: | ---: | ---: |
      | Accounts | 3 | 4 | 2 |
      | Deals | 1 | 1 | 1 |

      Apply: 2 waves, 5 calls.

      **Needs review from:** @anna, @zylker/dach, @zylker/emea-sales, @zylker/na-sales

      **No owner in the config for:** Organization/APAC/Japan

      #### By territory

      Records each territory gains and loses when this plan is applied, most changed first.

      | Territory | Gains | Losses | Net | Owners |
      | --- | ---: | ---: | ---: | --- |
      | Organization/EMEA/DACH | 2 | 1 | +1 | @zylker/dach, @anna |
      | Organization/EMEA/Nordics | 2 | 0 | +2 | @zylker/emea-sales |
      | Organization/APAC/Japan | 0 | 1 | -1 | — |
      | Organization/Americas/US East | 1 | 0 | +1 | @zylker/na-sales |
      | Organization/Americas/US West | 0 | 1 | -1 | @zylker/na-sales |

      #### Where the changes are

      Green: gains records; red: loses records; yellow: both; grey: no change, drawn to place the others.

      \`\`\`mermaid
      flowchart LR
        n0["Organization"]
        n1["APAC"]
        n0 --> n1
        n2["Japan (-1)"]
        n1 --> n2
        n3["Americas"]
        n0 --> n3
        n4["US East (+1)"]
        n3 --> n4
        n5["US West (-1)"]
        n3 --> n5
        n6["EMEA"]
        n0 --> n6
        n7["DACH (+2 / -1)"]
        n6 --> n7
        n8["Nordics (+2)"]
        n6 --> n8
        classDef context fill:#f6f8fa,stroke:#d0d7de,color:#57606a
        class n0,n1,n3,n6 context
        classDef loss fill:#ffebe9,stroke:#cf222e,color:#1f2328
        class n2,n5 loss
        classDef gain fill:#dafbe1,stroke:#1a7f37,color:#1f2328
        class n4,n8 gain
        classDef mixed fill:#fff8c5,stroke:#9a6700,color:#1f2328
        class n7 mixed
      \`\`\`

      #### Changes by territory

      <details><summary>Organization/EMEA/DACH: gains 2 records, loses 1</summary>

      \`\`\`diff
      + Accounts Acme GmbH (1001)
      + Accounts @acme/security-team (1002)
      - Accounts Fjord AS (1003)
      \`\`\`

      </details>

      <details><summary>Organization/EMEA/Nordics: gains 2 records</summary>

      \`\`\`diff
      + Accounts @acme/security-team (1002)
      + Accounts Fjord AS (1003)
      \`\`\`

      </details>

      <details><summary>Organization/APAC/Japan: loses 1 record</summary>

      \`\`\`diff
      - Accounts Acme GmbH (1001)
      \`\`\`

      </details>

      <details><summary>Organization/Americas/US East: gains 1 record</summary>

      \`\`\`diff
      + Deals Big Renewal (9001)
      \`\`\`

      </details>

      <details><summary>Organization/Americas/US West: loses 1 record</summary>

      \`\`\`diff
      - Deals Big Renewal (9001)
      \`\`\`

      </details>
      "
    `);
    parseFlowchart(mermaidBlock(markdown));
  });

  it('has no owners column, reviewers line or "no owner" line without an owners setting', () => {
    const markdown = renderPlanMarkdown(buildPlanView(PLAN));
    expect(markdown).toContain('| Territory | Gains | Losses | Net |\n');
    expect(markdown).not.toContain('Needs review from');
    expect(markdown).not.toContain('No owner');
    // The per-record plan stays the default after the overview.
    expect(markdown.indexOf('#### By territory')).toBeLessThan(markdown.indexOf('#### Changes\n'));
  });

  it('says nothing per territory for a plan without changes', () => {
    const empty = planOf([{ id: '1001', want: ['DACH'], manual: ['DACH'] }]);
    const markdown = renderPlan(empty, { format: 'markdown' });
    expect(markdown).not.toContain('By territory');
    expect(markdown).not.toContain('mermaid');
  });

  it('draws a plan saved before plans carried a hierarchy, each territory by the name it shows', () => {
    const old: Plan = { ...PLAN };
    delete (old as { hierarchy?: unknown }).hierarchy;
    const markdown = renderPlan(old, { format: 'markdown', groupBy: 'territory' });
    expect(markdown).toContain('| DACH | 2 | 1 | +1 |');
    const picture = parseFlowchart(mermaidBlock(markdown));
    expect(picture.edges).toEqual([]);
    expect([...picture.nodes.values()]).toContain('DACH (+2 / -1)');
  });
});

describe('10,000 changes across 2,000 territories', () => {
  const territories = Array.from({ length: 2_000 }, (_, i) => ({
    id: String(554023000000500000n + BigInt(i)),
    name: `Territory ${i}`,
    parentId: i < 20 ? '554023000000400001' : String(554023000000500000n + BigInt(i % 20)),
  }));
  const catalogue = {
    territories: [
      { id: '554023000000400001', name: 'Organization', parentId: null },
      ...territories,
    ],
  };
  const big = planOf(
    Array.from({ length: 10_000 }, (_, i) => ({
      id: String(1_000_000 + i),
      name: `Customer ${i}`,
      want: [`Territory ${(i * 7) % 2_000}`],
      ...(i % 3 === 0 ? { manual: [`Territory ${(i * 11 + 1) % 2_000}`] } : {}),
    })),
    { catalogue, safety: { absolute: 100_000 } },
  );
  const owners: PlanContext['owners'] = {
    byTerritory: new Map(territories.map((t, i) => [t.id, [`@zylker/team-${i % 120}`]])),
    warnings: [],
  };

  it.each(['record', 'territory'] as const)(
    'keeps the comment within GitHub’s limit, the table and picture bounded (--group-by %s)',
    (groupBy) => {
      const markdown = renderPlanMarkdown(buildPlanView(big, { owners }), { groupBy });
      expect(markdown.length).toBeLessThanOrEqual(MARKDOWN_LIMIT);
      const table = markdown.slice(
        markdown.indexOf('#### By territory'),
        markdown.indexOf('#### Where'),
      );
      // The heading row, its rule, 15 territories and the rest summed in one row.
      expect(table.match(/^\| /gm)).toHaveLength(2 + 15 + 1);
      expect(table).toContain('| … and 1,985 more territories |');
      const picture = parseFlowchart(mermaidBlock(markdown));
      expect(picture.nodes.size).toBeLessThanOrEqual(30);
      expect(markdown).toMatch(
        /The picture draws the \d+ territories with most changes; [\d,]+ more are counted/,
      );
      expect(markdown).toMatch(
        /\*\*Needs review from:\*\* (@zylker\/team-\d+, ){49}@zylker\/team-\d+ and 70 more\n/,
      );
      expect(markdown).toMatch(
        /\*\*[\d,]+ (records|changes) not shown\*\* to stay within the 65,536-character comment limit/,
      );
    },
  );

  it('prints a bounded text plan per territory', () => {
    const text = renderPlanText(buildPlanView(big, { owners }), { groupBy: 'territory' });
    const recordLines = text.split('\n').filter((line) => /^ {2}[+-] /.test(line));
    expect(recordLines).toHaveLength(2_000);
    expect(text).toMatch(
      /\.\.\. and [\d,]+ more changes, [\d,]+ more territories not listed \(see /,
    );
  });
});

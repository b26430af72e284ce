// The reviewers' part of the PR comment under CRM names as long as Zoho lets them be: the
// "Needs review from" line is what a manager reads first, and no other part of the overview may
// push it out of the comment.
import { describe, expect, it } from 'vitest';
import { checkPlanValue } from '../../src/apply/saved-plan.js';
import { planOwners } from '../../src/cli/reviewers.js';
import type { Plan, Territory } from '../../src/core/model.js';
import { computePlanHash } from '../../src/core/plan-hash.js';
import { MARKDOWN_LIMIT, renderPlanMarkdown } from '../../src/render/markdown.js';
import { renderPlanText } from '../../src/render/text.js';
import { buildPlanView } from '../../src/render/view-model/build-plan-view.js';
import type { PlanContext } from '../../src/render/view-model/plan-context.js';
import { planOf } from '../unit/core/builders.js';
import { mermaidBlock, parseFlowchart } from '../unit/render/mermaid-grammar.js';

/** The longest territory name a CRM answer may carry (src/zoho refuses longer ones). */
const LONGEST_NAME = 1_000;

/** Twelve leaves eight levels down, every name on the way LONGEST_NAME characters long. */
function deepLongCatalogue(): { territories: Territory[]; leaves: Territory[] } {
  const territories: Territory[] = [
    { id: '554023000000400001', name: 'Organization', parentId: null },
  ];
  let parent = '554023000000400001';
  for (let level = 0; level < 8; level += 1) {
    const id = String(554023000000400100n + BigInt(level));
    territories.push({
      id,
      name: String.fromCharCode(65 + level).repeat(LONGEST_NAME),
      parentId: parent,
    });
    parent = id;
  }
  const leaves = Array.from({ length: 12 }, (_, i) => ({
    id: String(554023000000500000n + BigInt(i)),
    name: `${'x'.repeat(LONGEST_NAME - 3)}${String(i).padStart(3, '0')}`,
    parentId: parent,
  }));
  return { territories: [...territories, ...leaves], leaves };
}

describe('the reviewers of a plan whose territories have very long paths', () => {
  const { territories, leaves } = deepLongCatalogue();
  const plan = planOf(
    leaves.map((leaf, i) => ({ id: String(1_000 + i), name: `Customer ${i}`, want: [leaf.id] })),
    { catalogue: { territories } },
  );
  // One leaf owned; the other eleven are "no owner" lines of 8,000-character paths each.
  const owners: PlanContext['owners'] = {
    byTerritory: new Map([[leaves[0]?.id ?? '', ['@zylker/one']]]),
    warnings: [],
  };

  it.each(['record', 'territory'] as const)(
    'still opens with "Needs review from", and names the unowned ones by shortened paths (--group-by %s)',
    (groupBy) => {
      const markdown = renderPlanMarkdown(buildPlanView(plan, { owners }), { groupBy });
      expect(markdown.length).toBeLessThanOrEqual(MARKDOWN_LIMIT);
      expect(markdown).toContain('**Needs review from:** @zylker/one\n');
      const unowned = /^\*\*No owner in the config for:\*\* (.*)$/m.exec(markdown)?.[1];
      expect(unowned).toBeDefined();
      const paths = (unowned ?? '').split(', ');
      // Ten named, then "... and 1 more territory".
      expect(paths).toHaveLength(11);
      expect(paths.at(-1)).toBe('... and 1 more territory');
      for (const path of paths.slice(0, 10)) {
        expect(path.startsWith('…')).toBe(true);
        expect([...path].length).toBeLessThanOrEqual(80);
      }
      // The reviewers come before everything else of the overview.
      expect(markdown.indexOf('**Needs review from:**')).toBeLessThan(
        markdown.indexOf('#### By territory'),
      );
    },
  );
});

describe('the picture note of a plan with more territories than the table lists', () => {
  it('does not claim that the table lists the territories the picture leaves out', () => {
    const territories: Territory[] = [
      { id: '554023000000400001', name: 'Organization', parentId: null },
      ...Array.from({ length: 60 }, (_, i) => ({
        id: String(554023000000500000n + BigInt(i)),
        name: `Territory ${i}`,
        parentId: '554023000000400001',
      })),
    ];
    const plan = planOf(
      territories.slice(1).map((t, i) => ({ id: String(1_000 + i), want: [t.id] })),
      { catalogue: { territories } },
    );
    const markdown = renderPlanMarkdown(buildPlanView(plan));
    expect(markdown).toContain('| … and 45 more territories |');
    const note = /<sub>The picture draws .*<\/sub>/.exec(markdown)?.[0] ?? '';
    expect(note).toMatch(/; \d+ more are counted in its "…" boxes\.<\/sub>$/);
    expect(note).not.toContain('listed in the table');
  });
});

/** A saved plan's hierarchy replaced, its planHash recomputed as anyone editing the file can. */
function forged(plan: Plan, hierarchy: readonly Territory[]): Plan {
  const rest: Record<string, unknown> = { ...plan, hierarchy };
  for (const key of ['planHash', 'signature']) delete rest[key];
  const unhashed = rest as Omit<Plan, 'planHash'>;
  return { ...unhashed, planHash: computePlanHash(unhashed) };
}

describe('a forged saved plan whose hierarchy is a cycle of 20,000 ancestors', () => {
  // The changed territory keeps its name (the check compares it with the change); every
  // ancestor is the forger's: a CRM-looking name with Mermaid, markdown and a mention in it.
  const DEPTH = 20_000;
  const base = planOf([{ id: '1001', name: 'Acme', want: ['DACH'] }]);
  const dach = base.changes[0]?.add[0] as { id: string; name: string };
  const top = 900_000_000;
  const chain: Territory[] = [{ id: dach.id, name: dach.name, parentId: String(top + DEPTH - 1) }];
  for (let i = 0; i < DEPTH; i += 1) {
    chain.push({
      id: String(top + i),
      name: `"] --> n0 %% @zylker/ceo #${i}`,
      // Each one's parent is the one before; the first closes the cycle with the last, so the
      // cycle is cut there (its smallest id) and DACH sits 20,000 levels down.
      parentId: String(top + (i === 0 ? DEPTH - 1 : i - 1)),
    });
  }
  const plan = checkPlanValue(
    JSON.parse(
      JSON.stringify(
        forged(
          base,
          [...chain].sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1)),
        ),
      ),
    ),
    'plan.json',
  );

  it('is shown bounded: a short path, a picture that parses, owners from the config only', () => {
    const owners = planOwners(
      plan,
      [
        {
          territory: 'Organization/EMEA',
          owners: ['@zylker/emea-sales'],
          location: { file: 'territory-sync.config.yaml', line: 2, column: 3 },
        },
      ],
      new Map(),
    );
    const view = buildPlanView(plan, owners === undefined ? {} : { owners });
    const markdown = renderPlanMarkdown(view, { groupBy: 'territory' });
    expect(markdown.length).toBeLessThan(10_000);
    parseFlowchart(mermaidBlock(markdown));
    // Nobody the forger named is pinged: the config's EMEA is not in this hierarchy.
    expect(markdown).not.toMatch(/(^|[^&#\w])@zylker\/ceo/m);
    // Eight segments at most (pathOf), then cut to the table's 80 characters from the left.
    expect(markdown).toMatch(/^\*\*No owner in the config for:\*\* ….{1,120}\/DACH\n/m);
    const text = renderPlanText(view, { groupBy: 'territory' });
    expect(text.split('\n')[0]?.startsWith('…/')).toBe(true);
    expect(text.length).toBeLessThan(2_000);
  });
});

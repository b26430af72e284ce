import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MARKDOWN_LIMIT,
  PLAN_COMMENT_MARKER,
  renderPlanMarkdown,
} from '../../../src/render/markdown.js';
import { buildPlanView } from '../../../src/render/view-model/build-plan-view.js';
import { emptyPlan, REALISTIC_CONTEXT, realisticPlan } from './fixtures.js';
import { buildPlan, manyChanges, record } from './plan-builder.js';

const count = (text: string, pattern: RegExp): number => text.match(pattern)?.length ?? 0;

/** What a truncated comment must still be: fences and <details> closed, nothing half-open. */
function expectBalanced(markdown: string): void {
  expect(count(markdown, /^```/gm) % 2).toBe(0);
  expect(count(markdown, /<details>/g)).toBe(count(markdown, /<\/details>/g));
}

describe('renderPlanMarkdown', () => {
  it('renders a realistic plan: summary and table first, then warnings, then details', () => {
    const markdown = renderPlanMarkdown(buildPlanView(realisticPlan(), REALISTIC_CONTEXT));
    expect(markdown).toMatchSnapshot();
    expect(markdown.startsWith(`${PLAN_COMMENT_MARKER}\n`)).toBe(true);
    const order = [
      '**Plan: 5 to assign',
      '| Module |',
      '[!CAUTION]',
      '#### Warnings',
      '<details><summary>Accounts: 2 records changed</summary>',
      '<details><summary>Deals: 1 record changed</summary>',
    ].map((text) => markdown.indexOf(text));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expectBalanced(markdown);
  });

  it('renders an empty plan as the marker and "No changes"', () => {
    expect(renderPlanMarkdown(buildPlanView(emptyPlan()))).toMatchSnapshot();
  });

  it('keeps 5,000 changes within GitHub’s comment limit and names where the full plan is', () => {
    const view = buildPlanView(manyChanges(5_000), { fullPlanHint: 'the plan-json artifact' });
    const markdown = renderPlanMarkdown(view);
    expect(markdown.length).toBeLessThanOrEqual(MARKDOWN_LIMIT);
    expect(MARKDOWN_LIMIT).toBe(65_536);
    expect(markdown).toContain('**Plan: 5,000 to assign, 5,000 to remove');
    expectBalanced(markdown);
    const shown = count(markdown, /^~ /gm);
    expect(shown).toBeGreaterThan(100);
    const notice = markdown.match(/\*\*([\d,]+) records not shown\*\*.*the plan-json artifact\./);
    expect(notice?.[1]?.replace(/,/g, '')).toBe(String(5_000 - shown));
  });

  it('cuts at a record boundary: every shown record has all its lines', () => {
    const markdown = renderPlanMarkdown(buildPlanView(manyChanges(300)), { limit: 4_000 });
    expect(markdown.length).toBeLessThanOrEqual(4_000);
    const body = markdown.slice(markdown.indexOf('```diff'), markdown.lastIndexOf('```'));
    expect(count(body, /^~ /gm)).toBe(count(body, /^\+ DACH$/gm));
    expect(count(body, /^~ /gm)).toBe(count(body, /^- North America$/gm));
    expectBalanced(markdown);
  });

  it('stays within any limit, balanced, and always says what it left out', () => {
    const view = buildPlanView(realisticPlan(), REALISTIC_CONTEXT);
    const full = renderPlanMarkdown(view);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: full.length + 10 }), (limit) => {
        const markdown = renderPlanMarkdown(view, { limit });
        expect(markdown.length).toBeLessThanOrEqual(limit);
        if (limit >= full.length) expect(markdown).toBe(full);
        else if (limit > 400) {
          expect(markdown).toMatch(/not shown\*\* to stay within/);
          expectBalanced(markdown);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('keeps the summary when even the warnings do not fit', () => {
    const warnings = Array.from({ length: 400 }, (_, i) => ({
      code: 'KEPT_BY_RULES' as const,
      severity: 'warning' as const,
      message: `Record ${i}: "LATAM" is assigned by territory rules.`,
    }));
    const plan = buildPlan({
      records: [record({ module: 'Accounts', id: '1', add: ['EMEA'] })],
      warnings,
    });
    const markdown = renderPlanMarkdown(buildPlanView(plan), { limit: 3_000 });
    expect(markdown.length).toBeLessThanOrEqual(3_000);
    expect(markdown).toContain(
      '**Plan: 1 to assign, 0 to remove, across 1 record (0 unchanged).**',
    );
    expect(markdown).toContain('| Accounts | 1 | 1 | 0 |');
    const shown = count(markdown, /^- \*\*warning\*\*/gm);
    expect(markdown).toContain(`**1 record and ${400 - shown} warnings not shown**`);
  });

  it('escapes names and messages so they cannot inject HTML or break the layout', () => {
    const plan = buildPlan({
      records: [
        record({ module: 'Accounts', id: '1', name: '<script>alert(1)</script>', add: ['EMEA'] }),
        record({ module: 'Accounts', id: '2', name: '| pipe | ``` </details>', add: ['[x](y)'] }),
      ],
      warnings: [
        {
          code: 'KEPT_BY_RULES',
          severity: 'warning',
          message: 'Accounts "<img src=x onerror=alert(1)>" | col: *bold* _it_ `code`',
          hint: '</details> [link](http://evil)',
        },
      ],
    });
    const markdown = renderPlanMarkdown(buildPlanView(plan, { target: 'prod <b>eu</b>' }));
    const outsideCode = markdown.replace(/^```diff\n[^]*?^```$/gm, '');
    expect(outsideCode).not.toMatch(/<script>|<img|<b>|<\/details> \[/);
    expect(markdown).toContain(
      '&lt;img src=x onerror=alert(1)&gt;" \\| col: \\*bold\\* \\_it\\_ \\`code\\`',
    );
    expect(markdown).toContain('Fix: &lt;/details&gt; \\[link\\](http:&#8203;//evil)');
    expect(markdown).toContain('**Target:** prod &lt;b&gt;eu&lt;/b&gt;');
    // Inside the diff block names stay literal; no line there can close the fence.
    expect(markdown).toContain('~ <script>alert(1)</script> (1)\n+ EMEA\n');
    expect(markdown).toContain('~ | pipe | ``` </details> (2)\n+ [x](y)\n');
    const block = markdown.slice(markdown.indexOf('```diff\n') + 8);
    expect(block.indexOf('\n```\n')).toBe(block.lastIndexOf('\n```\n'));
    expect(count(markdown, /^<\/details>$/gm)).toBe(1);
  });
});

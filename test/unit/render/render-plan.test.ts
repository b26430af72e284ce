import { describe, expect, it } from 'vitest';
import { renderPlan } from '../../../src/render/render-plan.js';
import { REALISTIC_CONTEXT, realisticPlan } from './fixtures.js';
import { manyChanges } from './plan-builder.js';

describe('renderPlan', () => {
  it('renders the same plan in each format', () => {
    const plan = realisticPlan();
    const text = renderPlan(plan, { format: 'text', context: REALISTIC_CONTEXT });
    const markdown = renderPlan(plan, { format: 'markdown', context: REALISTIC_CONTEXT });
    const json = renderPlan(plan, { format: 'json', context: REALISTIC_CONTEXT });
    expect(text).toContain('  ~ Big Renewal (554023000003639999)\n      - US West\n');
    expect(markdown).toContain('~ Big Renewal (554023000003639999)\n- US West\n');
    expect(JSON.parse(json)).toEqual(plan);
  });

  it('passes colour, record and size bounds through', () => {
    const plan = manyChanges(50);
    expect(renderPlan(plan, { format: 'text', color: true })).toContain('\u001b[');
    expect(renderPlan(plan, { format: 'text', maxRecords: 5 })).toContain('... and 45 more');
    expect(renderPlan(plan, { format: 'markdown', limit: 2_000 }).length).toBeLessThanOrEqual(
      2_000,
    );
  });

  it('renders 10,000 changes in every format', () => {
    // How fast is measured by `npm run bench` (local work), not by a timed test that a busy
    // CI machine could fail.
    const plan = manyChanges(10_000);
    expect(renderPlan(plan, { format: 'text' })).toContain('10,000 records');
    expect(renderPlan(plan, { format: 'markdown' }).length).toBeLessThanOrEqual(65_536);
    expect(JSON.parse(renderPlan(plan, { format: 'json' })).changes).toHaveLength(10_000);
  });
});

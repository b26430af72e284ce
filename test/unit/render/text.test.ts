import { describe, expect, it } from 'vitest';
import { renderPlanText } from '../../../src/render/text.js';
import { buildPlanView } from '../../../src/render/view-model/build-plan-view.js';
import { emptyPlan, REALISTIC_CONTEXT, realisticPlan } from './fixtures.js';
import { buildPlan, manyChanges, record } from './plan-builder.js';

const ESC = '\u001b';
const ANSI_CODE = new RegExp(`${ESC}\\[\\d+m`, 'g');

describe('renderPlanText', () => {
  it('prints the docs/SEMANTICS.md §2 sample exactly, followed by how apply will run', () => {
    const plan = buildPlan({
      records: [
        record({
          module: 'Accounts',
          id: '554023000003635023',
          name: 'Acme GmbH',
          add: ['DACH'],
          remove: ['North America'],
        }),
        record({
          module: 'Deals',
          id: '554023000003639999',
          name: 'Big Renewal',
          add: ['East'],
          remove: ['West'],
        }),
      ],
      unchanged: 118,
    });
    // The sample's counts (3 to assign, 2 to remove) describe more than its two blocks show.
    const view = {
      ...buildPlanView(plan),
      headline: 'Plan: 3 to assign, 2 to remove, across 2 records (118 unchanged).',
    };
    expect(renderPlanText(view)).toBe(
      [
        'Accounts',
        '  ~ Acme GmbH (554023000003635023)',
        '      + DACH',
        '      - North America',
        'Deals',
        '  ~ Big Renewal (554023000003639999)',
        '      - West',
        '      + East',
        'Apply: 2 waves, 4 calls.',
        'Plan: 3 to assign, 2 to remove, across 2 records (118 unchanged).',
        '',
      ].join('\n'),
    );
  });

  it('renders a realistic plan: target, records, warnings, safety guard, API estimate', () => {
    const text = renderPlanText(buildPlanView(realisticPlan(), REALISTIC_CONTEXT));
    expect(text).toMatchSnapshot();
    expect(text.trimEnd().split('\n').at(-1)).toBe(
      'Plan: 5 to assign, 2 to remove, across 4 records (118 unchanged).',
    );
  });

  it('says "No changes" for an empty plan and lists nothing else', () => {
    expect(renderPlanText(buildPlanView(emptyPlan()))).toBe(
      'No changes. Your CRM matches the desired state (120 records checked).\n',
    );
  });

  it('colours only when asked: green additions, red removals, yellow warnings', () => {
    const view = buildPlanView(realisticPlan(), REALISTIC_CONTEXT);
    const plain = renderPlanText(view, { color: false });
    const coloured = renderPlanText(view, { color: true });
    expect(plain).not.toContain(ESC);
    expect(coloured).toContain('\u001b[32m+ DACH\u001b[39m');
    expect(coloured).toContain('\u001b[31m- North America\u001b[39m');
    expect(coloured).toContain('\u001b[33m\u001b[1mwarning\u001b[22m\u001b[39m');
    expect(coloured).toContain('\u001b[1mAccounts\u001b[22m');
    // Colour adds escape codes and nothing else.
    expect(coloured.replace(ANSI_CODE, '')).toBe(plain);
  });

  it('prints at most maxRecords record blocks and says where the rest is', () => {
    const view = buildPlanView(manyChanges(2_500), { fullPlanHint: 'plan.json' });
    const text = renderPlanText(view);
    expect(text.match(/^ {2}~ /gm)).toHaveLength(2_000);
    expect(text).toContain('\n... and 500 more records (see plan.json)\n');
    expect(text.trimEnd().split('\n').at(-1)).toBe(
      'Plan: 2,500 to assign, 2,500 to remove, across 2,500 records (10 unchanged).',
    );
    const small = renderPlanText(view, { maxRecords: 3 });
    expect(small.match(/^ {2}~ /gm)).toHaveLength(3);
    expect(small).toContain('... and 2,497 more records (see plan.json)');
  });

  it('stops at a module boundary without printing an empty module header', () => {
    const view = buildPlanView(realisticPlan());
    const text = renderPlanText(view, { maxRecords: 2 });
    expect(text).toContain('Accounts\n');
    expect(text).not.toContain('Contacts');
    expect(text).toContain('... and 2 more records (see the JSON plan');
  });
});

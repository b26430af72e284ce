import { describe, expect, it } from 'vitest';
import { buildPlanView } from '../../../src/render/view-model/build-plan-view.js';
import { emptyPlan, REALISTIC_CONTEXT, realisticPlan } from './fixtures.js';
import { buildPlan, record } from './plan-builder.js';

describe('buildPlanView', () => {
  it('summarises a plan in the words of docs/SEMANTICS.md §2', () => {
    const view = buildPlanView(realisticPlan());
    expect(view.headline).toBe('Plan: 5 to assign, 2 to remove, across 4 records (118 unchanged).');
    expect(view.hasChanges).toBe(true);
  });

  it('says "No changes" and how many records were checked when nothing is to be written', () => {
    const view = buildPlanView(emptyPlan());
    expect(view.headline).toBe(
      'No changes. Your CRM matches the desired state (120 records checked).',
    );
    expect(view.hasChanges).toBe(false);
    expect(view.modules).toEqual([]);
    expect(view.wavesSummary).toBeUndefined();
  });

  it('uses the singular for one record and separates thousands', () => {
    const one = buildPlan({
      records: [record({ module: 'Accounts', id: '1', add: ['EMEA'] })],
      unchanged: 12_345,
    });
    expect(buildPlanView(one).headline).toBe(
      'Plan: 1 to assign, 0 to remove, across 1 record (12,345 unchanged).',
    );
  });

  it('groups records by module in module order, each with its counts', () => {
    const view = buildPlanView(realisticPlan());
    expect(
      view.modules.map((m) => [m.module, m.summary, m.records.length, m.toAssign, m.toRemove]),
    ).toEqual([
      ['Accounts', 'Accounts: 2 records changed', 2, 2, 1],
      ['Contacts', 'Contacts: 1 record changed', 1, 2, 0],
      ['Deals', 'Deals: 1 record changed', 1, 1, 1],
    ]);
    expect(view.recordCount).toBe(4);
  });

  it('labels a record by name and id, or by id alone when it has no name', () => {
    const labels = buildPlanView(realisticPlan()).modules.flatMap((m) =>
      m.records.map((r) => r.label),
    );
    expect(labels).toEqual([
      'Acme GmbH (554023000003635023)',
      'Samba Payments Ltda (554023000003635011)',
      '554023000003635105',
      'Big Renewal (554023000003639999)',
    ]);
  });

  it('lists gains before losses, except a Deal, whose move reads from old to new', () => {
    const [accounts, , deals] = buildPlanView(realisticPlan()).modules;
    expect(accounts?.records[0]?.lines.map((l) => `${l.symbol} ${l.text}`)).toEqual([
      '+ DACH',
      '- North America',
    ]);
    expect(accounts?.records[1]?.lines.map((l) => `${l.symbol} ${l.text}`)).toEqual([
      '+ Partners',
      '= LATAM (kept, assigned by rules)',
    ]);
    expect(deals?.records[0]?.lines.map((l) => `${l.symbol} ${l.text}`)).toEqual([
      '- US West',
      '+ US East',
    ]);
  });

  it('counts waves and calls', () => {
    expect(buildPlanView(realisticPlan()).wavesSummary).toBe('2 waves, 6 calls');
  });

  it('estimates API use and warns when the credits left cannot cover the plan', () => {
    const view = buildPlanView(realisticPlan(), REALISTIC_CONTEXT);
    expect(view.apiLine).toBe(
      'API: 6 reads done; apply needs 6 writes (2 waves, 6 calls) and 6 credits; 3 remaining.',
    );
    expect(view.warnings.map((w) => w.code)).toEqual(['KEPT_BY_RULES', 'API_CREDITS_LOW']);
    expect(view.warnings[1]?.message).toBe('This plan needs 6 API credits but the org has 3 left.');
  });

  it('does not warn about credits when enough remain or the count is unknown', () => {
    const enough = { readsDone: 6, writesNeeded: 5, creditsNeeded: 5, creditsRemaining: 5 };
    const unknown = { readsDone: 6, writesNeeded: 5, creditsNeeded: 5 };
    for (const api of [enough, unknown]) {
      const codes = buildPlanView(realisticPlan(), { api }).warnings.map((w) => w.code);
      expect(codes).toEqual(['KEPT_BY_RULES']);
    }
  });

  it('without API figures still says how apply will run', () => {
    expect(buildPlanView(realisticPlan()).apiLine).toBe('Apply: 2 waves, 6 calls.');
    const readsOnly = { readsDone: 3, writesNeeded: 0, creditsNeeded: 0 };
    expect(buildPlanView(emptyPlan(), { api: readsOnly }).apiLine).toBe(
      'API: 3 reads done; nothing to write.',
    );
  });

  it('shows the safety guard only when it tripped, with the planner’s reason', () => {
    expect(buildPlanView(buildPlan()).safety).toBeUndefined();
    const safety = buildPlanView(realisticPlan()).safety;
    expect(safety?.headline).toBe('Safety guard tripped: apply will refuse this plan.');
    expect(safety?.details).toEqual([realisticPlan().safety.reason]);
  });

  it('explains a tripped guard that carries no reason: by how much and how to override', () => {
    const plan = buildPlan({
      records: [record({ module: 'Accounts', id: '1', remove: ['EMEA', 'DACH', 'France'] })],
      safety: { threshold: 1, absolute: 1, ratio: 0.3, managedAssignments: 3, tripped: true },
    });
    expect(buildPlanView(plan).safety?.details).toEqual([
      '3 territory removals against a limit of 1 (2 over): the larger of 1 and 30% of 3 managed assignments.',
      'Re-run with --allow-mass-removal if this is intended.',
    ]);
  });

  it('keeps names on one line and shows terminal control characters as escapes', () => {
    const plan = buildPlan({
      records: [
        record({
          module: 'Accounts',
          id: '7',
          name: 'Evil\u001b[31m Corp\nAccounts\u202e',
          add: ['EMEA\r\n+ Fake'],
        }),
      ],
    });
    const [r] = buildPlanView(plan).modules[0]?.records ?? [];
    expect(r?.label).toBe('Evil\\u001b[31m Corp\\u000aAccounts\\u202e (7)');
    expect(r?.lines[0]?.text).toBe('EMEA\\u000d\\u000a+ Fake');
  });

  it('falls back to the id when a name is blank', () => {
    const plan = buildPlan({
      records: [record({ module: 'Deals', id: '554023000003639901', name: '  ', add: ['EMEA'] })],
    });
    expect(buildPlanView(plan).modules[0]?.records[0]?.label).toBe('554023000003639901');
  });
});

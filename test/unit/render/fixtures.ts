// The plans every renderer test shares, so text, markdown and JSON are checked on the same data.
import type { Plan } from '../../../src/core/model.js';
import type { PlanContext } from '../../../src/render/view-model/plan-context.js';
import { buildPlan, record } from './plan-builder.js';

/** Several modules, a Deal moving territory in two waves, a rule-kept territory, a tripped guard. */
export function realisticPlan(): Plan {
  return buildPlan({
    records: [
      record({
        module: 'Accounts',
        id: '554023000003635023',
        name: 'Acme GmbH',
        add: ['DACH'],
        remove: ['North America'],
      }),
      record({
        module: 'Accounts',
        id: '554023000003635011',
        name: 'Samba Payments Ltda',
        add: ['Partners'],
        kept: ['LATAM'],
      }),
      record({ module: 'Contacts', id: '554023000003635105', add: ['Nordics', 'EMEA'] }),
      record({
        module: 'Deals',
        id: '554023000003639999',
        name: 'Big Renewal',
        add: ['US East'],
        remove: ['US West'],
      }),
    ],
    unchanged: 118,
    warnings: [
      {
        code: 'KEPT_BY_RULES',
        severity: 'warning',
        message:
          'Accounts "Samba Payments Ltda" (554023000003635011): "LATAM" is assigned by territory ' +
          'rules; the API cannot remove it; list it to silence this.',
        hint: 'Add "LATAM" to the record\'s list, or change the territory rules in Zoho CRM.',
        location: { file: 'territories.yaml', line: 31, column: 5 },
        record: { module: 'Accounts', id: '554023000003635011' },
      },
    ],
    safety: {
      removals: 2,
      managedAssignments: 4,
      threshold: 1,
      absolute: 1,
      ratio: 0.3,
      tripped: true,
      reason:
        '2 removals exceed the safety threshold of 1 by 1 (the larger of 1 and 30% of 4 manual ' +
        'assignments on the listed records). Re-run with --allow-mass-removal if this is intended.',
    },
  });
}

export const REALISTIC_CONTEXT: PlanContext = {
  target: 'production (https://www.zohoapis.eu)',
  api: { readsDone: 6, writesNeeded: 6, creditsNeeded: 6, creditsRemaining: 3 },
  fullPlanHint: 'the plan-json artifact',
  generatedBy: 'territory-sync 0.1.0',
};

export function emptyPlan(): Plan {
  return buildPlan({ unchanged: 120 });
}

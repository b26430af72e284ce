// Notices are checked on plans the real loader and planner make from YAML text, so "the line
// behind a change" is the line a reviewer sees in the pull request, not a number a fixture chose.
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/core/build-plan.js';
import type {
  Catalogue,
  CurrentRecord,
  ModuleName,
  Plan,
  Territory,
} from '../../src/core/model.js';
import { parseDesiredSources } from '../../src/desired/load-desired.js';
import { noticesForPlan } from '../../src/render/github/plan-notices.js';

const names = ['EMEA', 'DACH', 'France', 'US East', 'US West', 'LATAM', 'Partners'];
const territories: Territory[] = names.map((name, i) => ({
  id: `5540230000004300${String(10 + i)}`,
  name,
  parentId: null,
}));
const catalogue: Catalogue = { territories };
const idOf = (name: string): string => territories.find((t) => t.name === name)?.id ?? '';

interface Now {
  readonly module: ModuleName;
  readonly id: string;
  readonly name?: string;
  readonly manual?: readonly string[];
  readonly rules?: readonly string[];
}

function current(records: readonly Now[]): CurrentRecord[] {
  return records.map((r) => ({
    module: r.module,
    id: r.id,
    ...(r.name === undefined ? {} : { name: r.name }),
    territories: [
      ...(r.manual ?? []).map((n) => ({ id: idOf(n), name: n, assigned: 'manually' as const })),
      ...(r.rules ?? []).map((n) => ({ id: idOf(n), name: n, assigned: 'automatically' as const })),
    ],
  }));
}

function planFrom(yaml: string, now: readonly Now[]): Plan {
  const loaded = parseDesiredSources([{ path: 'territories.yaml', text: yaml }]);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
  const result = buildPlan({
    desired: loaded.state,
    catalogue,
    current: { records: current(now) },
    options: {
      batchSize: 10,
      safety: { absolute: 1000, ratio: 1 },
      target: {
        apiDomain: 'https://www.zohoapis.com',
        accountsUrl: 'https://accounts.zoho.com',
        orgId: '20230000000001',
      },
    },
  });
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  return result.plan;
}

const YAML = `version: 1
records:
  Accounts:
    "554023000003635001": [DACH, EMEA]
    "554023000003635002": { territories: [US West], note: Globex }
    "554023000003635003": [LATAM, Partners]
  Deals:
    "554023000003639901": US East
`;

describe('noticesForPlan', () => {
  const plan = planFrom(YAML, [
    { module: 'Accounts', id: '554023000003635001', name: 'Acme Corp', manual: ['France'] },
    { module: 'Accounts', id: '554023000003635002', name: 'Globex', manual: ['US West'] },
    { module: 'Accounts', id: '554023000003635003', name: 'Samba', rules: ['LATAM', 'EMEA'] },
    { module: 'Deals', id: '554023000003639901', name: 'Renewal', manual: ['US West'] },
  ]);

  it('puts one notice on the YAML line of each changed record, saying what happens in the CRM', () => {
    expect(noticesForPlan(plan)).toEqual([
      '::notice file=territories.yaml,line=4,col=5,title=territory-sync%3A Accounts change::' +
        'Acme Corp (554023000003635001): + DACH, + EMEA, - France',
      '::notice file=territories.yaml,line=6,col=5,title=territory-sync%3A Accounts change::' +
        'Samba (554023000003635003): + Partners',
      '::notice file=territories.yaml,line=8,col=5,title=territory-sync%3A Deals change::' +
        'Renewal (554023000003639901): - US West, + US East',
    ]);
  });

  it('says nothing about a plan without changes', () => {
    const none = planFrom(YAML, [
      { module: 'Accounts', id: '554023000003635001', manual: ['DACH', 'EMEA'] },
      { module: 'Accounts', id: '554023000003635002', manual: ['US West'] },
      { module: 'Accounts', id: '554023000003635003', manual: ['LATAM', 'Partners'] },
      { module: 'Deals', id: '554023000003639901', manual: ['US East'] },
    ]);
    expect(noticesForPlan(none)).toEqual([]);
  });

  it('caps notices at what GitHub shows, the last one summarising the rest', () => {
    const ids = Array.from({ length: 25 }, (_, i) => String(554023000003600000n + BigInt(i)));
    const many = planFrom(
      `version: 1\nrecords:\n  Accounts:\n${ids.map((id) => `    "${id}": [DACH]\n`).join('')}`,
      ids.map((id) => ({ module: 'Accounts', id, manual: ['France'] })),
    );
    const notices = noticesForPlan(many, { fullPlanHint: 'the plan comment' });
    expect(notices).toHaveLength(10);
    expect(notices.slice(0, 9).map((n) => /line=(\d+)/.exec(n)?.[1])).toEqual(
      Array.from({ length: 9 }, (_, i) => String(4 + i)),
    );
    expect(notices[9]).toBe(
      '::notice title=territory-sync plan::Plan: 25 to assign, 25 to remove, across 25 records ' +
        '(0 unchanged). 16 more changed records not annotated here: see the plan comment.',
    );
    expect(noticesForPlan(many, { maxNotices: 3 })).toHaveLength(3);
  });

  it('counts changes it cannot place on a line in the summary', () => {
    const unplaced: Plan = {
      ...plan,
      changes: plan.changes.map((c, i) => (i === 0 ? { ...c, location: undefined } : c)),
    };
    const notices = noticesForPlan(unplaced);
    expect(notices).toHaveLength(3);
    expect(notices.map((n) => /line=(\d+)/.exec(n)?.[1])).toEqual(['6', '8', undefined]);
    expect(notices[2]).toContain('1 more changed record not annotated here: see the plan.');
  });

  it('keeps a CRM name with line breaks or command syntax inside its one notice', () => {
    const hostile = planFrom(
      'version: 1\nrecords:\n  Accounts:\n    "554023000003635001": [DACH]\n',
      [
        {
          module: 'Accounts',
          id: '554023000003635001',
          name: 'Evil\n::error file=x::forged 100%',
          manual: ['France'],
        },
      ],
    );
    const notices = noticesForPlan(hostile);
    expect(notices).toHaveLength(1);
    const notice = notices[0];
    expect(notice?.split('\n')).toHaveLength(1);
    expect(notice).toContain('Evil\\u000a::error file=x::forged 100%25 (554023000003635001)');
  });
});

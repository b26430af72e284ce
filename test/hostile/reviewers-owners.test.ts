// An owners key written as a name names one territory only while the name is unique in the
// whole catalogue. A plan carries only the part of the hierarchy its changes touch, where a name
// shared in the CRM can look unique: the plan must not ping the owners of the other territory.
import { describe, expect, it } from 'vitest';
import type { OwnersRule } from '../../src/core/owners.js';
import { planOwners } from '../../src/cli/reviewers.js';
import { DEMO_CATALOGUE, planOf, territoryNamed } from '../unit/core/builders.js';

const RULES: OwnersRule[] = [
  {
    // Meant for EMEA's Enterprise; the demo catalogue has an Enterprise under Americas too.
    territory: 'Enterprise',
    owners: ['@zylker/emea-enterprise'],
    location: { file: 'territory-sync.config.yaml', line: 2, column: 3 },
  },
];

describe('an owners key that is a name shared by two territories', () => {
  // The plan touches only Americas/Enterprise: its hierarchy holds one "Enterprise".
  const americas = territoryNamed('Organization/Americas/Enterprise');
  const plan = planOf([{ id: '1001', name: 'Acme Corp', want: [americas.id] }]);

  it('with the catalogue the plan read, is reported as ambiguous and pings nobody', () => {
    const owners = planOwners(plan, RULES, new Map(), DEMO_CATALOGUE);
    expect(owners?.byTerritory.get(americas.id)).toEqual([]);
    expect(owners?.warnings).toHaveLength(1);
    expect(owners?.warnings[0]).toMatchObject({
      code: 'AMBIGUOUS_TERRITORY',
      severity: 'warning',
      location: { file: 'territory-sync.config.yaml', line: 2, column: 3 },
    });
    expect(owners?.warnings[0]?.hint).toContain('asks nobody to review anything');
  });

  it('written as a path, names the same territory with or without the catalogue', () => {
    const byPath: OwnersRule[] = [
      { ...(RULES[0] as OwnersRule), territory: 'Organization/EMEA/Enterprise' },
    ];
    for (const catalogue of [DEMO_CATALOGUE, undefined]) {
      const owners = planOwners(plan, byPath, new Map(), catalogue);
      expect(owners?.byTerritory.get(americas.id)).toEqual([]);
    }
  });
});

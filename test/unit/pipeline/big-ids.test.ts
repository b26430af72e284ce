// Zoho ids are 18-19 digits, past Number.MAX_SAFE_INTEGER: an unquoted one must travel from the
// YAML to the plan JSON without a single digit changing.
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../../src/core/build-plan.js';
import { serializePlan } from '../../../src/core/plan-json.js';
import { parseDesiredSources } from '../../../src/desired/load-desired.js';
import { TEST_TARGET } from '../core/builders.js';

const RECORD = '5540230000036350231'; // 19 digits; as a double it would read ...350232
const TERRITORY = '5540230000004304519';

describe('big ids', () => {
  it('an unquoted 19-digit record id and territory id survive load -> plan JSON byte for byte', () => {
    expect(Number(RECORD).toString()).not.toBe(RECORD);
    const loaded = parseDesiredSources([
      {
        path: 'territories.yaml',
        text: `version: 1\nrecords:\n  Accounts:\n    ${RECORD}: [${TERRITORY}]\n`,
      },
    ]);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
    expect(loaded.state.records[0]?.id).toBe(RECORD);

    const result = buildPlan({
      desired: loaded.state,
      catalogue: {
        territories: [
          { id: '5540230000004304001', name: 'Organization', parentId: null },
          { id: TERRITORY, name: 'West', parentId: '5540230000004304001' },
        ],
      },
      current: { records: [{ module: 'Accounts', id: RECORD, name: 'Acme', territories: [] }] },
      options: { batchSize: 10, safety: { absolute: 50, ratio: 0.3 }, target: TEST_TARGET },
    });
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    const json = serializePlan(result.plan);
    expect(json).toContain(`"id": "${RECORD}"`);
    expect(json).toContain(`"${TERRITORY}"`);
    expect(json).not.toMatch(/\d\.\d+e\+18/);
    expect(JSON.parse(json).waves[0].batches[0].records[0]).toEqual({
      id: RECORD,
      territoryIds: [TERRITORY],
    });
  });
});

import { describe, expect, it } from 'vitest';
import { renderPlanJson } from '../../../src/render/json.js';
import { realisticPlan } from './fixtures.js';

describe('renderPlanJson', () => {
  it('writes the plan itself, readable back into the same value', () => {
    const plan = realisticPlan();
    const json = renderPlanJson(plan);
    expect(JSON.parse(json)).toEqual(plan);
    expect(json.endsWith('}\n')).toBe(true);
  });

  it('keeps 18-digit ids as exact strings', () => {
    const json = renderPlanJson(realisticPlan());
    expect(json).toContain('"id": "554023000003639999"');
    expect(json).not.toMatch(/"id": \d/);
  });

  it('is the stable, versioned format', () => {
    expect(renderPlanJson(realisticPlan())).toMatchSnapshot();
  });
});

import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src/core/canonical-json.js';
import { closestNames, levenshtein } from '../../../src/core/levenshtein.js';
import { compareIds } from '../../../src/core/ordering.js';

describe('levenshtein', () => {
  it.each([
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
    ['abc', '', 3],
    ['DACH', 'DACH', 0],
    ['flaw', 'lawn', 2],
    ['Nordic', 'Nordics', 1],
  ])('%s -> %s = %i', (a, b, distance) => {
    expect(levenshtein(a, b)).toBe(distance);
    expect(levenshtein(b, a)).toBe(distance);
  });
});

describe('closestNames', () => {
  const names = ['EMEA', 'APAC', 'Americas', 'US East', 'US West', 'Japan'];
  it.each([
    { query: 'emea', expected: ['EMEA'] },
    { query: 'US Eats', expected: ['US East'] },
    { query: 'Jpan', expected: ['Japan', 'APAC'] },
    { query: 'Antarctica', expected: [] },
  ])('$query', ({ query, expected }) => {
    expect(closestNames(query, names)).toEqual(expected);
  });

  it('returns at most the limit, closest first', () => {
    expect(closestNames('T1', ['T12', 'T01', 'T11', 'T10', 'T1x'], 3)).toEqual([
      'T01',
      'T10',
      'T11',
    ]);
  });
});

describe('canonicalJson', () => {
  it.each([
    { value: { b: 1, a: [true, null, 'x'] }, json: '{"a":[true,null,"x"],"b":1}' },
    { value: { z: { y: 1, x: 2 }, skipped: undefined }, json: '{"z":{"x":2,"y":1}}' },
    { value: [undefined, 1], json: '[null,1]' },
    { value: { B: 1, a: 2, _: 3 }, json: '{"B":1,"_":3,"a":2}' },
    { value: { id: '5540230000036350231' }, json: '{"id":"5540230000036350231"}' },
    { value: 'line\nbreak "quoted"', json: '"line\\nbreak \\"quoted\\""' },
  ])('$json', ({ value, json }) => {
    expect(canonicalJson(value)).toBe(json);
  });

  it.each([[Number.NaN], [10n], [undefined]])('refuses %s, which has no JSON form', (value) => {
    expect(() => canonicalJson(value)).toThrow(TypeError);
  });
});

describe('compareIds', () => {
  it('orders digit strings as numbers, beyond the exact integer range', () => {
    const ids = ['5540230000036350231', '99', '554023000003635024', '554023000003635023'];
    expect([...ids].sort(compareIds)).toEqual([
      '99',
      '554023000003635023',
      '554023000003635024',
      '5540230000036350231',
    ]);
  });
});

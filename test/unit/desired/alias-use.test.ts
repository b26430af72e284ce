// Issue #12: an alias used anywhere in the files is used (no UNUSED_ALIAS next to the real
// problem), and a name that is no alias but is spelled like one carries that alias for the
// resolver's "did you mean".
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../../src/core/build-plan.js';
import type { Diagnostic } from '../../../src/core/model.js';
import { parseDesiredSources } from '../../../src/desired/load-desired.js';
import { DEMO_CATALOGUE, TEST_TARGET } from '../core/builders.js';

const ALIASES = [
  'version: 1',
  'territories:',
  '  west: { name: US West }',
  '  east: { name: US East }',
  '',
].join('\n');

function diagnosticsOf(text: string, path = 'territories.yaml'): Diagnostic[] {
  const result = parseDesiredSources([{ path, text }]);
  return result.ok ? result.warnings : result.diagnostics;
}

function unusedAliasWarnings(text: string): string[] {
  return diagnosticsOf(text)
    .filter((d) => d.code === 'UNUSED_ALIAS')
    .map((d) => d.message);
}

describe('UNUSED_ALIAS: an alias referenced anywhere counts as used', () => {
  it.each([
    {
      name: 'only in a refused Leads section',
      records: ['  Leads:', '    "554023000003635023": [west]'],
      error: 'MODULE_NOT_ENABLED',
    },
    {
      name: 'only by a record listed twice (its second entry)',
      records: [
        '  Accounts:',
        '    "554023000003635023": [east]',
        '    "554023000003635023": [west]',
      ],
      error: 'DUPLICATE_RECORD',
    },
    {
      name: 'only by a record whose id is malformed',
      records: ['  Accounts:', '    "12345": [west]'],
      error: 'BAD_RECORD_ID',
    },
    {
      name: 'only by a Deal that lists too many territories',
      records: ['  Deals:', '    "554023000003639999": [west, DACH]'],
      error: 'DEAL_SINGLE_TERRITORY',
    },
    {
      name: 'only in a module that does not exist',
      records: ['  Acounts:', '    "554023000003635023": [west]'],
      error: 'UNKNOWN_MODULE',
    },
    {
      name: 'only under a misspelled key of a record',
      records: ['  Accounts:', '    "554023000003635023": { territory: [west] }'],
      error: undefined,
    },
  ])('$name', ({ records, error }) => {
    const text = `${ALIASES}records:\n  Contacts:\n    "554023000003635100": [east]\n${records.join('\n')}\n`;
    const diagnostics = diagnosticsOf(text);
    if (error !== undefined) expect(diagnostics.map((d) => d.code)).toContain(error);
    else expect(diagnostics.some((d) => d.severity === 'error')).toBe(true);
    expect(diagnostics.filter((d) => d.code === 'UNUSED_ALIAS')).toEqual([]);
  });

  it('still warns about an alias nothing refers to, and a note that says its name is no use', () => {
    const text =
      `${ALIASES}records:\n  Accounts:\n` +
      '    "554023000003635023": { territories: [east], note: west }\n';
    expect(unusedAliasWarnings(text)).toEqual(["Alias 'west' is defined but no record uses it."]);
  });

  it('counts a use in another file', () => {
    const result = parseDesiredSources([
      { path: 'a.yaml', text: ALIASES },
      {
        path: 'b.yaml',
        text: 'version: 1\nrecords:\n  Leads:\n    "554023000003635023": [west, east]\n',
      },
    ]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics.map((d) => d.code)).toEqual(['MODULE_NOT_ENABLED']);
  });
});

describe('names spelled like an alias', () => {
  const text = (list: string) =>
    `${ALIASES}records:\n  Accounts:\n    "554023000003635023": [${list}]\n    "554023000003635024": [east]\n`;

  function territoriesOf(list: string) {
    const result = parseDesiredSources([{ path: 'territories.yaml', text: text(list) }]);
    if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
    return result.state.records[0]?.territories ?? [];
  }

  it('carries the aliases a name resembles, in any case, and nothing for a name far from all', () => {
    expect(territoriesOf('weest, WEST, DACH')).toMatchObject([
      { written: 'weest', nearAliases: ['west'] },
      { written: 'WEST', nearAliases: ['west'] },
      { written: 'DACH' },
    ]);
    expect(territoriesOf('DACH')[0]).not.toHaveProperty('nearAliases');
    // An alias is no suggestion for itself, nor for what it stands for.
    expect(territoriesOf('west')[0]).not.toHaveProperty('nearAliases');
    expect(territoriesOf('US West')[0]).not.toHaveProperty('nearAliases');
  });

  it('plan suggests the alias for a misspelt one and the exact name for a wrong case, with a hint for each', () => {
    const loaded = parseDesiredSources([
      { path: 'territories.yaml', text: text('weest, emea, Antarctica') },
    ]);
    if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
    const result = buildPlan({
      desired: loaded.state,
      catalogue: DEMO_CATALOGUE,
      current: { records: [] },
      options: { batchSize: 10, safety: { absolute: 50, ratio: 0.3 }, target: TEST_TARGET },
    });
    if (result.ok) throw new Error('planned');
    const unknown = result.diagnostics.filter((d) => d.code === 'UNKNOWN_TERRITORY');
    expect(unknown.map((d) => [d.message, d.hint])).toEqual([
      [
        'Accounts 554023000003635023: unknown territory "weest": no territory is named "weest".',
        'Did you mean the alias "west"?',
      ],
      [
        'Accounts 554023000003635023: unknown territory "emea": no territory is named "emea" (names are case-sensitive).',
        'Did you mean "EMEA"?',
      ],
      [
        'Accounts 554023000003635023: unknown territory "Antarctica": no territory is named "Antarctica".',
        expect.stringMatching(/^Refer to a territory by its name/),
      ],
    ]);
  });
});

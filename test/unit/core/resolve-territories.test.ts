import { describe, expect, it } from 'vitest';
import { buildCatalogueIndex, territoryPath } from '../../../src/core/catalogue-index.js';
import { resolveTerritoryRef } from '../../../src/core/resolve-territories.js';
import type { DesiredTerritory, Territory } from '../../../src/core/model.js';
import { DEMO_CATALOGUE, DEMO_TERRITORIES, refOf, tid } from './builders.js';

const index = buildCatalogueIndex(DEMO_CATALOGUE);
const location = { file: 'territories.yaml', line: 7, column: 21 };
const written = (text: string, alias?: string): DesiredTerritory => ({
  ref: refOf(text),
  written: alias ?? text,
  ...(alias === undefined ? {} : { alias }),
  location,
});

describe('resolveTerritoryRef: references that resolve', () => {
  it.each([
    { ref: 'DACH', id: tid(11) },
    { ref: 'Organization/EMEA/Enterprise', id: tid(13) },
    { ref: 'Organization/Americas/Enterprise', id: tid(23) },
    { ref: 'Organization', id: tid(1) },
    { ref: tid(41), id: tid(41) },
  ])('$ref', ({ ref, id }) => {
    const result = resolveTerritoryRef(index, written(ref));
    expect(result).toEqual({ ok: true, territory: expect.objectContaining({ id }) });
  });
});

describe('resolveTerritoryRef: references that do not', () => {
  it.each([
    {
      ref: 'emea',
      message: 'unknown territory "emea": no territory is named "emea" (names are case-sensitive).',
      hint: 'Did you mean "EMEA"?',
    },
    {
      ref: 'DACHH',
      message: 'unknown territory "DACHH": no territory is named "DACHH".',
      hint: 'Did you mean "DACH"?',
    },
    { ref: 'Nordic', hint: 'Did you mean "Nordics"?' },
    { ref: 'T1', hint: 'Did you mean "T01", "T10" or "T11"?' },
    {
      ref: 'Antarctica Sales',
      message: 'unknown territory "Antarctica Sales": no territory is named "Antarctica Sales".',
      // Nothing close: still a line saying how to refer to a territory.
      hint: /^Refer to a territory by its name, its path from the root .* or by an alias from the territories: section\.$/,
    },
    {
      ref: 'EMEA/DACH',
      message: 'unknown territory "EMEA/DACH": no territory has the path "EMEA/DACH".',
      hint: 'Did you mean "Organization/EMEA/DACH"? A path starts at the root territory, e.g. "Organization/EMEA".',
    },
    { ref: 'Organization/EMEA/DAHC', hint: /^Did you mean "Organization\/EMEA\/DACH"\? A path/ },
    {
      ref: '554023000000999999',
      message:
        'unknown territory "554023000000999999": no territory has the id 554023000000999999.',
      hint: /refer to the territory by name or path/,
    },
  ])('$ref', ({ ref, message, hint }) => {
    const result = resolveTerritoryRef(index, written(ref));
    if (result.ok) throw new Error(`"${ref}" resolved`);
    expect(result.diagnostic).toMatchObject({
      code: 'UNKNOWN_TERRITORY',
      severity: 'error',
      location,
    });
    if (message !== undefined) expect(result.diagnostic.message).toBe(message);
    if (hint === undefined) expect(result.diagnostic.hint).toBeUndefined();
    else if (typeof hint === 'string') expect(result.diagnostic.hint).toBe(hint);
    else expect(result.diagnostic.hint).toMatch(hint);
  });

  it.each([
    {
      ref: 'weest',
      near: ['west'],
      message: 'unknown territory "weest": no territory is named "weest".',
      hint: 'Did you mean the alias "west"?',
    },
    {
      // Both the catalogue and an alias are spelled like it: the name first, then the alias.
      ref: 'US Wesst',
      near: ['us-west'],
      hint: 'Did you mean "US West", "US East" or the alias "us-west"?',
    },
    {
      ref: 'West',
      near: ['west'],
      message:
        'unknown territory "West": no territory is named "West" (aliases are case-sensitive).',
      hint: 'Did you mean the alias "west"?',
    },
    {
      ref: 'emea',
      near: ['EMEA-east'],
      message: 'unknown territory "emea": no territory is named "emea" (names are case-sensitive).',
      hint: 'Did you mean "EMEA" or the alias "EMEA-east"?',
    },
    {
      ref: 'Emea',
      near: ['emea'],
      message:
        'unknown territory "Emea": no territory is named "Emea" (names and aliases are case-sensitive).',
      hint: 'Did you mean the alias "emea" or "EMEA"?',
    },
  ])('$ref: suggests the aliases spelled like it ($near)', ({ ref, near, message, hint }) => {
    const result = resolveTerritoryRef(index, { ...written(ref), nearAliases: near });
    if (result.ok) throw new Error(`"${ref}" resolved`);
    expect(result.diagnostic.code).toBe('UNKNOWN_TERRITORY');
    if (message !== undefined) expect(result.diagnostic.message).toBe(message);
    expect(result.diagnostic.hint).toBe(hint);
  });

  it('says to fix the alias where it is defined when its target names no territory', () => {
    const result = resolveTerritoryRef(index, written('Antarctica', 'south'));
    if (result.ok) throw new Error('resolved');
    expect(result.diagnostic.message).toBe(
      'unknown territory "south" (alias for name "Antarctica"): no territory is named "Antarctica".',
    );
    expect(result.diagnostic.hint).toMatch(
      /^Refer to a territory by .* Correct the target of alias "south" in the territories: section\.$/,
    );
  });

  it('says which alias it was and what the alias stands for', () => {
    const result = resolveTerritoryRef(index, written('Organization/EMEA/DAC', 'dach'), {
      module: 'Accounts',
      id: '554023000003635001',
    });
    if (result.ok) throw new Error('resolved');
    expect(result.diagnostic.message).toBe(
      'Accounts 554023000003635001: unknown territory "dach" (alias for path ' +
        '"Organization/EMEA/DAC"): no territory has the path "Organization/EMEA/DAC".',
    );
    expect(result.diagnostic.record).toEqual({ module: 'Accounts', id: '554023000003635001' });
  });

  it('lists every territory an ambiguous name could mean and suggests a path', () => {
    const result = resolveTerritoryRef(index, written('Enterprise'));
    if (result.ok) throw new Error('resolved');
    expect(result.diagnostic).toMatchObject({ code: 'AMBIGUOUS_TERRITORY', location });
    expect(result.diagnostic.message).toBe(
      `territory "Enterprise" is ambiguous: it matches Organization/Americas/Enterprise (id ${tid(23)}) ` +
        `and Organization/EMEA/Enterprise (id ${tid(13)}).`,
    );
    expect(result.diagnostic.hint).toBe(
      `Refer to it by path (e.g. "Organization/Americas/Enterprise") or by id (e.g. "${tid(23)}").`,
    );
  });

  it('suggests an id when two siblings share a name, so even the path is ambiguous', () => {
    const twins = buildCatalogueIndex({
      territories: [...DEMO_TERRITORIES, { id: tid(99), name: 'DACH', parentId: tid(10) }],
    });
    const result = resolveTerritoryRef(twins, written('Organization/EMEA/DACH'));
    if (result.ok) throw new Error('resolved');
    expect(result.diagnostic.code).toBe('AMBIGUOUS_TERRITORY');
    expect(result.diagnostic.hint).toBe(`Refer to it by id (e.g. "${tid(11)}").`);
  });

  it('answers the same whatever order the catalogue was read in', () => {
    const reversed = buildCatalogueIndex({ territories: [...DEMO_TERRITORIES].reverse() });
    for (const ref of ['Enterprise', 'T1', 'EMEA/DACH', 'emea']) {
      expect(resolveTerritoryRef(reversed, written(ref))).toEqual(
        resolveTerritoryRef(index, written(ref)),
      );
    }
  });
});

describe('territoryPath', () => {
  it.each([
    { id: tid(1), path: 'Organization' },
    { id: tid(11), path: 'Organization/EMEA/DACH' },
    { id: tid(23), path: 'Organization/Americas/Enterprise' },
    { id: '1', path: undefined },
  ])('$id -> $path', ({ id, path }) => {
    expect(territoryPath(index, id)).toBe(path);
  });

  it('starts a path at a territory whose parent is missing, and survives a cycle', () => {
    const odd: Territory[] = [
      { id: '1', name: 'Orphan', parentId: '404' },
      { id: '2', name: 'Child', parentId: '1' },
      { id: '3', name: 'Ping', parentId: '4' },
      { id: '4', name: 'Pong', parentId: '3' },
    ];
    const oddIndex = buildCatalogueIndex({ territories: odd });
    expect(territoryPath(oddIndex, '2')).toBe('Orphan/Child');
    // The cycle is cut where it closes: one of the two becomes a root.
    const cycle = [territoryPath(oddIndex, '3'), territoryPath(oddIndex, '4')];
    expect(cycle.sort()).toEqual(['Pong', 'Pong/Ping']);
  });
});

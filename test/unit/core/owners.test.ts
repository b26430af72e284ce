// Owners: a territory's own entry, else its nearest ancestor's (the nearest entry wins, as the
// most specific CODEOWNERS line does); keys read like references in the desired files.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCatalogueIndex } from '../../../src/core/catalogue-index.js';
import type { TerritoryRef } from '../../../src/core/model.js';
import { ownersResolver, placeOwners, uniqueOwners } from '../../../src/core/owners.js';
import type { OwnersKey } from '../../../src/core/owners.js';
import {
  ancestorsOf,
  buildForest,
  pathOf,
  recordCounts,
} from '../../../src/core/territory-forest.js';
import { isPlaced, writtenHierarchy } from '../../../src/core/written-forest.js';
import { DEMO_CATALOGUE, refOf, territoryNamed } from './builders.js';

const INDEX = buildCatalogueIndex(DEMO_CATALOGUE);
const FOREST = buildForest(
  DEMO_CATALOGUE.territories.map((t) => ({ key: t.id, name: t.name, parent: t.parentId })),
);

function keys(entries: Record<string, string[]>, aliases: Record<string, TerritoryRef> = {}) {
  return Object.entries(entries).map(([territory, owners], i): OwnersKey => ({
    rule: {
      territory,
      owners,
      location: { file: 'territory-sync.config.yaml', line: 2 + i, column: 3 },
    },
    reference: {
      ref: aliases[territory] ?? refOf(territory),
      written: territory,
      ...(aliases[territory] === undefined ? {} : { alias: territory }),
      location: { file: 'territory-sync.config.yaml', line: 2 + i, column: 3 },
    },
  }));
}

const id = (written: string) => territoryNamed(written).id;

describe('owners', () => {
  const placed = placeOwners(
    keys(
      {
        Organization: ['@zylker/sales-ops'],
        'Organization/EMEA': ['@zylker/emea-sales'],
        dach: ['@zylker/dach', '@anna'],
        'Organization/Americas/Enterprise': [],
      },
      { dach: { kind: 'path', value: 'Organization/EMEA/DACH' } },
    ),
    INDEX,
    { complete: true },
  );
  const ownersOf = ownersResolver(FOREST, placed.own);

  it('gives a territory its own entry, through an alias too', () => {
    expect(placed.warnings).toEqual([]);
    expect(ownersOf(id('DACH'))).toMatchObject({
      owners: ['@zylker/dach', '@anna'],
      from: id('DACH'),
    });
  });

  it("inherits the nearest ancestor's owners, which replace those further up", () => {
    expect(ownersOf(id('Nordics'))).toMatchObject({
      owners: ['@zylker/emea-sales'],
      from: id('EMEA'),
    });
    expect(ownersOf(id('US East')).owners).toEqual(['@zylker/sales-ops']);
    expect(ownersOf(id('Organization/EMEA/Enterprise')).owners).toEqual(['@zylker/emea-sales']);
  });

  it('reads an empty list as "nobody", for the subtree too', () => {
    expect(ownersOf(id('Organization/Americas/Enterprise'))).toMatchObject({ owners: [] });
  });

  it('reports an entry that names no territory, or several, at its place in the config', () => {
    const result = placeOwners(
      keys({ 'EMEA/DACH': ['@x'], Enterprise: ['@y'], 'Organization/APAC': ['@z'] }),
      INDEX,
      { complete: true },
    );
    expect(result.warnings.map((w) => [w.code, w.severity, w.location?.line])).toEqual([
      ['UNKNOWN_TERRITORY', 'warning', 2],
      ['AMBIGUOUS_TERRITORY', 'warning', 3],
    ]);
    expect(result.warnings[0]?.message).toMatch(/^owners: /);
    expect(result.warnings[0]?.hint).toContain('Organization/EMEA/DACH');
    expect(result.warnings[0]?.hint).toContain('asks nobody to review');
    expect([...result.own.keys()]).toEqual([id('APAC')]);
  });

  it('says nothing of a key outside a partial catalogue (a saved plan carries only part of it)', () => {
    const partial = buildCatalogueIndex({
      territories: DEMO_CATALOGUE.territories.filter((t) => t.name !== 'APAC'),
    });
    const result = placeOwners(keys({ 'Organization/APAC': ['@z'] }), partial, { complete: false });
    expect(result.warnings).toEqual([]);
    expect(result.own.size).toBe(0);
  });

  it('warns when two entries name one territory, and keeps the first', () => {
    const result = placeOwners(keys({ 'Organization/EMEA/DACH': ['@a'], DACH: ['@b'] }), INDEX, {
      complete: true,
    });
    expect(result.warnings.map((w) => w.code)).toEqual(['DUPLICATE_TERRITORY']);
    expect(result.warnings[0]?.related).toEqual([
      { file: 'territory-sync.config.yaml', line: 2, column: 3 },
    ]);
    expect(result.own.get(id('DACH'))?.owners).toEqual(['@a']);
  });

  it('lists each reviewer once, whatever the case of the handle', () => {
    expect(uniqueOwners([['@Kim', '@org/b'], ['@kim'], ['@org/a']])).toEqual([
      '@Kim',
      '@org/a',
      '@org/b',
    ]);
  });
});

describe('the forest', () => {
  it('cuts a cycle and keeps a node whose parent is missing as a root', () => {
    const forest = buildForest([
      { key: 'a', name: 'A', parent: 'b' },
      { key: 'b', name: 'B', parent: 'c' },
      { key: 'c', name: 'C', parent: 'a' },
      { key: 'd', name: 'D', parent: 'gone' },
    ]);
    expect(forest.order).toEqual(['a', 'c', 'b', 'd']);
    expect(forest.parentOf.get('a')).toBeNull();
    expect(forest.parentOf.get('d')).toBeNull();
    expect(ancestorsOf(forest, 'b')).toEqual(['c', 'a']);
  });

  it('walks a chain 20,000 deep without recursion, and shortens its paths', () => {
    const nodes = Array.from({ length: 20_000 }, (_, i) => ({
      key: String(i),
      name: `T${i}`,
      parent: i === 0 ? null : String(i - 1),
    }));
    const forest = buildForest(nodes);
    expect(forest.depthOf.get('19999')).toBe(19_999);
    expect(pathOf(forest, '19999')).toBe(
      '…/T19992/T19993/T19994/T19995/T19996/T19997/T19998/T19999',
    );
    expect(pathOf(forest, '2')).toBe('T0/T1/T2');
  });

  it('counts distinct records per territory and per subtree, as a walk to the root would', () => {
    // The obvious count, for comparison: every record walked up to the root.
    const naive = (
      forest: ReturnType<typeof buildForest>,
      pairs: { key: string; record: string }[],
    ) => {
      const below = new Map<string, Set<string>>();
      for (const { key, record } of pairs) {
        for (let k: string | null = key; k !== null; k = forest.parentOf.get(k) ?? null) {
          below.set(k, (below.get(k) ?? new Set()).add(record));
        }
      }
      return new Map([...below].map(([k, set]) => [k, set.size]));
    };
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1, max: 30 }), { minLength: 1, maxLength: 30 }),
        fc.array(fc.tuple(fc.nat(29), fc.nat(9)), { maxLength: 60 }),
        (parents, assignments) => {
          const nodes = parents.map((parent, i) => ({
            key: `k${i}`,
            name: `T${i}`,
            parent: parent < 0 ? null : `k${parent}`,
          }));
          const forest = buildForest(nodes);
          const pairs = assignments
            .filter(([node]) => node < nodes.length)
            .map(([node, record]) => ({ key: `k${node}`, record: `r${record}` }));
          const counts = recordCounts(forest, pairs);
          expect(counts.inSubtree).toEqual(naive(forest, pairs));
          const own = new Map<string, Set<string>>();
          for (const { key, record } of pairs)
            own.set(key, (own.get(key) ?? new Set()).add(record));
          expect(counts.own).toEqual(new Map([...own].map(([k, set]) => [k, set.size])));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('counts 100,000 records at the bottom of a chain 20,000 deep (records x depth would not end)', () => {
    const forest = buildForest(
      Array.from({ length: 20_000 }, (_, i) => ({
        key: String(i),
        name: `T${i}`,
        parent: i === 0 ? null : String(i - 1),
      })),
    );
    const pairs = Array.from({ length: 100_000 }, (_, i) => ({ key: '19999', record: `r${i}` }));
    const counts = recordCounts(forest, pairs);
    expect(counts.inSubtree.get('0')).toBe(100_000);
    expect(counts.inSubtree.get('19999')).toBe(100_000);
    expect(counts.own.get('0')).toBeUndefined();
  });

  it('places written paths offline, a name where exactly one path ends with it, ids apart', () => {
    const { forest, keyOf } = writtenHierarchy([
      { kind: 'path', value: 'Organization/EMEA/DACH' },
      { kind: 'path', value: 'Organization/EMEA/Enterprise' },
      { kind: 'path', value: 'Organization/Americas/Enterprise' },
      { kind: 'name', value: 'Nordics' },
      { kind: 'name', value: 'DACH' },
      { kind: 'name', value: 'Organization' },
      { kind: 'name', value: 'Enterprise' },
      { kind: 'id', value: '554023000000430499' },
    ]);
    expect(forest.order.map((key) => [key, forest.depthOf.get(key), isPlaced(key)])).toEqual([
      ['id:554023000000430499', 0, false],
      // Two paths end in Enterprise: the name is ambiguous, so it stays apart.
      ['name:Enterprise', 0, false],
      ['name:Nordics', 0, false],
      ['path:Organization', 0, true],
      ['path:Organization/Americas', 1, true],
      ['path:Organization/Americas/Enterprise', 2, true],
      ['path:Organization/EMEA', 1, true],
      ['path:Organization/EMEA/DACH', 2, true],
      ['path:Organization/EMEA/Enterprise', 2, true],
    ]);
    // A path starts at the root: the root's name is placed there.
    expect(keyOf({ kind: 'name', value: 'Organization' })).toBe('path:Organization');
    expect(keyOf({ kind: 'name', value: 'DACH' })).toBe('path:Organization/EMEA/DACH');
    expect(keyOf({ kind: 'name', value: 'path:Organization' })).toBe('name:path:Organization');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../../src/core/build-plan.js';
import type { Catalogue, CurrentRecord, ModuleName, Territory } from '../../../src/core/model.js';
import { parseDesiredSources } from '../../../src/desired/load-desired.js';
import type { ExportRecord, ModuleExport } from '../../../src/export/export-record.js';
import { SCHEMA_COMMENT, renderExport } from '../../../src/export/render-export.js';
import type { ExportInput } from '../../../src/export/render-export.js';
import { TEST_TARGET } from '../core/builders.js';

const ID = {
  root: '554023000000000001',
  emea: '554023000000000002',
  amer: '554023000000000003',
  emeaEnt: '554023000000000004',
  amerEnt: '554023000000000005',
  east: '554023000000000006',
  uk: '554023000000000007',
  twinA: '554023000000000008',
  twinB: '554023000000000009',
  slashed: '554023000000000010',
  usEastName: '554023000000000011',
} as const;

function territory(id: string, name: string, parentId: string | null): Territory {
  return { id, name, parentId };
}

const CATALOGUE: Catalogue = {
  territories: [
    territory(ID.root, 'Organization', null),
    territory(ID.emea, 'EMEA', ID.root),
    territory(ID.amer, 'Americas', ID.root),
    territory(ID.emeaEnt, 'Enterprise', ID.emea),
    territory(ID.amerEnt, 'Enterprise', ID.amer),
    territory(ID.east, 'US East', ID.amer),
    territory(ID.uk, 'UK & Ireland', ID.emea),
    // Same name under the same parent: only the id tells them apart.
    territory(ID.twinA, 'Twin', ID.emea),
    territory(ID.twinB, 'Twin', ID.emea),
    // A '/' would read as a path: written by path is impossible too, so by id.
    territory(ID.slashed, 'Sales/Ops', ID.root),
    // A territory literally named like the slug of "US East".
    territory(ID.usEastName, 'us-east', ID.amer),
  ],
};

let nextRecord = 554023000003600000n;
function rec(manual: string[], extra: Partial<ExportRecord> = {}): ExportRecord {
  nextRecord += 1n;
  return { id: String(nextRecord), manual, byRules: [], ...extra };
}

function moduleExport(module: ModuleName, records: ExportRecord[]): ModuleExport {
  return {
    module,
    records,
    scanned: records.length,
    onlyByRules: 0,
    withoutTerritories: 0,
    atListingLimit: false,
  };
}

function text(input: ExportInput): string {
  return [...renderExport(input).chunks].join('');
}

/** The acceptance, without the network: plan the exported text against the state it came from. */
function planAgainst(yamlText: string, catalogue: Catalogue, modules: readonly ModuleExport[]) {
  const loaded = parseDesiredSources([{ path: 'territories.yaml', text: yamlText }]);
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
  const byId = new Map(catalogue.territories.map((t) => [t.id, t.name]));
  const current: CurrentRecord[] = modules.flatMap(({ module, records }) =>
    records.map((r) => ({
      module,
      id: r.id,
      territories: [
        ...r.manual.map((id) => ({ id, name: byId.get(id) ?? id, assigned: 'manually' as const })),
        ...r.byRules.map((id) => ({
          id,
          name: byId.get(id) ?? id,
          assigned: 'automatically' as const,
        })),
      ],
    })),
  );
  const result = buildPlan({
    desired: loaded.state,
    catalogue,
    current: { records: current },
    options: { batchSize: 10, safety: { absolute: 50, ratio: 0.3 }, target: TEST_TARGET },
  });
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
  return { plan: result.plan, desired: loaded.state, warnings: loaded.warnings };
}

describe('renderExport', () => {
  it('writes a readable file: schema header, aliases for busy territories, notes, rule comments', () => {
    const modules = [
      moduleExport('Accounts', [
        rec([ID.east, ID.amerEnt], { name: 'Acme Corp' }),
        rec([ID.east], { name: 'Globex', byRules: [ID.emea] }),
        rec([ID.east, ID.uk]),
      ]),
      moduleExport('Contacts', []),
      moduleExport('Deals', [rec([ID.twinB], { name: 'Big "Renewal"' })]),
    ];
    const yamlText = text({ catalogue: CATALOGUE, modules });
    const [a1, a2, a3] = modules[0]?.records ?? [];
    const [d1] = modules[2]?.records ?? [];
    expect(yamlText).toBe(
      [
        SCHEMA_COMMENT,
        '#',
        '# Exported from Zoho CRM by `territory-sync export` (Accounts, Contacts, Deals).',
        '# Each list holds the territories assigned manually and those territory rules assigned, named',
        '# in a "by rules" comment. Listing a rule-assigned territory changes nothing while the rules',
        '# assign it; if they stop, plan assigns it manually: drop it from the list to leave it to the',
        '# rules. Records without manually assigned territories are left out; records not listed here',
        '# are never touched.',
        'version: 1',
        '',
        '# Aliases for the territories 3 or more records use.',
        'territories:',
        // "us-east" is a territory's name, so the alias of "US East" cannot be.
        '  us-east-2: { name: US East }',
        '',
        'records:',
        '  Accounts:',
        `    "${a1?.id}": { territories: [Organization/Americas/Enterprise, us-east-2], note: Acme Corp }`,
        `    "${a2?.id}": { territories: [EMEA, us-east-2], note: Globex } # by rules: EMEA`,
        `    "${a3?.id}": [UK & Ireland, us-east-2]`,
        '  Contacts: {} # no record has manually assigned territories',
        '  Deals:',
        `    "${d1?.id}": { territories: ["${ID.twinB}"], note: "Big \\"Renewal\\"" }`,
        '',
      ].join('\n'),
    );
    const { plan, warnings } = planAgainst(yamlText, CATALOGUE, modules);
    expect(warnings).toEqual([]);
    expect(plan.changes).toEqual([]);
    // The rule-assigned territory is listed, so expected: no write, and no KEPT_BY_RULES warning.
    expect(plan.warnings).toEqual([]);
    expect(plan.summary.keptByRules).toBe(0);
  });

  it('lists rule-assigned territories, except unknown ones and those past the limit (a Deal takes one)', () => {
    const gone = '554023000000999998';
    const modules = [
      moduleExport('Accounts', [
        rec([ID.uk], { byRules: [ID.emea, gone] }),
        // Also assigned manually: listed once.
        rec([ID.east], { byRules: [ID.east] }),
      ]),
      moduleExport('Contacts', []),
      // Zoho's state is over the limit already: the rule one stays in the comment only.
      moduleExport('Deals', [rec([ID.uk], { byRules: [ID.emea] })]),
    ];
    const document = renderExport({ catalogue: CATALOGUE, modules });
    const yamlText = [...document.chunks].join('');
    const [a1, a2] = modules[0]?.records ?? [];
    const [d1] = modules[2]?.records ?? [];
    expect(yamlText).toContain(`    "${a1?.id}": [EMEA, UK & Ireland] # by rules: ${gone}, EMEA\n`);
    expect(yamlText).toContain(`    "${a2?.id}": [US East] # by rules: US East\n`);
    expect(yamlText).toContain(`    "${d1?.id}": [UK & Ireland] # by rules: EMEA\n`);
    expect(document.modules.map((m) => [m.module, m.byRulesInComments, m.byRulesListed])).toEqual([
      ['Accounts', 3, 1],
      ['Contacts', 0, 0],
      ['Deals', 1, 0],
    ]);
    // A listed rule-assigned territory counts toward the alias threshold like any other use.
    const busy = [rec([ID.uk], { byRules: [ID.emea] }), rec([ID.uk], { byRules: [ID.emea] })];
    const third = rec([ID.emea]);
    const aliased = text({
      catalogue: CATALOGUE,
      modules: [moduleExport('Accounts', [...busy, third])],
    });
    expect(aliased).toContain('territories:\n  emea: { name: EMEA }\n');
  });

  it('aliases a repeated name by path, a name with "/" by id, and keeps aliases distinct', () => {
    const busy = [ID.emeaEnt, ID.amerEnt, ID.slashed, ID.twinA];
    const records = busy.flatMap((id) => [rec([id]), rec([id]), rec([id])]);
    const modules = [moduleExport('Accounts', records)];
    const yamlText = text({ catalogue: CATALOGUE, modules });
    expect(yamlText).toContain(
      [
        'territories:',
        '  americas-enterprise: { path: Organization/Americas/Enterprise }',
        '  emea-enterprise: { path: Organization/EMEA/Enterprise }',
        `  emea-twin: { id: "${ID.twinA}" } # Twin`,
        `  sales-ops: { id: "${ID.slashed}" } # Sales/Ops`,
        '',
      ].join('\n'),
    );
    expect(planAgainst(yamlText, CATALOGUE, modules).plan.changes).toEqual([]);
  });

  it('writes no aliases section when no territory is used often enough', () => {
    const modules = [moduleExport('Accounts', [rec([ID.uk]), rec([ID.uk])])];
    const yamlText = text({ catalogue: CATALOGUE, modules, aliasThreshold: 3 });
    expect(yamlText).not.toContain('territories:');
    expect(yamlText).toContain(': [UK & Ireland]');
  });

  it('reports manual assignments of territories missing from the catalogue and writes them by id', () => {
    const gone = '554023000000999999';
    const record = rec([gone, ID.uk]);
    const document = renderExport({
      catalogue: CATALOGUE,
      modules: [moduleExport('Contacts', [record])],
    });
    expect(document.unknownTerritories).toEqual([
      { module: 'Contacts', recordId: record.id, territoryId: gone },
    ]);
    expect([...document.chunks].join('')).toContain(`"${record.id}": ["${gone}", UK & Ireland]`);
  });

  it('summarises each module: records, assignments, what was left out', () => {
    const document = renderExport({
      catalogue: CATALOGUE,
      modules: [
        {
          module: 'Accounts',
          records: [rec([ID.uk, ID.east], { byRules: [ID.emea] })],
          scanned: 10,
          onlyByRules: 2,
          withoutTerritories: 7,
          atListingLimit: false,
        },
      ],
    });
    expect(document.modules).toEqual([
      {
        module: 'Accounts',
        records: 1,
        assignments: 2,
        byRulesInComments: 1,
        byRulesListed: 1,
        onlyByRules: 2,
        withoutTerritories: 7,
        scanned: 10,
        atListingLimit: false,
      },
    ]);
  });

  it('marks a module read only up to the listing limit as incomplete, naming the missing scope', () => {
    const document = renderExport({
      catalogue: CATALOGUE,
      modules: [
        { ...moduleExport('Accounts', [rec([ID.uk])]), scanned: 100_000, atListingLimit: true },
      ],
    });
    expect(document.modules[0]?.atListingLimit).toBe(true);
    expect([...document.chunks].join('')).toContain(
      'records:\n  # INCOMPLETE: Zoho lists at most 100,000 Accounts without COQL, and the\n' +
        '  # token lacks ZohoCRM.coql.READ: any records past them are not in this file (they\n' +
        '  # are left untouched). Add that scope to the token and export again.\n  Accounts:\n',
    );
  });

  it('streams a large module in bounded chunks instead of one string', () => {
    const records = Array.from({ length: 5000 }, () => rec([ID.uk]));
    const chunks = [
      ...renderExport({ catalogue: CATALOGUE, modules: [moduleExport('Accounts', records)] })
        .chunks,
    ];
    expect(chunks.length).toBeGreaterThan(5);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(100_000);
  });

  it('round-trips any catalogue and any assignments: plan reads the export back as no changes', () => {
    const names = fc.constantFrom(
      'East',
      'West',
      'Enterprise',
      'us-east',
      'US East',
      'a/b',
      ' padded ',
      'true',
      '1234567890',
      'Ü & Ö',
      'x: y',
      '#1',
      'Zeilen\numbruch',
    );
    const arbitrary = fc
      .array(fc.tuple(names, fc.nat()), { minLength: 1, maxLength: 12 })
      .chain((shape) =>
        fc.record({
          shape: fc.constant(shape),
          records: fc.array(
            fc.record({
              manual: fc.uniqueArray(fc.nat({ max: shape.length }), { minLength: 1, maxLength: 4 }),
              rules: fc.uniqueArray(fc.nat({ max: shape.length }), { maxLength: 2 }),
              name: fc.option(fc.string({ maxLength: 12 }), { nil: undefined }),
            }),
            { maxLength: 25 },
          ),
          threshold: fc.integer({ min: 1, max: 4 }),
        }),
      );
    fc.assert(
      fc.property(arbitrary, ({ shape, records, threshold }) => {
        const ids = [ID.root, ...shape.map((_, i) => String(554023000100000000n + BigInt(i)))];
        const catalogue: Catalogue = {
          territories: [
            territory(ID.root, 'Organization', null),
            ...shape.map(([name, parent], i) =>
              territory(ids[i + 1] as string, name, ids[parent % (i + 1)] as string),
            ),
          ],
        };
        const exported = records.map((r, n) => {
          const manual = r.manual.map((k) => ids[k] as string);
          const byRules = r.rules.map((k) => ids[k] as string).filter((id) => !manual.includes(id));
          return {
            id: String(554023000200000000n + BigInt(n)),
            manual,
            byRules,
            ...(r.name === undefined ? {} : { name: r.name }),
          };
        });
        const modules = [moduleExport('Accounts', exported)];
        const yamlText = text({ catalogue, modules, aliasThreshold: threshold });
        expect(yamlText.startsWith(SCHEMA_COMMENT)).toBe(true);
        const { plan, desired } = planAgainst(yamlText, catalogue, modules);
        expect(plan.changes).toEqual([]);
        // Every rule-assigned territory is listed (at most 6 a record here): nothing to warn of.
        expect(plan.warnings).toEqual([]);
        expect(desired.records.map((r) => r.id)).toEqual(exported.map((r) => r.id));
      }),
      { numRuns: 300 },
    );
  });
});

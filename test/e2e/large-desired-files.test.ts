// A desired file of 100,000 records, the size issue #6 targets: every record loaded with its
// place in the file, and every broken one reported, none dropped. Heavy (about 2 s each), so it
// lives here rather than with the loader's unit tests. How fast is `npm run bench`'s `local`
// row (parse + validate at 100,000 records); work that grew quadratically would not finish
// within the test's timeout.
import { describe, expect, it } from 'vitest';
import { parseDesiredSources } from '../../src/desired/load-desired.js';

const RECORDS = 100_000;

function deals(count: number, entry: string): string {
  const lines = ['version: 1', 'records:', '  Deals:'];
  for (let i = 0; i < count; i += 1)
    lines.push(`    "${554023000000000000n + BigInt(i)}": ${entry}`);
  return lines.join('\n');
}

describe('a desired file of 100,000 records', () => {
  it('loads every record, each placed at its line and column', () => {
    const result = parseDesiredSources([{ path: 'big.yaml', text: deals(RECORDS, '[US East]') }]);
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics.slice(0, 5), null, 2));
    expect(result.state.records).toHaveLength(RECORDS);
    expect(result.state.records.at(-1)).toMatchObject({
      id: String(554023000000000000n + BigInt(RECORDS - 1)),
      location: { line: RECORDS + 3, column: 5 },
      territories: [{ location: { line: RECORDS + 3, column: 28 } }],
    });
  });

  it('reports 100,000 broken records, every one', () => {
    const result = parseDesiredSources([
      { path: 'big.yaml', text: deals(RECORDS, '[East, West]') },
    ]);
    expect(result.ok).toBe(false);
    const diagnostics = result.ok ? [] : result.diagnostics;
    expect(diagnostics).toHaveLength(RECORDS);
    expect(diagnostics.every((d) => d.code === 'DEAL_SINGLE_TERRITORY')).toBe(true);
  });
});

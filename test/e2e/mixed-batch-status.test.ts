// Issue #15, end to end: Zoho's assign page answers a partly failed batch with 400, its remove
// page with 207 (docs/ASSUMPTIONS.md A1). Under either, `apply` through the CLI against the
// emulator on 127.0.0.1 sends a scheduled record once, resends only the one Zoho turned away,
// and reports that one per record.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { desiredYaml, startOrgWith } from '../helpers/org.js';
import type { TestOrg } from '../helpers/org.js';
import { R, T, smallOrg } from './small-org.js';

let org: TestOrg | undefined;
afterEach(async () => {
  await org?.close();
  org = undefined;
});

interface ReportJson {
  summary: Record<string, number>;
  records: { id: string; status: string; code?: string }[];
}

describe.each([207, 400] as const)('apply when Zoho answers a mixed batch %i', (status) => {
  it('sends the scheduled record once and reports the refused one per record', async () => {
    const seed = smallOrg({ locked: [R.acme] });
    const started = await startOrgWith(
      desiredYaml({ Accounts: { [R.acme]: ['East', 'West'], [R.globex]: ['West'] } }),
      { seed: { ...seed, org: { ...seed.org, mixedBatchStatus: status } } },
    );
    org = started.org;
    // One resend of the locked record, at once: the scheduled one must not ride along.
    await org.write(
      'territory-sync.config.json',
      JSON.stringify({ recordRetries: { attempts: 1, delaySeconds: 0 } }),
    );

    const apply = await started.cli(['apply', '--auto-approve', '--report', 'r.json']);

    expect(apply.code).toBe(4);
    expect(apply.stdout).toMatch(
      /FAILED\s+Accounts Acme Corp \(554023000003600001\) — RECORD_LOCKED/,
    );
    const stats = org.emulator.stats();
    // The first call (both records) answered the mixed status; the resend (Acme alone) 400.
    expect(stats.byStatus['207'] ?? 0).toBe(status === 207 ? 1 : 0);
    expect(stats.byStatus['400'] ?? 0).toBe(status === 400 ? 2 : 1);
    expect(stats.writeCalls).toBe(2);
    expect(stats.writeEntries).toEqual({
      total: 3,
      scheduled: 1,
      errors: { RECORD_LOCKED: 2 },
    });
    const report = JSON.parse(await readFile(path.join(org.dir, 'r.json'), 'utf8')) as ReportJson;
    expect(report.summary).toMatchObject({ converged: 1, failed: 1 });
    expect(report.records.map((r) => [r.id, r.status]).sort()).toEqual(
      [
        [R.acme, 'failed'],
        [R.globex, 'converged'],
      ].sort(),
    );
    const globex = org.emulator.state().records.Accounts?.find((r) => r.id === R.globex);
    expect((globex?.territories ?? []).map((t) => (typeof t === 'string' ? t : t.id))).toEqual([
      T.west,
    ]);
  });
});

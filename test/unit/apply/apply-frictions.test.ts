// Issue #12: --no-wait is not a partial apply, counted words agree with their numbers, and a
// stale plan's territories are listed in one order on both sides.
import { describe, expect, it } from 'vitest';
import { appliedAsAsked, isFullyConverged } from '../../../src/apply/apply-report.js';
import { executePlan } from '../../../src/apply/execute-plan.js';
import { findStaleRecords } from '../../../src/apply/find-stale-records.js';
import type { ApplyPort } from '../../../src/apply/ports.js';
import { plural } from '../../../src/core/words.js';
import { TerritorySyncError } from '../../../src/errors.js';
import { renderApplyReport, renderApplyReportMarkdown } from '../../../src/render/apply-report.js';
import { planOf, territoryNamed } from '../core/builders.js';
import { fakeCrm, testExecuteOptions as options } from './fake-crm.js';

const IDS = ['1001', '1002', '1003'];
const THREE_GAINS = planOf(
  IDS.map((id) => ({ id, want: ['DACH'] })),
  { batchSize: 2 },
);
const NO_WAIT_LINE =
  'Apply sent: 3 records scheduled in Zoho, not verified (--no-wait). Run `territory-sync plan` later to confirm.';

describe('apply --no-wait', () => {
  it('records Zoho scheduled are pending, marked as not waited for, and the apply did what was asked', async () => {
    const crm = fakeCrm(IDS.map((id) => ({ id })));
    const report = await executePlan(THREE_GAINS, crm, options({ waitForJobs: false }));
    expect(report.verified).toBe(false);
    // The JSON stays honest: nothing was verified, so nothing is called converged.
    expect(report.summary).toEqual({ converged: 0, failed: 0, pending: 3, skipped: 0 });
    expect(report.scheduledNotVerified).toBe(3);
    expect(report.records.every((r) => r.notWaitedFor === true)).toBe(true);
    expect(report.records[0]?.reason).toBe('job scheduled; not waited for (--no-wait)');
    expect(isFullyConverged(report)).toBe(false);
    expect(appliedAsAsked(report)).toBe(true);

    const text = renderApplyReport(report);
    expect(text).toContain(NO_WAIT_LINE);
    expect(text).not.toContain('did not converge');
    expect(text).not.toContain('finished partially');
    expect(renderApplyReportMarkdown(report)).toContain('### ✅ Apply sent: 3 records scheduled');
  });

  it('one record: "1 record scheduled"', async () => {
    const crm = fakeCrm([{ id: '1001' }]);
    const plan = planOf([{ id: '1001', want: ['DACH'] }]);
    const report = await executePlan(plan, crm, options({ waitForJobs: false }));
    expect(renderApplyReport(report)).toContain(
      'Apply sent: 1 record scheduled in Zoho, not verified (--no-wait).',
    );
  });

  it('a record Zoho refused is still a partial apply, named; the scheduled ones are counted, not listed', async () => {
    // 1003 does not exist in the CRM: Zoho answers INVALID_DATA on its id.
    const crm = fakeCrm([{ id: '1001' }, { id: '1002' }]);
    const report = await executePlan(THREE_GAINS, crm, options({ waitForJobs: false }));
    expect(report.summary).toEqual({ converged: 0, failed: 1, pending: 2, skipped: 0 });
    expect(report.scheduledNotVerified).toBe(2);
    expect(appliedAsAsked(report)).toBe(false);
    const text = renderApplyReport(report);
    expect(text).toContain(
      'Apply finished partially: 2 of 3 records scheduled in Zoho, not verified (--no-wait), 1 failed.',
    );
    expect(text).toMatch(/FAILED\s+Accounts 1003 — INVALID_DATA/);
    expect(text).not.toContain('PENDING');
    // In the step summary the API line comes after a blank line: GitHub would read it as a row.
    const markdown = renderApplyReportMarkdown(report);
    expect(markdown).toMatch(/\| FAILED \| Accounts \| 1003 \|[^\n]*\|\n\nAPI: /);
  });

  it('an apply that stopped early is a partial apply, with or without --no-wait', async () => {
    const crm = fakeCrm(
      IDS.map((id) => ({ id })),
      {
        beforeWrite: (call) => {
          if (call === 2) throw new TerritorySyncError('AUTH', 'Zoho refused a new access token');
        },
      },
    );
    const report = await executePlan(THREE_GAINS, crm, options({ waitForJobs: false }));
    expect(report.stoppedEarly?.code).toBe('AUTH');
    expect(report.records.some((r) => r.notWaitedFor === true)).toBe(false);
    expect(report.scheduledNotVerified).toBe(0);
    expect(appliedAsAsked(report)).toBe(false);
    expect(renderApplyReport(report)).toContain('Apply finished partially');
  });

  it('a job that ALREADY_SCHEDULED keeps waiting on is pending for real, not "not waited for"', async () => {
    const crm = fakeCrm([{ id: '1001' }]);
    const port: ApplyPort = {
      ...crm,
      write: (_module, _action, entries) =>
        Promise.resolve(
          entries.map((e) => ({
            recordId: e.id,
            status: 'error' as const,
            code: 'ALREADY_SCHEDULED',
            message: 'a job is running on this record',
          })),
        ),
      pendingRecords: () => Promise.resolve(new Set<string>()),
    };
    const plan = planOf([{ id: '1001', want: ['DACH'] }]);
    const report = await executePlan(
      plan,
      port,
      options({ waitForJobs: false, maxResubmissions: 1 }),
    );
    expect(report.records[0]).toMatchObject({ status: 'pending', code: 'ALREADY_SCHEDULED' });
    expect(report.records[0]?.notWaitedFor).toBeUndefined();
    expect(appliedAsAsked(report)).toBe(false);
  });

  it('a verified apply carries no scheduledNotVerified and exits as before', async () => {
    const crm = fakeCrm(IDS.map((id) => ({ id })));
    const report = await executePlan(THREE_GAINS, crm, options());
    expect(report.scheduledNotVerified).toBeUndefined();
    expect(appliedAsAsked(report)).toBe(true);
    expect(renderApplyReport(report)).toContain(
      'Apply complete: 3 records converged (verified by re-reading the CRM).',
    );
  });
});

describe("apply's progress messages count in words that agree with the number", () => {
  it('plural', () => {
    expect(plural(0, 'record')).toBe('0 records');
    expect(plural(1, 'record')).toBe('1 record');
    expect(plural(1234, 'job')).toBe('1,234 jobs');
    expect(plural(1, 'record was', 'records were')).toBe('1 record was');
  });

  it('one Deal moved, locked once: "1 record", "1 job", "sending 1 record again"', async () => {
    const west = territoryNamed('US West').id;
    const plan = planOf([{ module: 'Deals', id: '9001', want: ['US East'], manual: ['US West'] }]);
    const crm = fakeCrm([{ module: 'Deals', id: '9001', territories: [west] }]);
    let locked = false;
    const port: ApplyPort = {
      ...crm,
      write: (module, action, entries) => {
        if (locked) return crm.write(module, action, entries);
        locked = true;
        return Promise.resolve(
          entries.map((e) => ({
            recordId: e.id,
            status: 'error' as const,
            code: 'RECORD_LOCKED',
            message: 'locked',
          })),
        );
      },
    };
    const events: string[] = [];
    const report = await executePlan(
      plan,
      port,
      options({ onEvent: (event) => events.push(event.message) }),
    );
    expect(report.summary.converged).toBe(1);
    expect(events).toEqual(
      expect.arrayContaining([
        'wave 1 of 2: 1 record',
        'sending 1 record again (round 2)',
        'waiting for 1 job',
        'wave 2 of 2: 1 record',
        'verifying 1 record',
      ]),
    );
    expect(events.filter((e) => /\b1 (records|jobs)\b/.test(e))).toEqual([]);
  });
});

describe('a stale plan lists territories in one order on both sides', () => {
  it('sorts "before" and "now" by name, then id', () => {
    const planned = planOf([{ id: '1001', want: ['DACH'], manual: ['US West', 'US East'] }]);
    // The planner sorts `before`; a plan file need not (an old one, or one edited by hand).
    const change = planned.changes[0] as (typeof planned.changes)[number];
    const plan = { ...planned, changes: [{ ...change, before: [...change.before].reverse() }] };
    expect(plan.changes[0]?.before.map((t) => t.name)).toEqual(['US West', 'US East']);
    const named = (name: string) => ({
      id: territoryNamed(name).id,
      name,
      assigned: 'manually' as const,
    });
    const [stale] = findStaleRecords(plan, [
      {
        module: 'Accounts',
        id: '1001',
        territories: [named('US West'), named('DACH'), named('US East')],
      },
    ]);
    expect(stale?.before.map((t) => t.name)).toEqual(['US East', 'US West']);
    expect(stale?.now?.map((t) => t.name)).toEqual(['DACH', 'US East', 'US West']);
  });

  it('a record deleted since the plan is still "now: undefined"', () => {
    const plan = planOf([{ id: '1001', want: ['DACH'] }]);
    expect(findStaleRecords(plan, [])[0]?.now).toBeUndefined();
  });
});

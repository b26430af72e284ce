// The fault matrix, interruptions: the real binary killed (SIGKILL) or stopped (SIGINT) in the
// middle of a wave of a 200-record apply, against an emulator slow enough to be caught mid-way.
// Needs dist/ (npm test builds it first).
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { accountsToAssign } from '../e2e/generated-org.js';
import { expectNoDoubleWrites, journalLines, startFaultOrg, waitFor } from './fault-org.js';
import type { FaultOrg } from './fault-org.js';

const N = 200;
let current: FaultOrg | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});

async function slowOrg(): Promise<FaultOrg> {
  const { seed, yaml } = accountsToAssign(N);
  // 150 ms a call: ten of the twenty write calls take long enough to be interrupted.
  current = await startFaultOrg(yaml, { seed, latencyMs: 150 });
  return current;
}

type Line = Awaited<ReturnType<typeof journalLines>>[number];
const ofType = (lines: readonly Line[], type: string) => lines.filter((l) => l.type === type);
const sentIds = (lines: readonly Line[]) =>
  new Set(ofType(lines, 'intent').flatMap((l) => (l.records as { id: string }[]).map((r) => r.id)));

function assigned(o: FaultOrg): Set<string> {
  return new Set(
    o.emulator
      .state()
      .records.Accounts.filter((r) => r.territories.length > 0)
      .map((r) => r.id),
  );
}

/** Calls the killed process left in flight still land: wait until the emulator is quiet. */
async function settled(o: FaultOrg): Promise<void> {
  await waitFor('in-flight calls to finish', () =>
    o.emulator.stats().inFlight === 0 ? true : undefined,
  );
  await o.emulator.waitForIdle();
}

describe('fault matrix: interruptions', () => {
  it('SIGKILL after the first batch of a 200-record apply, then apply --resume: converged, 200 write entries for 200 records, no error answers', async () => {
    const o = await slowOrg();
    const journal = o.path('j.jsonl');
    const child = o.spawn(['apply', '--auto-approve', '--journal', 'j.jsonl']);
    const atKill = await waitFor('the first batch result in the journal', async () => {
      const lines = await journalLines(journal);
      return ofType(lines, 'result').length > 0 ? lines : undefined;
    });
    child.kill('SIGKILL');
    const killed = await child;
    expect(killed.signal).toBe('SIGKILL');
    expect(ofType(atKill, 'result').length).toBeLessThan(N / 10);
    await settled(o);
    const landed = assigned(o);
    const after = await journalLines(journal);
    expect(ofType(after, 'finish')).toEqual([]);
    // Calls whose answer never reached the killed process may have landed all the same.
    expect(landed.size).toBeGreaterThanOrEqual(10);
    expect(landed.size).toBeLessThan(N);
    for (const id of landed) expect(sentIds(after).has(id)).toBe(true);

    const resumed = await o.cli(['apply', '--resume', 'j.jsonl', '--journal', 'resume.jsonl']);
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain('cut short');
    expect(resumed.stdout).toContain(`Plan: ${N - landed.size} to assign`);
    expect(resumed.stdout).toContain(`Apply complete: ${N - landed.size} records converged`);
    expect(assigned(o).size).toBe(N);
    const stats = o.emulator.stats();
    // Resume waited for the killed run's jobs and re-read before sending: no record was sent
    // twice, so Zoho gave no answer but "scheduled", not even an idempotent one.
    expect(stats.writeEntries).toEqual({ total: N, scheduled: N, errors: {} });
    expectNoDoubleWrites(o.emulator, stats);
    // The resume journal names what it resumed.
    const resumeStart = (await journalLines(o.path('resume.jsonl')))[0];
    expect(resumeStart?.resumes).toBe(atKill[0]?.planHash);

    const again = await o.cli(['apply', '--resume', 'j.jsonl']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(
      `Nothing left to do: all ${N} records of the plan in j.jsonl are as planned.`,
    );
    const calls = o.emulator.stats().calls;
    const finished = await o.cli(['apply', '--resume', 'resume.jsonl']);
    expect(finished.code).toBe(0);
    expect(finished.stdout).toMatch(
      /^Nothing left to do: the apply in resume.jsonl finished at .* and all \d+ of its records converged\.\n$/,
    );
    expect(o.emulator.stats().calls).toBe(calls);
    expect(o.emulator.stats().writeEntries.scheduled).toBe(N);
  });

  it('SIGINT mid-wave: in-flight calls finish, none after, exit 4 with exactly what was and was not sent; a plain re-run converges', async () => {
    const o = await slowOrg();
    const dir = o.path('.territory-sync');
    const child = o.spawn(['apply', '--auto-approve', '--report', 'r.json']);
    const journal = await waitFor('the default journal', async () => {
      const files = await readdir(dir).catch(() => []);
      return files[0] === undefined ? undefined : path.join(dir, files[0]);
    });
    await waitFor('the first batch result in the journal', async () =>
      ofType(await journalLines(journal), 'result').length > 0 ? true : undefined,
    );
    child.kill('SIGINT');
    const stopped = await child;
    expect(stopped.exitCode, stopped.stdout + stopped.stderr).toBe(4);
    const shown = path.relative(o.org.dir, journal);
    expect(shown).toMatch(/^\.territory-sync\/journal-[0-9a-f]{12}\.jsonl$/);
    expect(stopped.stdout).toContain(
      `Journal: ${shown} (if this apply is cut short: territory-sync apply --resume ${shown})`,
    );
    expect(stopped.stderr).toContain(
      'SIGINT received: finishing the calls in flight, sending no new ones',
    );

    const lines = await journalLines(journal);
    const intents = ofType(lines, 'intent');
    // Every call that went out got its answer recorded: in-flight calls were finished, not dropped.
    expect(
      ofType(lines, 'result')
        .map((l) => l.call)
        .sort(),
    ).toEqual(intents.map((l) => l.call).sort());
    const sent = sentIds(lines);
    expect(sent.size).toBeLessThan(N);
    expect(ofType(lines, 'finish')[0]).toMatchObject({ stoppedEarly: { code: 'INTERRUPTED' } });
    expect(stopped.stdout).toContain(
      `The apply was interrupted (SIGINT): the calls in flight finished; ${N - sent.size} records were not sent.`,
    );
    expect(stopped.stdout).toContain(
      `Apply finished partially: ${sent.size} of ${N} records converged, ${N - sent.size} skipped.`,
    );

    // The report, the journal and the CRM agree record by record.
    const report = await o.readReport('r.json');
    const ids = (status: string) =>
      new Set(report.records.filter((r) => r.status === status).map((r) => r.id));
    expect(ids('converged')).toEqual(sent);
    expect(ids('skipped').size).toBe(N - sent.size);
    expect(report.records.find((r) => r.status === 'skipped')?.reason).toMatch(
      /^its assign was not sent: the apply was interrupted \(SIGINT\) \(lacks /,
    );
    await settled(o);
    expect(assigned(o)).toEqual(sent);

    const rerun = await o.cli(['apply', '--auto-approve']);
    expect(rerun.code, rerun.stdout + rerun.stderr).toBe(0);
    expect(rerun.stdout).toContain(`Plan: ${N - sent.size} to assign`);
    expect(assigned(o).size).toBe(N);
    const stats = o.emulator.stats();
    expect(stats.writeEntries.scheduled).toBe(N);
    expectNoDoubleWrites(o.emulator, stats);
  });
});

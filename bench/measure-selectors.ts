// A plan whose selectors match N records (issue #17, docs/SELECTORS.md §6), and its baseline on
// the same emulator: the same records listed by id. Both are `plan --out` in a worker process,
// as the plan row is; the selector plan must read each selector's matches by COQL before the
// records, and the difference between the two rows is what that costs.
import path from 'node:path';
import type { Plan } from '../src/core/model.js';
import type { RunningEmulator } from '../src/emulator/index.js';
import type { BenchRow } from './bench-row.js';
import { runCli } from './measure-cli.js';
import { kindsOf, planCalls, planMinimum } from './minimum-calls.js';
import { ORG_TERRITORIES } from './scenarios.js';
import { IDS_FILE } from './selector-fixture.js';
import type { SetRun } from './set-run.js';
import { apiRow, readJson } from './set-run.js';

type SavedPlan = Pick<Plan, 'changes' | 'selectors'>;

/** The plan lists exactly the fixture's changed records, each gaining what it should. */
function changesMatch(run: SetRun, saved: SavedPlan | undefined): string | undefined {
  const expected = new Map(run.fixture.changes.map((c) => [`${c.module}:${c.id}`, c]));
  const changes = saved?.changes ?? [];
  if (changes.length !== expected.size) {
    return `${changes.length} records to change (expected ${expected.size})`;
  }
  for (const change of changes) {
    const want = expected.get(`${change.module}:${change.id}`);
    const added = change.add.map((t) => t.id).sort();
    const same =
      want !== undefined &&
      change.remove.length === 0 &&
      added.join() === [...want.add].sort().join();
    if (!same) return `${change.module} ${change.id} planned unlike the fixture`;
  }
  return undefined;
}

export async function measureSelectors(
  run: SetRun,
  emulator: RunningEmulator,
): Promise<BenchRow[]> {
  const selectors = run.fixture.selectors ?? [];
  const planned = await runCli(run, emulator, ['plan', '--out', 'plan.json']);
  const saved = await readJson<SavedPlan>(path.join(run.workspace.dir, 'plan.json'));
  const reports = saved?.selectors?.reports ?? [];
  const wrongMatches = selectors.filter(
    (s) => reports.find((r) => r.module === s.module && r.name === s.name)?.matched !== s.matches,
  );
  const selectorProblem =
    changesMatch(run, saved) ??
    (wrongMatches.length > 0
      ? `selector ${wrongMatches.map((s) => s.name).join(', ')} matched other than ${wrongMatches.map((s) => s.matches).join(', ')}`
      : undefined);
  const { stats } = planned;
  const selectorKinds = planMinimum(run.fixture.moduleCounts, ORG_TERRITORIES, selectors);
  const selectorRow = apiRow(run, 'selectors', {
    stats,
    kinds: selectorKinds,
    measured: planCalls(stats, kindsOf(selectorKinds)),
    worker: planned.answer,
    ok: planned.answer.code === 0 && selectorProblem === undefined,
    check:
      `exit ${planned.answer.code}; ` +
      (selectorProblem ??
        `the fixture's ${run.fixture.changes.length} changes; matches ${selectors.map((s) => `${s.name} ${s.matches}`).join(', ')}`),
  });

  const byIds = await runCli(run, emulator, ['plan', IDS_FILE, '--out', 'plan-ids.json']);
  const savedIds = await readJson<SavedPlan>(path.join(run.workspace.dir, 'plan-ids.json'));
  const idsProblem = changesMatch(run, savedIds);
  const idsKinds = planMinimum(run.fixture.moduleCounts, ORG_TERRITORIES);
  const idsRow = apiRow(run, 'selector-ids', {
    stats: byIds.stats,
    kinds: idsKinds,
    measured: planCalls(byIds.stats, kindsOf(idsKinds)),
    worker: byIds.answer,
    ok: byIds.answer.code === 0 && idsProblem === undefined,
    check: `exit ${byIds.answer.code}; ${idsProblem ?? `the fixture's ${run.fixture.changes.length} changes`}`,
  });
  return [selectorRow, idsRow];
}

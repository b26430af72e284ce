// One org size, every scenario it lists: plan and apply on one emulator (apply needs the plan),
// the sequential and naive scripts each on a fresh emulator holding the same org, the local
// work, the emulator's own speed on another fresh one, and a selector plan beside its explicit
// baseline on one emulator. The emulator runs in this process; the measured work runs in
// worker processes, one job each.
import type { RunningEmulator } from '../src/emulator/index.js';
import type { BenchRow } from './bench-row.js';
import { loadEmulator } from './dist-modules.js';
import { measureApply, measurePlan } from './measure-cli.js';
import { measureEmulator } from './measure-emulator.js';
import { measureLocal } from './measure-local.js';
import { measureFloor } from './measure-floor.js';
import { measureScript } from './measure-script.js';
import { measureSelectors } from './measure-selectors.js';
import { buildFixture } from './org-fixture.js';
import { buildSelectorFixture } from './selector-fixture.js';
import type { ScenarioSet } from './scenarios.js';
import { ORG_SEED, ORG_TERRITORIES } from './scenarios.js';
import type { SetRun } from './set-run.js';
import { createWorkspace } from './workspace.js';

export async function runScenarioSet(
  set: ScenarioSet,
  log: (line: string) => void,
): Promise<BenchRow[]> {
  const emu = await loadEmulator();
  const started = performance.now();
  const spec = {
    records: set.records,
    changeShare: set.changeShare,
    territories: ORG_TERRITORIES,
    seed: ORG_SEED,
  };
  const fixture =
    set.org === 'selectors'
      ? buildSelectorFixture(emu.generateOrg, spec)
      : buildFixture(emu.generateOrg, spec);
  const workspace = await createWorkspace(fixture, set);
  log(
    `${set.records} records${set.org === 'selectors' ? ' matched by selectors' : ''}, ${fixture.changes.length} changing (${set.kinds.join(', ')}): ` +
      `org and files ready in ${Math.round(performance.now() - started)} ms`,
  );
  const run: SetRun = { set, emu, fixture, workspace, log };
  const rows: BenchRow[] = [];
  try {
    const wantsApply = set.kinds.includes('apply');
    if (set.kinds.includes('plan') || wantsApply) {
      await withEmulator(run, async (emulator) => {
        const plan = await measurePlan(run, emulator);
        if (set.kinds.includes('plan')) rows.push(plan);
        if (set.kinds.includes('floor')) rows.push(await measureFloor(run, emulator));
        if (wantsApply) rows.push(await measureApply(run, emulator));
      });
    }
    for (const kind of ['sequential', 'naive'] as const) {
      if (!set.kinds.includes(kind)) continue;
      await withEmulator(run, async (emulator) =>
        rows.push(await measureScript(run, emulator, kind)),
      );
    }
    if (set.kinds.includes('selectors')) {
      await withEmulator(run, async (emulator) =>
        rows.push(...(await measureSelectors(run, emulator))),
      );
    }
    if (set.kinds.includes('local')) rows.push(await measureLocal(run));
    if (set.kinds.includes('emulator')) rows.push(await measureEmulator(run));
  } finally {
    await workspace.remove();
  }
  return rows;
}

async function withEmulator(
  run: SetRun,
  use: (emulator: RunningEmulator) => Promise<unknown>,
): Promise<void> {
  const emulator = await run.emu.startEmulator({
    seed: run.fixture.seed,
    latencyMs: run.set.latencyMs,
    concurrencyLimit: run.set.concurrency,
    jobDelayMs: run.set.jobDelayMs,
    ...(run.set.dailyCredits === undefined ? {} : { dailyCredits: run.set.dailyCredits }),
  });
  try {
    await use(emulator);
  } finally {
    await emulator.stop();
  }
}

// The temporary working folder of one org size: the files a user would have (territories.yaml,
// territory-sync.config.json) and the inputs of the naive and local-work workers.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { NaiveRecord } from './naive-sync.js';
import type { Fixture } from './org-fixture.js';
import { crmState } from './org-fixture.js';

export interface Workspace {
  readonly dir: string;
  readonly desiredFile: string;
  readonly naiveInput: string;
  readonly crmStateFile: string;
  remove(): Promise<void>;
}

export async function createWorkspace(
  fixture: Fixture,
  settings: { concurrency: number },
): Promise<Workspace> {
  const dir = await mkdtemp(path.join(tmpdir(), 'territory-sync-bench-'));
  const desiredFile = 'territories.yaml';
  const naiveInput = path.join(dir, 'naive-input.json');
  const crmStateFile = path.join(dir, 'crm-state.json');
  const config = { desired: desiredFile, concurrency: settings.concurrency, batchSize: 10 };
  const naive: NaiveRecord[] = fixture.desired.map((entry) => ({
    module: entry.module,
    id: entry.id,
    territories: entry.territoryIds.map((id) => fixture.territoryNames.get(id) ?? id),
  }));
  await Promise.all([
    writeFile(path.join(dir, desiredFile), fixture.yaml),
    writeFile(path.join(dir, 'territory-sync.config.json'), `${JSON.stringify(config, null, 2)}\n`),
    writeFile(naiveInput, JSON.stringify(naive)),
    writeFile(crmStateFile, JSON.stringify(crmState(fixture.seed))),
    ...Object.entries(fixture.extraFiles ?? {}).map(([name, text]) =>
      writeFile(path.join(dir, name), text),
    ),
  ]);
  return {
    dir,
    desiredFile,
    naiveInput,
    crmStateFile,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

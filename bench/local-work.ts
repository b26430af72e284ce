// What `plan` does on this machine besides waiting for Zoho: read and validate the YAML, diff
// it against the CRM state, render the text plan and the plan.json. The CRM state is read from
// a file beforehand (not timed), as if the API answered instantly.
import { readFile } from 'node:fs/promises';
import type { Catalogue, CurrentState } from '../src/core/model.js';
import type { Pipeline } from './dist-modules.js';

export interface CrmState {
  readonly catalogue: Catalogue;
  readonly current: CurrentState;
}

export interface LocalWorkResult {
  /** Milliseconds per step, in the order they run. */
  readonly phases: Readonly<Record<string, number>>;
  readonly changedRecords: number;
  readonly textBytes: number;
  readonly jsonBytes: number;
}

export async function readCrmState(file: string): Promise<CrmState> {
  return JSON.parse(await readFile(file, 'utf8')) as CrmState;
}

export async function localWork(
  pipeline: Pipeline,
  state: CrmState,
  options: { cwd: string; desiredFile: string },
): Promise<LocalWorkResult> {
  const phases: Record<string, number> = {};
  const timed = async <T>(name: string, step: () => T | Promise<T>): Promise<T> => {
    const start = performance.now();
    const value = await step();
    phases[name] = performance.now() - start;
    return value;
  };

  const loaded = await timed('parse+validate', () =>
    pipeline.loadDesired([options.desiredFile], { cwd: options.cwd }),
  );
  if (!loaded.ok) {
    throw new Error(
      `bench: the generated desired file is invalid: ${loaded.diagnostics[0]?.message}`,
    );
  }
  const result = await timed('diff', () =>
    pipeline.buildPlan({
      desired: loaded.state,
      catalogue: state.catalogue,
      current: state.current,
      options: {
        batchSize: 10,
        safety: pipeline.defaultSafety,
        // Local work reads no org: any target serves.
        target: { apiDomain: 'http://127.0.0.1', accountsUrl: 'http://127.0.0.1', orgId: '1' },
      },
    }),
  );
  if (!result.ok) throw new Error(`bench: the plan failed: ${result.diagnostics[0]?.message}`);
  const text = await timed('render text', () =>
    pipeline.renderPlan(result.plan, { format: 'text', color: false }),
  );
  // The pieces `plan --out` streams to its file (the file itself is not written here).
  const jsonBytes = await timed('plan.json', () => {
    let bytes = 0;
    for (const chunk of pipeline.serializePlanChunks(result.plan))
      bytes += Buffer.byteLength(chunk);
    return bytes;
  });
  return {
    phases,
    changedRecords: result.plan.changes.length,
    textBytes: Buffer.byteLength(text),
    jsonBytes,
  };
}

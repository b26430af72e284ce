// An in-memory CRM behind the executor's port: writes land at once, unless a test's hook
// decides otherwise. For executor unit tests; end-to-end tests use the emulator.
import type { CurrentRecord, ModuleName, WriteAction } from '../../../src/core/model.js';
import type { ApplyPort, WriteEntry, WriteEntryOutcome } from '../../../src/apply/ports.js';
import { DEFAULT_EXECUTE_OPTIONS } from '../../../src/apply/execute-plan.js';
import type { ExecuteOptions } from '../../../src/apply/execute-plan.js';

export interface FakeCrm extends ApplyPort {
  readonly calls: { module: ModuleName; action: WriteAction; ids: string[] }[];
  territories(module: ModuleName, id: string): string[];
}

export function fakeCrm(
  records: readonly { module?: ModuleName; id: string; territories?: readonly string[] }[],
  hooks: {
    beforeWrite?: (call: number) => Promise<void> | void;
    /** The job id Zoho's answer gives the record, if any. */
    jobIdFor?: (recordId: string) => string | undefined;
  } = {},
): FakeCrm {
  const state = new Map<string, Set<string>>();
  for (const r of records) state.set(`${r.module ?? 'Accounts'}:${r.id}`, new Set(r.territories));
  const calls: FakeCrm['calls'] = [];
  return {
    calls,
    territories: (module, id) => [...(state.get(`${module}:${id}`) ?? [])].sort(),
    async write(module, action, entries: readonly WriteEntry[]) {
      calls.push({ module, action, ids: entries.map((e) => e.id) });
      await hooks.beforeWrite?.(calls.length);
      return entries.map((entry): WriteEntryOutcome => {
        const set = state.get(`${module}:${entry.id}`);
        if (!set) {
          return {
            recordId: entry.id,
            status: 'error',
            code: 'INVALID_DATA',
            message: 'no such record',
          };
        }
        for (const t of entry.territoryIds) {
          if (action === 'assign') set.add(t);
          else set.delete(t);
        }
        const jobId = hooks.jobIdFor?.(entry.id);
        return {
          recordId: entry.id,
          status: 'success',
          code: 'SCHEDULED',
          message: 'scheduled',
          ...(jobId === undefined ? {} : { jobId }),
        };
      });
    },
    pendingRecords: () => Promise.resolve(new Set<string>()),
    readRecords(module, ids) {
      const found: CurrentRecord[] = [];
      const missing: string[] = [];
      for (const id of ids) {
        const set = state.get(`${module}:${id}`);
        if (!set) missing.push(id);
        else {
          found.push({
            module,
            id,
            territories: [...set].map((t) => ({ id: t, name: t, assigned: 'manually' as const })),
          });
        }
      }
      return Promise.resolve({ records: found, missing });
    },
  };
}

/** Executor options for tests: one call at a time, no real sleeping, a fixed clock. */
export function testExecuteOptions(extra: Partial<ExecuteOptions> = {}): ExecuteOptions {
  return {
    ...DEFAULT_EXECUTE_OPTIONS,
    concurrency: 1,
    pollIntervalMs: 1,
    sleep: () => Promise.resolve(),
    now: () => new Date('2025-01-01T00:00:00Z'),
    ...extra,
  };
}

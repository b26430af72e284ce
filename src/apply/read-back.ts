// Reading the touched records back after their jobs, for verification. Records whose last write
// was in an earlier wave are final once that wave's jobs landed: they are read while a later wave
// waits for its jobs (when the lanes would idle), in whole calls of 100 ids, so the reads add up
// to no more calls than reading everything at the end.
import type { CurrentRecord, ModuleName, Plan, RecordPlan } from '../core/model.js';
import { MAX_IDS_PER_GET_RECORDS } from '../constants/zoho.js';
import { MANAGED_MODULES } from '../core/model.js';
import { plural } from '../core/words.js';
import type { ApplyEvent } from './apply-report.js';
import type { ApplyPort } from './ports.js';
import { readCurrent } from './read-current.js';
import { recordKey } from '../core/record-key.js';

/**
 * Reads the records back from the CRM, every module at once; `counts.verifyReads` counts the
 * calls (100 ids each).
 */
export async function readBack(
  records: readonly RecordPlan[],
  port: ApplyPort,
  counts: { verifyReads: number },
): Promise<Map<string, CurrentRecord>> {
  for (const module of MANAGED_MODULES) {
    const n = records.filter((r) => r.module === module).length;
    counts.verifyReads += Math.ceil(n / MAX_IDS_PER_GET_RECORDS);
  }
  const current = await readCurrent(port, records);
  return new Map(current.map((record) => [recordKey(record.module, record.id), record]));
}

export interface EarlyReads {
  /** The wave in which each record is written last. */
  readonly lastWave: ReadonlyMap<string, number>;
  readonly reads: Promise<Map<string, CurrentRecord>>[];
  /** Waves whose jobs all landed and whose records were not read yet. */
  readonly finishedWaves: number[];
  /** Records read early: the final read leaves them out. */
  readonly keys: Set<string>;
}

export function planEarlyReads(plan: Plan): EarlyReads {
  const lastWave = new Map<string, number>();
  for (const wave of plan.waves) {
    for (const batch of wave.batches) {
      for (const record of batch.records) {
        lastWave.set(recordKey(batch.module, record.id), wave.index);
      }
    }
  }
  return { lastWave, reads: [], finishedWaves: [], keys: new Set() };
}

export interface EarlyReadDeps {
  readonly plan: Plan;
  readonly port: ApplyPort;
  readonly counts: { verifyReads: number };
  readonly emit: (event: ApplyEvent) => void;
  /** Whether the record's job was still running when waiting stopped: not final yet. */
  readonly stillPending: (module: ModuleName, id: string) => boolean;
}

/** Starts reading back the records the finished waves were the last to write. */
export function readFinishedWaves(early: EarlyReads, deps: EarlyReadDeps): void {
  for (const waveIndex of early.finishedWaves.splice(0)) {
    for (const module of MANAGED_MODULES) {
      const finished = deps.plan.changes.filter(
        (record) =>
          record.module === module &&
          early.lastWave.get(recordKey(module, record.id)) === waveIndex &&
          !deps.stillPending(module, record.id),
      );
      const whole = finished.slice(
        0,
        finished.length - (finished.length % MAX_IDS_PER_GET_RECORDS),
      );
      if (whole.length === 0) continue;
      for (const record of whole) early.keys.add(recordKey(module, record.id));
      deps.emit({
        kind: 'verify',
        message: `verifying ${plural(whole.length, `${module} record`)} done in wave ${waveIndex}`,
      });
      const reading = readBack(whole, deps.port, deps.counts);
      // Awaited with the final read; a failure there is handled as the final read's would be.
      reading.catch(() => undefined);
      early.reads.push(reading);
    }
  }
}

/** The final read of everything not read early, merged with the early reads. */
export async function readAllBack(
  early: EarlyReads,
  deps: Pick<EarlyReadDeps, 'plan' | 'port' | 'counts' | 'emit'>,
): Promise<Map<string, CurrentRecord>> {
  const rest = deps.plan.changes.filter((r) => !early.keys.has(recordKey(r.module, r.id)));
  deps.emit({ kind: 'verify', message: `verifying ${plural(rest.length, 'record')}` });
  const [late, ...found] = await Promise.all([
    readBack(rest, deps.port, deps.counts),
    ...early.reads,
  ]);
  const current = new Map(late);
  for (const reads of found) for (const [key, record] of reads) current.set(key, record);
  return current;
}

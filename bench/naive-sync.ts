// The baseline: the same job written the obvious way, one record at a time. Each record is read
// with its own GET, compared, then sent its own remove and/or assign call; a record that swaps
// waits for its removal job (its own status call) before the assign. Every record runs at once
// and the client's limiter caps them at the same concurrency as territory-sync.
import type { ModuleName } from '../src/core/model.js';
import type { ZohoClient } from '../src/zoho/index.js';

export interface NaiveRecord {
  readonly module: ModuleName;
  readonly id: string;
  /** Territory names, as in territories.yaml. */
  readonly territories: readonly string[];
}

export interface NaiveOptions {
  /** Pause before each job-status check of a swapping record. */
  readonly pollDelayMs: number;
  /** Status checks per record before giving up on its removal job. */
  readonly maxPolls: number;
}

export interface NaiveOutcome {
  readonly changedRecords: number;
  /** Write entries Zoho did not answer SCHEDULED, by code. */
  readonly writeErrors: Readonly<Record<string, number>>;
  /** Records whose removal job was still pending after maxPolls checks. */
  readonly gaveUp: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function naiveSync(
  client: ZohoClient,
  records: readonly NaiveRecord[],
  options: NaiveOptions,
): Promise<NaiveOutcome> {
  const catalogue = await client.readCatalogue();
  const idByName = new Map(catalogue.territories.map((t) => [t.name, t.id]));
  const writeErrors: Record<string, number> = {};
  let changedRecords = 0;
  let gaveUp = 0;

  const write = async (
    module: ModuleName,
    action: 'assign' | 'remove',
    id: string,
    territoryIds: string[],
  ) => {
    const [answer] = await client.write(module, action, [{ id, territoryIds }]);
    const code = answer?.code ?? 'NO_ANSWER';
    if (code !== 'SCHEDULED') writeErrors[code] = (writeErrors[code] ?? 0) + 1;
  };

  const waitForJob = async (module: ModuleName, id: string): Promise<boolean> => {
    for (let poll = 0; poll < options.maxPolls; poll += 1) {
      await sleep(options.pollDelayMs);
      if (!(await client.pendingRecords(module, [id])).has(id)) return true;
    }
    return false;
  };

  await Promise.all(
    records.map(async (record) => {
      const { records: found } = await client.readRecords(record.module, [record.id]);
      const current = found[0]?.territories ?? [];
      const wanted = new Set(record.territories.map((name) => idByName.get(name) ?? name));
      const held = new Set(current.map((t) => t.id));
      const add = [...wanted].filter((id) => !held.has(id));
      const remove = current
        .filter((t) => t.assigned === 'manually' && !wanted.has(t.id))
        .map((t) => t.id);
      if (add.length === 0 && remove.length === 0) return;
      changedRecords += 1;
      if (remove.length > 0) await write(record.module, 'remove', record.id, remove);
      if (add.length === 0) return;
      if (remove.length > 0 && !(await waitForJob(record.module, record.id))) {
        gaveUp += 1;
        return;
      }
      await write(record.module, 'assign', record.id, add);
    }),
  );
  return { changedRecords, writeErrors, gaveUp };
}

// Reads one module's records page by page and keeps only what the export writes: records with
// a manually assigned territory, their name, and their territory ids split by who assigned them.
// Pages are dropped as soon as they are read, so memory holds only what the file will say;
// the client lists each record once, in id order, however large the module.
import type { ModuleName, TerritoryAssignment } from '../core/model.js';
import { compareIds } from '../core/ordering.js';
import { NAME_FIELD, TERRITORY_FIELD } from '../constants/zoho.js';
import { TerritorySyncError } from '../errors.js';
import type { ZohoClient } from '../zoho/index.js';
// The client's own reading of a record's territory field (both spellings, `$assigned`), so the
// export and the planner can never disagree about what a record carries.
import { isCoqlScopeMissing, readTerritories, recordName } from '../zoho/index.js';
import type { ExportRecord, ModuleExport } from './export-record.js';

export interface ReadModuleOptions {
  /** Called after each page with the number of records read so far. */
  readonly onProgress?: (module: ModuleName, scanned: number) => void;
}

interface Tally {
  scanned: number;
  onlyByRules: number;
  withoutTerritories: number;
}

export async function readModule(
  client: ZohoClient,
  module: ModuleName,
  options: ReadModuleOptions = {},
): Promise<ModuleExport> {
  const kept = new Map<string, ExportRecord>();
  const tally: Tally = { scanned: 0, onlyByRules: 0, withoutTerritories: 0 };
  // Records whose list answer left the territory field out (assumption A3 not holding).
  const unread = new Map<string, string | undefined>();
  const fields = [NAME_FIELD[module], TERRITORY_FIELD[module]];
  let atListingLimit = false;
  try {
    for await (const page of client.listRecords(module, { fields })) {
      for (const raw of page) {
        if (typeof raw.id !== 'string') continue;
        const id = raw.id;
        tally.scanned += 1;
        const name = recordName(module, raw);
        const territories = territoriesOf(module, id, raw);
        if (territories === undefined) unread.set(id, name);
        else keep(kept, tally, { id, name, territories });
      }
      options.onProgress?.(module, tally.scanned);
    }
  } catch (error) {
    // Everything up to Zoho's listing limit was read; past it needs a scope the token lacks.
    // The export still helps, marked incomplete, and what it leaves out stays untouched.
    if (!isCoqlScopeMissing(error)) throw error;
    atListingLimit = true;
  }
  if (unread.size > 0) {
    const { records } = await client.readRecords(module, [...unread.keys()]);
    for (const record of records) {
      keep(kept, tally, {
        id: record.id,
        name: record.name ?? unread.get(record.id),
        territories: record.territories,
      });
    }
  }
  return {
    module,
    records: [...kept.values()].sort((a, b) => compareIds(a.id, b.id)),
    ...tally,
    atListingLimit,
  };
}

function territoriesOf(
  module: ModuleName,
  id: string,
  raw: Readonly<Record<string, unknown>>,
): TerritoryAssignment[] | undefined {
  try {
    return readTerritories(module, raw);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    throw new TerritorySyncError(
      'ZOHO_API',
      `Zoho listed ${module} record ${id} with ${error.message}; nothing was written.`,
      {
        hint: 'Re-run with --verbose to see the calls, and check the API domain points at Zoho CRM.',
      },
    );
  }
}

function keep(
  kept: Map<string, ExportRecord>,
  tally: Tally,
  record: { id: string; name: string | undefined; territories: readonly TerritoryAssignment[] },
): void {
  const manual: string[] = [];
  const byRules: string[] = [];
  for (const territory of record.territories) {
    (territory.assigned === 'manually' ? manual : byRules).push(territory.id);
  }
  if (manual.length === 0) {
    if (byRules.length > 0) tally.onlyByRules += 1;
    else tally.withoutTerritories += 1;
    return;
  }
  const name = record.name?.trim();
  kept.set(record.id, {
    id: record.id,
    ...(name ? { name } : {}),
    manual,
    byRules,
  });
}

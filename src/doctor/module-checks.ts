// The checks for one module, all reads: records can be listed (scope), the list answer carries
// territories the way A3 assumes, 100 ids per Get Records call (A4), and the job-status
// endpoint answers in A5's shape for a real record.
import {
  MAX_IDS_PER_GET_RECORDS,
  MAX_RECORDS_PER_PAGE,
  NAME_FIELD,
  TERRITORY_FIELD,
} from '../constants/zoho.js';
import type { ModuleName } from '../core/model.js';
import { plural } from '../render/words.js';
import type { ZohoClient } from '../zoho/index.js';
import type { CheckResult } from './check-result.js';
import { attempt } from './probe-failure.js';
import type { ProbeFailure } from './probe-failure.js';
import { scopeAdvice } from './scope-advice.js';
import { probeTerritoryField } from './territory-field-probe.js';
import type { TerritoryFieldProbe } from './territory-field-probe.js';

export interface ModuleCheckDeps {
  readonly client: ZohoClient;
  readonly credentials: 'refresh-token' | 'access-token';
  readonly add: (result: CheckResult) => void;
}

/** Record ids no org has (ids count up from an org's base): they pad an A4 probe to 100. */
function paddingIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => String(999_999_999_999_999_999n - BigInt(i)));
}

async function firstPage(
  client: ZohoClient,
  module: ModuleName,
): Promise<readonly Readonly<Record<string, unknown>>[]> {
  const fields = [NAME_FIELD[module], TERRITORY_FIELD[module]];
  for await (const page of client.listRecords(module, { fields, perPage: MAX_RECORDS_PER_PAGE })) {
    return page;
  }
  return [];
}

function failed(name: string, failure: ProbeFailure, deps: ModuleCheckDeps, scope: string) {
  const detail =
    failure.kind === 'scope'
      ? `the token lacks ${scope}. ${scopeAdvice(scope, deps.credentials)}`
      : failure.kind === 'feature'
        ? `${failure.message} In Zoho CRM: Setup > Territory Management, enable territories for this module.`
        : failure.message;
  deps.add({ status: 'fail', name, detail });
}

export async function checkModule(deps: ModuleCheckDeps, module: ModuleName): Promise<void> {
  const readScope = `ZohoCRM.modules.${module.toLowerCase()}.READ`;
  const names = {
    read: `${module}: read records`,
    a3: `${module}: territories in list answers (A3)`,
    a4: `${module}: ${MAX_IDS_PER_GET_RECORDS} ids per Get Records call (A4)`,
    a5: `${module}: job status (A5)`,
  };
  const skipAll = (why: string) => {
    for (const name of [names.a3, names.a4, names.a5])
      deps.add({ status: 'skip', name, detail: why });
  };

  const page = await attempt(() => firstPage(deps.client, module));
  if (!page.ok) {
    // ZohoCRM.modules.ALL also covers apply's writes: the one worth adding.
    failed(names.read, page.failure, deps, `ZohoCRM.modules.ALL (or at least ${readScope})`);
    skipAll(`needs ${module} records to be readable`);
    return;
  }
  const records = page.value;
  deps.add({
    status: 'ok',
    name: names.read,
    detail:
      records.length === 0
        ? `readable (${readScope} or wider); the module has no records`
        : `readable (${readScope} or wider); ${plural(records.length, 'record')} on the first page`,
  });
  const ids = records.flatMap((r) => (typeof r.id === 'string' ? [r.id] : []));
  const firstId = ids[0];
  if (firstId === undefined) {
    skipAll(`${module} has no records to probe`);
    return;
  }

  const field = probeTerritoryField(module, records);
  deps.add(territoryFieldCheck(names.a3, module, field));
  if (field.withField === 0) {
    deps.add({
      status: 'skip',
      name: names.a4,
      detail: 'not probed: without the territory field, each record would be read on its own',
    });
  } else {
    await checkIdsPerCall(deps, module, names.a4, ids.slice(0, MAX_IDS_PER_GET_RECORDS));
  }

  const jobs = await attempt(() => deps.client.pendingRecords(module, [firstId]));
  if (!jobs.ok) {
    failed(names.a5, jobs.failure, deps, `ZohoCRM.modules.ALL (or at least ${readScope})`);
    return;
  }
  deps.add({
    status: 'ok',
    name: names.a5,
    detail:
      `answered feature_specific_info for record ${firstId} ` +
      `(${jobs.value.has(firstId) ? 'a territory job is running' : 'no job running'})`,
  });
}

function territoryFieldCheck(
  name: string,
  module: ModuleName,
  probe: TerritoryFieldProbe,
): CheckResult {
  const field = TERRITORY_FIELD[module];
  if (probe.withField === 0) {
    return {
      status: 'fail',
      name,
      detail:
        `the list answer has no ${field} field on any of ${plural(probe.records, 'record')}: ` +
        `territories may not be enabled for ${module} (Setup > Territory Management), or Zoho ` +
        'leaves the field out of list calls, and territory-sync then reads one record per call ' +
        '(slow on large orgs; please report it).',
    };
  }
  if (probe.unmarked > 0) {
    return {
      status: 'fail',
      name,
      detail:
        `${plural(probe.unmarked, 'territory', 'territories')} of ${probe.assignments} came without ` +
        '$assigned: territory-sync would take rule-assigned ones for manual and plan removals Zoho ' +
        'refuses (NOT_ALLOWED). Please report it with `doctor --verbose` output.',
    };
  }
  if (probe.assignments === 0) {
    return {
      status: 'skip',
      name,
      detail: `${probe.key ?? field} is present, but no record on the first page has a territory to show $assigned`,
    };
  }
  return {
    status: 'ok',
    name,
    detail:
      `${probe.key ?? field} with $assigned on all ${plural(probe.assignments, 'assignment')} ` +
      `of ${plural(probe.withTerritories, 'record')}`,
  };
}

async function checkIdsPerCall(
  deps: ModuleCheckDeps,
  module: ModuleName,
  name: string,
  ids: readonly string[],
): Promise<void> {
  // Ids no org has fill the call up to the limit: A4 also says those are left out quietly.
  // The client sends up to MAX_IDS_PER_GET_RECORDS ids in one call, so this is one call.
  const padding = paddingIds(MAX_IDS_PER_GET_RECORDS - ids.length);
  const read = await attempt(() => deps.client.readRecords(module, [...ids, ...padding]));
  if (!read.ok) {
    deps.add({
      status: 'fail',
      name,
      detail:
        `${read.failure.message} territory-sync reads ${MAX_IDS_PER_GET_RECORDS} ids per call ` +
        '(MAX_IDS_PER_GET_RECORDS): please report this answer.',
    });
    return;
  }
  const found = new Set(read.value.records.map((r) => r.id));
  const lost = ids.filter((id) => !found.has(id));
  const phantom = padding.filter((id) => found.has(id));
  if (lost.length > 0 || phantom.length > 0) {
    deps.add({
      status: 'fail',
      name,
      detail:
        `a call for ${MAX_IDS_PER_GET_RECORDS} ids left out ${plural(lost.length, 'record')} the ` +
        `list had just shown and returned ${plural(phantom.length, 'id')} no org should have: ` +
        'please report it.',
    });
    return;
  }
  deps.add({
    status: 'ok',
    name,
    detail:
      `accepted in one call (${plural(ids.length, 'real id')}` +
      `${padding.length > 0 ? `, ${padding.length} unknown ones left out as assumed` : ''})`,
  });
}

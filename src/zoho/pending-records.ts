// Which records still have a territory job running (ASSUMPTION A5):
// GET /crm/v7/{module}/actions/get_feature_specific_info?features=territory_scheduled_jobs&ids=..
import {
  API_VERSION,
  FEATURE_INFO_KEY,
  MAX_IDS_PER_FEATURE_INFO,
  PENDING_JOB_STATUSES,
  TERRITORY_JOBS_FEATURE,
} from '../constants/zoho.js';
import type { ModuleName } from '../core/model.js';
import type { ApiCall } from './api-call.js';
import { isSuccess } from './api-call.js';
import { chunk, unique } from './chunk.js';
import { readScope } from './scopes.js';
import type { Transport } from './transport.js';
import { isObject } from '../core/is-object.js';
import { optionalString } from './zoho-envelope.js';

const RUNNING = new Set<string>(PENDING_JOB_STATUSES);

export async function pendingRecords(
  transport: Transport,
  module: ModuleName,
  ids: readonly string[],
): Promise<Set<string>> {
  const parts = await Promise.all(
    chunk(unique(ids), MAX_IDS_PER_FEATURE_INFO).map((part) => readChunk(transport, module, part)),
  );
  return new Set(parts.flat());
}

async function readChunk(
  transport: Transport,
  module: ModuleName,
  ids: readonly string[],
): Promise<string[]> {
  const call: ApiCall = {
    kind: 'jobs',
    method: 'GET',
    path: `/crm/${API_VERSION}/${module}/actions/get_feature_specific_info`,
    query: { features: TERRITORY_JOBS_FEATURE, ids: ids.join(',') },
    scope: readScope(module),
  };
  const response = await transport.send(call);
  if (response.status === 204) return [];
  if (!isSuccess(response)) throw transport.fail(call, response);
  const body = response.body;
  if (!isObject(body) || !Array.isArray(body[FEATURE_INFO_KEY])) {
    throw transport.unexpected(call, response, 'no `feature_specific_info` array');
  }
  const requested = new Set(ids);
  const pending: string[] = [];
  for (const entry of body[FEATURE_INFO_KEY]) {
    if (!isObject(entry)) continue;
    const id = optionalString(entry.id);
    if (id === undefined || !requested.has(id)) continue;
    const jobs = Array.isArray(entry[TERRITORY_JOBS_FEATURE]) ? entry[TERRITORY_JOBS_FEATURE] : [];
    if (jobs.some((job) => isObject(job) && RUNNING.has(String(job.status)))) pending.push(id);
  }
  return pending;
}

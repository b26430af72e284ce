// GET /crm/v7/{module}[/{id}]/actions/get_feature_specific_info?features=territory_scheduled_jobs
// The answer's shape is not published: assumption A5 decides it.
import {
  FEATURE_INFO_KEY,
  JOB_SOURCE_ASSIGN,
  JOB_SOURCE_REMOVE,
  MAX_IDS_PER_FEATURE_INFO,
  TERRITORY_JOBS_FEATURE,
} from '../constants/zoho.js';
import type { ApiRequest } from './api-context.js';
import { resolveModule } from './module-resolve.js';
import { commaList, idList } from './query-params.js';
import {
  NO_CONTENT,
  featureNotEnabled,
  invalidIdInPath,
  invalidParam,
  ok,
  requiredParamMissing,
  type ZohoAnswer,
} from './zoho-answers.js';
import { ID_PATTERN, zohoTime } from './zoho-time.js';

export function featureInfo(request: ApiRequest): ZohoAnswer {
  const { state, jobs, now } = request.parts;
  const resolved = resolveModule(request.params['module'] ?? '', true);
  if (resolved.kind === 'error') return resolved.answer;
  if (resolved.kind === 'no-records') return NO_CONTENT;
  if (!state.territoriesEnabled) return featureNotEnabled();
  const pathId = request.params['id'];
  if (pathId !== undefined && !ID_PATTERN.test(pathId)) return invalidIdInPath(1);
  const features = request.query.get('features');
  if (features === null || features.trim() === '') return requiredParamMissing('features');
  if (!commaList(features).every((f) => f === TERRITORY_JOBS_FEATURE)) {
    return invalidParam('features');
  }
  let ids: string[];
  if (pathId !== undefined) {
    ids = [pathId];
  } else {
    const parsed = idList(request.query, 'ids', MAX_IDS_PER_FEATURE_INFO);
    if (!parsed.ok) return parsed.answer;
    if (!parsed.value) return requiredParamMissing('ids');
    ids = parsed.value;
  }
  const at = now();
  const entries = ids.flatMap((id) => {
    if (!state.record(resolved.module, id)) return [];
    return [
      {
        id,
        [TERRITORY_JOBS_FEATURE]: jobs.history(id, at).map((job) => ({
          job_id: job.jobId,
          source: job.action === 'assign' ? JOB_SOURCE_ASSIGN : JOB_SOURCE_REMOVE,
          status: jobs.status(job, at),
          scheduled_time: zohoTime(job.scheduledAt),
        })),
      },
    ];
  });
  if (entries.length === 0) return NO_CONTENT;
  return ok({ [FEATURE_INFO_KEY]: entries });
}

// The API's routes under /crm/v7: path patterns, the scope each needs, and their handlers.
import { API_VERSION, WRITE_STATUS_MIXED } from '../constants/zoho.js';
import type { ApiHandler, ApiRequest } from './api-context.js';
import { runCoql } from './coql-api.js';
import type { FaultRoute } from './fault-injector.js';
import { featureInfo } from './feature-info-api.js';
import type { WriteKind } from './job-board.js';
import { getFields, getModule, getModules, getUsers } from './metadata-api.js';
import { resolveModule } from './module-resolve.js';
import { getOrg } from './org-api.js';
import { getRecord, getRecords } from './records-api.js';
import type { ScopeNeed } from './scopes.js';
import { childTerritories, getTerritory, listTerritories } from './territories-api.js';
import { handleTerritoryWrite } from './territory-writes.js';
import { featureNotEnabled, territoryNotEnabledForLeads, type ZohoAnswer } from './zoho-answers.js';

export interface ApiRoute {
  readonly method: 'GET' | 'POST';
  /** Segments after /crm/v7; ':module' and ':id' capture. */
  readonly pattern: readonly string[];
  readonly kind: FaultRoute;
  /** undefined: the handler checks scopes itself (COQL names its module in the body). */
  readonly scope?: (params: Readonly<Record<string, string>>) => ScopeNeed;
  readonly handler: ApiHandler;
}

const RESERVED = new Set(['settings', 'users', 'coql', 'org']);

const moduleRead = (p: Readonly<Record<string, string>>): ScopeNeed => ({
  kind: 'module-read',
  module: p['module'] ?? '',
});
const moduleUpdate = (p: Readonly<Record<string, string>>): ScopeNeed => ({
  kind: 'module-update',
  module: p['module'] ?? '',
});

function write(action: WriteKind): ApiHandler {
  return (request: ApiRequest): ZohoAnswer => {
    const resolved = resolveModule(request.params['module'] ?? '', true);
    if (resolved.kind === 'error') return resolved.answer;
    if (resolved.kind === 'no-records') return featureNotEnabled();
    if (!request.parts.state.territoriesEnabled) return featureNotEnabled();
    // Zoho checks the module before the records: a Lead that does not exist is refused the same.
    if (resolved.module === 'Leads' && !request.parts.state.leadAssignmentEnabled) {
      return territoryNotEnabledForLeads();
    }
    const answer = handleTerritoryWrite(request, resolved.module, action, request.params['id']);
    // A1: a batch of SCHEDULED and error entries answers 207, or 400 where the seed says so.
    const mixed = request.parts.state.mixedBatchStatus;
    return answer.status === WRITE_STATUS_MIXED && mixed !== WRITE_STATUS_MIXED
      ? { ...answer, status: mixed }
      : answer;
  };
}

export const API_ROUTES: readonly ApiRoute[] = [
  {
    method: 'GET',
    pattern: ['settings', 'territories'],
    kind: 'territories',
    scope: () => ({ kind: 'territories' }),
    handler: listTerritories,
  },
  {
    method: 'GET',
    pattern: ['settings', 'territories', ':id'],
    kind: 'territories',
    scope: () => ({ kind: 'territories' }),
    handler: getTerritory,
  },
  {
    method: 'GET',
    pattern: ['settings', 'territories', ':id', '__child_territories'],
    kind: 'territories',
    scope: () => ({ kind: 'territories' }),
    handler: childTerritories,
  },
  {
    method: 'GET',
    pattern: ['settings', 'modules'],
    kind: 'metadata',
    scope: () => ({ kind: 'modules-meta' }),
    handler: getModules,
  },
  {
    method: 'GET',
    pattern: ['settings', 'modules', ':module'],
    kind: 'metadata',
    scope: () => ({ kind: 'modules-meta' }),
    handler: getModule,
  },
  {
    method: 'GET',
    pattern: ['settings', 'fields'],
    kind: 'metadata',
    scope: () => ({ kind: 'fields-meta' }),
    handler: getFields,
  },
  {
    method: 'GET',
    pattern: ['users'],
    kind: 'metadata',
    scope: () => ({ kind: 'users' }),
    handler: getUsers,
  },
  {
    method: 'GET',
    pattern: ['org'],
    kind: 'metadata',
    scope: () => ({ kind: 'org' }),
    handler: getOrg,
  },
  { method: 'POST', pattern: ['coql'], kind: 'coql', handler: runCoql },
  {
    method: 'POST',
    pattern: [':module', 'actions', 'assign_territories'],
    kind: 'write',
    scope: moduleUpdate,
    handler: write('assign'),
  },
  {
    method: 'POST',
    pattern: [':module', 'actions', 'remove_territories'],
    kind: 'write',
    scope: moduleUpdate,
    handler: write('remove'),
  },
  {
    method: 'GET',
    pattern: [':module', 'actions', 'get_feature_specific_info'],
    kind: 'jobStatus',
    scope: moduleRead,
    handler: featureInfo,
  },
  {
    method: 'POST',
    pattern: [':module', ':id', 'actions', 'assign_territories'],
    kind: 'write',
    scope: moduleUpdate,
    handler: write('assign'),
  },
  {
    method: 'POST',
    pattern: [':module', ':id', 'actions', 'remove_territories'],
    kind: 'write',
    scope: moduleUpdate,
    handler: write('remove'),
  },
  {
    method: 'GET',
    pattern: [':module', ':id', 'actions', 'get_feature_specific_info'],
    kind: 'jobStatus',
    scope: moduleRead,
    handler: featureInfo,
  },
  { method: 'GET', pattern: [':module'], kind: 'records', scope: moduleRead, handler: getRecords },
  {
    method: 'GET',
    pattern: [':module', ':id'],
    kind: 'records',
    scope: moduleRead,
    handler: getRecord,
  },
];

export const API_PREFIX = `/crm/${API_VERSION}`;

export type RouteMatch =
  | {
      readonly kind: 'found';
      readonly route: ApiRoute;
      readonly params: Record<string, string>;
      readonly template: string;
    }
  | { readonly kind: 'wrong-method' }
  | { readonly kind: 'not-found' };

function matchPattern(pattern: readonly string[], segments: readonly string[]) {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, part] of pattern.entries()) {
    const segment = segments[i] as string;
    if (part === ':module') {
      if (RESERVED.has(segment.toLowerCase()) || segment === '') return undefined;
      params['module'] = segment;
    } else if (part === ':id') {
      if (segment === '') return undefined;
      params['id'] = segment;
    } else if (part !== segment) {
      return undefined;
    }
  }
  return params;
}

export function matchApiRoute(method: string, pathname: string): RouteMatch {
  if (!pathname.startsWith(`${API_PREFIX}/`)) return { kind: 'not-found' };
  let segments: string[];
  try {
    segments = pathname
      .slice(API_PREFIX.length + 1)
      .replace(/\/$/, '')
      .split('/')
      .map(decodeURIComponent);
  } catch {
    return { kind: 'not-found' };
  }
  let wrongMethod = false;
  for (const route of API_ROUTES) {
    const params = matchPattern(route.pattern, segments);
    if (!params) continue;
    if (route.method !== method) {
      wrongMethod = true;
      continue;
    }
    const template = `${route.method} ${API_PREFIX}/${route.pattern
      .map((p) => (p.startsWith(':') ? `{${p.slice(1)}}` : p))
      .join('/')}`;
    return { kind: 'found', route, params, template };
  }
  return wrongMethod ? { kind: 'wrong-method' } : { kind: 'not-found' };
}

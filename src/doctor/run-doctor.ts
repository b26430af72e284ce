// territory-sync doctor: read-only checks of a real org, in the order a setup goes wrong —
// data centre, credentials, reachability, scopes, the territory feature, then each API
// assumption that can be probed without writing. It changes no data: its one write call, the
// Leads probe, names a record and a territory shown not to exist (lead-assignment-probe.ts).
import { API_VERSION, SCOPES } from '../constants/zoho.js';
import { DEFAULT_MODULES } from '../core/model.js';
import type { Catalogue, ModuleName } from '../core/model.js';
import { formatCount, plural } from '../render/words.js';
import { ORG_READ_SCOPE } from '../zoho/index.js';
import type { OrgInfo, ZohoClient, ZohoConnection } from '../zoho/index.js';
import type { CheckResult } from './check-result.js';
import type { ClientEventLog } from './client-event-log.js';
import { connectionCheck, describeAccountsServer } from './connection-check.js';
import { leadAssignmentCheck } from './lead-assignment-probe.js';
import { checkModule } from './module-checks.js';
import { attempt } from './probe-failure.js';
import type { ProbeFailure } from './probe-failure.js';
import { scopeAdvice } from './scope-advice.js';
import { selectorScopesCheck } from './selector-scopes-check.js';

export interface DoctorOptions {
  readonly client: ZohoClient;
  readonly connection: ZohoConnection;
  readonly credentials: 'refresh-token' | 'access-token';
  /** Fed by the client's onEvent: how the token refresh and the calls went. */
  readonly events: ClientEventLog;
  /** Each result as soon as it is known (a real org can take a while). */
  readonly report?: (result: CheckResult) => void;
  /** The modules the config manages (their records are probed); default DEFAULT_MODULES. */
  readonly modules?: readonly ModuleName[];
}

const LATER_CHECKS =
  'scopes, territory feature, module checks (A3, A4, A5), Leads assignment (A26), selectors ' +
  'scopes, credits (A6)';

export async function runDoctor(options: DoctorOptions): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const add = (result: CheckResult) => {
    results.push(result);
    options.report?.(result);
  };
  const skipRest = (why: string) =>
    add({ status: 'skip', name: 'remaining checks', detail: `${LATER_CHECKS}: ${why}` });

  add(connectionCheck(options.connection));

  // The first API call also fetches the access token: it tells whether credentials work.
  const catalogue = await attempt(() => options.client.readCatalogue());
  const failure = catalogue.ok ? undefined : catalogue.failure;
  if (failure?.kind === 'token' || failure?.kind === 'auth') {
    add({ status: 'fail', name: 'credentials', detail: failure.message });
    skipRest('they need a working access token');
    return results;
  }
  if (failure?.kind === 'network') {
    add(
      options.credentials === 'access-token'
        ? {
            status: 'skip',
            name: 'credentials',
            detail: 'ZOHO_ACCESS_TOKEN not verified: the API did not answer',
          }
        : credentialsCheck(options),
    );
    add({ status: 'fail', name: 'API domain', detail: failure.message });
    skipRest(`they need an answer from ${options.connection.apiDomain}`);
    return results;
  }
  add(credentialsCheck(options));
  add(apiDomainCheck(options));
  add(catalogueScopeCheck(failure, options.credentials));
  add(orgScopeCheck(await attempt(() => options.client.readOrg()), options.credentials));
  add(territoryFeatureCheck(catalogue.ok ? catalogue.value : undefined, failure));

  const modules = options.modules ?? DEFAULT_MODULES;
  for (const module of modules) {
    await checkModule({ client: options.client, credentials: options.credentials, add }, module);
  }
  add(
    await leadAssignmentCheck(options.client, {
      leadsManaged: modules.includes('Leads'),
      credentials: options.credentials,
      territoryIds: new Set((catalogue.ok ? catalogue.value.territories : []).map((t) => t.id)),
    }),
  );
  add(await selectorScopesCheck(options.client));
  add(creditsCheck(options.client));
  add({
    status: 'info',
    name: 'write scope',
    detail:
      'not probed beyond the Leads check, which changes no data. apply needs ZohoCRM.modules.ALL (or ' +
      `ZohoCRM.modules.{${modules.map((m) => m.toLowerCase()).join(',')}}.UPDATE) to assign ` +
      'and remove territories.',
  });
  return results;
}

function credentialsCheck(options: DoctorOptions): CheckResult {
  const token = options.events.lastToken;
  if (options.credentials === 'access-token' || token === undefined) {
    return {
      status: 'ok',
      name: 'credentials',
      detail: 'ZOHO_ACCESS_TOKEN accepted (it expires within an hour; no refresh token to check)',
    };
  }
  return {
    status: 'ok',
    name: 'credentials',
    detail:
      `access token refreshed at ${describeAccountsServer(token.accountsUrl)} ` +
      `in ${formatCount(token.ms)} ms`,
  };
}

function apiDomainCheck(options: DoctorOptions): CheckResult {
  const request = options.events.lastRequest;
  const how =
    request === undefined
      ? ''
      : ` (${request.method} ${request.path}: ${request.status} in ${formatCount(request.ms)} ms)`;
  return {
    status: 'ok',
    name: 'API domain',
    detail: `${options.connection.apiDomain} answers the CRM ${API_VERSION} API${how}`,
  };
}

function catalogueScopeCheck(
  failure: ProbeFailure | undefined,
  credentials: DoctorOptions['credentials'],
): CheckResult {
  const name = `scope ${SCOPES.territoriesRead}`;
  if (failure?.kind === 'scope') {
    return {
      status: 'fail',
      name,
      detail: `the token cannot read the territory catalogue. ${scopeAdvice(SCOPES.territoriesRead, credentials)}`,
    };
  }
  return {
    status: 'ok',
    name,
    detail: 'the territory catalogue (settings/territories) is readable',
  };
}

function orgScopeCheck(
  org: { ok: true; value: OrgInfo } | { ok: false; failure: ProbeFailure },
  credentials: DoctorOptions['credentials'],
): CheckResult {
  const name = `scope ${ORG_READ_SCOPE}`;
  if (org.ok) {
    const company = org.value.name === undefined ? '' : ` ("${org.value.name}")`;
    return {
      status: 'ok',
      name,
      detail: `org ${org.value.id}${company} at ${org.value.apiDomain}: plans record which org they were made for`,
    };
  }
  if (org.failure.kind === 'scope') {
    return {
      status: 'fail',
      name,
      detail:
        'the token cannot read the org (GET /crm/v7/org), which a plan records so it is ' +
        `applied only to the org it was made for. ${scopeAdvice(ORG_READ_SCOPE, credentials)}`,
    };
  }
  return { status: 'fail', name, detail: org.failure.message };
}

function territoryFeatureCheck(
  catalogue: Catalogue | undefined,
  failure: ProbeFailure | undefined,
): CheckResult {
  const name = 'territory feature';
  if (failure?.kind === 'scope') {
    return {
      status: 'skip',
      name,
      detail: `needs ${SCOPES.territoriesRead} to read the catalogue`,
    };
  }
  if (failure !== undefined || catalogue === undefined) {
    const extra =
      failure?.kind === 'feature'
        ? ' In Zoho CRM: Setup > Territory Management, enable it (an org administrator can).'
        : '';
    return { status: 'fail', name, detail: `${failure?.message ?? 'no catalogue'}${extra}` };
  }
  const territories = catalogue.territories;
  if (territories.length === 0) {
    return {
      status: 'fail',
      name,
      detail:
        'the catalogue is empty: create the territories in Zoho CRM (Setup > Territory ' +
        'Management) before assigning them.',
    };
  }
  const roots = territories.filter((t) => t.parentId === null).map((t) => `"${t.name}"`);
  return {
    status: 'ok',
    name,
    detail: `enabled; ${plural(territories.length, 'territory', 'territories')} under ${roots.join(', ') || 'no root'}`,
  };
}

function creditsCheck(client: ZohoClient): CheckResult {
  const stats = client.stats();
  const throttled =
    stats.rateLimited === 0
      ? ''
      : `; ${plural(stats.rateLimited, 'call')} answered 429 and were retried`;
  const name = 'API credits (A6)';
  if (stats.creditsRemaining === undefined) {
    return {
      status: 'ok',
      name,
      detail:
        `no X-API-CREDITS-REMAINING header yet: Zoho sends it once half of the day's credits ` +
        `are used; doctor used ${plural(stats.calls, 'call')}${throttled}`,
    };
  }
  return {
    status: 'ok',
    name,
    detail:
      `${formatCount(stats.creditsRemaining)} credits left today (X-API-CREDITS-REMAINING); ` +
      `doctor used ${plural(stats.calls, 'call')}${throttled}`,
  };
}

// A plan is bound to the org it was read from: its API domain and Zoho's org id. The same
// domain can serve another org (a sandbox refreshed, an emulator restarted with another seed),
// and the same org is reached through one domain only, so both must agree.
import { urlOrigin } from './loopback.js';
import type { PlanTarget } from './model.js';

/**
 * How output names a target: `production: https://www.zohoapis.eu, org Zylker (id 1234)`. The
 * domain is the one the calls went to, whatever the config's data centre would suggest.
 */
export function describeTarget(target: PlanTarget, environment?: string): string {
  const name = target.orgName === undefined || target.orgName === '' ? '' : `${target.orgName} `;
  const env = environment === undefined || environment === '' ? '' : `${environment}: `;
  return `${env}${target.apiDomain}, org ${name}(id ${target.orgId})`;
}

/** Why a plan made for `planned` may not run against `live`; undefined when they are the same. */
export function targetMismatch(planned: PlanTarget, live: PlanTarget): string | undefined {
  const problems: string[] = [];
  if (urlOrigin(planned.apiDomain) !== urlOrigin(live.apiDomain)) {
    problems.push(`it was made at ${planned.apiDomain}, this run talks to ${live.apiDomain}`);
  }
  if (planned.orgId !== live.orgId) {
    problems.push(`it was made for org id ${planned.orgId}, this run reaches org id ${live.orgId}`);
  }
  return problems.length === 0 ? undefined : problems.join('; ');
}

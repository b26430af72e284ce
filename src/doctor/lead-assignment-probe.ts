// Does this org accept territory assignment for Leads through the API? Zoho support switches it
// on per org and no read shows it, so the probe asks the write endpoint for something that cannot
// happen: an assignment of a territory that is not in the catalogue to a Lead that a read has
// just shown not to exist (ASSUMPTION A26). Where the switch is off, Zoho refuses the module
// before looking at the records (403 TERRITORY_NOT_ENABLED); where it is on, it refuses the
// record (INVALID_DATA). Either way no data can change.
import type { ZohoClient } from '../zoho/index.js';
import type { CheckResult } from './check-result.js';
import { attempt } from './probe-failure.js';
import { scopeAdvice } from './scope-advice.js';

/** Ids far above any org's (ids count up from an org's base); checked absent before use. */
export const PROBE_LEAD_ID = '999999999999999999';
export const PROBE_TERRITORY_ID = '999999999999999998';
const WRITE_SCOPE = 'ZohoCRM.modules.leads.ALL';

const NAME = 'Leads: assignment through the API (A26)';
const OPT_IN = 'modules: { Leads: true }';
const ASK_ZOHO =
  'ask Zoho support to enable assigning territories to Leads through the API for this org';

export async function leadAssignmentCheck(
  client: ZohoClient,
  options: {
    leadsManaged: boolean;
    credentials: 'refresh-token' | 'access-token';
    /** The org's territory ids: the probe's territory must not be one of them. */
    territoryIds: ReadonlySet<string>;
  },
): Promise<CheckResult> {
  // Only where neither id exists can the call change nothing; otherwise do not ask.
  const lead = await attempt(() => client.readRecords('Leads', [PROBE_LEAD_ID]));
  if (!lead.ok || lead.value.records.length > 0 || options.territoryIds.has(PROBE_TERRITORY_ID)) {
    return {
      status: 'skip',
      name: NAME,
      detail: lead.ok
        ? `not probed: the probe's record or territory id exists in this org, so the call could change it`
        : `not probed: Leads could not be read (${lead.failure.message})`,
    };
  }
  const answer = await attempt(() =>
    client.write('Leads', 'assign', [{ id: PROBE_LEAD_ID, territoryIds: [PROBE_TERRITORY_ID] }]),
  );
  if (answer.ok) {
    const code = answer.value[0]?.code ?? 'no answer';
    if (code === 'SCHEDULED' || code === 'SUCCESS') {
      // Cannot happen if A26 holds; if it does, say so rather than claim nothing was written.
      return {
        status: 'fail',
        name: NAME,
        detail:
          `Zoho answered ${code} to the probe for Lead ${PROBE_LEAD_ID}, which a read had shown ` +
          `not to exist: a territory may have been assigned. Check that Lead in Zoho CRM and report ` +
          `this answer (assumption A26 in docs/ASSUMPTIONS.md does not hold for this org).`,
      };
    }
    return {
      status: options.leadsManaged ? 'ok' : 'info',
      name: NAME,
      detail:
        `enabled: Zoho looked at the record (${code} for a Lead that does not exist), so it ` +
        (options.leadsManaged
          ? 'accepts Lead assignments; Leads are managed (config modules).'
          : `accepts Lead assignments. To manage Leads, set \`${OPT_IN}\` in the config.`),
    };
  }
  const failure = answer.failure;
  if (failure.answerCode === 'TERRITORY_NOT_ENABLED') {
    return {
      status: options.leadsManaged ? 'fail' : 'info',
      name: NAME,
      detail: options.leadsManaged
        ? `not enabled (TERRITORY_NOT_ENABLED), but the config manages Leads: apply would stop ` +
          `at the first Lead. ${capitalised(ASK_ZOHO)}, or remove \`${OPT_IN}\` and the Leads section.`
        : `not enabled (TERRITORY_NOT_ENABLED): Lead territories come from Zoho's rules only. ` +
          `To manage Leads here, ${ASK_ZOHO}, then set \`${OPT_IN}\`.`,
    };
  }
  if (failure.kind === 'scope') {
    // A read-only token (enough for plan) cannot ask: not a failure of the setup.
    return {
      status: 'skip',
      name: NAME,
      detail:
        `cannot tell: the token lacks the write scope. To check, ` +
        `${lowerFirst(scopeAdvice(WRITE_SCOPE, options.credentials))}`,
    };
  }
  return {
    status: options.leadsManaged ? 'fail' : 'skip',
    name: NAME,
    detail: `cannot tell: ${failure.message}`,
  };
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

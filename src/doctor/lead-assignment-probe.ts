// Does this org accept territory assignment for Leads through the API? Zoho support switches it
// on per org and no read shows it, so the probe asks the write endpoint for something that cannot
// happen: an assignment of a territory no org has to a Lead no org has (ASSUMPTION A26). Where
// the switch is off, Zoho refuses the module before looking at the records (403
// TERRITORY_NOT_ENABLED); where it is on, it refuses the record (INVALID_DATA). Either way no
// data can change, because neither the record nor the territory exists.
import type { ZohoClient } from '../zoho/index.js';
import type { CheckResult } from './check-result.js';
import { attempt } from './probe-failure.js';
import { scopeAdvice } from './scope-advice.js';

/** Ids past every org's range (ids count up from an org's base), as the A4 probe pads with. */
export const PROBE_LEAD_ID = '999999999999999999';
export const PROBE_TERRITORY_ID = '999999999999999998';

const NAME = 'Leads: assignment through the API (A26)';
const OPT_IN = 'modules: { Leads: true }';
const ASK_ZOHO =
  'ask Zoho support to enable assigning territories to Leads through the API for this org';

export async function leadAssignmentCheck(
  client: ZohoClient,
  options: { leadsManaged: boolean; credentials: 'refresh-token' | 'access-token' },
): Promise<CheckResult> {
  const answer = await attempt(() =>
    client.write('Leads', 'assign', [{ id: PROBE_LEAD_ID, territoryIds: [PROBE_TERRITORY_ID] }]),
  );
  if (answer.ok) {
    const code = answer.value[0]?.code ?? 'no answer';
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
  if (failure.zohoCode === 'TERRITORY_NOT_ENABLED') {
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
    const scope = 'ZohoCRM.modules.ALL';
    return {
      status: options.leadsManaged ? 'fail' : 'skip',
      name: NAME,
      detail: `cannot tell: the token lacks the write scope. ${scopeAdvice(scope, options.credentials)}`,
    };
  }
  return {
    status: options.leadsManaged ? 'fail' : 'skip',
    name: NAME,
    detail: `cannot tell: ${failure.message}`,
  };
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

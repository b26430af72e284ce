// Where doctor talks to, and whether the accounts server and the API domain belong to the same
// Zoho data centre: tokens from one are refused by the other, with a misleading error.
import { DATA_CENTRES, dataCentreOf } from '../zoho/index.js';
import type { DataCentre, ZohoConnection } from '../zoho/index.js';
import type { CheckResult } from './check-result.js';

function apiDataCentre(apiDomain: string): DataCentre | undefined {
  const wanted = apiDomain.replace(/\/+$/, '');
  const entry = Object.entries(DATA_CENTRES).find(([, c]) => c.apiDomain === wanted);
  return entry?.[0] as DataCentre | undefined;
}

/** "https://accounts.zoho.eu (eu data centre)", or the URL alone for an emulator or proxy. */
export function describeAccountsServer(accountsUrl: string): string {
  const dc = dataCentreOf(accountsUrl);
  return dc === undefined
    ? `${accountsUrl} (not a Zoho data centre: an emulator or proxy)`
    : `${accountsUrl} (${dc} data centre)`;
}

export function connectionCheck(connection: ZohoConnection): CheckResult {
  const accountsDc = dataCentreOf(connection.accountsUrl);
  const apiDc = apiDataCentre(connection.apiDomain);
  if (accountsDc !== undefined && apiDc !== undefined && accountsDc !== apiDc) {
    return {
      status: 'fail',
      name: 'data centre',
      detail:
        `the accounts server ${connection.accountsUrl} is in the ${accountsDc} data centre but ` +
        `the API domain ${connection.apiDomain} is in ${apiDc}. Set connection.dataCentre to the ` +
        `one where the Self Client was created (or fix ZOHO_API_DOMAIN / ZOHO_ACCOUNTS_URL).`,
    };
  }
  return {
    status: 'ok',
    name: 'data centre',
    detail: `API ${connection.apiDomain}, accounts ${describeAccountsServer(connection.accountsUrl)}`,
  };
}

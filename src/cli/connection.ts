import type { ConnectionInput } from '../config/config-types.js';
import { DATA_CENTRES, stripSlash } from '../zoho/data-centres.js';
import type { ZohoConnection } from '../zoho/data-centres.js';

/**
 * Where to talk to: ZOHO_API_DOMAIN / ZOHO_ACCOUNTS_URL from the environment win (CI and the
 * emulator use them), then explicit URLs from the config, then the data centre (default us).
 */
export function resolveConnection(
  input: ConnectionInput,
  env: Readonly<Record<string, string | undefined>>,
): ZohoConnection & { label: string } {
  const dc = DATA_CENTRES[input.dataCentre ?? 'us'];
  const apiDomain = env.ZOHO_API_DOMAIN?.trim() || input.apiDomain || dc.apiDomain;
  const accountsUrl =
    env.ZOHO_ACCOUNTS_URL?.trim() ||
    input.accountsUrl ||
    // An explicit API domain without an accounts URL is an emulator or proxy serving both.
    (env.ZOHO_API_DOMAIN?.trim() || (input.apiDomain && !input.dataCentre)
      ? apiDomain
      : dc.accountsUrl);
  const label =
    input.dataCentre && !input.apiDomain && !env.ZOHO_API_DOMAIN
      ? `${input.dataCentre} data centre (${dc.apiDomain})`
      : stripSlash(apiDomain);
  return { apiDomain: stripSlash(apiDomain), accountsUrl: stripSlash(accountsUrl), label };
}

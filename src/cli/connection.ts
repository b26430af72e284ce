import type { ConnectionInput } from '../config/config-types.js';
import { insecureUrlProblem } from '../core/loopback.js';
import { TerritorySyncError } from '../errors.js';
import { DATA_CENTRES, stripSlash } from '../zoho/data-centres.js';
import type { ZohoConnection } from '../zoho/data-centres.js';

/** A URL from the environment that would carry secrets in clear text is refused by its name. */
function fromEnv(env: Readonly<Record<string, string | undefined>>, name: string) {
  const value = env[name]?.trim() || undefined;
  const problem = value === undefined ? undefined : insecureUrlProblem(value);
  if (problem !== undefined) {
    throw new TerritorySyncError('INVALID_CONFIG', `${name}=${value}: ${problem}.`, {
      hint: `Set ${name} to an https:// URL (plain http is accepted only for loopback hosts such as the bundled emulator on 127.0.0.1).`,
    });
  }
  return value;
}

/**
 * Where to talk to: ZOHO_API_DOMAIN / ZOHO_ACCOUNTS_URL from the environment win (CI and the
 * emulator use them), then explicit URLs from the config, then the data centre (default us).
 * A configured API domain is final: the token answer's api_domain never overrides it.
 */
export function resolveConnection(
  input: ConnectionInput,
  env: Readonly<Record<string, string | undefined>>,
): ZohoConnection & { label: string } {
  const dc = DATA_CENTRES[input.dataCentre ?? 'us'];
  const envApiDomain = fromEnv(env, 'ZOHO_API_DOMAIN');
  const envAccountsUrl = fromEnv(env, 'ZOHO_ACCOUNTS_URL');
  const configured = envApiDomain ?? input.apiDomain;
  const apiDomain = configured ?? dc.apiDomain;
  const accountsUrl =
    envAccountsUrl ??
    input.accountsUrl ??
    // An explicit API domain without an accounts URL is an emulator or proxy serving both.
    (envApiDomain || (input.apiDomain && !input.dataCentre) ? apiDomain : dc.accountsUrl);
  const label =
    input.dataCentre && configured === undefined
      ? `${input.dataCentre} data centre (${dc.apiDomain})`
      : stripSlash(apiDomain);
  return {
    apiDomain: stripSlash(apiDomain),
    accountsUrl: stripSlash(accountsUrl),
    apiDomainConfigured: configured !== undefined,
    label,
  };
}

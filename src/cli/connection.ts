import type { ConnectionInput } from '../config/config-types.js';
import { insecureUrlProblem, quotableUrl } from '../core/loopback.js';
import { TerritorySyncError } from '../errors.js';
import { DATA_CENTRES } from '../zoho/data-centres.js';
import type { ZohoConnection } from '../zoho/data-centres.js';

/**
 * A URL as every later comparison sees it: lower-case scheme and host, no default port, no
 * trailing slash. Refused, without echoing it (it may be a secret pasted into the wrong
 * variable), when it is not an http(s) URL or would carry secrets in clear text.
 */
function normalisedUrl(value: string, source: string): string {
  const refuse = (why: string) =>
    new TerritorySyncError('INVALID_CONFIG', `${source}: ${why}.`, {
      hint:
        'Set an https:// URL such as https://www.zohoapis.eu, or a data centre (connection.dataCentre: ' +
        'us, eu, in, au, jp, ca, cn, sa); plain http is accepted only for loopback hosts such as ' +
        'the bundled emulator on 127.0.0.1.',
    });
  const shown = quotableUrl(value);
  if (shown === undefined) throw refuse('is not an http(s) URL');
  const problem = insecureUrlProblem(value);
  if (problem !== undefined) throw refuse(`${shown}: ${problem}`);
  const url = new URL(value);
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

function fromEnv(env: Readonly<Record<string, string | undefined>>, name: string) {
  const value = env[name]?.trim() || undefined;
  return value === undefined ? undefined : normalisedUrl(value, name);
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
  const configApiDomain =
    input.apiDomain === undefined
      ? undefined
      : normalisedUrl(input.apiDomain, 'connection.apiDomain in the config');
  const configAccountsUrl =
    input.accountsUrl === undefined
      ? undefined
      : normalisedUrl(input.accountsUrl, 'connection.accountsUrl in the config');
  const configured = envApiDomain ?? configApiDomain;
  const apiDomain = configured ?? dc.apiDomain;
  const accountsUrl =
    envAccountsUrl ??
    configAccountsUrl ??
    // An explicit API domain without an accounts URL is an emulator or proxy serving both.
    (envApiDomain || (configApiDomain && !input.dataCentre) ? apiDomain : dc.accountsUrl);
  const label =
    input.dataCentre && configured === undefined
      ? `${input.dataCentre} data centre (${dc.apiDomain})`
      : apiDomain;
  return { apiDomain, accountsUrl, apiDomainConfigured: configured !== undefined, label };
}

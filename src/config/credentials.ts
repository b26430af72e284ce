import { TerritorySyncError } from '../errors.js';
import type { CredentialsInput } from './config-types.js';

const REFRESH_VARS = ['ZOHO_CLIENT_ID', 'ZOHO_CLIENT_SECRET', 'ZOHO_REFRESH_TOKEN'] as const;

/** Credentials come from the environment only: ZOHO_ACCESS_TOKEN, or the refresh-token trio. */
export function credentialsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): CredentialsInput {
  const value = (name: string) => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  const present = REFRESH_VARS.filter((name) => value(name) !== undefined);
  if (present.length === REFRESH_VARS.length) {
    return {
      kind: 'refresh-token',
      clientId: value('ZOHO_CLIENT_ID') as string,
      clientSecret: value('ZOHO_CLIENT_SECRET') as string,
      refreshToken: value('ZOHO_REFRESH_TOKEN') as string,
    };
  }
  const accessToken = value('ZOHO_ACCESS_TOKEN');
  if (accessToken) return { kind: 'access-token', accessToken };
  const missing = REFRESH_VARS.filter((name) => value(name) === undefined);
  throw new TerritorySyncError(
    'AUTH',
    present.length === 0
      ? 'No Zoho credentials: none of ZOHO_CLIENT_ID, ZOHO_CLIENT_SECRET, ZOHO_REFRESH_TOKEN or ZOHO_ACCESS_TOKEN is set.'
      : `Incomplete Zoho credentials: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set.`,
    {
      hint:
        'Create a Self Client in the Zoho API Console (api-console.zoho.com) with the scopes ' +
        'ZohoCRM.modules.ALL, ZohoCRM.settings.territories.READ and ZohoCRM.org.READ, then export ZOHO_CLIENT_ID, ' +
        'ZOHO_CLIENT_SECRET and ZOHO_REFRESH_TOKEN (in CI: repository or environment secrets).',
    },
  );
}

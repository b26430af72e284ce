// Zoho runs separate data centres: a client, its refresh token and the org all live in one,
// and the accounts server of another answers invalid_client / invalid_code.
// Source: zoho.com/accounts/protocol/oauth/multi-dc.html.

export type DataCentre = 'us' | 'eu' | 'in' | 'au' | 'jp' | 'ca' | 'cn' | 'sa';

export interface ZohoConnection {
  /** Base URL of the CRM API, e.g. https://www.zohoapis.eu (the emulator is just another one). */
  readonly apiDomain: string;
  /** Base URL of the accounts (OAuth) server, e.g. https://accounts.zoho.eu. */
  readonly accountsUrl: string;
  /**
   * False when apiDomain is only the data centre's default: then the token answer's api_domain
   * may replace it, if it is on the same data centre. Otherwise (and when absent) apiDomain is
   * final whatever the token answer says.
   */
  readonly apiDomainConfigured?: boolean;
}

export const DATA_CENTRES: Readonly<Record<DataCentre, ZohoConnection>> = {
  us: { accountsUrl: 'https://accounts.zoho.com', apiDomain: 'https://www.zohoapis.com' },
  eu: { accountsUrl: 'https://accounts.zoho.eu', apiDomain: 'https://www.zohoapis.eu' },
  in: { accountsUrl: 'https://accounts.zoho.in', apiDomain: 'https://www.zohoapis.in' },
  au: { accountsUrl: 'https://accounts.zoho.com.au', apiDomain: 'https://www.zohoapis.com.au' },
  jp: { accountsUrl: 'https://accounts.zoho.jp', apiDomain: 'https://www.zohoapis.jp' },
  // Zoho's multi-DC page names zohocloud.ca; SDK 7 still uses accounts.zoho.ca.
  ca: { accountsUrl: 'https://accounts.zohocloud.ca', apiDomain: 'https://www.zohoapis.ca' },
  cn: { accountsUrl: 'https://accounts.zoho.com.cn', apiDomain: 'https://www.zohoapis.com.cn' },
  sa: { accountsUrl: 'https://accounts.zoho.sa', apiDomain: 'https://www.zohoapis.sa' },
};

/** The data centre whose accounts server is `accountsUrl`, for error messages. */
export function dataCentreOf(accountsUrl: string): DataCentre | undefined {
  const wanted = stripSlash(accountsUrl);
  const entry = Object.entries(DATA_CENTRES).find(([, c]) => c.accountsUrl === wanted);
  return entry?.[0] as DataCentre | undefined;
}

/** `zohoapis.eu` for eu: every API host of that data centre ends with it. */
export function apiHostSuffix(dc: DataCentre): string {
  return new URL(DATA_CENTRES[dc].apiDomain).hostname.replace(/^www\./, '');
}

export function stripSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

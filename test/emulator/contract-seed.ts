// The demo org plus what the documented error cases need: a territory the API user may not
// assign, a record they may not update, and an OAuth client with narrow scopes.
import { DEMO_OAUTH_CLIENT, DEMO_SEED, DEMO_TERRITORY } from '../../src/emulator/index.js';
import type { EmulatorSeed } from '../../src/emulator/index.js';

export const RESTRICTED_TERRITORY = '554023000000430461';
export const READ_ONLY_ACCOUNT = '554023000003635030';
export const LOCKED_ACCOUNT = '554023000003635020';
export const NARROW_CLIENT = {
  clientId: '1000.NARROW0CLIENT',
  clientSecret: 'narrow-secret',
  refreshToken: '1000.narrow-refresh-token',
};

export const T = DEMO_TERRITORY;
export const ACCOUNT = {
  acme: '554023000003635001',
  globex: '554023000003635002',
  muller: '554023000003635003',
  initech: '554023000003635004',
  samba: '554023000003635011',
  hooli: '554023000003635012',
  sample: '554023000003635023',
};
export const DEAL = { acme: '554023000003639901', globex: '554023000003639902' };
export const LEAD = { johnDoe: '554023000003640001' };

export const CONTRACT_SEED: EmulatorSeed = {
  ...DEMO_SEED,
  territories: [
    ...DEMO_SEED.territories,
    { id: RESTRICTED_TERRITORY, name: 'Board Accounts', parent: T.Organization, restricted: true },
  ],
  records: {
    ...DEMO_SEED.records,
    Accounts: [
      ...(DEMO_SEED.records?.Accounts ?? []),
      { id: READ_ONLY_ACCOUNT, name: 'Audit Holdings', readOnly: true },
    ],
  },
  oauthClients: [
    ...(DEMO_SEED.oauthClients ?? []),
    {
      clientId: NARROW_CLIENT.clientId,
      clientSecret: NARROW_CLIENT.clientSecret,
      refreshTokens: [NARROW_CLIENT.refreshToken],
      scopes: ['ZohoCRM.modules.accounts.READ'],
    },
  ],
};

export const FULL_SCOPES = DEMO_OAUTH_CLIENT.scopes;

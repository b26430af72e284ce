// A small, readable org for end-to-end tests: a few territories and records per module.
import { DEMO_OAUTH_CLIENT } from '../../src/emulator/index.js';
import type { EmulatorSeed } from '../../src/emulator/index.js';

export const T = {
  root: '554023000000900001',
  east: '554023000000900003',
  west: '554023000000900005',
  dach: '554023000000900007',
  partners: '554023000000900009',
} as const;

export const R = {
  acme: '554023000003600001',
  globex: '554023000003600002',
  initech: '554023000003600003',
  anna: '554023000003600101',
  renewal: '554023000003600901',
} as const;

export function demoClient(scopes: readonly string[] = DEMO_OAUTH_CLIENT.scopes) {
  return {
    clientId: DEMO_OAUTH_CLIENT.clientId,
    clientSecret: DEMO_OAUTH_CLIENT.clientSecret,
    refreshTokens: [DEMO_OAUTH_CLIENT.refreshToken],
    scopes: [...scopes],
  };
}

export function smallOrg(
  overrides: { locked?: readonly string[]; scopes?: readonly string[] } = {},
): EmulatorSeed {
  const locked = new Set(overrides.locked ?? []);
  return {
    territories: [
      { id: T.root, name: 'Organization', parent: null },
      { id: T.east, name: 'East', parent: T.root },
      { id: T.west, name: 'West', parent: T.root },
      { id: T.dach, name: 'DACH', parent: T.root },
      { id: T.partners, name: 'Partners', parent: T.root },
    ],
    records: {
      Accounts: [
        { id: R.acme, name: 'Acme Corp', territories: [T.east], locked: locked.has(R.acme) },
        { id: R.globex, name: 'Globex', territories: [], locked: locked.has(R.globex) },
        {
          id: R.initech,
          name: 'Initech',
          territories: [{ id: T.dach, assigned: 'automatically' }],
          locked: locked.has(R.initech),
        },
      ],
      Contacts: [{ id: R.anna, name: 'Anna Müller', territories: [T.dach] }],
      Deals: [{ id: R.renewal, name: 'Big Renewal', territories: [T.west] }],
    },
    oauthClients: [demoClient(overrides.scopes)],
  };
}

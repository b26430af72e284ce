// The demo org: the territory catalogue and record state the repository's territories.yaml is
// written against, so `npm start` shows real changes. Its OAuth client is fake and public
// (documented in the README). examples/emulator/demo-seed.json is this seed as a file.
import type { EmulatorSeed, SeedRecord } from '../seed-types.js';

export const DEMO_OAUTH_CLIENT = {
  clientId: '1000.DEMO0CLIENT0ID0TERRITORYSYNC',
  clientSecret: 'demo-client-secret',
  refreshToken: '1000.demo-refresh-token.territory-sync',
  scopes: [
    'ZohoCRM.modules.ALL',
    'ZohoCRM.settings.territories.READ',
    'ZohoCRM.coql.READ',
    'ZohoCRM.users.READ',
    'ZohoCRM.settings.modules.READ',
    'ZohoCRM.settings.fields.READ',
    'ZohoCRM.org.READ',
  ],
} as const;

/** The demo org's id (GET /crm/v7/org): plans made against the demo record it. */
export const DEMO_ORG_ID = '554023000000016001';

/** Territory ids by name (paths where names repeat). */
export const DEMO_TERRITORY = {
  Organization: '554023000000430401',
  Americas: '554023000000430403',
  NorthAmerica: '554023000000430405',
  USEast: '554023000000430407',
  USWest: '554023000000430409',
  Canada: '554023000000430411',
  LATAM: '554023000000430413',
  AmericasEnterprise: '554023000000430415',
  EMEA: '554023000000430421',
  DACH: '554023000000430423',
  UKIreland: '554023000000430425',
  Nordics: '554023000000430427',
  France: '554023000000430429',
  EMEAEnterprise: '554023000000430431',
  APAC: '554023000000430441',
  ANZ: '554023000000430443',
  Japan: '554023000000430445',
  India: '554023000000430447',
  Partners: '554023000000430451',
  StrategicAccounts: '554023000000430499',
} as const;

const T = DEMO_TERRITORY;
const byRules = (id: string) => ({ id, assigned: 'automatically' as const });

const accounts: SeedRecord[] = [
  { id: '554023000003635001', name: 'Acme Corp', territories: [T.USEast] },
  { id: '554023000003635002', name: 'Globex', territories: [T.USWest] },
  { id: '554023000003635003', name: 'Müller Maschinenbau GmbH', territories: [T.DACH, T.France] },
  { id: '554023000003635004', name: 'Initech UK' },
  { id: '554023000003635005', name: 'Fjord Logistics AS', territories: [T.Nordics] },
  { id: '554023000003635006', name: 'Boulangerie Laurent SA', territories: [T.France] },
  { id: '554023000003635007', name: 'Kangaroo Freight Pty', territories: [T.ANZ] },
  { id: '554023000003635008', name: 'Sakura Robotics KK' },
  { id: '554023000003635009', name: 'Lotus Software Pvt Ltd', territories: [T.India] },
  { id: '554023000003635010', name: 'Maple Leaf Outfitters', territories: [T.Canada] },
  {
    id: '554023000003635011',
    name: 'Samba Payments Ltda',
    territories: [byRules(T.LATAM)],
    fields: { Billing_Country: 'Brazil' },
  },
  {
    id: '554023000003635012',
    name: 'Hooli',
    territories: [T.USEast, T.StrategicAccounts, byRules(T.NorthAmerica)],
  },
  { id: '554023000003635013', name: 'Vandelay Industries', territories: [T.Partners] },
  // Not in territories.yaml: never touched by the demo.
  { id: '554023000003635014', name: 'Zylker Foods', territories: [T.USWest, T.Partners] },
  { id: '554023000003635015', name: 'Umbrella Retail', territories: [T.UKIreland] },
  {
    id: '554023000003635016',
    name: 'Stark Industrial',
    territories: [T.AmericasEnterprise, byRules(T.NorthAmerica)],
  },
  { id: '554023000003635017', name: 'Wayne Logistics' },
  { id: '554023000003635018', name: 'Tyrell Components', territories: [T.Japan, T.APAC] },
  { id: '554023000003635019', name: 'Soylent Nutrition', territories: [T.EMEAEnterprise] },
  { id: '554023000003635020', name: 'Cyberdyne Analytics', territories: [T.DACH], locked: true },
  // The record of the sample request on Zoho's assign page.
  { id: '554023000003635023', name: 'Zylker Sample Account' },
];

const contacts: SeedRecord[] = [
  { id: '554023000003635101', name: 'Wile E. Coyote', territories: [T.USEast] },
  { id: '554023000003635102', name: 'Hank Scorpio' },
  { id: '554023000003635103', name: 'Anna Müller', territories: [T.DACH] },
  { id: '554023000003635104', name: 'Peter Gibbons', territories: [T.UKIreland] },
  { id: '554023000003635105', name: 'Lars Nilsen', territories: [T.Nordics, T.EMEA] },
  { id: '554023000003635106', name: 'Camille Laurent', territories: [T.France] },
  { id: '554023000003635107', name: 'Bruce Wallaby', territories: [T.ANZ] },
  { id: '554023000003635108', name: 'Kenji Sato', territories: [T.Japan] },
  { id: '554023000003635109', name: 'Priya Raman', territories: [T.India] },
  { id: '554023000003635110', name: 'Gavin Belson', territories: [T.USWest] },
  { id: '554023000003635111', name: 'Sofia Rossi', territories: [T.EMEA] },
  { id: '554023000003635112', name: 'Ana Souza', territories: [byRules(T.LATAM)] },
  { id: '554023000003635113', name: 'Oliver Smith' },
  { id: '554023000003635114', name: 'Aiko Tanaka', territories: [T.Japan, T.APAC] },
  { id: '554023000003635115', name: 'Jean Dupont', territories: [T.France] },
];

const deals: SeedRecord[] = [
  { id: '554023000003639901', name: 'Acme renewal 2027', territories: [T.USEast] },
  { id: '554023000003639902', name: 'Globex expansion', territories: [T.USEast] },
  { id: '554023000003639903', name: 'Müller retrofit', territories: [T.DACH] },
  { id: '554023000003639904', name: 'Initech platform deal' },
  { id: '554023000003639905', name: 'Fjord fleet tracking', territories: [T.Nordics] },
  { id: '554023000003639906', name: 'Sakura pilot', territories: [T.APAC] },
  { id: '554023000003639907', name: 'Hooli global agreement', territories: [T.StrategicAccounts] },
  { id: '554023000003639908', name: 'Vandelay import deal', territories: [T.Partners] },
  { id: '554023000003639909', name: 'Umbrella store refit', territories: [byRules(T.UKIreland)] },
  { id: '554023000003639910', name: 'Wayne fleet renewal' },
];

const leads: SeedRecord[] = [
  { id: '554023000003640001', name: 'John Doe', territories: [byRules(T.USEast)] },
  { id: '554023000003640002', name: 'Mia Wong', territories: [byRules(T.APAC)] },
  { id: '554023000003640003', name: 'Lukas Becker', territories: [byRules(T.DACH)] },
  { id: '554023000003640004', name: 'Emma Brown' },
  { id: '554023000003640005', name: 'Carlos Silva', territories: [byRules(T.LATAM)] },
];

const territory = (id: string, name: string, parent: string | null) => ({ id, name, parent });

export const DEMO_SEED: EmulatorSeed = {
  org: {
    id: DEMO_ORG_ID,
    name: 'Zylker',
    territoriesEnabled: true,
    user: { id: '554023000000235011', name: 'Patricia Boyle', email: 'p.boyle@zylker.example' },
  },
  territories: [
    territory(T.Organization, 'Organization', null),
    territory(T.Americas, 'Americas', T.Organization),
    territory(T.NorthAmerica, 'North America', T.Americas),
    territory(T.USEast, 'US East', T.NorthAmerica),
    territory(T.USWest, 'US West', T.NorthAmerica),
    territory(T.Canada, 'Canada', T.NorthAmerica),
    territory(T.LATAM, 'LATAM', T.Americas),
    territory(T.AmericasEnterprise, 'Enterprise', T.Americas),
    territory(T.EMEA, 'EMEA', T.Organization),
    territory(T.DACH, 'DACH', T.EMEA),
    territory(T.UKIreland, 'UK & Ireland', T.EMEA),
    territory(T.Nordics, 'Nordics', T.EMEA),
    territory(T.France, 'France', T.EMEA),
    territory(T.EMEAEnterprise, 'Enterprise', T.EMEA),
    territory(T.APAC, 'APAC', T.Organization),
    territory(T.ANZ, 'ANZ', T.APAC),
    territory(T.Japan, 'Japan', T.APAC),
    territory(T.India, 'India', T.APAC),
    territory(T.Partners, 'Partners', T.Organization),
    territory(T.StrategicAccounts, 'Strategic Accounts', T.Organization),
  ],
  records: { Accounts: accounts, Contacts: contacts, Deals: deals, Leads: leads },
  oauthClients: [
    {
      clientId: DEMO_OAUTH_CLIENT.clientId,
      clientSecret: DEMO_OAUTH_CLIENT.clientSecret,
      refreshTokens: [DEMO_OAUTH_CLIENT.refreshToken],
      scopes: [...DEMO_OAUTH_CLIENT.scopes],
    },
  ],
};

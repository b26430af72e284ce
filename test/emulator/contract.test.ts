// One row per documented case: a real HTTP request to the emulator, its status code and body
// checked against Zoho's documentation (as summarised in docs/ASSUMPTIONS.md) and Zoho's example bodies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORG_ID, startEmulator } from '../../src/emulator/index.js';
import type { EmulatorSeed, RunningEmulator } from '../../src/emulator/index.js';
import { DEFAULT_VIEW_IDS } from '../../src/emulator/records-api.js';
import type { SeedCriteria, SeedTerritory } from '../../src/emulator/seed-types.js';
import {
  ACCOUNT,
  CONTRACT_SEED,
  DEAL,
  LEAD,
  LOCKED_ACCOUNT,
  NARROW_CLIENT,
  READ_ONLY_ACCOUNT,
  RESTRICTED_TERRITORY,
  T,
} from './contract-seed.js';
import { accessToken, at, call } from './helpers.js';
import { normalised, oasExample, shape } from './oas-examples.js';
import { ZOHO_ORG_SAMPLE } from './org-sample.js';

type Auth = 'full' | 'narrow' | 'none' | 'bogus';

interface Row {
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly auth?: Auth;
  readonly body?: unknown;
  readonly seed?: EmulatorSeed;
  /** A call made first (same auth), e.g. to leave a job pending. */
  readonly before?: { method: string; path: string; body?: unknown };
  readonly status: number;
  /** The body equals this Zoho example file (json_path typo normalised). */
  readonly example?: string;
  /** The body has the shape of this Zoho example file. */
  readonly shapeOf?: string;
  /** The body equals this. */
  readonly equals?: unknown;
  readonly check?: (body: unknown) => void;
}

const V7 = '/crm/v7';
const LEADS_ENABLED: EmulatorSeed = {
  ...CONTRACT_SEED,
  org: { ...CONTRACT_SEED.org, leadAssignmentEnabled: true },
};
const assign = (module = 'Accounts') => `${V7}/${module}/actions/assign_territories`;
const remove = (module = 'Accounts') => `${V7}/${module}/actions/remove_territories`;
const ids = (...list: string[]) => list.map((id) => ({ id }));
const entry = (id: string, ...territories: string[]) => ({ id, Territories: ids(...territories) });

const LIMIT_EXCEEDED_ENTRY = (limit: number) => ({
  data: [
    {
      code: 'LIMIT_EXCEEDED',
      message: 'Maximum limit of territories for that record exceeds',
      details: { api_name: 'Territories', json_path: '$.data[0].Territories', limit },
      status: 'error',
    },
  ],
});

// A1: the other reading of a mixed batch (Zoho's assign page: 400 with data[]).
const MIXED_400: EmulatorSeed = {
  ...CONTRACT_SEED,
  org: { ...CONTRACT_SEED.org, mixedBatchStatus: 400 },
};

// A27: custom views of a seed (their ids are any digits the seed picks).
const VIEW = { brazil: '554023000000090001', listed: '554023000000090003' };
const VIEWS: EmulatorSeed = {
  ...CONTRACT_SEED,
  customViews: {
    Accounts: [
      {
        id: VIEW.brazil,
        name: 'Brazilian accounts',
        criteria: { comparator: 'equal', field: { api_name: 'Billing_Country' }, value: 'Brazil' },
      },
      { id: VIEW.listed, name: 'Key accounts', recordIds: [ACCOUNT.acme, ACCOUNT.globex] },
    ],
  },
};
const ACCOUNT_COUNT = (CONTRACT_SEED.records?.Accounts ?? []).length;

// A28, A32: Contacts and Deals that look up an Account, a Deal that looks up a Contact (the
// lookup holds the looked-up record's id), and one whose Account does not exist.
const CONTACT = { coyote: '554023000003635101', scorpio: '554023000003635102' };
const CONTACT_ANNA = '554023000003635103';
const GONE_ACCOUNT = '554023000003699999';
const links: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  [CONTACT.coyote]: { Account_Name: ACCOUNT.acme },
  [CONTACT_ANNA]: { Account_Name: ACCOUNT.muller },
  [DEAL.globex]: { Account_Name: ACCOUNT.globex, Contact_Name: CONTACT.coyote },
  [DEAL.acme]: { Account_Name: GONE_ACCOUNT },
};
const LOOKUPS: EmulatorSeed = {
  ...CONTRACT_SEED,
  records: Object.fromEntries(
    Object.entries(CONTRACT_SEED.records ?? {}).map(([module, list]) => [
      module,
      list.map((r) => (links[r.id] ? { ...r, fields: { ...r.fields, ...links[r.id] } } : r)),
    ]),
  ),
};
/** Zoho's lookup value in Get Records: the looked-up record's name and id (A32). */
const lookup = (name: string, id: string) => ({ name, id });

// A31: a removal naming more territories than a record can hold (Zoho's remove examples).
const ELEVEN_TERRITORIES = [
  T.USEast,
  T.USWest,
  T.Canada,
  T.LATAM,
  T.EMEA,
  T.DACH,
  T.France,
  T.Nordics,
  T.APAC,
  T.Japan,
  T.Partners,
];
const TEN_HELD: EmulatorSeed = {
  ...CONTRACT_SEED,
  records: {
    ...CONTRACT_SEED.records,
    Accounts: (CONTRACT_SEED.records?.Accounts ?? []).map((r) =>
      r.id === ACCOUNT.initech ? { ...r, territories: ELEVEN_TERRITORIES.slice(0, 10) } : r,
    ),
  },
};

// A29: rule criteria in Zoho's shape (getTerritoryById's example carries `type`).
const criterion = (apiName: string, id: string, value: string): SeedCriteria => ({
  comparator: 'equal',
  field: { api_name: apiName, id },
  type: 'value',
  value,
});
const ACCOUNT_RULE = criterion('Billing_Country', '554023000000000657', 'USA');
const LEAD_RULE = criterion('Country', '554023000000000581', 'USA');
const DEAL_RULE = criterion('Amount', '554023000000000721', '10000');
const withTerritories = (
  seed: EmulatorSeed,
  change: (t: SeedTerritory) => SeedTerritory,
): EmulatorSeed => ({ ...seed, territories: seed.territories.map(change) });
const RULES = withTerritories(CONTRACT_SEED, (t) =>
  t.id === T.USWest
    ? { ...t, rules: { account: ACCOUNT_RULE, lead: LEAD_RULE, deal: DEAL_RULE } }
    : t,
);
const RULES_DEALS_ON: EmulatorSeed = {
  ...RULES,
  org: { ...RULES.org, dealRulesEnabled: true },
};
const RULES_LEADS_OFF: EmulatorSeed = {
  ...RULES,
  org: { ...RULES.org, leadRulesEnabled: false },
};
const ruleKeys = (territory: unknown) =>
  Object.keys(territory as object)
    .filter((k) => k.endsWith('_rule_criteria'))
    .sort();

// A30: managers, one with Zoho's sample zuid and status, one with neither (defaults).
const PATRICIA = {
  id: '2276164000000471001',
  name: 'Patricia',
  zuid: '8186088',
  status: 'active' as const,
};
const J_SMITH = { id: '431581000000278001', name: 'J Smith' };
const MANAGERS = withTerritories(CONTRACT_SEED, (t) =>
  t.id === T.Organization
    ? { ...t, manager: PATRICIA }
    : t.id === T.Americas || t.id === T.EMEA
      ? { ...t, manager: J_SMITH }
      : t,
);
const INNER_BOTH = 'include_inner_details=manager.zuid,manager.status';

const TEN_OTHER_TERRITORIES = [
  T.Americas,
  T.Canada,
  T.LATAM,
  T.AmericasEnterprise,
  T.EMEA,
  T.DACH,
  T.Nordics,
  T.APAC,
];

const ROWS: readonly Row[] = [
  // §1 Assign, bulk form
  {
    name: 'assign: the seed page sample answers 202 SCHEDULED with job_id and id',
    method: 'POST',
    path: assign(),
    body: { data: [entry(ACCOUNT.sample, T.USWest, T.Partners)] },
    status: 202,
    shapeOf: 'assignTerritoriesToRecord/response-202-autogeneratedexample.json',
    check: (body) => {
      expect(at(body, 'data', 0, 'details', 'id')).toBe(ACCOUNT.sample);
      expect(at(body, 'data', 0, 'message')).toBe(
        'Territory assignment process scheduled successfully',
      );
    },
  },
  {
    name: 'assign: two records, one entry and one job each',
    method: 'POST',
    path: assign(),
    body: { data: [entry(ACCOUNT.initech, T.UKIreland), entry(ACCOUNT.sample, T.EMEA)] },
    status: 202,
    shapeOf: 'assignTerritoriesToRecords/response-202-autogeneratedexample.json',
    check: (body) => {
      expect(at(body, 'data', 0, 'details', 'job_id')).not.toBe(
        at(body, 'data', 1, 'details', 'job_id'),
      );
      expect(at(body, 'data', 1, 'details', 'id')).toBe(ACCOUNT.sample);
    },
  },
  {
    name: 'assign: 18-digit ids sent as JSON numbers name the right record and territory',
    method: 'POST',
    path: assign(),
    body: `{"data":[{"id":${ACCOUNT.initech},"Territories":[{"id":${T.EMEA}}]}]}`,
    status: 202,
    check: (body) => expect(at(body, 'data', 0, 'details', 'id')).toBe(ACCOUNT.initech),
  },
  {
    name: 'assign: an unknown territory id is INVALID_DATA with its json_path',
    method: 'POST',
    path: assign(),
    body: { data: [entry(ACCOUNT.initech, '554023000000999999')] },
    status: 400,
    example: 'assignTerritoriesToRecords/response-400-invalidterritoryiderror.json',
  },
  {
    name: 'assign: an unknown record id is INVALID_DATA at $.data[0].id',
    method: 'POST',
    path: assign(),
    body: { data: [entry('554023000003699999', T.EMEA)] },
    status: 400,
    example: 'assignTerritoriesToRecords/response-400-invalidrecordiderror.json',
  },
  {
    name: 'assign: a territory the record already has is DUPLICATE_DATA',
    method: 'POST',
    path: assign(),
    body: { data: [entry(ACCOUNT.acme, T.Partners, T.USEast)] },
    status: 400,
    example: 'assignTerritoriesToRecords/response-400-duplicateterritoryerror.json',
  },
  {
    name: 'assign: the same territory twice in one entry is ALREADY_USED with exists_in',
    method: 'POST',
    path: assign(),
    body: { data: [entry(ACCOUNT.initech, T.EMEA, T.EMEA)] },
    status: 400,
    equals: {
      data: [
        {
          code: 'ALREADY_USED',
          message: 'duplicate territory id found',
          details: {
            api_name: 'id',
            json_path: '$.data[0].Territories[1].id',
            exists_in: { json_path: '$.data[0].Territories[0].id' },
          },
          status: 'error',
        },
      ],
    },
  },
  {
    name: 'assign: past 10 territories, counting rule-assigned ones, is LIMIT_EXCEEDED',
    method: 'POST',
    path: assign(),
    // Hooli carries 3 (one by rules): 3 + 8 = 11.
    body: { data: [entry(ACCOUNT.hooli, ...TEN_OTHER_TERRITORIES)] },
    status: 400,
    example: 'assignTerritoriesToRecords/response-400-limitexceededonassign.json',
  },
  {
    name: 'assign: a second territory on a Deal is LIMIT_EXCEEDED with limit 1',
    method: 'POST',
    path: assign('Deals'),
    body: { data: [entry(DEAL.acme, T.USWest)] },
    status: 400,
    equals: LIMIT_EXCEEDED_ENTRY(1),
  },
  {
    name: 'assign: a territory object without id is MANDATORY_NOT_FOUND',
    method: 'POST',
    path: assign(),
    body: { data: [{ id: ACCOUNT.initech, Territories: [{ id: T.EMEA }, {}] }] },
    status: 400,
    example: 'assignTerritoriesToRecords/response-400-mandatorynotfounderror.json',
  },
  {
    name: 'assign: an empty Territories array is MANDATORY_NOT_FOUND',
    method: 'POST',
    path: assign(),
    body: { data: [{ id: ACCOUNT.initech, Territories: [] }] },
    status: 400,
    equals: {
      data: [
        {
          code: 'MANDATORY_NOT_FOUND',
          message: 'required field not found',
          details: { api_name: 'Territories', json_path: '$.data[0].Territories' },
          status: 'error',
        },
      ],
    },
  },
  {
    name: 'assign: an entry without record id is MANDATORY_NOT_FOUND (expected parameter)',
    method: 'POST',
    path: assign(),
    body: { data: [{ Territories: ids(T.EMEA) }] },
    status: 400,
    equals: {
      data: [
        {
          code: 'MANDATORY_NOT_FOUND',
          message: 'One of the expected parameter is missing',
          details: { api_name: 'id', json_path: '$.data[0].id' },
          status: 'error',
        },
      ],
    },
  },
  {
    name: 'assign: Leads answer 403 TERRITORY_NOT_ENABLED',
    method: 'POST',
    path: assign('Leads'),
    body: { data: [entry(LEAD.johnDoe, T.EMEA)] },
    status: 403,
    equals: {
      code: 'TERRITORY_NOT_ENABLED',
      details: {},
      message: 'the territory feature is not enabled for Leads Module',
      status: 'error',
    },
  },
  {
    name: 'assign: a locked record is RECORD_LOCKED',
    method: 'POST',
    path: assign(),
    body: { data: [entry(LOCKED_ACCOUNT, T.EMEA)] },
    status: 400,
    equals: {
      data: [
        {
          code: 'RECORD_LOCKED',
          details: { id: LOCKED_ACCOUNT, action: 'record_locking' },
          message: 'Sorry, you cannot perform this operation as the record is locked.',
          status: 'error',
        },
      ],
    },
  },
  {
    name: 'assign: a record the user may not update is 403 NO_PERMISSION in data[]',
    method: 'POST',
    path: assign(),
    body: { data: [entry(READ_ONLY_ACCOUNT, T.EMEA)] },
    status: 403,
    example: 'assignTerritoriesToRecords/response-403-nopermissionforrecord.json',
  },
  {
    name: 'assign: a territory the user may not assign is 401 NO_PERMISSION in data[]',
    method: 'POST',
    path: assign(),
    body: { data: [entry(ACCOUNT.initech, RESTRICTED_TERRITORY)] },
    status: 401,
    example: 'assignTerritoriesToRecords/response-401-nopermissionforterritoryid.json',
  },
  {
    name: 'assign: a mixed batch is 207, one entry per record in order (A1)',
    method: 'POST',
    path: assign(),
    body: { data: [entry(ACCOUNT.initech, T.EMEA), entry(ACCOUNT.acme, T.USEast)] },
    status: 207,
    check: (body) => {
      // Zoho's SCHEDULED entry and its DUPLICATE_DATA entry, at this batch's positions.
      expect(shape(at(body, 'data', 0))).toEqual(
        shape(
          at(
            oasExample('assignTerritoriesToRecords/response-202-autogeneratedexample.json'),
            'data',
            0,
          ),
        ),
      );
      expect(at(body, 'data', 0, 'details', 'id')).toBe(ACCOUNT.initech);
      expect(at(body, 'data', 1)).toEqual({
        ...(at(
          oasExample('assignTerritoriesToRecords/response-400-duplicateterritoryerror.json'),
          'data',
          0,
        ) as object),
        details: { api_name: 'id', json_path: '$.data[1].Territories[0].id' },
      });
    },
  },
  {
    name: 'assign: a mixed batch is 400 where the seed says mixedBatchStatus 400, entries as in a 207 (A1)',
    method: 'POST',
    path: assign(),
    seed: MIXED_400,
    body: { data: [entry(ACCOUNT.initech, T.EMEA), entry(ACCOUNT.acme, T.USEast)] },
    status: 400,
    check: (body) => {
      expect(at(body, 'data', 0, 'code')).toBe('SCHEDULED');
      expect(at(body, 'data', 0, 'details', 'job_id')).toEqual(expect.stringMatching(/^\d+$/));
      // Zoho's DUPLICATE_DATA entry, at this batch's position.
      expect(at(body, 'data', 1)).toEqual({
        ...(at(
          oasExample('assignTerritoriesToRecords/response-400-duplicateterritoryerror.json'),
          'data',
          0,
        ) as object),
        details: { api_name: 'id', json_path: '$.data[1].Territories[0].id' },
      });
    },
  },
  {
    name: 'assign: under mixedBatchStatus 400 a batch with every entry SCHEDULED is still 202 (A1)',
    method: 'POST',
    path: assign(),
    seed: MIXED_400,
    body: { data: [entry(ACCOUNT.initech, T.EMEA), entry(ACCOUNT.sample, T.EMEA)] },
    status: 202,
    shapeOf: 'assignTerritoriesToRecords/response-202-autogeneratedexample.json',
  },
  {
    name: 'assign: more than 10 records in one call is a bare LIMIT_EXCEEDED (A2)',
    method: 'POST',
    path: assign(),
    body: { data: Array.from({ length: 11 }, () => entry(ACCOUNT.initech, T.EMEA)) },
    status: 400,
    equals: {
      code: 'LIMIT_EXCEEDED',
      details: { api_name: 'data', limit: 10 },
      message: 'limit exceeded',
      status: 'error',
    },
  },
  {
    name: 'assign: an unknown module is INVALID_MODULE',
    method: 'POST',
    path: assign('Widgets'),
    body: { data: [entry(ACCOUNT.initech, T.EMEA)] },
    status: 400,
    example: 'getRecords/response-400-invaliddata.json',
  },
  {
    name: 'assign: a module without territories is NOT_SUPPORTED',
    method: 'POST',
    path: assign('Tasks'),
    body: { data: [entry(ACCOUNT.initech, T.EMEA)] },
    status: 400,
    example: 'assignTerritoriesToRecords/response-400-invalidmoduleerror.json',
  },
  {
    name: 'assign: territory management switched off is FEATURE_NOT_ENABLED',
    method: 'POST',
    path: assign(),
    seed: { ...CONTRACT_SEED, org: { ...CONTRACT_SEED.org, territoriesEnabled: false } },
    body: { data: [entry(ACCOUNT.initech, T.EMEA)] },
    status: 400,
    example: 'assignTerritoriesToRecords/response-400-territorynotenabled.json',
  },
  {
    name: 'assign: GET on the assign URL is INVALID_REQUEST_METHOD',
    method: 'GET',
    path: assign(),
    status: 400,
    equals: {
      code: 'INVALID_REQUEST_METHOD',
      details: {},
      message: 'The http request method type is not a valid one',
      status: 'error',
    },
  },
  {
    name: 'assign: no Authorization header is AUTHENTICATION_FAILURE',
    method: 'POST',
    path: assign(),
    auth: 'none',
    body: { data: [entry(ACCOUNT.initech, T.EMEA)] },
    status: 401,
    example: 'assignTerritoriesToRecords/response-401-authenticationfailure.json',
  },
  {
    name: 'assign: an unknown access token is INVALID_TOKEN',
    method: 'POST',
    path: assign(),
    auth: 'bogus',
    body: { data: [entry(ACCOUNT.initech, T.EMEA)] },
    status: 401,
    equals: { code: 'INVALID_TOKEN', details: {}, message: 'invalid oauth token', status: 'error' },
  },
  {
    name: 'assign: a token without an update scope is OAUTH_SCOPE_MISMATCH',
    method: 'POST',
    path: assign(),
    auth: 'narrow',
    body: { data: [entry(ACCOUNT.initech, T.EMEA)] },
    status: 401,
    example: 'getRecords/response-401-scopemismatch.json',
  },
  // §1 Assign, single-record form
  {
    name: 'assign one record: the record in the URL answers 202 SCHEDULED',
    method: 'POST',
    path: `${V7}/Accounts/${ACCOUNT.initech}/actions/assign_territories`,
    body: { data: [{ Territories: ids(T.UKIreland, T.Partners) }] },
    status: 202,
    shapeOf: 'assignTerritoriesToRecord/response-202-autogeneratedexample.json',
  },
  {
    name: 'assign one record: a bad id in the URL is INVALID_DATA with resource_path_index',
    method: 'POST',
    path: `${V7}/Accounts/554023000003699999/actions/assign_territories`,
    body: { data: [{ Territories: ids(T.EMEA) }] },
    status: 400,
    equals: {
      code: 'INVALID_DATA',
      details: { resource_path_index: 1 },
      message: 'the id given seems to be invalid',
      status: 'error',
    },
  },
  {
    name: 'assign one record: a record the user may not update is a bare 403 NO_PERMISSION',
    method: 'POST',
    path: `${V7}/Accounts/${READ_ONLY_ACCOUNT}/actions/assign_territories`,
    body: { data: [{ Territories: ids(T.EMEA) }] },
    status: 403,
    example: 'assignTerritoriesToRecord/response-403-nopermissionforrecord.json',
  },
  {
    name: 'assign one record: a second territory object without id is MANDATORY_NOT_FOUND',
    method: 'POST',
    path: `${V7}/Accounts/${ACCOUNT.initech}/actions/assign_territories`,
    body: { data: [{ Territories: [{ id: T.EMEA }, { name: 'x' }] }] },
    status: 400,
    example: 'assignTerritoriesToRecord/response-400-mandatorynotfounderror.json',
  },
  // §2 Remove
  {
    name: 'remove: a manual territory answers 202 with the removal message',
    method: 'POST',
    path: remove(),
    body: { data: [entry(ACCOUNT.acme, T.USEast)] },
    status: 202,
    shapeOf: 'removeTerritoriesFromRecords/response-202-autogeneratedexample.json',
    check: (body) =>
      expect(at(body, 'data', 0, 'message')).toBe(
        'Territory removal process scheduled successfully',
      ),
  },
  {
    name: 'remove: a territory the record does not carry is INVALID_DATA (A8)',
    method: 'POST',
    path: remove(),
    body: { data: [entry(ACCOUNT.muller, T.DACH, T.Japan)] },
    status: 400,
    example: 'removeTerritoriesFromRecords/response-400-invaliddataerrorondelete.json',
  },
  {
    name: 'remove: a mixed batch is 207 by default, as the remove page says (A1)',
    method: 'POST',
    path: remove(),
    body: { data: [entry(ACCOUNT.acme, T.USEast), entry(ACCOUNT.muller, T.Japan)] },
    status: 207,
    check: (body) => {
      expect(at(body, 'data', 0, 'code')).toBe('SCHEDULED');
      expect(at(body, 'data', 1)).toEqual({
        ...(at(
          oasExample('removeTerritoriesFromRecords/response-400-invaliddataerrorondelete.json'),
          'data',
          0,
        ) as object),
        details: { api_name: 'id', json_path: '$.data[1].Territories[0].id' },
      });
    },
  },
  {
    name: 'remove: a mixed batch is 400 where the seed says mixedBatchStatus 400 (A1)',
    method: 'POST',
    path: remove(),
    seed: MIXED_400,
    body: { data: [entry(ACCOUNT.acme, T.USEast), entry(ACCOUNT.muller, T.Japan)] },
    status: 400,
    check: (body) => {
      // The same entries as the 207 reading: only the status differs.
      expect(shape(at(body, 'data', 0))).toEqual(
        shape(
          at(
            oasExample('removeTerritoriesFromRecords/response-202-autogeneratedexample.json'),
            'data',
            0,
          ),
        ),
      );
      expect(at(body, 'data', 0, 'details', 'id')).toBe(ACCOUNT.acme);
      expect(at(body, 'data', 1)).toEqual({
        ...(at(
          oasExample('removeTerritoriesFromRecords/response-400-invaliddataerrorondelete.json'),
          'data',
          0,
        ) as object),
        details: { api_name: 'id', json_path: '$.data[1].Territories[0].id' },
      });
    },
  },
  {
    name: 'remove: a rule-assigned territory is 403 NOT_ALLOWED',
    method: 'POST',
    path: remove(),
    body: { data: [entry(ACCOUNT.samba, T.LATAM)] },
    status: 403,
    equals: {
      data: [
        {
          code: 'NOT_ALLOWED',
          details: { api_name: 'id', json_path: '$.data[0].Territories[0].id' },
          message: 'Territory id which you are trying to remove was system assigned',
          status: 'error',
        },
      ],
    },
  },
  {
    name: 'remove: while a job is pending the record answers ALREADY_SCHEDULED',
    method: 'POST',
    path: remove(),
    before: { method: 'POST', path: remove(), body: { data: [entry(ACCOUNT.muller, T.France)] } },
    body: { data: [entry(ACCOUNT.muller, T.DACH)] },
    status: 400,
    equals: {
      data: [
        {
          code: 'ALREADY_SCHEDULED',
          details: { api_name: 'id', json_path: '$.data[0].id' },
          message:
            'You are trying to remove territories again from the record(s) while a job is already scheduled.',
          status: 'error',
        },
      ],
    },
  },
  {
    name: 'remove: more territories than a record can hold is LIMIT_EXCEEDED with limit 10 (A31)',
    method: 'POST',
    path: remove(),
    // Hooli carries 3: the count is checked before any territory is looked at.
    body: { data: [entry(ACCOUNT.hooli, ...ELEVEN_TERRITORIES)] },
    status: 400,
    example: 'removeTerritoriesFromRecords/response-400-limitexceededonassign.json',
  },
  {
    name: 'remove one record: more territories than it can hold is LIMIT_EXCEEDED (A31)',
    method: 'POST',
    path: `${V7}/Accounts/${ACCOUNT.muller}/actions/remove_territories`,
    body: { data: [{ Territories: ids(...ELEVEN_TERRITORIES) }] },
    status: 400,
    example: 'removeTerritoriesFromRecord/response-400-limitexceededonassign.json',
  },
  {
    name: 'remove: two territories from a Deal is LIMIT_EXCEEDED with limit 1 (A31)',
    method: 'POST',
    path: remove('Deals'),
    body: { data: [entry(DEAL.acme, T.USEast, T.USWest)] },
    status: 400,
    equals: LIMIT_EXCEEDED_ENTRY(1),
  },
  {
    name: 'remove: all 10 territories of a full record in one call is 202 SCHEDULED (A31)',
    method: 'POST',
    path: remove(),
    seed: TEN_HELD,
    body: { data: [entry(ACCOUNT.initech, ...ELEVEN_TERRITORIES.slice(0, 10))] },
    status: 202,
    shapeOf: 'removeTerritoriesFromRecords/response-202-autogeneratedexample.json',
  },
  {
    name: 'remove: a batch where one record asks too many answers the others SCHEDULED (A1, A31)',
    method: 'POST',
    path: remove(),
    body: {
      data: [entry(ACCOUNT.acme, T.USEast), entry(ACCOUNT.hooli, ...ELEVEN_TERRITORIES)],
    },
    status: 207,
    check: (body) => {
      expect(at(body, 'data', 0, 'code')).toBe('SCHEDULED');
      expect(at(body, 'data', 1)).toEqual({
        ...(at(
          oasExample('removeTerritoriesFromRecords/response-400-limitexceededonassign.json'),
          'data',
          0,
        ) as object),
        details: { api_name: 'Territories', json_path: '$.data[1].Territories', limit: 10 },
      });
    },
  },
  {
    name: 'assign: Leads where Zoho enabled them (seed leadAssignmentEnabled) answer 202 SCHEDULED (A26)',
    method: 'POST',
    path: assign('Leads'),
    seed: LEADS_ENABLED,
    body: { data: [entry(LEAD.johnDoe, T.EMEA)] },
    status: 202,
    check: (body) => expect(at(body, 'data', 0, 'code')).toBe('SCHEDULED'),
  },
  {
    name: 'assign: the A26 probe (a Lead and a territory no org has) is refused per record where Leads are enabled',
    method: 'POST',
    path: assign('Leads'),
    seed: LEADS_ENABLED,
    body: { data: [entry('999999999999999999', '999999999999999998')] },
    status: 400,
    check: (body) => expect(at(body, 'data', 0, 'code')).toBe('INVALID_DATA'),
  },
  {
    name: 'assign: the A26 probe is refused for the module where Leads are not enabled',
    method: 'POST',
    path: assign('Leads'),
    body: { data: [entry('999999999999999999', '999999999999999998')] },
    status: 403,
    check: (body) => expect(at(body, 'code')).toBe('TERRITORY_NOT_ENABLED'),
  },
  {
    name: "remove: where Leads are enabled, a Lead's rule-assigned territory is NOT_ALLOWED like any record's (A26)",
    method: 'POST',
    path: remove('Leads'),
    seed: LEADS_ENABLED,
    body: { data: [entry(LEAD.johnDoe, T.USEast)] },
    status: 403,
    check: (body) => expect(at(body, 'data', 0, 'code')).toBe('NOT_ALLOWED'),
  },
  {
    name: 'remove: Leads answer 403 TERRITORY_NOT_ENABLED',
    method: 'POST',
    path: remove('Leads'),
    body: { data: [entry(LEAD.johnDoe, T.USEast)] },
    status: 403,
    check: (body) => expect(at(body, 'code')).toBe('TERRITORY_NOT_ENABLED'),
  },
  {
    name: 'remove one record: the record in the URL answers 202',
    method: 'POST',
    path: `${V7}/Accounts/${ACCOUNT.muller}/actions/remove_territories`,
    body: { data: [{ Territories: ids(T.DACH, T.France) }] },
    status: 202,
    shapeOf: 'removeTerritoriesFromRecord/response-202-autogeneratedexample.json',
  },
  {
    name: 'remove one record: a module without territories is NOT_SUPPORTED',
    method: 'POST',
    path: `${V7}/Products/${ACCOUNT.muller}/actions/remove_territories`,
    body: { data: [{ Territories: ids(T.DACH) }] },
    status: 400,
    example: 'removeTerritoriesFromRecord/response-400-notsupportederror.json',
  },
  // §3 Territories
  {
    name: 'territories: the catalogue with reporting_to and info',
    method: 'GET',
    path: `${V7}/settings/territories`,
    status: 200,
    check: (body) => {
      expect(shape(at(body, 'info'))).toEqual(
        shape(at(oasExample('getTerritories/response-200-getallterritories.json'), 'info')),
      );
      expect(Object.keys(at(body, 'territories', 1) as object).sort()).toEqual(
        Object.keys(
          at(
            oasExample('getTerritories/response-200-getallterritories.json'),
            'territories',
            0,
          ) as object,
        )
          .filter((k) => k !== 'manager')
          .concat('manager')
          .sort(),
      );
      expect(at(body, 'territories', 0, 'reporting_to')).toBeNull();
      expect(at(body, 'territories', 1, 'reporting_to')).toEqual({
        name: 'Organization',
        id: T.Organization,
      });
    },
  },
  {
    name: 'territories: ids answers those territories without info',
    method: 'GET',
    path: `${V7}/settings/territories?ids=${T.DACH},${T.EMEAEnterprise}`,
    status: 200,
    check: (body) => {
      expect(at(body, 'info')).toBeUndefined();
      expect(at(body, 'territories', 1, 'reporting_to')).toEqual({ name: 'EMEA', id: T.EMEA });
    },
  },
  {
    name: 'territories: one territory by id, in a territories array',
    method: 'GET',
    path: `${V7}/settings/territories/${T.USWest}`,
    status: 200,
    check: (body) => {
      expect((at(body, 'territories') as unknown[]).length).toBe(1);
      expect(at(body, 'territories', 0, 'name')).toBe('US West');
    },
  },
  {
    name: 'territories: the children of a territory',
    method: 'GET',
    path: `${V7}/settings/territories/${T.NorthAmerica}/__child_territories`,
    status: 200,
    check: (body) =>
      expect((at(body, 'territories') as { name: string }[]).map((t) => t.name)).toEqual([
        'US East',
        'US West',
        'Canada',
      ]),
  },
  {
    name: "territories: by id carries account_rule_criteria and lead_rule_criteria unasked, as Zoho's example (A29)",
    method: 'GET',
    path: `${V7}/settings/territories/${T.USWest}`,
    seed: RULES,
    status: 200,
    shapeOf: 'getTerritoryById/response-200-territorybyidsuccessresponse.json',
    check: (body) => {
      expect(at(body, 'territories', 0, 'account_rule_criteria')).toEqual(ACCOUNT_RULE);
      expect(at(body, 'territories', 0, 'lead_rule_criteria')).toEqual(LEAD_RULE);
      expect(ruleKeys(at(body, 'territories', 0))).toEqual([
        'account_rule_criteria',
        'lead_rule_criteria',
      ]);
    },
  },
  {
    name: 'territories: by id, a territory without rules answers the enabled criteria keys as null (A29)',
    method: 'GET',
    path: `${V7}/settings/territories/${T.DACH}`,
    seed: RULES,
    status: 200,
    check: (body) => {
      expect(at(body, 'territories', 0, 'account_rule_criteria')).toBeNull();
      expect(at(body, 'territories', 0, 'lead_rule_criteria')).toBeNull();
      expect(ruleKeys(at(body, 'territories', 0))).toHaveLength(2);
    },
  },
  {
    name: 'territories: by id carries deal_rule_criteria where deal rules are on (A29)',
    method: 'GET',
    path: `${V7}/settings/territories/${T.USWest}`,
    seed: RULES_DEALS_ON,
    status: 200,
    check: (body) => expect(at(body, 'territories', 0, 'deal_rule_criteria')).toEqual(DEAL_RULE),
  },
  {
    name: 'territories: where lead rules are off, lead_rule_criteria is absent, by id and when asked (A29)',
    method: 'GET',
    path: `${V7}/settings/territories?include=account_rule_criteria,lead_rule_criteria&ids=${T.USWest}`,
    seed: RULES_LEADS_OFF,
    status: 200,
    check: (body) => {
      expect(ruleKeys(at(body, 'territories', 0))).toEqual(['account_rule_criteria']);
    },
  },
  {
    name: 'territories: the list carries no criteria unasked (A29)',
    method: 'GET',
    path: `${V7}/settings/territories?ids=${T.USWest}`,
    seed: RULES_DEALS_ON,
    status: 200,
    check: (body) => expect(ruleKeys(at(body, 'territories', 0))).toEqual([]),
  },
  {
    name: 'territories: the list with include answers the criteria asked for, null where none (A29)',
    method: 'GET',
    path: `${V7}/settings/territories?include=account_rule_criteria,lead_rule_criteria,deal_rule_criteria&filters=${encodeURIComponent(JSON.stringify({ field: { api_name: 'reporting_to.id' }, comparator: 'equal', value: T.NorthAmerica }))}`,
    seed: RULES_DEALS_ON,
    status: 200,
    check: (body) => {
      const example = at(
        oasExample('getTerritories/response-200-getterritoriesbyincludeparam.json'),
        'territories',
        0,
      );
      const [east, west] = at(body, 'territories') as Record<string, unknown>[];
      expect(ruleKeys(west)).toEqual(ruleKeys(example));
      expect(west?.['account_rule_criteria']).toEqual(ACCOUNT_RULE);
      expect(west?.['deal_rule_criteria']).toEqual(DEAL_RULE);
      expect(shape(west?.['account_rule_criteria'])).toEqual({
        ...(shape(at(example, 'account_rule_criteria')) as object),
        type: 'string',
      });
      expect(ruleKeys(east).map((k) => east?.[k])).toEqual([null, null, null]);
    },
  },
  {
    name: 'territories: the children route answers criteria asked with include (A29)',
    method: 'GET',
    path: `${V7}/settings/territories/${T.NorthAmerica}/__child_territories?include=account_rule_criteria`,
    seed: RULES,
    status: 200,
    check: (body) => {
      const west = (at(body, 'territories') as { name: string }[]).find(
        (t) => t.name === 'US West',
      );
      expect(ruleKeys(west)).toEqual(['account_rule_criteria']);
      expect(at(west, 'account_rule_criteria')).toEqual(ACCOUNT_RULE);
    },
  },
  {
    name: "territories: include_inner_details=manager.zuid,manager.status gives {name, id, zuid, status}, as Zoho's example (A30)",
    method: 'GET',
    path: `${V7}/settings/territories?${INNER_BOTH}&per_page=1`,
    seed: MANAGERS,
    status: 200,
    shapeOf: 'getTerritories/response-200-getallterritories.json',
    check: (body) =>
      expect(at(body, 'territories', 0, 'manager')).toEqual(
        at(
          oasExample('getTerritories/response-200-getallterritories.json'),
          'territories',
          0,
          'manager',
        ),
      ),
  },
  {
    name: "territories: by ids with include_inner_details, as Zoho's ids example (A30)",
    method: 'GET',
    path: `${V7}/settings/territories?ids=${T.Organization}&${INNER_BOTH}`,
    seed: MANAGERS,
    status: 200,
    shapeOf: 'getTerritories/response-200-getallbyincludingidsparam.json',
    check: (body) => expect(at(body, 'territories', 0, 'manager', 'zuid')).toBe('8186088'),
  },
  {
    name: 'territories: child territories with include_inner_details; zuid derived and status active by default (A30)',
    method: 'GET',
    path: `${V7}/settings/territories/${T.Organization}/__child_territories?${INNER_BOTH}`,
    seed: MANAGERS,
    status: 200,
    check: (body) => {
      expect(at(body, 'territories', 0, 'manager')).toEqual({
        name: 'J Smith',
        id: J_SMITH.id,
        zuid: expect.stringMatching(/^\d{8}$/),
        status: 'active',
      });
      expect(at(body, 'territories', 2, 'manager')).toBeNull();
    },
  },
  {
    name: 'territories: include_inner_details=manager.zuid alone adds only zuid, by id too (A30)',
    method: 'GET',
    path: `${V7}/settings/territories/${T.Organization}?include_inner_details=manager.zuid`,
    seed: MANAGERS,
    status: 200,
    check: (body) =>
      expect(at(body, 'territories', 0, 'manager')).toEqual({
        name: 'Patricia',
        id: PATRICIA.id,
        zuid: '8186088',
      }),
  },
  {
    name: 'territories: include_inner_details=manager.status alone adds only status (A30)',
    method: 'GET',
    path: `${V7}/settings/territories?ids=${T.EMEA}&include_inner_details=manager.status`,
    seed: MANAGERS,
    status: 200,
    check: (body) =>
      expect(at(body, 'territories', 0, 'manager')).toEqual({
        name: 'J Smith',
        id: J_SMITH.id,
        status: 'active',
      }),
  },
  {
    name: 'territories: without include_inner_details the manager is {name, id} (A30)',
    method: 'GET',
    path: `${V7}/settings/territories?ids=${T.Organization}`,
    seed: MANAGERS,
    status: 200,
    check: (body) =>
      expect(at(body, 'territories', 0, 'manager')).toEqual({ name: 'Patricia', id: PATRICIA.id }),
  },
  {
    name: 'territories: an unknown include_inner_details value is INVALID_DATA (A30)',
    method: 'GET',
    path: `${V7}/settings/territories?include_inner_details=manager.email`,
    status: 400,
    equals: {
      code: 'INVALID_DATA',
      details: { param_name: 'include_inner_details' },
      message: 'invalid data',
      status: 'error',
    },
  },
  {
    name: 'territories: a page past the end is 204',
    method: 'GET',
    path: `${V7}/settings/territories?page=2`,
    status: 204,
  },
  {
    name: 'territories: per_page above 2000 is LIMIT_EXCEEDED',
    method: 'GET',
    path: `${V7}/settings/territories?per_page=2001`,
    status: 400,
    equals: {
      code: 'LIMIT_EXCEEDED',
      details: { limit: 2000, param_name: 'per_page' },
      message: 'limit exceeded',
      status: 'error',
    },
  },
  {
    name: 'territories: without a territories scope is OAUTH_SCOPE_MISMATCH',
    method: 'GET',
    path: `${V7}/settings/territories`,
    auth: 'narrow',
    status: 401,
    example: 'getRecords/response-401-scopemismatch.json',
  },
  // §5 Records
  {
    name: 'records: listing without fields is REQUIRED_PARAM_MISSING',
    method: 'GET',
    path: `${V7}/Accounts`,
    status: 400,
    example: 'getRecords/response-400-requiredparammissing.json',
  },
  {
    name: 'records: more than 50 fields is LIMIT_EXCEEDED',
    method: 'GET',
    path: `${V7}/Accounts?fields=${Array.from({ length: 51 }, (_, i) => `F${i}`).join(',')}`,
    status: 400,
    example: 'getRecords/response-400-limitexceeded.json',
  },
  {
    name: 'records: an unknown module is INVALID_MODULE',
    method: 'GET',
    path: `${V7}/Widgets?fields=Name`,
    status: 400,
    example: 'getRecords/response-400-invaliddata.json',
  },
  {
    name: 'records: page 11 of 200 is DISCRETE_PAGINATION_LIMIT_EXCEEDED',
    method: 'GET',
    path: `${V7}/Accounts?fields=Account_Name&page=11&per_page=200`,
    status: 400,
    example: 'getRecords/response-400-discretepaginationlimitexceeded.json',
  },
  {
    name: 'records: a forged page_token is TOKEN_BOUND_DATA_MISMATCH',
    method: 'GET',
    path: `${V7}/Accounts?fields=Account_Name&page_token=c8582xx9e7c7`,
    status: 400,
    example: 'getRecords/response-400-tokenbounddatamismatch.json',
  },
  {
    name: 'records: more than 100 ids is LIMIT_EXCEEDED (A4)',
    method: 'GET',
    path: `${V7}/Accounts?fields=Account_Name&ids=${Array.from({ length: 101 }, (_, i) => 554023000003600000n + BigInt(i)).join(',')}`,
    status: 400,
    equals: {
      code: 'LIMIT_EXCEEDED',
      details: { limit: 100, param_name: 'ids' },
      message: 'limit exceeded',
      status: 'error',
    },
  },
  {
    name: 'records: an unknown cvid is INVALID_DATA with param_name cvid (A27)',
    method: 'GET',
    path: `${V7}/Accounts?fields=Account_Name&cvid=554023000000099999`,
    status: 400,
    example: 'getRecords/response-400-invalidcvid.json',
  },
  {
    name: 'records: a cvid that is not digits is INVALID_DATA (cvid) (A27)',
    method: 'GET',
    path: `${V7}/Accounts?fields=Account_Name&cvid=all`,
    status: 400,
    example: 'getRecords/response-400-invalidcvid.json',
  },
  {
    name: "records: another module's view is an unknown cvid (A27)",
    method: 'GET',
    path: `${V7}/Accounts?fields=Account_Name&cvid=${DEFAULT_VIEW_IDS.Contacts}`,
    status: 400,
    example: 'getRecords/response-400-invalidcvid.json',
  },
  {
    name: 'records: the module\'s default "All" view lists every record (A27)',
    method: 'GET',
    path: `${V7}/Accounts?fields=Account_Name&cvid=${DEFAULT_VIEW_IDS.Accounts}`,
    status: 200,
    check: (body) => expect((at(body, 'data') as unknown[]).length).toBe(ACCOUNT_COUNT),
  },
  {
    name: "records: a custom view's criteria filter the page (A27)",
    method: 'GET',
    path: `${V7}/Accounts?fields=Account_Name,Billing_Country&cvid=${VIEW.brazil}`,
    seed: VIEWS,
    status: 200,
    check: (body) => {
      expect(at(body, 'data')).toEqual([
        { id: ACCOUNT.samba, Account_Name: 'Samba Payments Ltda', Billing_Country: 'Brazil' },
      ]);
      expect(at(body, 'info', 'more_records')).toBe(false);
    },
  },
  {
    name: "records: a custom view's record list filters ids and pages alike (A27)",
    method: 'GET',
    path: `${V7}/Accounts?fields=Account_Name&cvid=${VIEW.listed}&ids=${ACCOUNT.acme},${ACCOUNT.initech}`,
    seed: VIEWS,
    status: 200,
    check: (body) =>
      expect((at(body, 'data') as { id: string }[]).map((r) => r.id)).toEqual([ACCOUNT.acme]),
  },
  {
    name: "records: a custom view's pages continue by page_token within the view (A27)",
    method: 'GET',
    path: `${V7}/Accounts?fields=Account_Name&cvid=${VIEW.listed}&per_page=1&sort_order=asc`,
    seed: VIEWS,
    status: 200,
    check: (body) => {
      expect(at(body, 'data', 0, 'id')).toBe(ACCOUNT.acme);
      expect(at(body, 'info', 'more_records')).toBe(true);
      expect(at(body, 'info', 'next_page_token')).toEqual(expect.any(String));
    },
  },
  {
    name: 'records: ids that do not exist are left out; none at all is 204 (A4)',
    method: 'GET',
    path: `${V7}/Accounts?fields=Account_Name&ids=554023000003699998,554023000003699999`,
    status: 204,
  },
  {
    name: 'records: a list call returns territory objects with $assigned (A3)',
    method: 'GET',
    path: `${V7}/Accounts?fields=Account_Name,Territories&ids=${ACCOUNT.hooli},${ACCOUNT.initech}`,
    status: 200,
    check: (body) => {
      expect(at(body, 'data', 0, 'Territories', 2)).toEqual({
        Name: 'North America',
        id: T.NorthAmerica,
        $assigned_by: null,
        $assigned_time: expect.any(String),
        $assigned: 'automatically',
      });
      expect(at(body, 'data', 0, 'Territories', 0, '$assigned')).toBe('manually');
      expect(at(body, 'data', 1, 'Territories')).toBeNull();
      expect(Object.keys(at(body, 'info') as object).sort()).toEqual(
        Object.keys(at(oasExample('getRecords/response-200-leads.json'), 'info') as object).sort(),
      );
    },
  },
  {
    name: 'records: Deals answer under Territory, and under Territories when asked so (A3)',
    method: 'GET',
    path: `${V7}/Deals?fields=Deal_Name,Territory,Territories&ids=${DEAL.globex}`,
    status: 200,
    check: (body) => {
      expect(at(body, 'data', 0, 'Territory', 0, 'Name')).toBe('US East');
      expect(at(body, 'data', 0, 'Territories', 0, 'Name')).toBe('US East');
    },
  },
  {
    name: 'records: one record by id carries every field and its territories',
    method: 'GET',
    path: `${V7}/Contacts/554023000003635105`,
    status: 200,
    check: (body) => {
      expect(at(body, 'data', 0, 'Full_Name')).toBe('Lars Nilsen');
      expect(at(body, 'data', 0, 'First_Name')).toBe('Lars');
      expect((at(body, 'data', 0, 'Territories') as unknown[]).length).toBe(2);
    },
  },
  {
    name: "records: a Contact's Account_Name lookup answers {name, id}, null without one (A32)",
    method: 'GET',
    path: `${V7}/Contacts?fields=Full_Name,Account_Name&ids=${CONTACT.coyote},${CONTACT.scorpio}`,
    seed: LOOKUPS,
    status: 200,
    equals: {
      data: [
        {
          id: CONTACT.coyote,
          Full_Name: 'Wile E. Coyote',
          Account_Name: lookup('Acme Corp', ACCOUNT.acme),
        },
        { id: CONTACT.scorpio, Full_Name: 'Hank Scorpio', Account_Name: null },
      ],
      info: expect.any(Object) as unknown,
    },
  },
  {
    name: 'records: a Deal carries Account_Name and Contact_Name as {name, id} on the list (A32)',
    method: 'GET',
    path: `${V7}/Deals?fields=Deal_Name,Account_Name,Contact_Name&ids=${DEAL.globex},${DEAL.acme}`,
    seed: LOOKUPS,
    status: 200,
    check: (body) => {
      expect(at(body, 'data', 0)).toEqual({
        id: DEAL.globex,
        Deal_Name: 'Globex expansion',
        Account_Name: lookup('Globex', ACCOUNT.globex),
        Contact_Name: lookup('Wile E. Coyote', CONTACT.coyote),
      });
      // A lookup naming a record that does not exist, and one never set, answer null.
      expect(at(body, 'data', 1)).toEqual({
        id: DEAL.acme,
        Deal_Name: 'Acme renewal 2027',
        Account_Name: null,
        Contact_Name: null,
      });
      // The rest of the answer is Zoho's Get Records shape.
      expect(Object.keys(at(body, 'info') as object).sort()).toEqual(
        Object.keys(at(oasExample('getRecords/response-200-leads.json'), 'info') as object).sort(),
      );
    },
  },
  {
    name: 'records: one Deal by id carries its lookups as {name, id} beside Zoho-shaped Owner (A32)',
    method: 'GET',
    path: `${V7}/Deals/${DEAL.globex}`,
    seed: LOOKUPS,
    status: 200,
    check: (body) => {
      const record = at(body, 'data', 0) as Record<string, unknown>;
      expect(record['Account_Name']).toEqual(lookup('Globex', ACCOUNT.globex));
      expect(record['Contact_Name']).toEqual(lookup('Wile E. Coyote', CONTACT.coyote));
      const zohoOwner = at(oasExample('getRecords/response-200-leads.json'), 'data', 0, 'Owner');
      expect(shape(record['Owner'])).toEqual(shape(zohoOwner));
    },
  },
  {
    name: 'records: a record id with letters is INVALID_DATA',
    method: 'GET',
    path: `${V7}/Accounts/12ab`,
    status: 400,
    check: (body) => expect(at(body, 'code')).toBe('INVALID_DATA'),
  },
  // §4 Job status (A5)
  {
    name: 'job status: without features is REQUIRED_PARAM_MISSING',
    method: 'GET',
    path: `${V7}/Accounts/actions/get_feature_specific_info?ids=${ACCOUNT.acme}`,
    status: 400,
    equals: {
      code: 'REQUIRED_PARAM_MISSING',
      details: { param_name: 'features' },
      message: 'One of the expected parameter is missing',
      status: 'error',
    },
  },
  {
    name: 'job status: a scheduled assignment is listed for its record',
    method: 'GET',
    path: `${V7}/Accounts/actions/get_feature_specific_info?features=territory_scheduled_jobs&ids=${ACCOUNT.initech},${ACCOUNT.acme}`,
    before: { method: 'POST', path: assign(), body: { data: [entry(ACCOUNT.initech, T.EMEA)] } },
    status: 200,
    check: (body) => {
      expect(at(body, 'feature_specific_info', 0, 'territory_scheduled_jobs', 0)).toEqual({
        job_id: expect.stringMatching(/^\d{18}$/),
        source: 'manual_territory_assignment',
        status: expect.stringMatching(/^(SCHEDULED|IN_PROGRESS)$/),
        scheduled_time: expect.any(String),
      });
      expect(at(body, 'feature_specific_info', 1)).toEqual({
        id: ACCOUNT.acme,
        territory_scheduled_jobs: [],
      });
    },
  },
  // §6 Metadata official SDKs read
  {
    name: 'metadata: the current user',
    method: 'GET',
    path: `${V7}/users?type=CurrentUser`,
    status: 200,
    check: (body) => expect(at(body, 'users', 0, 'email')).toBe('p.boyle@zylker.example'),
  },
  {
    name: 'metadata: the modules, the four territory modules among them',
    method: 'GET',
    path: `${V7}/settings/modules`,
    status: 200,
    check: (body) =>
      expect((at(body, 'modules') as { api_name: string }[]).map((m) => m.api_name)).toEqual(
        expect.arrayContaining(['Leads', 'Accounts', 'Contacts', 'Deals']),
      ),
  },
  {
    name: 'metadata: the fields of Deals include Territory',
    method: 'GET',
    path: `${V7}/settings/fields?module=Deals`,
    status: 200,
    check: (body) =>
      expect(
        (at(body, 'fields') as { api_name: string }[]).some((f) => f.api_name === 'Territory'),
      ).toBe(true),
  },
  {
    name: 'metadata: Deals describe Contact_Name as a lookup to Contacts (A32)',
    method: 'GET',
    path: `${V7}/settings/fields?module=Deals`,
    status: 200,
    check: (body) => {
      const field = (at(body, 'fields') as { api_name: string }[]).find(
        (f) => f.api_name === 'Contact_Name',
      );
      expect(field).toMatchObject({
        data_type: 'lookup',
        lookup: { module: { api_name: 'Contacts' } },
      });
    },
  },
  // Organization API
  {
    name: "org: the org the token belongs to, shaped like Zoho's sample, with the seed's id",
    method: 'GET',
    path: `${V7}/org`,
    status: 200,
    check: (body) => {
      expect(shape(body)).toEqual(shape(ZOHO_ORG_SAMPLE));
      expect(at(body, 'org', 0, 'id')).toBe(DEMO_ORG_ID);
      expect(at(body, 'org', 0, 'company_name')).toBe('Zylker');
      expect(at(body, 'org', 0, 'primary_email')).toBe('p.boyle@zylker.example');
    },
  },
  {
    name: 'org: without a ZohoCRM.org scope is OAUTH_SCOPE_MISMATCH',
    method: 'GET',
    path: `${V7}/org`,
    auth: 'narrow',
    status: 401,
    example: 'getRecords/response-401-scopemismatch.json',
  },
  // COQL
  {
    name: 'coql: select territories where id in (...)',
    method: 'POST',
    path: `${V7}/coql`,
    body: {
      select_query: `select Account_Name, Territories from Accounts where id in ('${ACCOUNT.acme}', '${ACCOUNT.samba}')`,
    },
    status: 200,
    equals: {
      data: [
        {
          id: ACCOUNT.acme,
          Account_Name: 'Acme Corp',
          Territories: [{ name: 'US East', id: T.USEast }],
        },
        {
          id: ACCOUNT.samba,
          Account_Name: 'Samba Payments Ltda',
          Territories: [{ name: 'LATAM', id: T.LATAM }],
        },
      ],
      info: { count: 2, more_records: false },
    },
  },
  {
    name: "coql: the v7 page's sample `select Territories, Account_Name.Territories from Contacts` answers the Account's territories (A28)",
    method: 'POST',
    path: `${V7}/coql`,
    seed: LOOKUPS,
    body: {
      select_query:
        'select Territories, Account_Name.Territories from Contacts where id is not null',
    },
    status: 200,
    check: (body) => {
      const rows = at(body, 'data') as Record<string, unknown>[];
      const byId = (id: string) => rows.find((r) => r['id'] === id);
      expect(byId(CONTACT.coyote)).toEqual({
        id: CONTACT.coyote,
        Territories: [{ name: 'US East', id: T.USEast }],
        'Account_Name.Territories': [{ name: 'US East', id: T.USEast }],
      });
      expect(byId(CONTACT_ANNA)?.['Account_Name.Territories']).toEqual([
        { name: 'DACH', id: T.DACH },
        { name: 'France', id: T.France },
      ]);
      expect(byId(CONTACT.scorpio)).toEqual({
        id: CONTACT.scorpio,
        Territories: null,
        'Account_Name.Territories': null,
      });
      expect(at(body, 'info')).toEqual({ count: rows.length, more_records: false });
    },
  },
  {
    name: 'coql: a lookup column answers {id}, and <lookup>.<field> the looked-up field (A28)',
    method: 'POST',
    path: `${V7}/coql`,
    seed: LOOKUPS,
    body: {
      select_query: `select Account_Name, Account_Name.Account_Name, Account_Name.id from Contacts where Account_Name.Account_Name = 'Acme Corp'`,
    },
    status: 200,
    equals: {
      data: [
        {
          id: CONTACT.coyote,
          Account_Name: { id: ACCOUNT.acme },
          'Account_Name.Account_Name': 'Acme Corp',
          'Account_Name.id': ACCOUNT.acme,
        },
      ],
      info: { count: 1, more_records: false },
    },
  },
  {
    name: "coql: Deals read their Account's territories through Account_Name (A28)",
    method: 'POST',
    path: `${V7}/coql`,
    seed: LOOKUPS,
    body: {
      select_query: `select Territory, Account_Name.Territories from Deals where id = '${DEAL.globex}'`,
    },
    status: 200,
    equals: {
      data: [
        {
          id: DEAL.globex,
          Territory: [{ name: 'US East', id: T.USEast }],
          'Account_Name.Territories': [{ name: 'US West', id: T.USWest }],
        },
      ],
      info: { count: 1, more_records: false },
    },
  },
  {
    name: "coql: Deals follow Contact_Name to the Contact's fields; the column itself is {id} (A28, A32)",
    method: 'POST',
    path: `${V7}/coql`,
    seed: LOOKUPS,
    body: {
      select_query: `select Contact_Name, Contact_Name.Full_Name, Contact_Name.Account_Name from Deals where id = '${DEAL.globex}'`,
    },
    status: 200,
    equals: {
      data: [
        {
          id: DEAL.globex,
          Contact_Name: { id: CONTACT.coyote },
          'Contact_Name.Full_Name': 'Wile E. Coyote',
          'Contact_Name.Account_Name': { id: ACCOUNT.acme },
        },
      ],
      info: { count: 1, more_records: false },
    },
  },
  {
    name: 'coql: a territory field through a lookup is not filterable: INVALID_QUERY (A23, A28)',
    method: 'POST',
    path: `${V7}/coql`,
    seed: LOOKUPS,
    body: { select_query: 'select id from Contacts where Account_Name.Territories is not null' },
    status: 400,
    equals: {
      code: 'INVALID_QUERY',
      details: {
        column_name: 'Account_Name.Territories',
        reason: 'territory fields are only supported in the select column',
      },
      message: 'invalid query formed',
      status: 'error',
    },
  },
  {
    name: 'coql: a dotted column through a field that is not a lookup is INVALID_QUERY (A28)',
    method: 'POST',
    path: `${V7}/coql`,
    body: { select_query: 'select Account_Name.Territories from Accounts where id is not null' },
    status: 400,
    equals: {
      code: 'INVALID_QUERY',
      details: { column_name: 'Account_Name.Territories', reason: 'invalid column' },
      message: 'invalid query formed',
      status: 'error',
    },
  },
  {
    name: 'coql: more than 100 values in IN is LIMIT_EXCEEDED',
    method: 'POST',
    path: `${V7}/coql`,
    body: {
      select_query: `select Account_Name from Accounts where id in (${Array.from({ length: 101 }, (_, i) => `'${554023000003600000n + BigInt(i)}'`).join(',')})`,
    },
    status: 400,
    check: (body) => {
      expect(at(body, 'code')).toBe('LIMIT_EXCEEDED');
      expect(at(body, 'details', 'limit')).toBe(100);
    },
  },
  {
    name: 'unknown route is 404 INVALID_URL_PATTERN',
    method: 'GET',
    path: `${V7}/settings/widgets`,
    status: 404,
    equals: {
      code: 'INVALID_URL_PATTERN',
      details: {},
      message: 'Please check if the URL trying to access is a correct one',
      status: 'error',
    },
  },
];

describe('Zoho CRM emulator contract (one row per documented case)', () => {
  let emulator: RunningEmulator;
  const tokens: Partial<Record<Auth, string>> = {};

  beforeAll(async () => {
    emulator = await startEmulator({ seed: CONTRACT_SEED, jobDelayMs: 200 });
    tokens.full = await accessToken(emulator);
    tokens.narrow = await accessToken(emulator, NARROW_CLIENT.refreshToken, NARROW_CLIENT);
    tokens.bogus = '1000.0123456789abcdef0123456789abcdef';
  });
  afterAll(() => emulator?.stop());

  it('has at least 30 documented cases', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(30);
  });

  it.each(ROWS.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
    const reseed = await call(emulator, 'POST', '/__emulator/reseed', {
      body: row.seed ?? CONTRACT_SEED,
    });
    expect(reseed.status).toBe(200);
    const token = tokens[row.auth ?? 'full'] ?? null;
    if (row.before) {
      const first = await call(emulator, row.before.method, row.before.path, {
        token,
        body: row.before.body,
      });
      expect(first.status).toBe(202);
    }
    const reply = await call(emulator, row.method, row.path, { token, body: row.body });
    expect({ status: reply.status, body: reply.body }).toMatchObject({ status: row.status });
    if (row.status === 204) expect(reply.text).toBe('');
    if (row.example) expect(reply.body).toEqual(normalised(oasExample(row.example)));
    if (row.shapeOf) expect(shape(reply.body)).toEqual(shape(oasExample(row.shapeOf)));
    if (row.equals !== undefined) expect(reply.body).toEqual(row.equals);
    row.check?.(reply.body);
  });
});

// The modules and fields the emulated org describes (GET /settings/modules, /settings/fields):
// enough for Zoho's SDKs to map the seeded records, including the territory fields.
import { TERRITORY_FIELD } from '../constants/zoho.js';
import type { SeedModule } from './seed-types.js';
import { SEED_MODULES } from './seed-types.js';

export interface FieldMeta {
  readonly api_name: string;
  readonly field_label: string;
  readonly data_type: string;
  readonly json_type: string;
  readonly system_mandatory?: boolean;
  readonly read_only?: boolean;
  readonly lookup?: string;
  /** A picklist's values, served as pick_list_values (actual and display value alike). */
  readonly picklist?: readonly string[];
}

export interface ModuleMeta {
  readonly api_name: string;
  readonly id: string;
  readonly singular_label: string;
  readonly plural_label: string;
  /** Records are stored for it and the territory APIs name it. */
  readonly hasRecords: boolean;
  readonly fields: readonly FieldMeta[];
}

const f = (
  api_name: string,
  data_type: string,
  json_type: string,
  extra: Partial<FieldMeta> = {},
): FieldMeta => ({
  api_name,
  field_label: api_name.replace(/_/g, ' '),
  data_type,
  json_type,
  ...extra,
});

const COMMON: readonly FieldMeta[] = [
  f('id', 'bigint', 'string', { read_only: true }),
  f('Owner', 'ownerlookup', 'jsonobject'),
  f('Created_Time', 'datetime', 'string', { read_only: true }),
  f('Modified_Time', 'datetime', 'string', { read_only: true }),
];

const territories = (module: SeedModule): FieldMeta =>
  f(TERRITORY_FIELD[module], 'territories', 'jsonarray', {
    field_label: TERRITORY_FIELD[module],
    read_only: true,
  });

/** Zoho's standard values (a new org's), so criteria can be checked against a picklist. */
const picklist = (api_name: string, values: readonly string[]): FieldMeta =>
  f(api_name, 'picklist', 'string', { picklist: ['-None-', ...values] });

const LEAD_SOURCES = [
  'Advertisement',
  'Cold Call',
  'Employee Referral',
  'External Referral',
  'Online Store',
  'Partner',
  'Public Relations',
  'Sales Email Alias',
  'Seminar Partner',
  'Internal Seminar',
  'Trade Show',
  'Web Download',
  'Web Research',
  'Chat',
];

const INDUSTRIES = [
  'ASP (Application Service Provider)',
  'Communications',
  'Consulting',
  'Data/Telecom OEM',
  'Education',
  'ERP (Enterprise Resource Planning)',
  'Financial Services',
  'Government/Military',
  'Healthcare',
  'Large Enterprise',
  'Manufacturing',
  'MSP (Management Service Provider)',
  'Network Equipment Enterprise',
  'Non-management ISV',
  'Optical Networking',
  'Retail',
  'Service Provider',
  'Small/Medium Enterprise',
  'Storage Equipment',
  'Storage Service Provider',
  'Systems Integrator',
  'Technology',
  'Wireless Industry',
];

const person: readonly FieldMeta[] = [
  f('First_Name', 'text', 'string'),
  f('Last_Name', 'text', 'string', { system_mandatory: true }),
  f('Full_Name', 'text', 'string', { read_only: true }),
  f('Email', 'email', 'string'),
];

const FIELDS: Readonly<Record<SeedModule, readonly FieldMeta[]>> = {
  Accounts: [
    ...COMMON,
    f('Account_Name', 'text', 'string', { system_mandatory: true }),
    picklist('Account_Type', [
      'Analyst',
      'Competitor',
      'Customer',
      'Distributor',
      'Integrator',
      'Investor',
      'Other',
      'Partner',
      'Press',
      'Prospect',
      'Reseller',
      'Supplier',
      'Vendor',
    ]),
    picklist('Industry', INDUSTRIES),
    f('Employees', 'integer', 'integer'),
    f('Annual_Revenue', 'currency', 'double'),
    f('Billing_City', 'text', 'string'),
    f('Billing_State', 'text', 'string'),
    f('Billing_Country', 'text', 'string'),
    f('Phone', 'phone', 'string'),
    f('Website', 'website', 'string'),
    // Multi-line: COQL cannot filter on it (A33), which the selectors' online check refuses.
    f('Description', 'textarea', 'string'),
    territories('Accounts'),
  ],
  Contacts: [
    ...COMMON,
    ...person,
    f('Account_Name', 'lookup', 'jsonobject', { lookup: 'Accounts' }),
    picklist('Lead_Source', LEAD_SOURCES),
    f('Mailing_State', 'text', 'string'),
    f('Mailing_Country', 'text', 'string'),
    territories('Contacts'),
  ],
  Deals: [
    ...COMMON,
    f('Deal_Name', 'text', 'string', { system_mandatory: true }),
    f('Stage', 'picklist', 'string', {
      picklist: [
        'Qualification',
        'Needs Analysis',
        'Value Proposition',
        'Identify Decision Makers',
        'Proposal/Price Quote',
        'Negotiation/Review',
        'Closed Won',
        'Closed Lost',
        'Closed Lost to Competition',
      ],
    }),
    f('Amount', 'currency', 'double'),
    f('Closing_Date', 'date', 'string'),
    picklist('Type', ['Existing Business', 'New Business']),
    f('Account_Name', 'lookup', 'jsonobject', { lookup: 'Accounts' }),
    f('Contact_Name', 'lookup', 'jsonobject', { lookup: 'Contacts' }),
    territories('Deals'),
  ],
  Leads: [
    ...COMMON,
    ...person,
    f('Company', 'text', 'string'),
    picklist('Lead_Status', [
      'Attempted to Contact',
      'Contact in Future',
      'Contacted',
      'Junk Lead',
      'Lost Lead',
      'Not Contacted',
      'Pre-Qualified',
      'Not Qualified',
    ]),
    picklist('Lead_Source', LEAD_SOURCES),
    picklist('Industry', INDUSTRIES),
    f('No_of_Employees', 'integer', 'integer'),
    f('Annual_Revenue', 'currency', 'double'),
    f('State', 'text', 'string'),
    f('Country', 'text', 'string'),
    territories('Leads'),
  ],
};

const MODULE_IDS: Readonly<Record<string, string>> = {
  Leads: '554023000000002175',
  Accounts: '554023000000002177',
  Contacts: '554023000000002179',
  Deals: '554023000000002181',
  Tasks: '554023000000002183',
  Products: '554023000000002185',
  Campaigns: '554023000000002187',
};

function meta(api_name: string, singular: string, fields: readonly FieldMeta[]): ModuleMeta {
  return {
    api_name,
    id: MODULE_IDS[api_name] ?? '0',
    singular_label: singular,
    plural_label: api_name,
    hasRecords: (SEED_MODULES as readonly string[]).includes(api_name),
    fields,
  };
}

/** Standard modules: the four that carry territories, and a few that do not (NOT_SUPPORTED). */
export const MODULES: readonly ModuleMeta[] = [
  meta('Leads', 'Lead', FIELDS.Leads),
  meta('Accounts', 'Account', FIELDS.Accounts),
  meta('Contacts', 'Contact', FIELDS.Contacts),
  meta('Deals', 'Deal', FIELDS.Deals),
  meta('Tasks', 'Task', [...COMMON, f('Subject', 'text', 'string')]),
  meta('Products', 'Product', [...COMMON, f('Product_Name', 'text', 'string')]),
  meta('Campaigns', 'Campaign', [...COMMON, f('Campaign_Name', 'text', 'string')]),
];

const BY_NAME = new Map(MODULES.map((m) => [m.api_name.toLowerCase(), m]));

/** Zoho matches module names in URLs case-insensitively. */
export function findModule(name: string): ModuleMeta | undefined {
  return BY_NAME.get(name.toLowerCase());
}

export function isSeedModule(name: string): name is SeedModule {
  return (SEED_MODULES as readonly string[]).includes(name);
}

export function fieldsOf(module: SeedModule): readonly FieldMeta[] {
  return FIELDS[module];
}

const LOOKUPS = new Map(
  SEED_MODULES.map((module) => [
    module,
    new Map(
      FIELDS[module].flatMap((field) =>
        field.data_type === 'lookup' && field.lookup !== undefined && isSeedModule(field.lookup)
          ? [[field.api_name, field.lookup] as const]
          : [],
      ),
    ),
  ]),
);

/** The module a lookup field of `module` points to, when the emulator stores its records (A28, A32). */
export function lookupTarget(module: SeedModule, field: string): SeedModule | undefined {
  return LOOKUPS.get(module)?.get(field);
}

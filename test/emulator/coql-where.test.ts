// COQL's WHERE as selectors use it (docs/ASSUMPTIONS.md A23, A28, A33, A34): one row per operator
// family and per documented refusal, a real HTTP call each, then a property: for generated
// criteria over generated records the emulator answers exactly the records a plain filter
// written from A34 keeps.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SEED, startEmulator } from '../../src/emulator/index.js';
import type { EmulatorSeed, RunningEmulator, SeedRecord } from '../../src/emulator/index.js';
import { accessToken, call } from './helpers.js';

const ACC = (n: number) => String(554023000007000000n + BigInt(n));
const CON = (n: number) => String(554023000007100000n + BigInt(n));
const DEAL = (n: number) => String(554023000007200000n + BigInt(n));

const account = (n: number, name: string, fields: SeedRecord['fields']): SeedRecord => ({
  id: ACC(n),
  name,
  fields,
});

// The example: DACH accounts with more than 500 employees.
const ACCOUNTS: SeedRecord[] = [
  account(1, 'Berlin Maschinen GmbH', {
    Billing_Country: 'Germany',
    Employees: 1200,
    Industry: 'Manufacturing',
  }),
  account(2, 'Wiener Software AG', {
    Billing_Country: 'Austria',
    Employees: 501,
    Industry: 'Technology',
  }),
  account(3, 'Zürcher Bank AG', { Billing_Country: 'Switzerland', Employees: 500 }),
  account(4, 'Kleine Bäckerei', { Billing_Country: 'germany', Employees: 9 }),
  account(5, 'Lyon Textiles SA', { Billing_Country: 'France', Employees: 10000 }),
  account(6, "O'Brien Ltd", { Billing_Country: 'Ireland', Employees: 80, Industry: 'Retail' }),
  account(7, 'Back\\slash Inc', { Employees: null }),
  account(8, '100% Organic_Farms', { Billing_Country: '', Annual_Revenue: 2500000.5 }),
];

const CONTACTS: SeedRecord[] = [
  { id: CON(1), name: 'Anna Schmidt', fields: { Account_Name: ACC(1) } },
  { id: CON(2), name: 'Jean Martin', fields: { Account_Name: ACC(5) } },
  { id: CON(3), name: 'Nobody Known' },
];

const DEALS: SeedRecord[] = [
  { id: DEAL(1), name: 'Q1 renewal', fields: { Closing_Date: '2026-03-31', Amount: 25000 } },
  { id: DEAL(2), name: 'Q3 expansion', fields: { Closing_Date: '2026-09-30', Amount: 90000 } },
];

const SEED: EmulatorSeed = {
  ...DEMO_SEED,
  records: { Accounts: ACCOUNTS, Contacts: CONTACTS, Deals: DEALS },
};

interface Row {
  readonly name: string;
  readonly query: string;
  /** The ids answered, in order (empty: 204). */
  readonly ids?: readonly string[];
  /** The 400 body, exactly. */
  readonly error?: unknown;
}

const invalidOperator = (column_name: string, operator: string) => ({
  code: 'INVALID_QUERY',
  details: { reason: 'invalid operator found', column_name, operator },
  message: 'Invalid query formed',
  status: 'error',
});
const syntaxNear = (near: string) => ({
  code: 'SYNTAX_ERROR',
  details: { near },
  message: 'error occured while parsing the query',
  status: 'error',
});
/** n criteria grouped in pairs, as deep as they are many. */
const criteria = (n: number) =>
  Array.from({ length: n }, (_, i) => `id != '${i + 1}'`).reduce((a, b) => `(${a}) and ${b}`);

/** n criteria grouped in pairs, about log2(n) deep. */
function balanced(n: number, from = 1): string {
  if (n === 1) return `id != '${from}'`;
  const half = Math.floor(n / 2);
  return `(${balanced(half, from)}) and (${balanced(n - half, from + half)})`;
}

const ROWS: readonly Row[] = [
  // text and picklist
  {
    name: "the issue's selector: in on text, > on a number, joined by and",
    query:
      "select id from Accounts where Billing_Country in ('Germany','Austria','Switzerland') and Employees > 500",
    ids: [ACC(1), ACC(2)],
  },
  {
    name: '= on text ignores case (A34)',
    query: "select id from Accounts where Billing_Country = 'GERMANY'",
    ids: [ACC(1), ACC(4)],
  },
  {
    name: '!= and not in leave out records whose field is empty (A34)',
    query:
      "select id from Accounts where Billing_Country != 'France' and Billing_Country not in ('Ireland')",
    ids: [ACC(1), ACC(2), ACC(3), ACC(4)],
  },
  {
    name: 'like: starts with, ends with, contains',
    query:
      "select id from Accounts where (Account_Name like 'wiener%' or Account_Name like '%GmbH') or Account_Name like '%bank%'",
    ids: [ACC(1), ACC(2), ACC(3)],
  },
  {
    name: 'like: a % inside the pattern is the character itself (A34); not like',
    query:
      "select id from Accounts where Account_Name like 'O%Brien%' or (Account_Name like '100% Org%' and Account_Name not like '%Ltd')",
    ids: [ACC(8)],
  },
  {
    name: "a quote is written twice (Zoho's COQL FAQ); a backslash is itself (A33)",
    query: "select id from Accounts where Account_Name in ('O''Brien Ltd', 'Back\\slash Inc')",
    ids: [ACC(6), ACC(7)],
  },
  {
    name: 'a backslash before the closing quote does not escape it (A33)',
    query:
      "select id from Accounts where Account_Name like 'Back\\' or Account_Name like '%\\slash%'",
    ids: [ACC(7)],
  },
  {
    name: 'picklist: = and in',
    query: "select id from Accounts where Industry = 'technology' or Industry in ('Retail')",
    ids: [ACC(2), ACC(6)],
  },
  // numbers
  {
    name: 'numbers compare as numbers, quoted or not: >=, <, <=',
    query:
      "select id from Accounts where (Employees >= '500' and Employees < 10000) or Employees <= 9",
    ids: [ACC(1), ACC(2), ACC(3), ACC(4)],
  },
  {
    name: 'between is inclusive at both ends',
    query: 'select id from Accounts where Employees between 9 and 500',
    ids: [ACC(3), ACC(4), ACC(6)],
  },
  {
    name: 'a currency with decimals',
    query: 'select id from Accounts where Annual_Revenue > 2500000.25',
    ids: [ACC(8)],
  },
  {
    name: 'is null matches an absent, null or empty value',
    query: 'select id from Accounts where Billing_Country is null or Employees is null',
    ids: [ACC(7), ACC(8)],
  },
  {
    name: 'order by a number is numeric, empty values first',
    query:
      "select id from Accounts where Billing_Country like '%a%' order by Employees desc limit 3",
    ids: [ACC(5), ACC(1), ACC(2)],
  },
  // lookups, dates
  {
    name: "a lookup compares by the looked-up record's id; <lookup>.<field> by that field (A28)",
    query: `select id from Contacts where Account_Name = '${ACC(1)}' or (Account_Name.Employees > 5000 and Account_Name.Billing_Country like 'fr%')`,
    ids: [CON(1), CON(2)],
  },
  {
    name: 'a date compares as a date',
    query: "select id from Deals where Closing_Date between '2026-01-01' and '2026-06-30'",
    ids: [DEAL(1)],
  },
  {
    name: 'nothing matching answers 204',
    query: "select id from Accounts where Billing_Country = 'Atlantis'",
    ids: [],
  },
  {
    name: '25 criteria are accepted',
    query: `select id from Accounts where (${criteria(24)}) and Employees = 80`,
    ids: [ACC(6)],
  },
  // refusals
  {
    name: "an operator the field type does not take: Zoho's example body ([OAS] invalid operator)",
    query: "select Last_Name from Contacts where First_Name > 'A'",
    error: invalidOperator('First_Name', '>'),
  },
  {
    name: 'like on a number',
    query: "select id from Accounts where Employees like '5%'",
    error: invalidOperator('Employees', 'like'),
  },
  {
    name: 'between on text',
    query: "select id from Accounts where Billing_Country between 'A' and 'C'",
    error: invalidOperator('Billing_Country', 'between'),
  },
  {
    name: '>= on a lookup',
    query: `select id from Contacts where Account_Name >= '${ACC(1)}'`,
    error: invalidOperator('Account_Name', '>='),
  },
  {
    name: 'no not between: Zoho documents none (A33), the same answer as any not',
    query: 'select id from Accounts where Employees not between 9 and 500',
    error: {
      code: 'SYNTAX_ERROR',
      details: { operator: 'not' },
      message: 'operator not supported',
      status: 'error',
    },
  },
  {
    name: 'a value not of the field type (A34)',
    query: "select id from Accounts where Employees > 'many'",
    error: {
      code: 'INVALID_QUERY',
      details: {
        reason: 'invalid value found',
        column_name: 'Employees',
        operator: '>',
        value: 'many',
      },
      message: 'Invalid query formed',
      status: 'error',
    },
  },
  {
    name: "three criteria not grouped in pairs: the query of Zoho's COQL FAQ",
    query:
      'select id from Contacts where id is not null and Account_Name is not null and Vendor_Name is not null',
    error: syntaxNear('and'),
  },
  {
    name: 'and and or mixed without brackets',
    query: "select id from Accounts where Employees > 1 or Employees < 0 and Industry = 'Retail'",
    error: syntaxNear('and'),
  },
  {
    name: "not before a criterion: Zoho's example body ([OAS] operator not supported)",
    query: "select id from Accounts where not Billing_Country = 'France'",
    error: {
      code: 'SYNTAX_ERROR',
      details: { operator: 'not' },
      message: 'operator not supported',
      status: 'error',
    },
  },
  {
    name: "a WHERE with nothing after it: Zoho's example body ([OAS] near)",
    query: 'select id from Accounts where',
    error: syntaxNear('where'),
  },
  {
    name: 'a string left open',
    query: "select id from Accounts where Billing_Country = 'Germany",
    error: syntaxNear("'Germany"),
  },
  {
    name: 'more than 25 criteria (A33)',
    query: `select id from Accounts where ${criteria(26)}`,
    error: {
      code: 'LIMIT_EXCEEDED',
      details: { limit: 25, clause: 'where' },
      message: 'limit exceeded',
      status: 'error',
    },
  },
  {
    name: 'more than 100 values in not in',
    query: `select id from Accounts where Billing_Country not in (${Array.from({ length: 101 }, (_, i) => `'c${i}'`).join(',')})`,
    error: {
      code: 'LIMIT_EXCEEDED',
      details: { limit: 100, operator: 'not in' },
      message: 'limit exceeded',
      status: 'error',
    },
  },
  {
    name: 'brackets nested past 50 (A34)',
    query: `select id from Accounts where ${'('.repeat(51)}id is not null${')'.repeat(51)}`,
    error: syntaxNear('('),
  },
];

describe('COQL WHERE (A34)', () => {
  let emulator: RunningEmulator;
  let token: string;
  const coql = (select_query: string) =>
    call(emulator, 'POST', '/crm/v7/coql', { token, body: { select_query } });

  beforeAll(async () => {
    emulator = await startEmulator({ seed: SEED });
    token = await accessToken(emulator);
  });
  afterAll(() => emulator?.stop());

  it.each(ROWS.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
    const reply = await coql(row.query);
    if (row.error !== undefined) {
      expect({ status: reply.status, body: reply.body }).toEqual({ status: 400, body: row.error });
    } else if (row.ids?.length === 0) {
      expect([reply.status, reply.text]).toEqual([204, '']);
    } else {
      const data = (reply.body as { data?: { id: string }[] }).data ?? [];
      expect({ status: reply.status, ids: data.map((r) => r.id) }).toEqual({
        status: 200,
        ids: row.ids,
      });
    }
  });

  it('reads a huge WHERE only as far as its first refusal', async () => {
    const deep = await coql(`select id from Accounts where ${'('.repeat(400_000)}`);
    expect(deep.body).toEqual(syntaxNear('('));
    const wide = await coql(`select id from Accounts where ${balanced(20_000)}`);
    expect(wide.body).toMatchObject({ code: 'LIMIT_EXCEEDED', details: { limit: 25 } });
  });

  it('refuses a seed whose numeric field holds text, saying how to write it', async () => {
    const bad: EmulatorSeed = {
      ...DEMO_SEED,
      records: { Accounts: [account(1, 'Text Employees', { Employees: '500' })] },
    };
    await expect(startEmulator({ seed: bad })).rejects.toThrow(
      /Accounts 554023000007000001 field Employees is a number in Zoho \(integer\); write it unquoted/,
    );
  });
});

// The property: generated records, generated criteria, the emulator against a plain filter.
type Field = 'Account_Name' | 'Billing_Country' | 'Industry' | 'Employees';
const TEXT_FIELDS = ['Account_Name', 'Billing_Country', 'Industry'] as const;

type Leaf =
  | {
      readonly field: Field;
      readonly op: '=' | '!=' | '<' | '<=' | '>' | '>=';
      readonly value: Lit;
    }
  | { readonly field: Field; readonly op: 'in' | 'not in'; readonly values: readonly Lit[] }
  | { readonly field: Field; readonly op: 'like' | 'not like'; readonly pattern: string }
  | {
      readonly field: Field;
      readonly op: 'between';
      readonly low: Lit;
      readonly high: Lit;
    }
  | { readonly field: Field; readonly op: 'is null' | 'is not null' };
/** A literal: text, or a number written bare or quoted. */
type Lit = string | { readonly n: number; readonly quoted: boolean };
type Tree = Leaf | { readonly join: 'and' | 'or'; readonly left: Tree; readonly right: Tree };

const piece = fc.string({
  unit: fc.constantFrom('a', 'B', 'é', '%', '_', "'", '\\', ' '),
  maxLength: 4,
});
const country = fc.constantFrom('Germany', 'germany', 'Austria', "Côte d'Ivoire", '50% Land', '');
const textLit = fc.oneof(country, piece);
const numLit: fc.Arbitrary<Lit> = fc.record({
  n: fc.integer({ min: -3, max: 12 }),
  quoted: fc.boolean(),
});

const textLeaf: fc.Arbitrary<Leaf> = fc.oneof(
  fc.record({
    field: fc.constantFrom(...TEXT_FIELDS),
    op: fc.constantFrom('=' as const, '!=' as const),
    value: textLit,
  }),
  fc.record({
    field: fc.constantFrom(...TEXT_FIELDS),
    op: fc.constantFrom('in' as const, 'not in' as const),
    values: fc.array(textLit, { minLength: 1, maxLength: 4 }),
  }),
  fc.record({
    field: fc.constantFrom(...TEXT_FIELDS),
    op: fc.constantFrom('like' as const, 'not like' as const),
    pattern: fc
      .tuple(fc.boolean(), piece, fc.boolean())
      .map(([lead, core, trail]) => `${lead ? '%' : ''}${core}${trail ? '%' : ''}`),
  }),
  fc.record({
    field: fc.constantFrom(...TEXT_FIELDS),
    op: fc.constantFrom('is null' as const, 'is not null' as const),
  }),
);
const numberLeaf: fc.Arbitrary<Leaf> = fc.oneof(
  fc.record({
    field: fc.constant('Employees' as const),
    op: fc.constantFrom('=', '!=', '<', '<=', '>', '>=') as fc.Arbitrary<'='>,
    value: numLit,
  }),
  fc.record({
    field: fc.constant('Employees' as const),
    op: fc.constantFrom('in' as const, 'not in' as const),
    values: fc.array(numLit, { minLength: 1, maxLength: 4 }),
  }),
  fc.record({
    field: fc.constant('Employees' as const),
    op: fc.constant('between' as const),
    low: numLit,
    high: numLit,
  }),
  fc.record({
    field: fc.constant('Employees' as const),
    op: fc.constantFrom('is null' as const, 'is not null' as const),
  }),
);
const { tree } = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', maxDepth: 3 },
    textLeaf,
    numberLeaf,
    fc.record({
      join: fc.constantFrom('and' as const, 'or' as const),
      left: tie('tree'),
      right: tie('tree'),
    }),
  ),
}));

interface GenRecord {
  readonly name: string;
  readonly Billing_Country: string | null;
  readonly Industry: string | null;
  readonly Employees: number | null;
}
const genRecord: fc.Arbitrary<GenRecord> = fc.record({
  name: fc.oneof(country, piece).map((s) => (s.trim() === '' ? `n${s}` : s)),
  Billing_Country: fc.option(country, { nil: null }),
  Industry: fc.option(fc.constantFrom('Technology', 'tech', 'Retail', ''), { nil: null }),
  Employees: fc.option(fc.integer({ min: -3, max: 12 }), { nil: null }),
});

/** Text as a literal: a quote written twice, a backslash as itself (A33). */
const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;
const printLit = (l: Lit) =>
  typeof l === 'string' ? quote(l) : l.quoted ? quote(String(l.n)) : String(l.n);

function print(t: Tree): string {
  if ('join' in t) return `(${print(t.left)}) ${t.join} (${print(t.right)})`;
  switch (t.op) {
    case 'in':
    case 'not in':
      return `${t.field} ${t.op} (${t.values.map(printLit).join(', ')})`;
    case 'like':
    case 'not like':
      return `${t.field} ${t.op} ${quote(t.pattern)}`;
    case 'between':
      return `${t.field} between ${printLit(t.low)} and ${printLit(t.high)}`;
    case 'is null':
    case 'is not null':
      return `${t.field} ${t.op}`;
    default:
      return `${t.field} ${t.op} ${printLit(t.value)}`;
  }
}

/** A34 read plainly: empty values match only `is null`; text ignores case; like by a regex. */
function keeps(r: GenRecord, t: Tree): boolean {
  if ('join' in t) {
    return t.join === 'and'
      ? keeps(r, t.left) && keeps(r, t.right)
      : keeps(r, t.left) || keeps(r, t.right);
  }
  const raw = t.field === 'Account_Name' ? r.name : r[t.field];
  const empty = raw === null || raw === '';
  if (t.op === 'is null') return empty;
  if (t.op === 'is not null') return !empty;
  if (empty) return false;
  const text = t.field !== 'Employees';
  const norm = (l: Lit): string | number | null =>
    typeof l === 'string' ? (l === '' ? null : l.toLowerCase()) : l.n;
  const v = text ? String(raw).toLowerCase() : (raw as number);
  switch (t.op) {
    case 'in':
    case 'not in':
      return t.values.map(norm).includes(v) === (t.op === 'in');
    case 'like':
    case 'not like': {
      const p = t.pattern.toLowerCase();
      const lead = p.startsWith('%');
      const rest = lead ? p.slice(1) : p;
      const trail = rest.endsWith('%');
      const core = trail ? rest.slice(0, -1) : rest;
      const escaped = core.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const re = new RegExp(`^${lead ? '.*' : ''}${escaped}${trail ? '.*' : ''}$`, 's');
      return re.test(v as string) === (t.op === 'like');
    }
    case 'between': {
      const [low, high] = [norm(t.low) as number, norm(t.high) as number];
      return (v as number) >= low && (v as number) <= high;
    }
    case '=':
    case '!=':
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const w = norm(t.value);
      if (w === null) return false;
      return {
        '=': v === w,
        '!=': v !== w,
        '<': v < w,
        '<=': v <= w,
        '>': v > w,
        '>=': v >= w,
      }[t.op];
    }
  }
}

describe('COQL WHERE agrees with a plain filter (A34)', () => {
  let emulator: RunningEmulator;
  let token: string;

  beforeAll(async () => {
    emulator = await startEmulator({ seed: SEED });
    token = await accessToken(emulator);
  });
  afterAll(() => emulator?.stop());

  it('answers exactly the records the filter keeps, whole and as a selector keyset page', async () => {
    const idsOf = (body: unknown) =>
      ((body as { data?: { id: string }[] } | undefined)?.data ?? []).map((d) => d.id);
    await fc.assert(
      fc.asyncProperty(
        fc.array(genRecord, { minLength: 1, maxLength: 20 }),
        tree,
        fc.integer({ min: -1, max: 20 }),
        fc.integer({ min: 1, max: 5 }),
        async (records, t, after, limit) => {
          const seed: EmulatorSeed = {
            ...DEMO_SEED,
            records: {
              Accounts: records.map((r, i) => ({
                id: ACC(i),
                name: r.name,
                fields: {
                  Billing_Country: r.Billing_Country,
                  Industry: r.Industry,
                  Employees: r.Employees,
                },
              })),
            },
          };
          const reseed = await call(emulator, 'POST', '/__emulator/reseed', { body: seed });
          expect(reseed.status).toBe(200);
          const coql = (select_query: string) =>
            call(emulator, 'POST', '/crm/v7/coql', { token, body: { select_query } });
          const expected = records.flatMap((r, i) => (keeps(r, t) ? [ACC(i)] : []));

          const whole = await coql(`select id from Accounts where ${print(t)} limit 2000`);
          expect({ status: whole.status, ids: idsOf(whole.body) }).toEqual({
            status: expected.length === 0 ? 204 : 200,
            ids: expected,
          });

          // The read a selector makes (docs/SELECTORS.md): its criteria and the keyset.
          const page = await coql(
            `select id from Accounts where ((${print(t)}) and id > '${ACC(after)}') order by id asc limit ${limit}`,
          );
          const rest = expected.filter((id) => BigInt(id) > BigInt(ACC(after)));
          expect({ status: page.status, ids: idsOf(page.body) }).toEqual({
            status: rest.length === 0 ? 204 : 200,
            ids: rest.slice(0, limit),
          });
          if (rest.length > 0) {
            expect(page.body).toMatchObject({ info: { more_records: rest.length > limit } });
          }
        },
      ),
      { numRuns: 150, seed: 17, interruptAfterTimeLimit: 60_000 },
    );
  });
});

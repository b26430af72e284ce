// Issue #15's seed additions beyond the contract rows: custom views paged to the end, criteria
// groups, COQL lookups that lead nowhere, and the new seed keys checked, kept by --state and
// absent from a seed that does not use them (A1, A27-A30).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_SEED,
  DEMO_TERRITORY as T,
  startEmulator,
  validateSeed,
} from '../../src/emulator/index.js';
import type { EmulatorSeed, RunningEmulator } from '../../src/emulator/index.js';
import { OrgState } from '../../src/emulator/org-state.js';
import { DEFAULT_VIEW_IDS } from '../../src/emulator/records-api.js';
import { accessToken, at, call } from './helpers.js';

const ACME = '554023000003635001';
const GLOBEX = '554023000003635002';
const MULLER = '554023000003635003';
const SAMBA = '554023000003635011';
const VIEW = { listed: '554023000000090003', either: '554023000000090005' };
const CONTACT = { coyote: '554023000003635101', scorpio: '554023000003635102' };

const SEED: EmulatorSeed = {
  ...DEMO_SEED,
  org: { ...DEMO_SEED.org, mixedBatchStatus: 400, leadRulesEnabled: false, dealRulesEnabled: true },
  territories: DEMO_SEED.territories.map((t) =>
    t.id === T.USWest
      ? {
          ...t,
          manager: { id: '554023000000235011', name: 'Patricia Boyle', status: 'disabled' },
          rules: {
            account: {
              group_operator: 'or',
              group: [
                { comparator: 'equal', field: { api_name: 'Billing_Country' }, value: 'USA' },
                { comparator: 'starts_with', field: { api_name: 'Account_Name' }, value: 'Glo' },
              ],
            },
          },
        }
      : t,
  ),
  records: {
    ...DEMO_SEED.records,
    Contacts: (DEMO_SEED.records?.Contacts ?? []).map((r) =>
      r.id === CONTACT.coyote
        ? { ...r, fields: { Account_Name: ACME } }
        : r.id === CONTACT.scorpio
          ? { ...r, fields: { Account_Name: '554023000003699999' } } // no such Account
          : r,
    ),
  },
  customViews: {
    Accounts: [
      { id: VIEW.listed, name: 'Key accounts', recordIds: [ACME, GLOBEX, MULLER] },
      {
        id: VIEW.either,
        name: 'Brazil or Müller',
        criteria: {
          group_operator: 'OR',
          group: [
            {
              comparator: 'in',
              field: { api_name: 'Billing_Country' },
              value: ['Brazil', 'Chile'],
            },
            { comparator: 'contains', field: { api_name: 'Account_Name' }, value: 'müller' },
          ],
        },
      },
    ],
  },
};

describe('seed additions', () => {
  it('accepts the new keys and refuses values outside them, all at once', () => {
    expect(validateSeed(SEED)).toBe(SEED);
    const broken = {
      ...SEED,
      org: { ...SEED.org, mixedBatchStatus: 201 },
      territories: SEED.territories.map((t) =>
        t.id === T.USEast
          ? {
              ...t,
              manager: { id: '1', name: 'M', status: 'on leave' },
              rules: { lead: { comparator: 'like-ish', field: { api_name: 'City' }, value: 'x' } },
            }
          : t,
      ),
      customViews: { Tasks: [{ id: '1', name: 'Mine' }] },
    };
    const message = (() => {
      try {
        validateSeed(broken);
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message).toContain('/org/mixedBatchStatus');
    expect(message).toContain('/manager');
    expect(message).toContain('/rules/lead');
    expect(message).toContain('unknown key "Tasks"');
  });

  it('keeps views, rules, managers and the org switches in the state it writes (--state)', () => {
    const written = OrgState.fromSeed(SEED).toSeed();
    expect(validateSeed(written)).toBe(written);
    expect(written.org).toMatchObject({
      mixedBatchStatus: 400,
      leadRulesEnabled: false,
      dealRulesEnabled: true,
    });
    expect(written.customViews).toEqual(SEED.customViews);
    const west = written.territories.find((t) => t.id === T.USWest);
    const seeded = SEED.territories.find((t) => t.id === T.USWest);
    expect(west?.rules).toEqual(seeded?.rules);
    expect(west?.manager).toEqual(seeded?.manager);
    expect(OrgState.fromSeed(written).toSeed()).toEqual(written);
  });

  it('adds none of the new keys to the state of a seed without them', () => {
    const written = OrgState.fromSeed(DEMO_SEED).toSeed();
    expect(Object.keys(written.org ?? {}).sort()).toEqual([
      'id',
      'name',
      'territoriesEnabled',
      'user',
    ]);
    expect(written.customViews).toBeUndefined();
    expect(written.territories.some((t) => 'rules' in t)).toBe(false);
  });
});

describe('against the emulator', () => {
  let emulator: RunningEmulator;
  let token: string;
  beforeAll(async () => {
    emulator = await startEmulator({ seed: SEED, jobDelayMs: 20 });
    token = await accessToken(emulator);
  });
  afterAll(() => emulator?.stop());

  const get = (path: string) => call(emulator, 'GET', `/crm/v7${path}`, { token });

  it("pages a custom view to its end with page_token, bound to the view's cvid", async () => {
    const seen: string[] = [];
    let path = `/Accounts?fields=Account_Name&cvid=${VIEW.listed}&per_page=2&sort_order=asc`;
    let next: string | null = null;
    for (let page = 0; page < 5; page++) {
      const reply = await get(path + (next ? `&page_token=${encodeURIComponent(next)}` : ''));
      expect(reply.status).toBe(200);
      seen.push(...(at(reply.body, 'data') as { id: string }[]).map((r) => r.id));
      next = at(reply.body, 'info', 'next_page_token') as string | null;
      if (!next) break;
    }
    expect(seen).toEqual([ACME, GLOBEX, MULLER]);

    const first = await get(`/Accounts?fields=Account_Name&cvid=${VIEW.listed}&per_page=2`);
    const token2 = at(first.body, 'info', 'next_page_token') as string;
    path = `/Accounts?fields=Account_Name&per_page=2&page_token=${encodeURIComponent(token2)}`;
    const unbound = await get(path);
    expect(unbound.status).toBe(400);
    expect(at(unbound.body, 'code')).toBe('TOKEN_BOUND_DATA_MISMATCH');
  });

  it('reads criteria groups with in and contains (case-insensitive text)', async () => {
    const reply = await get(`/Accounts?fields=Account_Name&cvid=${VIEW.either}&sort_order=asc`);
    expect((at(reply.body, 'data') as { id: string }[]).map((r) => r.id)).toEqual([MULLER, SAMBA]);
  });

  it('answers 204 for a view with no records on the page, 400 for a cvid on a module without records', async () => {
    const empty = await get(`/Accounts?fields=Account_Name&cvid=${VIEW.listed}&page=2`);
    expect(empty.status).toBe(204);
    const tasks = await get(`/Tasks?fields=Subject&cvid=${DEFAULT_VIEW_IDS.Accounts}`);
    expect(tasks.status).toBe(400);
    expect(at(tasks.body, 'details')).toEqual({ param_name: 'cvid' });
  });

  it('answers a lookup to a record that does not exist as null, in both COQL forms', async () => {
    const reply = await call(emulator, 'POST', '/crm/v7/coql', {
      token,
      body: {
        select_query: `select Account_Name, Account_Name.Account_Name from Contacts where id in ('${CONTACT.coyote}', '${CONTACT.scorpio}')`,
      },
    });
    expect(at(reply.body, 'data')).toEqual([
      {
        id: CONTACT.coyote,
        Account_Name: { id: ACME },
        'Account_Name.Account_Name': 'Acme Corp',
      },
      { id: CONTACT.scorpio, Account_Name: null, 'Account_Name.Account_Name': null },
    ]);
  });

  it('answers group criteria as written and leaves out lead criteria where lead rules are off', async () => {
    const reply = await get(
      `/settings/territories/${T.USWest}?include_inner_details=manager.status`,
    );
    const territory = at(reply.body, 'territories', 0) as Record<string, unknown>;
    expect(territory['account_rule_criteria']).toEqual(
      SEED.territories.find((t) => t.id === T.USWest)?.rules?.account,
    );
    expect(territory['deal_rule_criteria']).toBeNull();
    expect('lead_rule_criteria' in territory).toBe(false);
    expect(territory['manager']).toEqual({
      name: 'Patricia Boyle',
      id: '554023000000235011',
      status: 'disabled',
    });
  });
});

import { describe, expect, it } from 'vitest';
import { connectionCheck } from '../../../src/doctor/connection-check.js';
import { formatCheck, formatVerdict } from '../../../src/doctor/format-check.js';
import { probeFailure } from '../../../src/doctor/probe-failure.js';
import { probeTerritoryField } from '../../../src/doctor/territory-field-probe.js';
import { TerritorySyncError } from '../../../src/errors.js';
import { DATA_CENTRES, ZohoApiError } from '../../../src/zoho/index.js';

const manual = { id: '1', Name: 'East', $assigned: 'manually' };
const byRules = { id: '2', Name: 'West', $assigned: 'automatically' };

describe('probeTerritoryField (A3)', () => {
  it.each([
    [
      'marked territories',
      'Accounts',
      [
        { id: 'a', Territories: [manual, byRules] },
        { id: 'b', Territories: null },
      ],
      {
        records: 2,
        withField: 2,
        withTerritories: 1,
        assignments: 2,
        unmarked: 0,
        key: 'Territories',
      },
    ],
    [
      'a Deal answered under Territories',
      'Deals',
      [{ id: 'a', Territories: [manual] }],
      {
        records: 1,
        withField: 1,
        withTerritories: 1,
        assignments: 1,
        unmarked: 0,
        key: 'Territories',
      },
    ],
    [
      'territories without $assigned',
      'Contacts',
      [{ id: 'a', Territories: [{ id: '1', Name: 'East' }, manual] }],
      {
        records: 1,
        withField: 1,
        withTerritories: 1,
        assignments: 2,
        unmarked: 1,
        key: 'Territories',
      },
    ],
    [
      'a list answer without the field',
      'Accounts',
      [{ id: 'a', Account_Name: 'Acme' }],
      { records: 1, withField: 0, withTerritories: 0, assignments: 0, unmarked: 0 },
    ],
  ] as const)('%s', (_label, module, records, expected) => {
    expect(probeTerritoryField(module, records)).toEqual(expected);
  });
});

describe('connectionCheck', () => {
  it('fails when the accounts server and the API domain are in different data centres', () => {
    const result = connectionCheck({
      apiDomain: DATA_CENTRES.us.apiDomain,
      accountsUrl: DATA_CENTRES.eu.accountsUrl,
    });
    expect(result.status).toBe('fail');
    expect(result.detail).toContain('in the eu data centre but the API domain');
  });

  it('names the data centre when they agree', () => {
    expect(connectionCheck(DATA_CENTRES.eu)).toEqual({
      status: 'ok',
      name: 'data centre',
      detail: 'API https://www.zohoapis.eu, accounts https://accounts.zoho.eu (eu data centre)',
    });
  });
});

describe('probeFailure', () => {
  const apiError = (
    code: 'AUTH' | 'NETWORK' | 'ZOHO_API',
    zohoCode: string,
    path = '/crm/v7/Deals',
  ) =>
    new ZohoApiError(code, `Zoho said ${zohoCode}.`, {
      zohoCode,
      httpStatus: 401,
      method: 'GET',
      path,
    });

  it.each([
    [apiError('AUTH', 'invalid_client', '/oauth/v2/token'), 'token'],
    [apiError('AUTH', 'OAUTH_SCOPE_MISMATCH'), 'scope'],
    [apiError('AUTH', 'INVALID_TOKEN'), 'auth'],
    [apiError('AUTH', 'NO_PERMISSION'), 'other'],
    [apiError('NETWORK', 'ECONNREFUSED'), 'network'],
    [apiError('ZOHO_API', 'FEATURE_NOT_ENABLED'), 'feature'],
    [new TerritorySyncError('INVALID_INPUT', 'bad'), 'other'],
  ])('%s -> %s', (error, kind) => {
    expect(probeFailure(error).kind).toBe(kind);
  });

  it("compares Zoho's code only once it is one of Zoho's, keeping its words in the message", () => {
    const spoofed = probeFailure(apiError('ZOHO_API', 'FEATURE_NOT_ENABLED ', '/crm/v7/Deals'));
    expect(spoofed).toMatchObject({ kind: 'other', answerCode: 'UNKNOWN' });
    expect(spoofed.message).toContain('FEATURE_NOT_ENABLED ');
    expect(probeFailure(apiError('AUTH', 'TERRITORY_NOT_ENABLED'))).toMatchObject({
      kind: 'feature',
      answerCode: 'TERRITORY_NOT_ENABLED',
    });
    expect(probeFailure(apiError('NETWORK', 'ECONNREFUSED')).answerCode).toBe('UNKNOWN');
  });

  it('lets a bug through instead of reporting it as a finding', () => {
    expect(() => probeFailure(new TypeError('oops'))).toThrow('oops');
  });
});

describe('formatCheck and formatVerdict', () => {
  const fail = { status: 'fail', name: 'credentials', detail: 'bad\nsecret\u001b[31m' } as const;

  it('writes ASCII tags for logs and marks for a terminal, on one line', () => {
    expect(formatCheck(fail, { unicode: false, color: false })).toBe(
      '[fail] credentials - bad\\u000asecret\\u001b[31m',
    );
    expect(formatCheck({ ...fail, status: 'ok' }, { unicode: true, color: false })).toMatch(
      /^✔ credentials — /,
    );
    expect(formatCheck(fail, { unicode: true, color: true })).toBe(
      '\u001b[31m✘\u001b[39m credentials — bad\\u000asecret\\u001b[31m',
    );
  });

  it('counts failures among the checks that ran; info lines never count', () => {
    const ok = { status: 'ok', name: 'a', detail: '' } as const;
    const info = { status: 'info', name: 'b', detail: '' } as const;
    const skip = { status: 'skip', name: 'c', detail: '' } as const;
    expect(formatVerdict([ok, info])).toBe('All 1 check passed. Nothing was written to the CRM.');
    expect(formatVerdict([ok, fail, skip, info])).toMatch(
      /^1 of 2 checks failed \(1 check could not run\)\./,
    );
  });
});

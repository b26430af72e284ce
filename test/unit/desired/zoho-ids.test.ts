import { describe, expect, it } from 'vitest';
import {
  describeBadId,
  isZeroLedId,
  isZohoId,
  territoryIdProblem,
} from '../../../src/desired/zoho-ids.js';
import { parseReference } from '../../../src/desired/references.js';

describe('record ids', () => {
  it.each([
    ['554023000003635023', true],
    ['5540230000036350231', true],
    ['55402300000363502', false],
    ['55402300000363502311', false],
    ['55402300000363502O', false],
    [' 554023000003635023', false],
    ['0554023000003635023', false],
    ['055402300000363502', false],
    ['000000000000000000', false],
    ['0', false],
  ])('%s is an id: %s', (text, expected) => {
    expect(isZohoId(text)).toBe(expected);
  });

  it.each([
    ['55402300000363502O', "the letter 'O'", 'Did you mean "554023000003635020"?'],
    ['5540230000036l5023', "the letter 'l'", 'Did you mean "554023000003615023"?'],
    ['55402300000363502', 'has 17 digits', 'A digit is missing'],
    ['55402300000363502311', 'has 20 digits', 'a digit too many'],
    [' 554023000003635023 ', 'has spaces around it', 'Write it as "554023000003635023"'],
    ['Acme Corp', 'is not a Zoho record id', "record's address"],
    ['', 'is empty', "record's address"],
    [
      '0554023000003635001',
      'starts with 0',
      "Zoho ids never start with 0; copy the id from the record's URL",
    ],
    ['05540230000036350', 'starts with 0', 'Zoho ids never start with 0'],
    [' 0554023000003635001 ', 'starts with 0', 'Zoho ids never start with 0'],
    ['0', 'is 0', 'Zoho ids never start with 0'],
  ])('explains %j', (text, reason, hint) => {
    const problem = describeBadId(text, 'record');
    expect(problem.reason).toContain(reason);
    expect(problem.hint).toContain(hint);
  });
});

describe('territory references', () => {
  it.each([
    ['554023000000430451', { kind: 'id', value: '554023000000430451' }],
    [' EMEA ', { kind: 'name', value: 'EMEA' }],
    ['UK & Ireland', { kind: 'name', value: 'UK & Ireland' }],
    ['Organization / EMEA / DACH', { kind: 'path', value: 'Organization/EMEA/DACH' }],
    ['/Organization/Americas', { kind: 'path', value: 'Organization/Americas' }],
    ['2024', { kind: 'name', value: '2024' }],
  ])('reads %j', (written, ref) => {
    expect(parseReference(written)).toEqual(ref);
  });

  it.each([
    ['55402300000043045', 'has 17 digits'],
    ['5540230000004304511', undefined],
    ['55402300000043O451', "the letter 'O'"],
    ['2024', undefined],
    ['Japan', undefined],
    ['Office 1', undefined],
    ['0554023000000430451', 'starts with 0'],
    ['0123456789', 'starts with 0'],
    ['007', undefined],
  ])('%s as a territory id: %s', (text, reason) => {
    expect(territoryIdProblem(text)?.reason).toEqual(
      reason === undefined ? undefined : expect.stringContaining(reason),
    );
  });

  it('names a territory, not a record, in the hint for a leading 0', () => {
    expect(territoryIdProblem('0554023000000430451')?.hint).toContain(
      'Zoho ids never start with 0; copy the id from Setup > Territory Management',
    );
  });

  it.each([
    ['0554023000003635001', true],
    ['055402300000363500', true],
    ['554023000003635001', false],
    ['05540230000036350', false],
    ['0', false],
  ])('%s passes the schema but is no Zoho id: %s', (text, expected) => {
    expect(isZeroLedId(text)).toBe(expected);
  });
});

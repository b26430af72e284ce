import { describe, expect, it } from 'vitest';
import { describeBadId, isZohoId, territoryIdProblem } from '../../../src/desired/zoho-ids.js';
import { parseReference } from '../../../src/desired/references.js';

describe('record ids', () => {
  it.each([
    ['554023000003635023', true],
    ['5540230000036350231', true],
    ['55402300000363502', false],
    ['55402300000363502311', false],
    ['55402300000363502O', false],
    [' 554023000003635023', false],
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
  ])('%s as a territory id: %s', (text, reason) => {
    expect(territoryIdProblem(text)?.reason).toEqual(
      reason === undefined ? undefined : expect.stringContaining(reason),
    );
  });
});

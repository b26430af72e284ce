import { describe, expect, it } from 'vitest';
import { TerritorySyncError } from '../../../src/errors.js';
import { whyRecord } from '../../../src/why/why-record.js';

function refusal(module: string, id: string): TerritorySyncError {
  try {
    whyRecord(module, id);
  } catch (error) {
    if (error instanceof TerritorySyncError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('whyRecord: the record named on the command line', () => {
  it('accepts a module territory-sync knows and an id Zoho issues', () => {
    expect(whyRecord('Deals', '5540230000036009011')).toEqual({
      module: 'Deals',
      id: '5540230000036009011',
    });
  });

  it.each([
    ['17 digits', '55402300000360000', 'has 17 digits; Zoho record ids have 18 or 19'],
    ['a leading 0', '0554023000003600001', 'starts with 0'],
    ['a look-alike letter', '55402300000360000O', "contains the letter 'O' where a digit belongs"],
    ['an option', '--upload-pack=touch /tmp/x', 'is not a Zoho record id (18 or 19 digits)'],
    ['a git revision range', 'HEAD..main', 'is not a Zoho record id'],
  ])('refuses an id with %s (USAGE), quoting it', (_name, id, reason) => {
    const error = refusal('Accounts', id);
    expect(error.code).toBe('USAGE');
    expect(error.message).toContain(reason);
  });

  it('refuses an unknown module and suggests the right spelling', () => {
    const error = refusal('accounts', '554023000003600001');
    expect(error.code).toBe('USAGE');
    expect(error.message).toBe(
      "'accounts' is not a module territory-sync knows: Accounts, Contacts, Deals, Leads.",
    );
    expect(error.hint).toContain('`territory-sync why Accounts ...`');
  });

  it('quotes a hostile argument escaped and short', () => {
    const error = refusal(`\u001b[2J${'x'.repeat(100)}`, '554023000003600001');
    expect(error.message).not.toContain('\u001b');
    expect(error.message).toContain("'\\u001b[2J");
    expect(error.message.length).toBeLessThan(150);
  });
});

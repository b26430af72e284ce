import { describe, expect, it } from 'vitest';
import { DATA_CENTRES, dataCentreOf } from '../../../src/zoho/index.js';

describe('data centres', () => {
  it.each([
    ['us', 'https://accounts.zoho.com', 'https://www.zohoapis.com'],
    ['eu', 'https://accounts.zoho.eu', 'https://www.zohoapis.eu'],
    ['au', 'https://accounts.zoho.com.au', 'https://www.zohoapis.com.au'],
    ['ca', 'https://accounts.zohocloud.ca', 'https://www.zohoapis.ca'],
    ['sa', 'https://accounts.zoho.sa', 'https://www.zohoapis.sa'],
  ] as const)('%s: accounts %s, API %s', (dc, accountsUrl, apiDomain) => {
    expect(DATA_CENTRES[dc]).toEqual({ accountsUrl, apiDomain });
    expect(dataCentreOf(`${accountsUrl}/`)).toBe(dc);
  });

  it('knows no data centre for the emulator', () => {
    expect(dataCentreOf('http://127.0.0.1:4000')).toBeUndefined();
  });
});

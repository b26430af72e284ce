import { describe, expect, it } from 'vitest';
import { credentialsFromEnv } from '../../../src/config/credentials.js';

describe('credentialsFromEnv', () => {
  it('prefers the refresh-token trio', () => {
    expect(
      credentialsFromEnv({
        ZOHO_CLIENT_ID: 'id',
        ZOHO_CLIENT_SECRET: 'secret',
        ZOHO_REFRESH_TOKEN: 'refresh',
        ZOHO_ACCESS_TOKEN: 'access',
      }),
    ).toEqual({
      kind: 'refresh-token',
      clientId: 'id',
      clientSecret: 'secret',
      refreshToken: 'refresh',
    });
  });

  it('accepts a short-lived access token alone', () => {
    expect(credentialsFromEnv({ ZOHO_ACCESS_TOKEN: 'access' })).toEqual({
      kind: 'access-token',
      accessToken: 'access',
    });
  });

  it('names the missing variables', () => {
    expect(() => credentialsFromEnv({ ZOHO_CLIENT_ID: 'id' })).toThrow(
      'ZOHO_CLIENT_SECRET, ZOHO_REFRESH_TOKEN are not set',
    );
    expect(() => credentialsFromEnv({})).toThrow('No Zoho credentials');
  });
});

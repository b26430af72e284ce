// How to add a missing OAuth scope: Zoho fixes a token's scopes when its grant code is made,
// so the fix is always a new grant, never a setting.

export function scopeAdvice(scope: string, credentials: 'refresh-token' | 'access-token'): string {
  if (credentials === 'access-token') {
    return `Generate a new ZOHO_ACCESS_TOKEN whose scope includes ${scope}.`;
  }
  return (
    `Add ${scope} to the Self Client's scope and generate a new refresh token ` +
    '(api-console.zoho.com > Self Client > Generate Code, then exchange the code), and set ' +
    'ZOHO_REFRESH_TOKEN to it.'
  );
}

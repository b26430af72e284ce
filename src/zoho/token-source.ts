// The access token for a run: fetched once and shared (single-flight), replaced only when
// the API says the token in hand is invalid.
import type { AccessToken } from './token-request.js';
import { ZohoApiError } from './zoho-api-error.js';

export interface TokenSource {
  /** False for a plain ZOHO_ACCESS_TOKEN: nothing to refresh it with. */
  readonly refreshable: boolean;
  current(): Promise<AccessToken>;
  /**
   * The API rejected `value`. Drops it if it is still the current token, so concurrent
   * rejections of the same token cause one refresh. Returns whether a fresh one can come.
   */
  invalidate(value: string): boolean;
}

export function staticTokenSource(token: AccessToken): TokenSource {
  return {
    refreshable: false,
    current: () => Promise.resolve(token),
    invalidate: () => false,
  };
}

export function refreshingTokenSource(fetchToken: () => Promise<AccessToken>): TokenSource {
  let pending: Promise<AccessToken> | undefined;
  let currentValue: string | undefined;

  return {
    refreshable: true,
    current() {
      if (pending === undefined) {
        const promise = fetchToken();
        pending = promise;
        promise.then(
          (token) => {
            if (pending === promise) currentValue = token.value;
          },
          (error: unknown) => {
            // Credentials Zoho refused stay refused for the run: asking again would only
            // burn the 10-refreshes-in-10-minutes allowance. Outages may heal: forget those.
            const refused = error instanceof ZohoApiError && error.code === 'AUTH';
            if (!refused && pending === promise) pending = undefined;
          },
        );
      }
      return pending;
    },
    invalidate(value) {
      if (currentValue === value) {
        pending = undefined;
        currentValue = undefined;
      }
      return true;
    },
  };
}

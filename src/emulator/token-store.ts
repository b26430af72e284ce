// Zoho Accounts' refresh grant (assumption A7): access tokens that expire, and at most ten
// refreshes per refresh token in ten minutes ("blocked for the rest of the ten minutes").
import { randomBytes } from 'node:crypto';
import {
  OAUTH_ACCESS_DENIED_STATUS,
  OAUTH_ERROR_ACCESS_DENIED,
  OAUTH_ERROR_INVALID_CLIENT,
  OAUTH_ERROR_INVALID_CODE,
  TOKEN_REFRESHES_PER_WINDOW,
  TOKEN_REFRESH_WINDOW_SECONDS,
} from '../constants/zoho.js';
import type { SeedOAuthClient } from './seed-types.js';
import type { ZohoAnswer } from './zoho-answers.js';

export interface AccessGrant {
  readonly clientId: string;
  readonly scopes: readonly string[];
  readonly expiresAt: number;
}

export type TokenLookup =
  | { readonly kind: 'valid'; readonly grant: AccessGrant }
  | { readonly kind: 'expired' }
  | { readonly kind: 'unknown' };

export interface RefreshParams {
  readonly grant_type?: string;
  readonly client_id?: string;
  readonly client_secret?: string;
  readonly refresh_token?: string;
}

const WINDOW_MS = TOKEN_REFRESH_WINDOW_SECONDS * 1000;

export class TokenStore {
  private readonly tokens = new Map<string, AccessGrant>();
  private readonly refreshTimes = new Map<string, number[]>();
  private clients: readonly SeedOAuthClient[];
  refreshCount = 0;

  constructor(
    clients: readonly SeedOAuthClient[],
    private readonly lifetimeSeconds: number,
    private readonly apiDomain: () => string,
    private readonly now: () => number = Date.now,
  ) {
    this.clients = clients;
  }

  /** A reseed: tokens of clients that still exist stay valid, so running clients carry on. */
  setClients(clients: readonly SeedOAuthClient[]): void {
    this.clients = clients;
    const known = new Set(clients.map((c) => c.clientId));
    for (const [token, grant] of this.tokens)
      if (!known.has(grant.clientId)) this.tokens.delete(token);
  }

  refresh(params: RefreshParams): ZohoAnswer {
    if (params.grant_type !== 'refresh_token') {
      return { status: 200, body: { error: 'unsupported_grant_type' } };
    }
    const client = this.clients.find((c) => c.clientId === params.client_id);
    if (!client || client.clientSecret !== params.client_secret) {
      return { status: 200, body: { error: OAUTH_ERROR_INVALID_CLIENT } };
    }
    const refreshToken = params.refresh_token ?? '';
    if (!client.refreshTokens.includes(refreshToken)) {
      return { status: 200, body: { error: OAUTH_ERROR_INVALID_CODE } };
    }
    const now = this.now();
    const recent = (this.refreshTimes.get(refreshToken) ?? []).filter((t) => now - t < WINDOW_MS);
    if (recent.length >= TOKEN_REFRESHES_PER_WINDOW) {
      this.refreshTimes.set(refreshToken, recent);
      return {
        status: OAUTH_ACCESS_DENIED_STATUS,
        body: {
          error: OAUTH_ERROR_ACCESS_DENIED,
          error_description:
            'You have made too many requests continuously. Please try again after some time.',
        },
      };
    }
    recent.push(now);
    this.refreshTimes.set(refreshToken, recent);
    this.refreshCount++;
    this.sweep(now);
    const token = `1000.${randomBytes(32).toString('hex')}`;
    this.tokens.set(token, {
      clientId: client.clientId,
      scopes: client.scopes,
      expiresAt: now + this.lifetimeSeconds * 1000,
    });
    return {
      status: 200,
      body: {
        access_token: token,
        scope: client.scopes.join(' '),
        api_domain: this.apiDomain(),
        token_type: 'Bearer',
        expires_in: this.lifetimeSeconds,
      },
    };
  }

  lookup(token: string): TokenLookup {
    const grant = this.tokens.get(token);
    if (!grant) return { kind: 'unknown' };
    if (grant.expiresAt <= this.now()) return { kind: 'expired' };
    return { kind: 'valid', grant };
  }

  /** A forced expiry (fault injection or the admin route). */
  expire(token?: string): void {
    if (token === undefined) this.tokens.clear();
    else this.tokens.delete(token);
  }

  private sweep(now: number): void {
    if (this.tokens.size < 1000) return;
    for (const [token, grant] of this.tokens) if (grant.expiresAt <= now) this.tokens.delete(token);
  }
}

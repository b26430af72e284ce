// The verbose trace a client emits. Paths carry no query string and no event carries a token.
import type { ModuleName } from '../core/model.js';

export type ClientEvent =
  | {
      /** One HTTP exchange with the CRM API (each retry is its own event). */
      readonly type: 'request';
      readonly kind: string;
      readonly method: string;
      readonly path: string;
      /** 0 when no answer arrived; see `networkCode`. */
      readonly status: number;
      readonly networkCode?: string;
      readonly ms: number;
      /** 1 for the first try. */
      readonly attempt: number;
    }
  | {
      readonly type: 'retry';
      readonly kind: string;
      readonly method: string;
      readonly path: string;
      /** The retry about to start (1-based). */
      readonly retry: number;
      readonly delayMs: number;
      /** e.g. "429 TOO_MANY_REQUESTS", "503", "ECONNRESET". */
      readonly reason: string;
    }
  | {
      /** The limiter lowered (after a 429) or raised (after a round of successes) its width. */
      readonly type: 'concurrency';
      readonly limit: number;
      readonly ceiling: number;
      readonly reason: 'throttled' | 'recovered';
    }
  | {
      readonly type: 'token';
      readonly accountsUrl: string;
      readonly ok: boolean;
      readonly ms: number;
    }
  | {
      /** Something the user may want to know in --verbose: a fallback, an ignored value. */
      readonly type: 'notice';
      readonly module?: ModuleName;
      readonly message: string;
    };

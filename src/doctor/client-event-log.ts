// What doctor needs to know about the calls the client made on its behalf: whether the token
// refresh worked and how the last API exchange went. Fed by the client's onEvent hook.
import type { ClientEvent } from '../zoho/index.js';

type TokenEvent = Extract<ClientEvent, { type: 'token' }>;
type RequestEvent = Extract<ClientEvent, { type: 'request' }>;

export class ClientEventLog {
  #lastToken: TokenEvent | undefined;
  #lastRequest: RequestEvent | undefined;
  #notices = 0;

  readonly record = (event: ClientEvent): void => {
    if (event.type === 'token') this.#lastToken = event;
    else if (event.type === 'request') this.#lastRequest = event;
    else if (event.type === 'notice') this.#notices += 1;
  };

  get lastToken(): TokenEvent | undefined {
    return this.#lastToken;
  }

  get lastRequest(): RequestEvent | undefined {
    return this.#lastRequest;
  }

  /** Fallbacks the client took (e.g. one GET per record when a list left a field out). */
  get notices(): number {
    return this.#notices;
  }
}

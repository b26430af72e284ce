// A listing sorted by id, page after page: each record once, ids ascending. Offset paging
// shifts when a record is deleted mid-listing, so a page may start with records the previous
// page already gave; those are dropped. A page out of order inside itself means the sort was
// not honoured, and then neither the key nor the de-duplication can be trusted.
import { compareIds } from '../core/ordering.js';
import type { JsonObject } from './zoho-envelope.js';

/** Zoho record ids: digit strings (18-19 digits in practice). Also what COQL may quote. */
export const RECORD_ID = /^[0-9]{1,19}$/;

export type PageCheck =
  | { readonly kind: 'ok'; readonly fresh: JsonObject[] }
  | { readonly kind: 'bad'; readonly what: string };

export class IdOrder {
  #last: string | undefined;

  /** The greatest id accepted so far: where a keyset continues. */
  get last(): string | undefined {
    return this.#last;
  }

  accept(records: readonly JsonObject[]): PageCheck {
    const fresh: JsonObject[] = [];
    let previous: string | undefined;
    for (const record of records) {
      const id = record.id;
      if (typeof id !== 'string' || !RECORD_ID.test(id)) {
        return { kind: 'bad', what: `a record whose id is not a digit string (${shown(id)})` };
      }
      if (previous !== undefined && compareIds(previous, id) >= 0) {
        return { kind: 'bad', what: `ids out of ascending order (${previous} before ${id})` };
      }
      previous = id;
      if (this.#last !== undefined && compareIds(id, this.#last) <= 0) continue;
      fresh.push(record);
    }
    if (previous !== undefined && fresh.length > 0) this.#last = previous;
    return { kind: 'ok', fresh };
  }
}

/** An unusable id as an error may show it: short, whatever the body sent. */
function shown(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 40 ? `${text.slice(0, 40)}… (${text.length} characters)` : text;
}

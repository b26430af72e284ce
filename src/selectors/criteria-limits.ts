// How large criteria may be. Zoho's documented COQL limits (docs/ASSUMPTIONS.md A33), and the
// tool's own bounds, which keep a hostile file cheap to refuse: the parser is linear in the
// length, recurses only per parenthesis, and stops at the first criterion past the limit.
import { MAX_COQL_CRITERIA, MAX_COQL_IN_VALUES } from '../constants/zoho.js';

export { MAX_COQL_CRITERIA };

/**
 * A selector's own criteria: one fewer than Zoho allows, since every read adds the keyset
 * criterion `id > '<last id>'` (docs/SELECTORS.md, "Reads").
 */
export const MAX_SELECTOR_CRITERIA = MAX_COQL_CRITERIA - 1;

/** `in` and `not in` take up to 100 values (A23). */
export const MAX_IN_VALUES = MAX_COQL_IN_VALUES;

/**
 * The tool's bound, not Zoho's (the query itself is unbounded, [OAS] `select_query`): 24
 * criteria of 100 short values fit; a longer expression is a list of ids, which belongs in
 * `records:`.
 */
export const MAX_CRITERIA_LENGTH = 32_768;

/** Parentheses nested this deep; 24 criteria in pairs need at most 23. */
export const MAX_CRITERIA_DEPTH = 32;

/** A field's API name, dots included; Zoho's are far shorter. */
export const MAX_FIELD_NAME_LENGTH = 128;

/** `Account_Name.Billing_Country`: a field through at most two lookups, Zoho's two relations (A33). */
export const MAX_FIELD_SEGMENTS = 3;

/** Digits a number may have: more than any amount, and no id needs arithmetic. */
export const MAX_NUMBER_LENGTH = 40;

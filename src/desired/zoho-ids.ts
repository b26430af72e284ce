// Zoho ids are 18 or 19 digit strings that never start with 0. A mistyped id would silently name
// a record that does not exist, so a malformed one is explained precisely: which digit count,
// which look-alike letter. "0554023000003635001" next to "554023000003635001" is not a second
// record but the same id mistyped (or padded by a spreadsheet), so a leading 0 is refused too.

const ZOHO_ID = /^[1-9][0-9]{17,18}$/;
/** What the JSON Schema takes as an id: 18 or 19 digits, a leading 0 included. */
const SCHEMA_ID = /^[0-9]{18,19}$/;
const LEADING_ZERO = /^0[0-9]*$/;
const ALL_DIGITS = /^[0-9]+$/;
const MAX_ID_LENGTH = 19;
/** Fewer digits than this is a number or a name ("2025"), not an attempt at an id. */
const ID_LIKE_MIN_DIGITS = 10;

/** Letters people type (or OCR reads) in place of a digit. */
const LOOK_ALIKES: Readonly<Record<string, string>> = { O: '0', o: '0', I: '1', l: '1' };
/** What an id with look-alike letters (LOOK_ALIKES) for some digits can look like. */
const LOOK_ALIKE_ID = /^[0-9OoIl]{18,19}$/;

export type IdKind = 'record' | 'territory';

export interface IdProblem {
  /** Completes "<subject> '<text>' ...". */
  readonly reason: string;
  readonly hint: string;
}

export function isZohoId(text: string): boolean {
  return ZOHO_ID.test(text);
}

/**
 * Digits the schema accepts as an id but Zoho never issues: they start with 0. The schema
 * reports every other malformed id; these are reported by the rule checks.
 */
export function isZeroLedId(text: string): boolean {
  return SCHEMA_ID.test(text) && !ZOHO_ID.test(text);
}

function withLookAlikesFixed(text: string): { fixed: string; letters: string[] } {
  const letters: string[] = [];
  let fixed = '';
  for (const char of text) {
    const digit = LOOK_ALIKES[char];
    if (digit !== undefined) letters.push(char);
    fixed += digit ?? char;
  }
  return { fixed, letters };
}

function whereToCopy(kind: IdKind): string {
  return kind === 'record'
    ? "Copy the id from the record's address in Zoho CRM (the digits after /tab/<Module>/)."
    : 'Copy the id from Setup > Territory Management in Zoho CRM, or refer to the territory by name.';
}

/** Why `text` is not a Zoho id. Only meaningful when `isZohoId(text)` is false. */
export function describeBadId(text: string, kind: IdKind): IdProblem {
  const trimmed = text.trim();
  if (trimmed !== text && isZohoId(trimmed)) {
    return { reason: 'has spaces around it', hint: `Write it as "${trimmed}".` };
  }
  if (trimmed.length === 0) return { reason: 'is empty', hint: whereToCopy(kind) };
  if (LEADING_ZERO.test(trimmed)) {
    return {
      reason: trimmed === '0' ? 'is 0, which is never a Zoho id' : 'starts with 0',
      hint: `Zoho ids never start with 0; ${kind === 'record' ? "copy the id from the record's URL (the digits after /tab/<Module>/)." : 'copy the id from Setup > Territory Management in Zoho CRM, or refer to the territory by name.'}`,
    };
  }
  // Only an id's length can be an id with a look-alike letter; a long text is not worth the walk.
  const { fixed, letters } =
    trimmed.length <= MAX_ID_LENGTH ? withLookAlikesFixed(trimmed) : { fixed: '', letters: [] };
  if (letters.length > 0 && isZohoId(fixed)) {
    const shown = [...new Set(letters)].map((l) => `'${l}'`).join(' and ');
    return {
      reason: `contains the letter ${shown} where a digit belongs`,
      hint: `Did you mean "${fixed}"? ${whereToCopy(kind)}`,
    };
  }
  if (ALL_DIGITS.test(trimmed)) {
    const n = trimmed.length;
    return {
      reason: `has ${n} digits; Zoho ${kind} ids have 18 or 19`,
      hint: `${n < 18 ? 'A digit is missing' : 'There is a digit too many'}. ${whereToCopy(kind)}`,
    };
  }
  return { reason: `is not a Zoho ${kind} id (18 or 19 digits)`, hint: whereToCopy(kind) };
}

/**
 * A territory reference that was meant as an id but is malformed: 10+ digits of the wrong
 * length, or an id with a look-alike letter. Anything else is a name, resolved later.
 */
export function territoryIdProblem(text: string): IdProblem | undefined {
  const trimmed = text.trim();
  if (isZohoId(trimmed)) return undefined;
  if (ALL_DIGITS.test(trimmed)) {
    return trimmed.length >= ID_LIKE_MIN_DIGITS ? describeBadId(trimmed, 'territory') : undefined;
  }
  // Only digits and look-alike letters, as long as an id, can be an id mistyped: a name such
  // as "Central 12" (every territory reference of a large file) is not taken apart letter by letter.
  if (!LOOK_ALIKE_ID.test(trimmed)) return undefined;
  const { fixed, letters } = withLookAlikesFixed(trimmed);
  return letters.length > 0 && isZohoId(fixed) ? describeBadId(trimmed, 'territory') : undefined;
}

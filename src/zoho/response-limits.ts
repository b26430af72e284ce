// Ceilings on what one answer from Zoho may cost this process. They are not Zoho's limits but
// guards against a broken or hostile server (or a wrong API domain): far above anything Zoho's
// documented page sizes can produce, far below what would exhaust memory or run without end.

const MIB = 1024 * 1024;

/**
 * Bytes of one CRM API answer's body, counted as it arrives (after decompression). The largest
 * answers this client asks for are a page of 2,000 territories (a few MB even with long rule
 * criteria), 200 records or 100 ids with a name and up to 10 territories each (well under 1 MB),
 * and 2,000 COQL ids (about 60 KB): 16 MiB leaves a margin of several times over the heaviest
 * of them, and keeps what one parsed answer can cost in memory to a few hundred MB.
 */
export const MAX_API_RESPONSE_BYTES = 16 * MIB;

/**
 * Bytes of one page of COQL ids (`select id ... limit 2000`): 2,000 rows of `{"id":"<19
 * digits>"}` and the `info` object take about 60 KB, so 1 MiB is over fifteen times that. A
 * larger answer is not a page of ids, and is cut off long before the client's general cap.
 */
export const MAX_COQL_ID_PAGE_BYTES = 1 * MIB;

/**
 * Objects and arrays in one answer. Bytes alone do not bound memory: 16 MiB of `{},{},...`
 * parses into millions of objects (gigabytes). A page of 2,000 territories holds some 20,000;
 * a million is fifty times that.
 */
export const MAX_JSON_CONTAINERS = 1_000_000;

/** Bytes of one answer from the accounts server: a token answer is a few hundred bytes. */
export const MAX_TOKEN_RESPONSE_BYTES = 1 * MIB;

/**
 * Levels of nesting in one answer. Zoho's deepest (a territory's rule criteria, groups within
 * groups) take a handful; JSON.parse builds any depth, but walking or serialising a deep one
 * (the report, the journal) would overflow the stack.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Pages of the territory catalogue (2,000 territories a page): 200,000 territories, far more
 * than any org defines, and few enough that a hostile catalogue of long names stays within a
 * few hundred MB. Reached only by a server that never ends its paging.
 */
export const MAX_CATALOGUE_PAGES = 100;

/**
 * Characters of one name from the CRM (a territory's, a record's). Zoho's own fields hold a few
 * hundred at most; a longer one is a broken or hostile answer, refused before it is kept (every
 * kept name costs memory across pages, and a reviewer reads it).
 */
const MAX_CRM_NAME_CHARS = 1000;

/** A name from the CRM, or a TypeError naming what is wrong with it. */
export function boundedName(name: string | undefined, what: string): string | undefined {
  if (name !== undefined && name.length > MAX_CRM_NAME_CHARS) {
    throw new TypeError(
      `${what} of ${name.length.toLocaleString('en-US')} characters (a name is at most ${MAX_CRM_NAME_CHARS.toLocaleString('en-US')})`,
    );
  }
  return name;
}

/**
 * Characters kept of Zoho's own words in one record's write answer (its message; an unknown code
 * gets a tenth). Zoho's are a sentence; a longer text is cut rather than refused, since the
 * answer still says what happened to the record, but is not kept whole: it goes to the journal
 * and the report for every record of a run, and one answer may hold megabytes of it.
 */
const MAX_ZOHO_TEXT_CHARS = 1000;

/** `text`, or its first characters and how many more there were. */
export function clippedText(text: string, max = MAX_ZOHO_TEXT_CHARS): string {
  if (text.length <= max) return text;
  // Never end on half of a surrogate pair.
  const end = /[\uD800-\uDBFF]/.test(text.charAt(max - 1)) ? max - 1 : max;
  return `${text.slice(0, end)}… (${(text.length - end).toLocaleString('en-US')} more characters)`;
}

/** Characters kept of a code Zoho's documentation does not list (theirs are a few words). */
export const MAX_UNKNOWN_CODE_CHARS = MAX_ZOHO_TEXT_CHARS / 10;

/** "64 MiB", "1 MiB", "512 KiB", "300 bytes": a limit as the person reading an error sees it. */
export function describeBytes(bytes: number): string {
  if (bytes >= MIB && bytes % MIB === 0) return `${bytes / MIB} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes.toLocaleString('en-US')} bytes`;
}

/** What the client refuses to read past; tests lower them to prove the refusals cheaply. */
export interface ResponseLimits {
  /** Bytes of one CRM API answer's body (default 16 MiB). */
  readonly apiResponseBytes: number;
  /** Bytes of one accounts-server answer's body (default 1 MiB). */
  readonly tokenResponseBytes: number;
  /** Pages of the territory catalogue (default 100 of 2,000). */
  readonly cataloguePages: number;
  /**
   * COQL keyset pages of 2,000 ids one read may take (default 10,000, 20 million ids): past
   * Zoho's 100,000-record listing limit, and for one selector's matches.
   */
  readonly keysetPages: number;
}

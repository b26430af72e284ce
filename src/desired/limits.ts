// How large a desired file and its parts may be. Far above any real file (100,000 records take
// about 6 MB and nest five levels deep), low enough that a hostile or mistaken file is refused
// in milliseconds instead of exhausting memory, the stack or the user's patience.

/** Checked before the file is read: a larger one is refused unread. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

/** Lists and mappings inside one another: a desired file needs five. */
export const MAX_NESTING = 32;

/** YAML aliases (*name) in one file: a convenience for a few shared lists, not a format. */
export const MAX_ALIASES = 10_000;

/** YAML's own limit for a key written without `? `: the full reader enforces it too. */
export const MAX_KEY_LENGTH = 1024;

/** Any text value: a territory name, path or note. */
export const MAX_TEXT_LENGTH = 4096;

/**
 * What YAML aliases (*name) may add to a file once expanded, counted as values (lists, mappings,
 * keys and texts, one each) and as characters of text: at most one value and 20 characters for
 * every character the file holds, and never less than the floors, so a small file may still
 * repeat a list a few thousand times. 10,000 records that each repeat (`"5540...": *emea`) one
 * list of ten 30-character paths add a third of the values and half of the characters allowed;
 * a billion-laughs file passes them at its first few aliases.
 */
const EXPANDED_VALUES_PER_CHARACTER = 1;
const EXPANDED_CHARACTERS_PER_CHARACTER = 20;
export const MIN_EXPANDED_VALUES = 100_000;
export const MIN_EXPANDED_CHARACTERS = 2_000_000;

export interface ExpansionLimit {
  readonly values: number;
  readonly characters: number;
}

/** The most aliases may add to a file of `textLength` characters. */
export function expansionLimit(textLength: number): ExpansionLimit {
  return {
    values: Math.max(MIN_EXPANDED_VALUES, EXPANDED_VALUES_PER_CHARACTER * textLength),
    characters: Math.max(MIN_EXPANDED_CHARACTERS, EXPANDED_CHARACTERS_PER_CHARACTER * textLength),
  };
}

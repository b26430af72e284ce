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

import { oneLine } from './sanitize.js';

const MARKDOWN_SPECIAL = /[\\`*_[\]|~#]/g;
const HTML_SPECIAL: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * A zero-width space, as an entity so the markdown source stays plain ASCII (Dependabot writes
 * `@&#8203;name` for the same reason). GitHub shows nothing, but a mention or a reference needs
 * its characters side by side.
 */
const ZERO_WIDTH_SPACE = '&#8203;';

/**
 * After MARKDOWN_SPECIAL: `@name` and `@org/team` (a mention notifies), `#123` (escaped as `\#`,
 * which GitHub still links), `owner/repo#123` and `GH-123` (references that link, and cross-link
 * back from the issue they name), and `https://...` / `www.` (autolinks: a full issue URL also
 * cross-links). One pass, so an inserted entity's own `#` is never matched.
 */
const LIVE_REFERENCE = /@(?=[\p{L}\p{N}])|\\#(?=\p{N})|\bGH-(?=\p{N})|:(?=\/\/)|\bwww(?=\.)/giu;

/**
 * CRM text (a record's or a territory's name, Zoho's message) that GitHub shows as written: a
 * name `@acme/security-team` must not page a team, nor `#1` link an issue. The name reads the
 * same; only a zero-width space separates what GitHub would join.
 */
function inertReferences(escapedMarkdown: string): string {
  return escapedMarkdown.replace(LIVE_REFERENCE, (match) => `${match}${ZERO_WIDTH_SPACE}`);
}

/**
 * Text that GitHub shows literally inside a paragraph, list item or table cell: a record named
 * `<script>` or `| pipe` must neither inject HTML nor split a table cell, and one named
 * `@org/team` or `owner/repo#1` must neither mention nor link.
 */
export function escapeMarkdown(text: string): string {
  return inertReferences(
    oneLine(text)
      .replace(MARKDOWN_SPECIAL, (c) => `\\${c}`)
      .replace(/[&<>]/g, (c) => HTML_SPECIAL[c] ?? c),
  );
}

/**
 * A GitHub user or team as schemas/config.schema.json accepts it in `owners` (a test keeps the
 * two patterns equal): letters, digits and single inner hyphens, then an optional `/team`.
 */
export const GITHUB_HANDLE =
  /^@[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}(?:\/[A-Za-z0-9][A-Za-z0-9_-]{0,99})?$/;

/**
 * A reviewer named in the config's `owners`, as a live @mention: the one kind of mention a plan
 * comment makes on purpose. Anything that is not exactly a handle is escaped like CRM text, so a
 * config or caller mistake cannot smuggle markdown or a mention of its choosing.
 */
export function mention(handle: string): string {
  return GITHUB_HANDLE.test(handle) ? handle : escapeMarkdown(handle);
}

import { oneLine } from './sanitize.js';

const MARKDOWN_SPECIAL = /[\\`*_[\]|~#]/g;
const HTML_SPECIAL: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Text that GitHub shows literally inside a paragraph, list item or table cell: a record named
 * `<script>` or `| pipe` must neither inject HTML nor split a table cell.
 */
export function escapeMarkdown(text: string): string {
  return oneLine(text)
    .replace(MARKDOWN_SPECIAL, (c) => `\\${c}`)
    .replace(/[&<>]/g, (c) => HTML_SPECIAL[c] ?? c);
}

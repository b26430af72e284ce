// The few YAML spellings the exporter writes by hand. Records are written line by line (a
// 150,000-record module would be slow through a document model), so every scalar goes through
// `yamlScalar`: plain when it is unmistakably a string in any YAML context, double-quoted
// otherwise, never a form a reader could take for a number, a boolean or a flow indicator.
import { oneLine } from '../render/sanitize.js';

/** Letters first (never a number, an anchor, a tag or an indicator), then a safe set. */
const PLAIN_SAFE = /^\p{L}[\p{L}\p{N} _.&()'+/-]*$/u;

/** Words YAML 1.1 or 1.2 readers may turn into booleans or null. */
const RESERVED = new Set(['true', 'false', 'null', 'yes', 'no', 'on', 'off', 'y', 'n']);

/** Characters YAML may not carry raw, plus line separators and bidi controls (readers). */
function needsEscape(codePoint: number): boolean {
  if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint <= 0x9f)) return true;
  if (codePoint >= 0xd800 && codePoint <= 0xdfff) return true;
  if (codePoint === 0xfeff || codePoint === 0xfffe || codePoint === 0xffff) return true;
  if (codePoint === 0x2028 || codePoint === 0x2029) return true;
  return (
    (codePoint >= 0x202a && codePoint <= 0x202e) || (codePoint >= 0x2066 && codePoint <= 0x2069)
  );
}

function escapeCodePoint(codePoint: number): string {
  switch (codePoint) {
    case 0x09:
      return '\\t';
    case 0x0a:
      return '\\n';
    case 0x0d:
      return '\\r';
    default:
      return `\\u${codePoint.toString(16).padStart(4, '0')}`;
  }
}

/** A double-quoted scalar that reads back as exactly `text`. */
export function doubleQuoted(text: string): string {
  let out = '"';
  for (const char of text) {
    const codePoint = char.codePointAt(0) ?? 0;
    if (char === '"' || char === '\\') out += `\\${char}`;
    else if (needsEscape(codePoint)) out += escapeCodePoint(codePoint);
    else out += char;
  }
  return `${out}"`;
}

/** `text` as a scalar that is safe in block and flow context alike. */
export function yamlScalar(text: string): string {
  const plain = PLAIN_SAFE.test(text) && !text.endsWith(' ') && !RESERVED.has(text.toLowerCase());
  return plain ? text : doubleQuoted(text);
}

/** A comment's text: one line, no control characters (names come from the CRM). */
export function commentText(text: string): string {
  return oneLine(text);
}

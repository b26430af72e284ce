// Messages quote what a file says, and a file may hold characters that act on a terminal
// instead of showing (ESC, carriage returns, bidi overrides), or show as nothing at all (zero-width
// spaces and joiners, soft hyphens: "EMEA" and "EMEA\u200b" would look the same). They are shown
// as `\uXXXX`.
const INVISIBLE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/** `text` with every control, line-separator, bidi and BOM character written as `\uXXXX`. */
export function escapeInvisible(text: string, options: { keepNewlines?: boolean } = {}): string {
  return text.replace(INVISIBLE, (char) =>
    options.keepNewlines === true && char === '\n'
      ? char
      : `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

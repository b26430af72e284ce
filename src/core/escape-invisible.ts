// Messages quote what a file says, and a file may hold characters that act on a terminal
// instead of showing (ESC, carriage returns, bidi overrides). They are shown as `\uXXXX`.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** `text` with every control, line-separator, bidi and BOM character written as `\uXXXX`. */
export function escapeInvisible(text: string, options: { keepNewlines?: boolean } = {}): string {
  return text.replace(INVISIBLE, (char) =>
    options.keepNewlines === true && char === '\n'
      ? char
      : `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

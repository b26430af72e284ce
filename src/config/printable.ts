// Config messages quote the file (a setting's name, the token a parser choked on) and are
// printed as they are, so a character that would act on a terminal instead of showing (an ESC
// written as "\u001b" in JSON, a carriage return) is shown as its escape.
const INVISIBLE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `text` with every control, line-separator and bidi character written as `\uXXXX`. */
export function printable(text: string): string {
  return text.replace(
    INVISIBLE,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

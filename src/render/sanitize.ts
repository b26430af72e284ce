// Names come from the CRM and messages may quote them: anyone who can rename a record controls
// this text. Control characters could forge lines in a plan or drive the terminal (ANSI escapes),
// and bidirectional overrides could make a reviewed name read differently from what it is.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]+/g;

/** The text on one line, with control and bidi-override characters replaced by a space. */
export function oneLine(text: string): string {
  return text.replace(UNSAFE, ' ').trim();
}

// Names come from the CRM and messages may quote them: anyone who can rename a record controls
// this text. Control characters could forge lines in a plan or drive the terminal (ANSI escapes),
// and bidirectional overrides could make a reviewed name read differently from what it is. They
// are shown, not dropped: a reviewer must see that "Acme\u202e" is not "Acme". The one list of
// such characters is core's escapeInvisible, shared with the config and desired-file messages.
import { escapeInvisible } from '../core/escape-invisible.js';

/** The text on one line, with control, line-separator and bidi characters written as `\uXXXX`. */
export function oneLine(text: string): string {
  return escapeInvisible(text).trim();
}

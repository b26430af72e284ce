// GitHub's runner reads every line a step writes, on stdout and stderr alike, as a possible
// workflow command (actions/runner, ActionCommand.TryParseV2 / TryParse):
//   - `::name props::data` at the start of a line, after String.TrimStart(), so after any
//     leading Unicode white space (U+0085, U+00A0, U+2028 ... included);
//   - the older `##[name props]data` *anywhere* in a line;
// and it splits lines at LF, CR and CRLF. A CRM name, a Zoho message or a file name that reaches
// the log could therefore raise annotations, mask words (`::add-mask::`), or stop the tool's own
// annotations (`::stop-commands::token`). The values are escaped where they are quoted, but this
// is the last line of defence: everything written under Actions passes through an InertLog,
// and only the tool's own commands (workflowCommand's lines, through `command`) may start with
// `::`. What it changes is written as `\uXXXX`, as the terminal shows other invisible or
// active characters, so a reviewer sees that something was there.
import type { WorkflowCommandLine } from './workflow-command.js';

const LF = 0x0a;
const COLON = 0x3a;
const HASH = 0x23;
const OPEN_BRACKET = 0x5b;

/** Characters the runner or a log viewer may take for a line break; LF is the only one we write. */
function isLineBreak(code: number): boolean {
  return code === 0x0d || code === 0x85 || code === 0x2028 || code === 0x2029;
}

/**
 * What .NET's TrimStart() skips before looking for `::` (Char.IsWhiteSpace, LF and the line
 * breaks above aside), plus a few zero-width characters older runtimes trimmed too: treating
 * one too many as space only means escaping a `::` that could not have been a command.
 */
function isLeadingSpace(code: number): boolean {
  return (
    code === 0x20 ||
    (code >= 0x09 && code <= 0x0c) ||
    code === 0xa0 ||
    code === 0x1680 ||
    code === 0x180e ||
    (code >= 0x2000 && code <= 0x200b) ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x2060 ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

const COMMAND_LINE = /^::(?:error|warning|notice)(?: [^\r\n:]*)?::[^\r\n\u0085\u2028\u2029]*$/;

function escaped(code: number): string {
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * The shape workflowCommand produces: one line, a name we use, properties holding no `:` (they
 * are escaped), a message holding no line break. Anything else is not the tool's own command.
 */
export function isWorkflowCommandLine(line: string): line is WorkflowCommandLine {
  return COMMAND_LINE.test(line);
}

/** One output stream under GitHub Actions: what was written so far decides what a chunk means. */
export interface InertLog {
  /**
   * `text` as it may follow everything written before it: CR, NEL, U+2028 and U+2029 as
   * `\uXXXX`; the second `:` of a `::` that would begin a line, and the `[` of `##[`, as well.
   * Text is otherwise unchanged, so a plan, a JSON document or a YAML export reads the same.
   */
  inert(text: string): string;
  /**
   * The tool's own workflow command, on a line of its own (a line break first when the stream
   * is in the middle of a line). A line that is not one of workflowCommand's is made inert.
   */
  command(line: WorkflowCommandLine): string;
  /** Whether the next character written starts a line. */
  readonly atLineStart: boolean;
}

export function createInertLog(): InertLog {
  // 'blank': only leading space on this line so far; 'colon': that, then one ':'; 'text': more.
  let head: 'blank' | 'colon' | 'text' = 'blank';
  // '#' characters just written, for `##[` split across writes.
  let hashes = 0;
  let atLineStart = true;

  const inert = (text: string): string => {
    let out = '';
    let from = 0;
    for (let i = 0; i < text.length; i += 1) {
      const code = text.charCodeAt(i);
      let replacement: string | undefined;
      if (code === LF) {
        head = 'blank';
        hashes = 0;
        continue;
      }
      if (isLineBreak(code)) {
        replacement = escaped(code);
        head = 'text';
        hashes = 0;
      } else if (head === 'blank' && isLeadingSpace(code)) {
        continue;
      } else if (head === 'blank' && code === COLON) {
        head = 'colon';
        hashes = 0;
        continue;
      } else if (head === 'colon' && code === COLON) {
        replacement = escaped(code);
        head = 'text';
      } else {
        head = 'text';
        if (code === OPEN_BRACKET && hashes >= 2) {
          replacement = escaped(code);
          hashes = 0;
        } else {
          hashes = code === HASH ? hashes + 1 : 0;
        }
      }
      if (replacement !== undefined) {
        out += text.slice(from, i) + replacement;
        from = i + 1;
      }
    }
    if (text.length > 0) atLineStart = text.endsWith('\n');
    return out + text.slice(from);
  };

  return {
    inert,
    command(line) {
      const lead = atLineStart ? '' : '\n';
      if (!isWorkflowCommandLine(line)) return inert(`${lead}${line}\n`);
      head = 'blank';
      hashes = 0;
      atLineStart = true;
      return `${lead}${line}\n`;
    },
    get atLineStart() {
      return atLineStart;
    },
  };
}

/** `text`, written from the start of a line, as GitHub's runner may read it: see InertLog. */
export function inertForActions(text: string): string {
  return createInertLog().inert(text);
}

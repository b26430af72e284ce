// Turns the yaml library's parse errors into located, actionable Diagnostics. Errors about
// something left open (a quote, a '[' or '{') are moved to where it was opened, which is the
// line the user has to fix, and the echoes one mistake causes further down are dropped.
import { isCollection, isScalar, isSeq, visit } from 'yaml';
import type { Document, LineCounter, YAMLError, YAMLWarning } from 'yaml';
import type { Diagnostic } from '../core/model.js';
import { DESIRED_DIAGNOSTIC } from '../core/diagnostic-codes.js';
import { excerpt, problem, warning } from './diagnostics.js';

type Opener = 'quote' | 'flow-seq' | 'flow-map';

/** The library's messages quote the source: a line or a token is cut beyond this. */
const QUOTED_LENGTH = 200;

interface Explained {
  readonly offset: number;
  readonly message: string;
  readonly hint: string;
  /** Set when the error is about something left open; `span` is what it swallowed. */
  readonly opener?: Opener;
  readonly span?: readonly [number, number];
  /** A generic explanation, dropped in favour of a specific one on the same line. */
  readonly vague?: boolean;
}

interface OpenNode {
  readonly kind: Opener;
  readonly start: number;
  readonly end: number;
}

/** Quoted scalars and flow collections, the things a missing closing character leaves open. */
function openNodes(doc: Document): OpenNode[] {
  const nodes: OpenNode[] = [];
  visit(doc, (_key, node) => {
    if (isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE')) {
      if (node.range) nodes.push({ kind: 'quote', start: node.range[0], end: node.range[1] });
    } else if (isCollection(node) && node.flow && node.range) {
      const kind = isSeq(node) ? 'flow-seq' : 'flow-map';
      nodes.push({ kind, start: node.range[0], end: node.range[1] });
    }
  });
  return nodes;
}

function lineText(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const end = text.indexOf('\n', offset);
  return text.slice(start, end === -1 ? undefined : end).trim();
}

function explain(error: YAMLError, text: string, open: () => OpenNode[]): Explained {
  const offset = error.pos[0];
  const yamlSays = error.message.split('\n')[0] ?? error.message;
  const unclosed = (kind: Opener): OpenNode | undefined =>
    open()
      .filter((node) => node.kind === kind && node.end === offset)
      .sort((a, b) => b.start - a.start)[0];

  switch (error.code) {
    case 'TAB_AS_INDENT':
      return {
        offset,
        message: 'A tab is used for indentation; YAML allows only spaces.',
        hint: 'Replace the tab at the start of this line with spaces (set your editor to insert spaces).',
      };
    case 'MISSING_CHAR':
      if (/quote/i.test(yamlSays)) {
        const quote = yamlSays.includes("'") ? "'" : '"';
        const node = unclosed('quote');
        return {
          offset: node?.start ?? offset,
          message: `The quoted text starting here is never closed with ${quote}.`,
          hint: `Add the closing ${quote} at the end of the text, on the same line.`,
          opener: 'quote',
          span: node ? [node.start, node.end] : [offset, offset],
        };
      }
      if (/followed by map values/.test(yamlSays)) {
        return {
          offset,
          message: `'${excerpt(lineText(text, offset), QUOTED_LENGTH)}' is neither a key (missing ':') nor a list item.`,
          hint: "Write 'key: value' with a space after ':', or '- item' with a space after '-'.",
        };
      }
      break;
    case 'BAD_INDENT':
      if (/^Flow (sequence|map)/.test(yamlSays)) {
        const isSeq = yamlSays.startsWith('Flow sequence');
        const node = unclosed(isSeq ? 'flow-seq' : 'flow-map');
        const [open, close] = isSeq ? ['[', ']'] : ['{', '}'];
        return {
          offset: node?.start ?? offset,
          message: `The ${isSeq ? 'list' : 'mapping'} opened with '${open}' here is never closed with '${close}'.`,
          hint: `Add '${close}' after the last item, on the line where '${open}' opens.`,
          opener: isSeq ? 'flow-seq' : 'flow-map',
          span: node ? [node.start, node.end] : [offset, offset],
        };
      }
      return {
        offset,
        message: 'This line is indented differently from the lines around it.',
        hint: 'Indent it with spaces exactly like the other keys at the same level.',
        vague: true,
      };
    case 'MULTILINE_IMPLICIT_KEY':
      return {
        offset,
        message: 'A key runs onto the next line, usually because a quote or bracket is not closed.',
        hint: 'Close the quote or bracket on the same line as the key, and end the key with ":".',
      };
    case 'MULTIPLE_DOCS':
      return {
        offset,
        message: "The file holds a second YAML document (a second '---').",
        hint: 'Keep one document per file; to split records across files, list the files in the "desired" setting.',
      };
    case 'RESOURCE_EXHAUSTION':
      // The library's stack ran out: nesting this deep is never a desired file.
      return {
        offset,
        message: 'Lists and mappings nest too deeply here to be read.',
        hint: "Check for a run of unclosed '[' or '{', or of '- ' items inside one another.",
      };
    case 'KEY_OVER_1024_CHARS':
      return {
        offset,
        message: 'A key here is longer than 1024 characters, or a ":" is missing after it.',
        hint: 'Record ids are 18 or 19 digits and alias names are short: check for a missing ":" or a pasted text.',
      };
    case 'BLOCK_AS_IMPLICIT_KEY':
      return {
        offset,
        message:
          'A nested block is used as a key, usually because a ":" is missing on the line above.',
        hint: 'Check the line above for a missing ":" after the key.',
      };
    default:
      break;
  }
  return {
    offset,
    message: `YAML syntax error: ${excerpt(yamlSays, QUOTED_LENGTH)}.`,
    hint: "Check this line for a missing ':', a stray character, or a missing space after ':' or '-'.",
    vague: true,
  };
}

/** One Diagnostic per distinct mistake: the echoes of one mistake are dropped. */
export function syntaxDiagnostics(
  file: string,
  text: string,
  doc: Document,
  errors: readonly YAMLError[],
  lines: LineCounter,
): Diagnostic[] {
  let open: OpenNode[] | undefined;
  const openOnce = (): OpenNode[] => (open ??= openNodes(doc));
  // A stack overflow is reported by every node it unwinds through: the first one says it all.
  const exhausted = errors.findIndex((error) => error.code === 'RESOURCE_EXHAUSTION');
  const explained = errors
    .filter((error, i) => error.code !== 'RESOURCE_EXHAUSTION' || i === exhausted)
    .map((error) => explain(error, text, openOnce))
    .sort((a, b) => a.offset - b.offset);

  // A bracket left open only because an unclosed quote swallowed its closing character.
  const quotes = explained.filter((item) => item.opener === 'quote');
  const swallowed = (item: Explained): boolean =>
    item.opener !== undefined &&
    item.opener !== 'quote' &&
    quotes.some(
      (q) => item.span !== undefined && q.offset >= item.span[0] && q.offset <= item.span[1],
    );

  // One per line: the most specific explanation, then the earliest.
  const byLine = new Map<number, Explained>();
  for (const item of explained) {
    if (swallowed(item)) continue;
    const line = lines.linePos(item.offset).line;
    const current = byLine.get(line);
    if (current === undefined || (current.vague === true && item.vague !== true)) {
      byLine.set(line, item);
    }
  }
  const kept = [...byLine.values()].sort((a, b) => a.offset - b.offset);
  return kept.map((item) => {
    const { line, col } = lines.linePos(item.offset);
    return problem({
      code: DESIRED_DIAGNOSTIC.yamlSyntax,
      message: item.message,
      hint: item.hint,
      location: { file, line, column: col },
    });
  });
}

/** The yaml library's warnings (an unknown !tag, say) do not stop loading but are shown. */
export function yamlWarnings(
  file: string,
  warnings: readonly YAMLWarning[],
  lines: LineCounter,
): Diagnostic[] {
  // An unknown tag is an error where the tree is built (YAML_TAG): not also a warning.
  const kept = warnings.filter(
    (w) => !(w.code === 'TAG_RESOLVE_FAILED' && w.message.startsWith('Unresolved tag')),
  );
  return kept.map((w) => {
    const { line, col } = lines.linePos(w.pos[0]);
    return warning({
      code: DESIRED_DIAGNOSTIC.yamlWarning,
      message: `${excerpt(w.message.split('\n')[0] ?? w.message, QUOTED_LENGTH)}.`,
      hint: 'Remove the YAML tag or construct: this file needs only plain keys, lists and text.',
      location: { file, line, column: col },
    });
  });
}

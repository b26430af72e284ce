// What the `yaml` library is not given. It slows down sharply with nesting depth (400 KB of
// '{a: ' takes seconds, a few MB take minutes) before it gives up with a stack overflow, and it
// spends seconds and gigabytes on a few MB of aliases ('*a, *a, ...'). Its own lexer, which is
// fast and linear, counts both first; a file far beyond any desired file is refused there.
import { CST, Lexer } from 'yaml';
import { MAX_ALIASES, MAX_NESTING } from './limits.js';

/** Lexer tokens that mark a place in the stream without being part of the text. */
const MARKERS = new Set([CST.DOCUMENT, CST.FLOW_END, CST.SCALAR]);

export interface PrescanProblem {
  readonly kind: 'nesting' | 'aliases';
  readonly offset: number;
}

/**
 * Where flow collections ('[', '{') and compact block items ('- - -', '? ? ?') first nest
 * deeper than MAX_NESTING, or where the alias beyond MAX_ALIASES is; undefined when neither.
 */
export function prescanYaml(text: string): PrescanProblem | undefined {
  let offset = 0;
  let flow = 0;
  let compact = 0;
  let aliases = 0;
  let scalarNext = false;
  for (const token of new Lexer().lex(text)) {
    if (MARKERS.has(token)) {
      // The source of a plain or block scalar follows its marker: never an indicator.
      scalarNext = token === CST.SCALAR;
      continue;
    }
    const start = offset;
    offset += token.length;
    if (scalarNext) {
      scalarNext = false;
      continue;
    }
    switch (token) {
      case '[':
      case '{':
        flow += 1;
        break;
      case ']':
      case '}':
        flow = Math.max(0, flow - 1);
        break;
      case '-':
      case '?':
        compact += 1;
        break;
      case '\n':
      case '\r\n':
        compact = 0;
        break;
      default:
        if (token.startsWith('*')) {
          aliases += 1;
          if (aliases > MAX_ALIASES) return { kind: 'aliases', offset: start };
        }
        break;
    }
    if (flow + compact > MAX_NESTING) return { kind: 'nesting', offset: start };
  }
  return undefined;
}

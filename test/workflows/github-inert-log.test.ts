// The runner's side (actions/runner ActionCommandManager): a line is a workflow command when,
// after TrimStart(), it starts with `::`, or when it holds `##[` anywhere; lines end at LF, CR or
// CRLF. Whatever the tool prints under Actions passes through an InertLog first.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createInertLog,
  inertForActions,
  isWorkflowCommandLine,
  workflowCommand,
} from '../../src/render/github/index.js';

/** Lines as the runner reads them, each TrimStart()ed as .NET does (NEL is white space there). */
function runnerLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/).map((line) => line.replace(/^[\s\u0085]+/u, ''));
}

function commandsIn(text: string): string[] {
  return runnerLines(text).filter((line) => line.startsWith('::') || line.includes('##['));
}

// Text made mostly of what matters here, so the properties meet it often.
const hostileChar = fc.constantFrom(
  ':',
  '#',
  '[',
  ' ',
  '\t',
  '\n',
  '\r',
  '\u0085',
  '\u00a0',
  '\u2028',
  '\u2029',
  '\u3000',
  '\ufeff',
  'a',
  'e',
  '%',
);
const hostileText = fc.oneof(
  fc.array(hostileChar, { maxLength: 60 }).map((chars) => chars.join('')),
  fc.string({ unit: 'binary', maxLength: 60 }),
);

/** `text` cut at the given positions. */
function chunks(text: string, cuts: readonly number[]): string[] {
  const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const out: string[] = [];
  let from = 0;
  for (const cut of at) {
    out.push(text.slice(from, cut));
    from = cut;
  }
  out.push(text.slice(from));
  return out;
}

describe('InertLog', () => {
  it.each([
    ['\n::error file=x::pwned', '\n:\\u003aerror file=x::pwned'],
    ['\r\n::add-mask::x', '\\u000d\n:\\u003aadd-mask::x'],
    ['\u2028::stop-commands::tok', '\\u2028::stop-commands::tok'],
    ['\u0085::x::', '\\u0085::x::'],
    ['  \t\u00a0::warning::w', '  \t\u00a0:\\u003awarning::w'],
    ['a ##[add-mask]b', 'a ##\\u005badd-mask]b'],
    ['###[x] ## [y] #[z]', '###\\u005bx] ## [y] #[z]'],
    ['Plan: 1 to assign\n  ~ a::b (1)\n', 'Plan: 1 to assign\n  ~ a::b (1)\n'],
    [': :x\n:x::\n', ': :x\n:x::\n'],
  ])('%j -> %j', (input, expected) => {
    expect(inertForActions(input)).toBe(expected);
  });

  it('leaves no line the runner would run, whatever the text', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        expect(commandsIn(inertForActions(text))).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });

  it('gives the same text however the writes are cut', () => {
    fc.assert(
      fc.property(hostileText, fc.array(fc.nat(), { maxLength: 6 }), (text, cuts) => {
        const log = createInertLog();
        const written = chunks(text, cuts)
          .map((chunk) => log.inert(chunk))
          .join('');
        expect(written).toBe(inertForActions(text));
        expect(log.atLineStart).toBe(text === '' || text.endsWith('\n'));
      }),
      { numRuns: 1000 },
    );
  });

  it('is idempotent, and changes nothing in text without a trigger', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const once = inertForActions(text);
        expect(inertForActions(once)).toBe(once);
        const plain = text.replace(/[:[\r\u0085\u2028\u2029]/g, '');
        expect(inertForActions(plain)).toBe(plain);
      }),
      { numRuns: 500 },
    );
  });

  it("lets workflowCommand's lines through, each on a line of its own, and only those", () => {
    fc.assert(
      fc.property(hostileText, hostileText, hostileText, (before, title, message) => {
        const log = createInertLog();
        const command = workflowCommand('warning', { file: title, title }, message);
        expect(isWorkflowCommandLine(command)).toBe(true);
        const written = log.inert(before) + log.command(command) + log.inert(before);
        const lines = commandsIn(written);
        expect(lines).toEqual([command]);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses to pass anything else as a command', () => {
    const log = createInertLog();
    for (const line of ['::add-mask::x', '::error::a\n::set-output name=b::c', ' ::error::x']) {
      expect(isWorkflowCommandLine(line)).toBe(false);
      expect(commandsIn(log.command(line as never))).toEqual([]);
    }
  });
});

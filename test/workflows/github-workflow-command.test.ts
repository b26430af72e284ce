import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  escapeData,
  escapeProperty,
  workflowCommand,
} from '../../src/render/github/workflow-command.js';

// The runner's side (actions/runner ActionCommand): each escape sequence back to its character.
const DATA_ESCAPES: Record<string, string> = { '%25': '%', '%0D': '\r', '%0A': '\n' };
const PROPERTY_ESCAPES: Record<string, string> = { ...DATA_ESCAPES, '%3A': ':', '%2C': ',' };
const unescape = (value: string, table: Record<string, string>): string =>
  value.replace(/%(?:25|0D|0A|3A|2C)/g, (seq) => table[seq] ?? seq);

describe('escapeData', () => {
  it.each([
    ['plain text', 'plain text'],
    ['100% done', '100%25 done'],
    ['line one\nline two', 'line one%0Aline two'],
    ['windows\r\nline', 'windows%0D%0Aline'],
    ['already %0A escaped', 'already %250A escaped'],
    ['a: b, c', 'a: b, c'],
    ['', ''],
  ])('%j -> %j', (input, expected) => {
    expect(escapeData(input)).toBe(expected);
  });
});

describe('escapeProperty', () => {
  it.each([
    ['territories.yaml', 'territories.yaml'],
    ['C:\\crm\\territories.yaml', 'C%3A\\crm\\territories.yaml'],
    ['a,b.yaml', 'a%2Cb.yaml'],
    ['50%:x', '50%25%3Ax'],
    ['two\nlines', 'two%0Alines'],
  ])('%j -> %j', (input, expected) => {
    expect(escapeProperty(input)).toBe(expected);
  });

  it('survives any text: one line, no separators, and the runner reads back the original', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        const escaped = escapeProperty(value);
        expect(escaped).not.toMatch(/[\r\n:,]/);
        expect(unescape(escaped, PROPERTY_ESCAPES)).toBe(value);
        expect(unescape(escapeData(value), DATA_ESCAPES)).toBe(value);
      }),
      { numRuns: 300 },
    );
  });
});

describe('workflowCommand', () => {
  it('joins escaped properties with commas and leaves undefined ones out', () => {
    expect(
      workflowCommand('error', { file: 'a,b.yaml', line: 3, col: undefined, title: 'X:Y' }, 'm'),
    ).toBe('::error file=a%2Cb.yaml,line=3,title=X%3AY::m');
  });

  it('has no property list when there are none', () => {
    expect(workflowCommand('notice', {}, 'hello')).toBe('::notice::hello');
  });

  it('cannot be made to emit a second command by a message', () => {
    const line = workflowCommand('warning', { title: 'T' }, 'x\n::set-env name=A::1\r\n%');
    expect(line.split(/\r?\n/)).toHaveLength(1);
    expect(line).toBe('::warning title=T::x%0A::set-env name=A::1%0D%0A%25');
  });
});

import { describe, expect, it } from 'vitest';
import { shouldUseColor } from '../../../src/render/color.js';

describe('shouldUseColor', () => {
  const cases: [string, Parameters<typeof shouldUseColor>[0], boolean][] = [
    ['a terminal', { isTTY: true, env: { TERM: 'xterm-256color' }, noColorFlag: false }, true],
    ['a pipe or file', { isTTY: false, env: {}, noColorFlag: false }, false],
    ['an unknown stream', { isTTY: undefined, env: {}, noColorFlag: false }, false],
    ['NO_COLOR=1', { isTTY: true, env: { NO_COLOR: '1' }, noColorFlag: false }, false],
    [
      'NO_COLOR=0 (any value counts)',
      { isTTY: true, env: { NO_COLOR: '0' }, noColorFlag: false },
      false,
    ],
    ['NO_COLOR empty (ignored)', { isTTY: true, env: { NO_COLOR: '' }, noColorFlag: false }, true],
    ['--no-color', { isTTY: true, env: {}, noColorFlag: true }, false],
    ['TERM=dumb', { isTTY: true, env: { TERM: 'dumb' }, noColorFlag: false }, false],
    ['GitHub Actions', { isTTY: true, env: { GITHUB_ACTIONS: 'true' }, noColorFlag: false }, false],
  ];
  it.each(cases)('on %s', (_name, input, expected) => {
    expect(shouldUseColor(input)).toBe(expected);
  });
});

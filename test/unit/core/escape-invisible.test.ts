import { describe, expect, it } from 'vitest';
import { escapeInvisible } from '../../../src/core/escape-invisible.js';

describe('escapeInvisible: what would act on a terminal or show as nothing is written as \\uXXXX', () => {
  it.each([
    ['ESC', 'a\u001b[31mb', 'a\\u001b[31mb'],
    ['carriage return', 'a\rb', 'a\\u000db'],
    ['a bidi override', 'a\u202eb', 'a\\u202eb'],
    ['a zero-width space (EMEA vs EMEA\u200b)', 'EMEA\u200b', 'EMEA\\u200b'],
    ['a zero-width joiner', 'a\u200db', 'a\\u200db'],
    ['a word joiner', 'a\u2060b', 'a\\u2060b'],
    ['a soft hyphen', 'a\u00adb', 'a\\u00adb'],
    ['a BOM', '\ufeffa', '\\ufeffa'],
  ])('%s', (_name, text, shown) => {
    expect(escapeInvisible(text)).toBe(shown);
  });

  it('leaves ordinary text, accents and other scripts alone, and keeps newlines when asked', () => {
    expect(escapeInvisible('Müller Maschinenbau GmbH — 東京')).toBe(
      'Müller Maschinenbau GmbH — 東京',
    );
    expect(escapeInvisible('a\nb', { keepNewlines: true })).toBe('a\nb');
  });
});

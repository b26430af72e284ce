import { describe, expect, it } from 'vitest';
import { Redactor } from '../../../src/zoho/redactor.js';

const SECRET = '1000.access-secret-42';

function redactor(): Redactor {
  const r = new Redactor();
  r.add(SECRET);
  r.add('short');
  return r;
}

describe('Redactor.scrubParsed', () => {
  it('redacts every string and key holding a secret, in place, at any depth', () => {
    const body = JSON.parse(
      JSON.stringify({
        data: [{ message: `echo ${SECRET}`, details: { [SECRET]: [SECRET, 1, null, true] } }],
        info: { more_records: false },
      }),
    ) as Record<string, unknown>;
    const { value, withinDepth } = redactor().scrubParsed(body, 64);

    expect(withinDepth).toBe(true);
    expect(value).toBe(body);
    expect(body).toEqual({
      data: [
        { message: 'echo [redacted]', details: { '[redacted]': ['[redacted]', 1, null, true] } },
      ],
      info: { more_records: false },
    });
  });

  it('redacts a top-level string and leaves other scalars alone', () => {
    expect(redactor().scrubParsed(`x${SECRET}x`, 64).value).toBe('x[redacted]x');
    expect(redactor().scrubParsed(7, 64).value).toBe(7);
    expect(redactor().scrubParsed(undefined, 64).value).toBeUndefined();
  });

  it('keeps a "__proto__" key a plain property (no prototype is set)', () => {
    const body = JSON.parse(`{"__proto__": {"polluted": "${SECRET}"}, "a": "${SECRET}"}`) as Record<
      string,
      unknown
    >;
    redactor().scrubParsed(body, 64);

    expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
    expect(Object.hasOwn(body, '__proto__')).toBe(true);
    expect(JSON.stringify(body)).toBe('{"__proto__":{"polluted":"[redacted]"},"a":"[redacted]"}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('ignores secrets shorter than 6 characters', () => {
    expect(redactor().redact('short and sweet')).toBe('short and sweet');
  });

  it('still redacts when given the text it was parsed from, however the secret was written', () => {
    // Plain, and spelt with JSON escapes: the text itself then does not contain the secret.
    const escaped = [...SECRET].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    for (const text of [
      `{"message": "echo ${SECRET}", "${SECRET}": 1}`,
      `{"message": "echo ${escaped.join('')}", "${escaped.join('')}": 1}`,
    ]) {
      const body = JSON.parse(text) as Record<string, unknown>;
      redactor().scrubParsed(body, 64, text);
      expect(JSON.stringify(body)).toBe('{"message":"echo [redacted]","[redacted]":1}');
    }
  });

  it('leaves an answer without a secret as it was, and still checks its depth', () => {
    const text = '{"data": [{"id": "1", "Territories": [{"id": "2", "name": "EMEA"}]}]}';
    const body = JSON.parse(text) as unknown;
    const scrubbed = redactor().scrubParsed(body, 64, text);
    expect(scrubbed).toEqual({ value: body, withinDepth: true });
    expect(body).toEqual(JSON.parse(text));
    const deep = `${'['.repeat(100)}${']'.repeat(100)}`;
    expect(redactor().scrubParsed(JSON.parse(deep), 64, deep).withinDepth).toBe(false);
    const nested = `{"a": ${'{"a": '.repeat(70)}1${'}'.repeat(70)}}`;
    expect(redactor().scrubParsed(JSON.parse(nested), 64, nested).withinDepth).toBe(false);
  });

  it('reports a value nested deeper than the limit, without recursing', () => {
    const depth = 200_000;
    const deep = JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`) as unknown;

    expect(redactor().scrubParsed(deep, 64).withinDepth).toBe(false);
    expect(redactor().scrubParsed([[[['x']]]], 4).withinDepth).toBe(true);
    expect(redactor().scrubParsed([[[[['x']]]]], 4).withinDepth).toBe(false);
  });
});

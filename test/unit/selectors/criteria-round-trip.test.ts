// The canonical COQL a read will send says exactly what the selector says: for any criteria
// within Zoho's limits, rendering and reading back gives the same tree, and the rendering is a
// fixed point (render(parse(render(x))) = render(x)).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMPARISON_OPERATORS } from '../../../src/selectors/criteria.js';
import type {
  CriteriaExpression,
  CriteriaValue,
  Criterion,
} from '../../../src/selectors/criteria.js';
import { MAX_IN_VALUES, MAX_SELECTOR_CRITERIA } from '../../../src/selectors/criteria-limits.js';
import { parseCriteria } from '../../../src/selectors/parse-criteria.js';
import { renderCriteria } from '../../../src/selectors/render-criteria.js';

const RUNS = { numRuns: 300, interruptAfterTimeLimit: 15_000 };

const KEYWORDS = new Set([
  'and',
  'or',
  'not',
  'in',
  'like',
  'between',
  'is',
  'null',
  'true',
  'false',
]);
const TERRITORY = new Set(['territories', 'territory']);

const segment = fc
  .tuple(
    fc.constantFrom(...'abcxyzABCXYZ'),
    fc.string({ unit: fc.constantFrom(...'abzAZ019_'), maxLength: 12 }),
  )
  .map(([head, tail]) => head + tail)
  .filter((name) => !KEYWORDS.has(name.toLowerCase()) && !TERRITORY.has(name.toLowerCase()));

const field = fc.array(segment, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('.'));

/** Text as a CRM holds it: quotes, backslashes, %, spaces, accents, emoji; no control characters. */
const text = fc
  .string({
    unit: fc.oneof(
      fc.constantFrom("'", '\\', '%', ' ', '(', ')', ',', 'and', 'é', '東', '🙂', '"'),
      fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }),
    ),
    maxLength: 12,
  })
  .filter(
    (value) => ![...value].some((char) => (char.codePointAt(0) ?? 0) < 0x20 || char === '\u007f'),
  );

const numberText = fc
  .tuple(
    fc.boolean(),
    fc.nat({ max: 10_000_000 }),
    fc.option(fc.nat({ max: 9999 }), { nil: undefined }),
  )
  .map(
    ([negative, whole, fraction]) =>
      `${negative ? '-' : ''}${whole}${fraction === undefined ? '' : `.${fraction}`}`,
  );

const textValue: fc.Arbitrary<CriteriaValue> = text.map((value) => ({ kind: 'text', value }));
const numberValue: fc.Arbitrary<CriteriaValue> = numberText.map((t) => ({
  kind: 'number',
  text: t,
}));
const booleanValue: fc.Arbitrary<CriteriaValue> = fc
  .boolean()
  .map((value) => ({ kind: 'boolean', value }));

const likePattern = fc
  .tuple(
    text.map((t) => t.replaceAll('%', '')).filter((t) => t.length > 0),
    fc.constantFrom('start', 'end', 'both'),
  )
  .map(([core, where]) =>
    where === 'start' ? `%${core}` : where === 'end' ? `${core}%` : `%${core}%`,
  );

const criterion: fc.Arbitrary<Criterion> = fc.oneof(
  fc.record({
    kind: fc.constant('compare' as const),
    field,
    operator: fc.constantFrom(...COMPARISON_OPERATORS),
    value: fc.oneof(textValue, numberValue),
  }),
  fc.record({
    kind: fc.constant('compare' as const),
    field,
    operator: fc.constantFrom('=' as const, '!=' as const),
    value: booleanValue,
  }),
  fc.record({
    kind: fc.constant('in' as const),
    field,
    negated: fc.boolean(),
    values: fc.oneof(
      fc.array(textValue, { minLength: 1, maxLength: MAX_IN_VALUES }),
      fc.array(numberValue, { minLength: 1, maxLength: MAX_IN_VALUES }),
    ),
  }),
  fc.record({
    kind: fc.constant('like' as const),
    field,
    negated: fc.boolean(),
    pattern: likePattern,
  }),
  fc.oneof(
    fc.record({ kind: fc.constant('between' as const), field, low: textValue, high: textValue }),
    fc.tuple(field, numberText, numberText).map(([name, a, b]): Criterion => {
      const [low, high] = Number(a) <= Number(b) ? [a, b] : [b, a];
      return {
        kind: 'between',
        field: name,
        low: { kind: 'number', text: low },
        high: { kind: 'number', text: high },
      };
    }),
  ),
  fc.record({ kind: fc.constant('null' as const), field, negated: fc.boolean() }),
);

/** Up to 24 criteria joined in pairs of any shape, by and or or. */
const expression: fc.Arbitrary<CriteriaExpression> = fc
  .tuple(
    fc.array(criterion, { minLength: 1, maxLength: MAX_SELECTOR_CRITERIA }),
    fc.array(fc.nat(), { minLength: MAX_SELECTOR_CRITERIA, maxLength: MAX_SELECTOR_CRITERIA }),
    fc.array(fc.boolean(), { minLength: MAX_SELECTOR_CRITERIA, maxLength: MAX_SELECTOR_CRITERIA }),
  )
  .map(([leaves, splits, ands]) => {
    let step = 0;
    const build = (items: readonly Criterion[]): CriteriaExpression => {
      if (items.length === 1) return items[0] as Criterion;
      const at = 1 + ((splits[step] ?? 0) % (items.length - 1));
      const kind = (ands[step] ?? true) ? 'and' : 'or';
      step += 1;
      return { kind, left: build(items.slice(0, at)), right: build(items.slice(at)) };
    };
    return build(leaves);
  });

describe('criteria, rendered and read back', () => {
  it('parse(render(x)) is x for any criteria within the limits', () => {
    fc.assert(
      fc.property(expression, (tree) => {
        const rendered = renderCriteria(tree);
        const read = parseCriteria(rendered);
        if (!read.ok) throw new Error(`${rendered}\n${JSON.stringify(read.problem)}`);
        expect(read.expression).toEqual(tree);
        expect(renderCriteria(read.expression)).toBe(rendered);
      }),
      RUNS,
    );
  });

  it('finds every field, in the order written, at the offset where it starts', () => {
    fc.assert(
      fc.property(expression, (tree) => {
        const rendered = renderCriteria(tree);
        const read = parseCriteria(rendered);
        if (!read.ok) throw new Error(JSON.stringify(read.problem));
        for (const { field: name, offset } of read.fields) {
          expect(rendered.slice(offset, offset + name.length)).toBe(name);
        }
        expect(read.fields.length).toBe(read.criteria);
      }),
      RUNS,
    );
  });
});

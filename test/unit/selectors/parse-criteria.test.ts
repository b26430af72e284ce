// A selector's `where`, read offline: what COQL accepts becomes one canonical query, and every
// mistake is refused where it was written (its offset in the expression, which the loader turns
// into file:line:col) with what to write instead.
import { describe, expect, it } from 'vitest';
import {
  MAX_CRITERIA_DEPTH,
  MAX_CRITERIA_LENGTH,
  MAX_IN_VALUES,
  MAX_SELECTOR_CRITERIA,
} from '../../../src/selectors/criteria-limits.js';
import type { CriteriaProblem } from '../../../src/selectors/criteria-problem.js';
import { parseCriteria } from '../../../src/selectors/parse-criteria.js';
import { afterIdCriteria, renderCriteria } from '../../../src/selectors/render-criteria.js';

function canonical(source: string): string {
  const result = parseCriteria(source);
  if (!result.ok) throw new Error(`${source}: ${JSON.stringify(result.problem)}`);
  return renderCriteria(result.expression);
}

function problemOf(source: string): CriteriaProblem {
  const result = parseCriteria(source);
  if (result.ok) throw new Error(`${source} parsed: ${renderCriteria(result.expression)}`);
  return result.problem;
}

/** `n` criteria joined by and. */
const criteria = (n: number) =>
  Array.from({ length: n }, (_, i) => `Field_${i} = ${i}`).join(' and ');

describe('criteria COQL accepts', () => {
  it.each([
    // The example: three countries and a size.
    [
      "Billing_Country in ('Germany','Austria','Switzerland') and Employees > 500",
      "(Billing_Country in ('Germany', 'Austria', 'Switzerland') and Employees > 500)",
    ],
    ["Industry = 'Retail'", "Industry = 'Retail'"],
    ['Employees != 0', 'Employees != 0'],
    ['Annual_Revenue >= 1000000.50', 'Annual_Revenue >= 1000000.50'],
    ['Rating <= -2', 'Rating <= -2'],
    ["Created_Time < '2024-01-01T00:00:00+00:00'", "Created_Time < '2024-01-01T00:00:00+00:00'"],
    ["Billing_Code not in ('A1', 'B2')", "Billing_Code not in ('A1', 'B2')"],
    ['Employees in (10, 20)', 'Employees in (10, 20)'],
    ["Account_Name like 'Acme%'", "Account_Name like 'Acme%'"],
    ["Account_Name not like '%GmbH'", "Account_Name not like '%GmbH'"],
    ["Website like '%shop%'", "Website like '%shop%'"],
    ['Employees between 50 and 500', 'Employees between 50 and 500'],
    [
      "Created_Time between '2024-01-01' and '2024-12-31'",
      "Created_Time between '2024-01-01' and '2024-12-31'",
    ],
    ['Parent_Account is null', 'Parent_Account is null'],
    ['Parent_Account is not null', 'Parent_Account is not null'],
    ['Key_Account = true', 'Key_Account = true'],
    ['Key_Account != FALSE', 'Key_Account != false'],
    // Keywords in any case, any spacing, line breaks from a folded YAML scalar.
    [
      "billing_country IN ( 'Germany' )\n  AND\temployees>500",
      "(billing_country in ('Germany') and employees > 500)",
    ],
    // A quote inside text is written twice; a backslash is an ordinary character (A33).
    ["Name = 'O''Brien & Sons'", "Name = 'O''Brien & Sons'"],
    ["Path = 'C:\\temp\\'", "Path = 'C:\\temp\\'"],
    ["Name = ''''", "Name = ''''"],
    ["Name = ''", "Name = ''"],
    ["Name = 'Zürich 東京 🙂'", "Name = 'Zürich 東京 🙂'"],
    // A lookup's field, through up to two lookups.
    ["Account_Name.Billing_Country = 'France'", "Account_Name.Billing_Country = 'France'"],
    [
      "Contact_Name.Account_Name.Industry = 'Retail'",
      "Contact_Name.Account_Name.Industry = 'Retail'",
    ],
    // One connective chains without parentheses; the pairs are made explicit.
    ['a = 1 and b = 2 and c = 3', '((a = 1 and b = 2) and c = 3)'],
    ['a = 1 or (b = 2 and c = 3)', '(a = 1 or (b = 2 and c = 3))'],
    ['(a = 1 or b = 2) and c = 3', '((a = 1 or b = 2) and c = 3)'],
    ['((a = 1))', 'a = 1'],
    // between's own "and" is not a connective.
    ['a between 1 and 2 and b = 3', '(a between 1 and 2 and b = 3)'],
  ])('%j reads as %j', (source, expected) => {
    expect(canonical(source)).toBe(expected);
    // The canonical form is a fixed point.
    expect(canonical(expected)).toBe(expected);
  });

  it('returns each field with where it was written, for the online check of the module', () => {
    const result = parseCriteria(
      "Billing_Country = 'DE' and (Employees > 5 or Account_Name.Industry is null)",
    );
    expect(result.ok && result.fields).toEqual([
      { field: 'Billing_Country', offset: 0 },
      { field: 'Employees', offset: 28 },
      { field: 'Account_Name.Industry', offset: 45 },
    ]);
    expect(result.ok && result.criteria).toBe(3);
  });

  it('takes as many criteria and in-values as a read can send, and the keyset read fits', () => {
    const most = parseCriteria(criteria(MAX_SELECTOR_CRITERIA));
    expect(most.ok && most.criteria).toBe(24);
    if (!most.ok) return;
    // The read adds `id > '<last id>'`: 25, Zoho's documented maximum, which it accepts.
    const page = renderCriteria(afterIdCriteria(most.expression, '554023000003635023'));
    expect(page.endsWith(" and id > '554023000003635023')")).toBe(true);
    const reread = parseCriteria(page, { maxCriteria: 25 });
    expect(reread.ok && reread.criteria).toBe(25);

    const values = Array.from({ length: MAX_IN_VALUES }, (_, i) => `'v${i}'`).join(', ');
    expect(parseCriteria(`Code in (${values})`).ok).toBe(true);
  });

  it('warns, without refusing, that a % inside a like pattern is the character itself', () => {
    const result = parseCriteria("Account_Name like '100% Org%' and Industry = 'x'");
    expect(result.ok && result.warnings).toEqual([
      expect.objectContaining({ reason: 'literal-percent', offset: 18, length: 11 }),
    ]);
    expect(result.ok && result.warnings[0]?.hint).toContain('two criteria with and');
    expect(parseCriteria("Account_Name like '%Org%'")).toMatchObject({ ok: true, warnings: [] });
  });

  it(`takes parentheses ${MAX_CRITERIA_DEPTH} deep`, () => {
    const deep = `${'('.repeat(MAX_CRITERIA_DEPTH)}a = 1${')'.repeat(MAX_CRITERIA_DEPTH)}`;
    expect(canonical(deep)).toBe('a = 1');
  });
});

describe('criteria refused, located and explained', () => {
  it.each<[string, string, CriteriaProblem['reason'], number, number, string, string]>([
    // [name, source, reason, offset, length, message includes, hint includes]
    ['nothing at all', '   ', 'empty', 0, 3, 'empty', 'delete the selector'],
    ['SQL not-equal', 'a <> 1', 'unknown-operator', 2, 2, "'<>'", 'write !='],
    ['double equals', 'a == 1', 'unknown-operator', 2, 2, "'=='", 'write ='],
    ['a lone bang', 'a ! 1', 'unknown-operator', 2, 1, "'!'", 'not in'],
    [
      'a word for an operator',
      "Name contains 'x'",
      'unknown-operator',
      5,
      8,
      "'contains'",
      "like '%text%'",
    ],
    ['not before a criterion', 'not a = 1', 'unknown-operator', 0, 3, 'no not', '!='],
    [
      'not between',
      'a not between 1 and 2',
      'unknown-operator',
      2,
      11,
      'not between',
      '(a < low or a > high)',
    ],
    ['not null without is', 'a not null', 'unknown-operator', 2, 8, 'not null', 'a is not null'],
    ['no operator at the end', 'Industry', 'unknown-operator', 8, 0, "after 'Industry'", '='],
    [
      'an unclosed parenthesis',
      '(a = 1 and (b = 2)',
      'unbalanced-parenthesis',
      0,
      1,
      'never closed',
      'Add the )',
    ],
    [
      'a parenthesis closing nothing',
      'a = 1) and b = 2',
      'unbalanced-parenthesis',
      5,
      1,
      'no opening one',
      'Delete it',
    ],
    [
      'an unclosed in list',
      "a in ('x', 'y'",
      'unbalanced-parenthesis',
      5,
      1,
      'never closed',
      'Add the )',
    ],
    [
      'an unterminated string',
      "Name = 'Acme and b = 2",
      'unterminated-string',
      7,
      15,
      'no closing quote',
      "'O''Brien'",
    ],
    [
      'a quote inside text written once',
      "Name = 'O'Brien'",
      'unexpected-token',
      10,
      5,
      "'Brien' stands where and, or",
      'and, or',
    ],
    [
      'a control character in text',
      "Name = 'a\u001bb'",
      'unsafe-character',
      9,
      1,
      '\\u001b',
      'one line',
    ],
    [
      'a bidi override in text',
      "Name = 'a\u202eb'",
      'unsafe-character',
      9,
      1,
      '\\u202e',
      'bidirectional',
    ],
    ['double-quoted text', 'Name = "Acme"', 'unexpected-character', 7, 1, `'"'`, 'single quotes'],
    ['&& for and', 'a = 1 && b = 2', 'unexpected-character', 6, 1, "'&'", 'and'],
    [
      'an empty in list',
      'Code in ( )',
      'empty-in-list',
      8,
      3,
      'in list is empty',
      'at least one value',
    ],
    [
      'an empty not in list',
      'Code not in ()',
      'empty-in-list',
      12,
      2,
      'not in list is empty',
      'at least one value',
    ],
    [
      'in without a list',
      "Code in 'A'",
      'unexpected-token',
      8,
      3,
      'list in parentheses',
      "Code in ('a', 'b')",
    ],
    [
      'in mixing kinds',
      "Code in ('A', 2)",
      'bad-value',
      14,
      1,
      'mixes text and numbers',
      'one kind',
    ],
    [
      'a value on the left',
      "'Germany' = Billing_Country",
      'expected-field',
      0,
      9,
      'A value stands where a field name should',
      'field first',
    ],
    [
      'a field compared with a field',
      'a = b',
      'expected-value',
      4,
      1,
      'not with another field',
      "'b'",
    ],
    ['= null', 'a = null', 'expected-value', 4, 4, 'null is not a value', 'is null'],
    [
      'a trailing and',
      'a = 1 and',
      'expected-field',
      9,
      0,
      'field name should follow',
      'trailing and',
    ],
    ['a missing value', 'a =', 'expected-value', 3, 0, 'value should follow', 'quoted text'],
    [
      'two criteria without a connective',
      'a = 1 b = 2',
      'unexpected-token',
      6,
      1,
      "'b' stands where and, or",
      'and, or',
    ],
    [
      'mixed connectives',
      'a = 1 and b = 2 or c = 3',
      'mixed-connectives',
      16,
      2,
      "'or' follows 'and'",
      '(A and B) or C',
    ],
    [
      'a territory field',
      "Territories = 'EMEA'",
      'territory-field',
      0,
      11,
      'territory field',
      'own fields',
    ],
    [
      "a lookup's territory field",
      'Account_Name.Territories is null',
      'territory-field',
      0,
      24,
      'territory field',
      'own fields',
    ],
    [
      'three lookups',
      'a.b.c.d = 1',
      'bad-field-name',
      0,
      7,
      'goes through 3 lookups; COQL follows at most 2',
      'two lookups',
    ],
    [
      'the word where',
      'where Employees > 1',
      'unknown-operator',
      0,
      5,
      "hold the word 'where'",
      'write Employees > 1',
    ],
    ['a dangling dot', 'Account_Name. = 1', 'bad-field-name', 0, 13, 'ends with a dot', 'one dot'],
    ['an exponent', 'a > 1e5', 'bad-number', 4, 3, "'1e5'", '500'],
    ['a number with two points', 'a > 1.2.3', 'bad-number', 4, 5, "'1.2.3'", 'decimal point'],
    ['a decimal without a leading digit', 'a > .5', 'unexpected-character', 4, 1, "'.'", '0.5'],
    [
      'like without a wildcard',
      "Name like 'Acme'",
      'bad-like-pattern',
      10,
      6,
      'none of these',
      'compare exactly with =',
    ],
    [
      'like with a % inside only',
      "Name like 'Ac%me'",
      'bad-like-pattern',
      10,
      7,
      'starts with, ends with or contains',
      'matched as itself',
    ],
    [
      'like matching anything',
      "Name like '%'",
      'bad-like-pattern',
      10,
      3,
      'none of these',
      'is not null',
    ],
    [
      'like of wildcards only',
      "Name like '%%%'",
      'bad-like-pattern',
      10,
      5,
      'none of these',
      'is not null',
    ],
    ['like with a number', 'Name like 5', 'bad-like-pattern', 10, 1, 'quoted text', "'Acme%'"],
    [
      'between without and',
      'a between 1 or 2',
      'bad-between',
      12,
      2,
      'joined by and',
      'between 100 and 500',
    ],
    [
      'between a number and a date',
      "a between 1 and '2024-01-01'",
      'bad-between',
      10,
      18,
      'not a mix',
      'between 100 and 500',
    ],
    [
      'between upside down',
      'a between 500 and 50',
      'bad-between',
      10,
      10,
      'lower bound comes first',
      'between 50 and 500',
    ],
    ['true with <', 'Key_Account < true', 'bad-value', 12, 6, "not '<'", 'Key_Account = true'],
    [
      'true in a list',
      'Key_Account in (true)',
      'bad-value',
      16,
      4,
      'cannot be listed',
      'Key_Account = true',
    ],
  ])('%s', (_name, source, reason, offset, length, message, hint) => {
    const problem = problemOf(source);
    expect(problem).toMatchObject({ reason, offset, length });
    expect(problem.message).toContain(message);
    expect(problem.hint).toContain(hint);
    // Every offset points into the expression (or at its end).
    expect(problem.offset + problem.length).toBeLessThanOrEqual(source.length);
  });

  it(`refuses criterion ${MAX_SELECTOR_CRITERIA + 1}, at that criterion, and says why 24`, () => {
    const source = criteria(MAX_SELECTOR_CRITERIA + 1);
    const problem = problemOf(source);
    const at = source.indexOf(`Field_${MAX_SELECTOR_CRITERIA} =`);
    expect(problem).toMatchObject({
      reason: 'too-many-criteria',
      offset: at,
      length: 'Field_24 = 24'.length,
    });
    expect(problem.message).toContain('at most 24');
    expect(problem.message).toContain('Zoho reads 25 per query');
    expect(problem.hint).toContain('split the selector');
  });

  it(`refuses in-value ${MAX_IN_VALUES + 1}, at that value`, () => {
    const values = Array.from({ length: MAX_IN_VALUES + 1 }, (_, i) => String(1000 + i));
    const source = `Code not in (${values.join(',')})`;
    const problem = problemOf(source);
    expect(problem).toMatchObject({
      reason: 'in-list-too-long',
      offset: source.indexOf(String(1000 + MAX_IN_VALUES)),
      length: 4,
    });
    expect(problem.message).toContain("more than 100 values, Zoho's limit");
    expect(problem.hint).toContain('and Code not in (the rest)');
  });

  it(`refuses parentheses ${MAX_CRITERIA_DEPTH + 1} deep at the first one too deep`, () => {
    const source = `${'('.repeat(MAX_CRITERIA_DEPTH + 1)}a = 1${')'.repeat(MAX_CRITERIA_DEPTH + 1)}`;
    expect(problemOf(source)).toMatchObject({
      reason: 'too-deep',
      offset: MAX_CRITERIA_DEPTH,
      length: 1,
    });
  });

  it('refuses criteria past the length cap before reading them', () => {
    // Unbalanced and unterminated too: the length is checked first, so nothing is scanned.
    const source = `'${'('.repeat(MAX_CRITERIA_LENGTH)}`;
    const problem = problemOf(source);
    expect(problem).toMatchObject({ reason: 'too-long', offset: MAX_CRITERIA_LENGTH, length: 1 });
    expect(problem.message).toContain('32,768');
    expect(problem.hint).toContain('`records:`');
  });

  it('stays bounded on hostile input just under the caps', () => {
    // Thousands of parentheses, operators or quotes each end at the first problem.
    for (const source of [
      '('.repeat(MAX_CRITERIA_LENGTH),
      ')'.repeat(MAX_CRITERIA_LENGTH),
      "'".repeat(MAX_CRITERIA_LENGTH),
      '\\'.repeat(MAX_CRITERIA_LENGTH),
      `a in (${'1,'.repeat(MAX_CRITERIA_LENGTH / 2 - 4)}1)`,
      'a = 1 and '.repeat(MAX_CRITERIA_LENGTH / 10),
    ]) {
      expect(parseCriteria(source).ok).toBe(false);
    }
  });

  it('shows what the user wrote without letting it act on a terminal', () => {
    const problem = problemOf('a \u001b[31m= 1');
    expect(problem.message).toContain('\\u001b');
    expect(problem.message).not.toContain('\u001b');
  });
});

// Criteria written back as COQL, in one canonical form: keywords in lower case, one space
// between tokens, and every pair of criteria in parentheses, the form Zoho documents for more
// than two criteria ("((A and B) and C)"). parseCriteria reads it back to the same tree
// (test/unit/selectors/criteria-round-trip.test.ts), so what a plan shows is what a read sends.
import type { CriteriaExpression, CriteriaValue } from './criteria.js';

export function renderCriteria(expression: CriteriaExpression): string {
  switch (expression.kind) {
    case 'and':
    case 'or':
      return `(${renderCriteria(expression.left)} ${expression.kind} ${renderCriteria(expression.right)})`;
    case 'compare':
      return `${expression.field} ${expression.operator} ${renderValue(expression.value)}`;
    case 'in':
      return `${expression.field} ${expression.negated ? 'not in' : 'in'} (${expression.values.map(renderValue).join(', ')})`;
    case 'like':
      return `${expression.field} ${expression.negated ? 'not like' : 'like'} ${quote(expression.pattern)}`;
    case 'between':
      return `${expression.field} between ${renderValue(expression.low)} and ${renderValue(expression.high)}`;
    case 'null':
      return `${expression.field} is ${expression.negated ? 'not null' : 'null'}`;
  }
}

export function renderValue(value: CriteriaValue): string {
  switch (value.kind) {
    case 'text':
      return quote(value.value);
    case 'number':
      return value.text;
    case 'boolean':
      return value.value ? 'true' : 'false';
  }
}

/** COQL text: a quote inside is written twice, every other character as itself (A33). */
function quote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * The criteria of one keyset page (docs/ASSUMPTIONS.md A25): the records they match past
 * `afterId`. The reads that use it are not written yet; it lives here so that the criterion it
 * adds is the one MAX_SELECTOR_CRITERIA leaves room for.
 */
export function afterIdCriteria(
  expression: CriteriaExpression,
  afterId: string,
): CriteriaExpression {
  return {
    kind: 'and',
    left: expression,
    right: { kind: 'compare', field: 'id', operator: '>', value: { kind: 'text', value: afterId } },
  };
}

// The criteria of a selector (docs/SELECTORS.md): a COQL `where` expression as plain data. One
// shape for the parser, the renderer and, later, the emulator-independent checks of a plan, so a
// criteria string is read once and written back (for the COQL reads) in one canonical form.
//
// No positions in the tree: two criteria that say the same thing are equal whatever their
// spacing or case, which is what the round-trip property (parse(render(x)) = x) asserts. Where
// each field was written is returned beside the tree (`FieldReference`), for the checks that
// need it (a field the module does not have, once online).

/** A value as COQL writes it. A number keeps its text: ids and amounts are never rounded. */
export type CriteriaValue =
  | { readonly kind: 'text'; readonly value: string }
  | { readonly kind: 'number'; readonly text: string }
  | { readonly kind: 'boolean'; readonly value: boolean };

export const COMPARISON_OPERATORS = ['=', '!=', '<', '<=', '>', '>='] as const;
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];

/** One criterion: Zoho's limit of criteria per query counts these. */
export type Criterion =
  | {
      readonly kind: 'compare';
      readonly field: string;
      readonly operator: ComparisonOperator;
      readonly value: CriteriaValue;
    }
  | {
      readonly kind: 'in';
      readonly field: string;
      readonly negated: boolean;
      readonly values: readonly CriteriaValue[];
    }
  | {
      readonly kind: 'like';
      readonly field: string;
      readonly negated: boolean;
      /** With its `%` wildcards, as written between the quotes (a doubled quote read as one). */
      readonly pattern: string;
    }
  | {
      readonly kind: 'between';
      readonly field: string;
      readonly low: CriteriaValue;
      readonly high: CriteriaValue;
    }
  | { readonly kind: 'null'; readonly field: string; readonly negated: boolean };

/**
 * Criteria joined in pairs, as Zoho asks ("((A and B) and C)"): `A and B and C` written
 * without parentheses is read as `(A and B) and C`, since the order of one connective does not
 * change what matches.
 */
export type CriteriaExpression =
  | Criterion
  | {
      readonly kind: 'and' | 'or';
      readonly left: CriteriaExpression;
      readonly right: CriteriaExpression;
    };

/** A field named in the criteria and where: `offset` counts UTF-16 units from the start. */
export interface FieldReference {
  readonly field: string;
  readonly offset: number;
}

export function isCriterion(expression: CriteriaExpression): expression is Criterion {
  return expression.kind !== 'and' && expression.kind !== 'or';
}

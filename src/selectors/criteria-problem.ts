// Why criteria were refused, and where: `offset` and `length` count UTF-16 units of the
// expression itself. The desired-file loader turns them into file:line:col by adding where the
// YAML scalar's text starts (docs/SELECTORS.md, "Locating a problem in the criteria").

export type CriteriaProblemReason =
  | 'empty'
  | 'too-long'
  | 'too-deep'
  | 'too-many-criteria'
  | 'unknown-operator'
  | 'unbalanced-parenthesis'
  | 'unterminated-string'
  | 'unsafe-character'
  | 'unexpected-character'
  | 'unexpected-token'
  | 'expected-field'
  | 'expected-value'
  | 'bad-field-name'
  | 'territory-field'
  | 'bad-number'
  | 'bad-value'
  | 'empty-in-list'
  | 'in-list-too-long'
  | 'bad-like-pattern'
  | 'bad-between'
  | 'mixed-connectives'
  /** A warning: Zoho reads a % inside a like pattern as the character itself (A33). */
  | 'literal-percent';

export interface CriteriaProblem {
  readonly reason: CriteriaProblemReason;
  /** Where the problem starts in the expression (0-based, UTF-16 units). */
  readonly offset: number;
  /** How many units it spans; 0 at the end of the expression. */
  readonly length: number;
  /** What is wrong, quoting the expression with invisible characters escaped. */
  readonly message: string;
  /** What to write instead. */
  readonly hint: string;
}

/** Thrown inside the parser only; `parseCriteria` returns it as a value. */
export class CriteriaError extends Error {
  constructor(readonly problem: CriteriaProblem) {
    super(problem.message);
  }
}

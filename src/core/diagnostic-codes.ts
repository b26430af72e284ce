// Every stable code a Diagnostic may carry, in one place. Users' CI filters, the CLI's end-to-end
// tests and the docs key on these strings, so they never change once released. Diagnostic.code
// (model.ts) is typed by them: a misspelt code, made or compared, fails the typecheck.

/** What the desired-state loader (src/desired) finds in the files, before the CRM is read. */
export const DESIRED_DIAGNOSTIC = {
  fileNotFound: 'FILE_NOT_FOUND',
  fileUnreadable: 'FILE_UNREADABLE',
  fileTooLarge: 'FILE_TOO_LARGE',
  notUtf8: 'NOT_UTF8',
  controlCharacter: 'CONTROL_CHARACTER',
  emptyFile: 'EMPTY_FILE',
  yamlSyntax: 'YAML_SYNTAX',
  yamlWarning: 'YAML_WARNING',
  yamlAlias: 'YAML_ALIAS',
  yamlTag: 'YAML_TAG',
  nestingTooDeep: 'NESTING_TOO_DEEP',
  textTooLong: 'TEXT_TOO_LONG',
  duplicateKey: 'DUPLICATE_KEY',
  schemaType: 'SCHEMA_TYPE',
  unknownKey: 'UNKNOWN_KEY',
  unknownModule: 'UNKNOWN_MODULE',
  missingKey: 'MISSING_KEY',
  missingVersion: 'MISSING_VERSION',
  unsupportedVersion: 'UNSUPPORTED_VERSION',
  emptyTerritories: 'EMPTY_TERRITORIES',
  emptyReference: 'EMPTY_REFERENCE',
  badRecordId: 'BAD_RECORD_ID',
  badTerritoryId: 'BAD_TERRITORY_ID',
  badTerritoryPath: 'BAD_TERRITORY_PATH',
  badAlias: 'BAD_ALIAS',
  duplicateAlias: 'DUPLICATE_ALIAS',
  unusedAlias: 'UNUSED_ALIAS',
  moduleNotEnabled: 'MODULE_NOT_ENABLED',
  tooManyTerritories: 'TOO_MANY_TERRITORIES',
  dealSingleTerritory: 'DEAL_SINGLE_TERRITORY',
  duplicateTerritory: 'DUPLICATE_TERRITORY',
  duplicateRecord: 'DUPLICATE_RECORD',
  /**
   * Selectors (docs/SELECTORS.md §1, §2): a name outside the inert set, a name repeated in a
   * module, an excluded id written twice (a warning), criteria the parser refuses, and the
   * warning for a % inside a like pattern (A33).
   */
  badSelectorName: 'BAD_SELECTOR_NAME',
  duplicateSelector: 'DUPLICATE_SELECTOR',
  duplicateExclusion: 'DUPLICATE_EXCLUSION',
  badCriteria: 'BAD_CRITERIA',
  criteriaLiteralPercent: 'CRITERIA_LITERAL_PERCENT',
} as const;

/**
 * What the planner finds once the catalogue and the records are read. DUPLICATE_TERRITORY,
 * DUPLICATE_RECORD and TOO_MANY_TERRITORIES are spelt as the loader's: the same mistake reads the
 * same whichever layer catches it.
 */
export const PLAN_DIAGNOSTIC = {
  unknownTerritory: 'UNKNOWN_TERRITORY',
  ambiguousTerritory: 'AMBIGUOUS_TERRITORY',
  duplicateTerritory: 'DUPLICATE_TERRITORY',
  duplicateRecord: 'DUPLICATE_RECORD',
  recordNotFound: 'RECORD_NOT_FOUND',
  tooManyTerritories: 'TOO_MANY_TERRITORIES',
  keptByRules: 'KEPT_BY_RULES',
  /** Raised by the plan view (src/render/view-model) from the credits the run read. */
  apiCreditsLow: 'API_CREDITS_LOW',
  /**
   * Selectors (docs/SELECTORS.md): the ledger of what selectors gave could not be read, so this
   * plan only adds (§4); an `exclude` id the selector does not match now (§1).
   */
  ledgerMissing: 'SELECTOR_LEDGER_MISSING',
  staleExclusion: 'STALE_EXCLUSION',
  /** Ledger gifts of territories the catalogue no longer has (deleted in Zoho): forgotten. */
  ledgerUnknownTerritory: 'LEDGER_UNKNOWN_TERRITORY',
  /**
   * Selectors' criteria against the module's field metadata (docs/SELECTORS.md §2 "Online"): a
   * field the module does not have (or a lookup path through a field that is no lookup), a
   * value or operator that does not suit the field's type or a multi-line field (errors), and a
   * picklist value the picklist does not list (a warning: a record may still hold a value
   * since removed from the picklist, and whether Zoho compares it ignoring case is open, §9).
   */
  unknownField: 'UNKNOWN_FIELD',
  fieldTypeMismatch: 'FIELD_TYPE_MISMATCH',
  unknownPicklistValue: 'UNKNOWN_PICKLIST_VALUE',
} as const;

export type DesiredDiagnosticCode = (typeof DESIRED_DIAGNOSTIC)[keyof typeof DESIRED_DIAGNOSTIC];
export type PlanDiagnosticCode = (typeof PLAN_DIAGNOSTIC)[keyof typeof PLAN_DIAGNOSTIC];
export type DiagnosticCode = DesiredDiagnosticCode | PlanDiagnosticCode;

// Stable codes of the Diagnostics the desired-state loader emits. Users' CI filters, the CLI's
// end-to-end tests and the docs key on these strings, so they never change once released.
// DUPLICATE_TERRITORY, DUPLICATE_RECORD and TOO_MANY_TERRITORIES share their spelling with the
// planner's codes: the same mistake reads the same whichever layer catches it.
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
} as const;

export type DesiredDiagnosticCode = (typeof DESIRED_DIAGNOSTIC)[keyof typeof DESIRED_DIAGNOSTIC];

// Stable codes of the Diagnostics the planner emits. Renderers, tests and users' CI filters key
// on these strings, so they never change once released.
export const PLAN_DIAGNOSTIC = {
  unknownTerritory: 'UNKNOWN_TERRITORY',
  ambiguousTerritory: 'AMBIGUOUS_TERRITORY',
  duplicateTerritory: 'DUPLICATE_TERRITORY',
  duplicateRecord: 'DUPLICATE_RECORD',
  recordNotFound: 'RECORD_NOT_FOUND',
  tooManyTerritories: 'TOO_MANY_TERRITORIES',
  keptByRules: 'KEPT_BY_RULES',
} as const;

export type PlanDiagnosticCode = (typeof PLAN_DIAGNOSTIC)[keyof typeof PLAN_DIAGNOSTIC];

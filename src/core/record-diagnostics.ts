// The Diagnostics about whole records the planner raises after reading the CRM: a record that
// does not exist, one that would exceed Zoho's territory limit, one listed twice, and the
// warning for territories that rules assigned and the API cannot take away.
import { copyLocation, describeRecord, joinWords, quoteAll } from './describe.js';
import { PLAN_DIAGNOSTIC } from './diagnostic-codes.js';
import type { DesiredRecord, Diagnostic, TerritoryBrief } from './model.js';

export function recordNotFound(record: DesiredRecord): Diagnostic {
  return {
    code: PLAN_DIAGNOSTIC.recordNotFound,
    severity: 'error',
    message: `${describeRecord(record, record.note)} does not exist in the CRM.`,
    hint: 'Check the record id (it may have been deleted or merged), or remove it from the file.',
    location: copyLocation(record.location),
    record: { module: record.module, id: record.id },
  };
}

export function duplicateRecord(record: DesiredRecord, first: DesiredRecord): Diagnostic {
  return {
    code: PLAN_DIAGNOSTIC.duplicateRecord,
    severity: 'error',
    message: `${describeRecord(record, record.note)} is listed more than once.`,
    hint: 'Keep a single entry for each record.',
    location: copyLocation(record.location),
    related: [copyLocation(first.location)],
    record: { module: record.module, id: record.id },
  };
}

export function keptByRulesWarning(
  record: DesiredRecord,
  name: string | undefined,
  kept: readonly TerritoryBrief[],
): Diagnostic {
  const names = joinWords(quoteAll(kept.map((territory) => territory.name)));
  const [verb, pronoun] = kept.length === 1 ? ['is', 'it'] : ['are', 'them'];
  return {
    code: PLAN_DIAGNOSTIC.keptByRules,
    severity: 'warning',
    message:
      `${describeRecord(record, name ?? record.note)}: ${names} ${verb} assigned by territory rules; ` +
      `the API cannot remove ${pronoun}; list ${pronoun} to silence this.`,
    hint: `Add ${names} to the record's list, or change the territory rules in Zoho CRM.`,
    location: copyLocation(record.location),
    record: { module: record.module, id: record.id },
  };
}

export function tooManyTerritories(
  record: DesiredRecord,
  name: string | undefined,
  limit: number,
  resultingCount: number,
  keptByRules: readonly TerritoryBrief[],
): Diagnostic {
  const unit = limit === 1 ? 'territory' : 'territories';
  const fromRules =
    keptByRules.length === 0
      ? ''
      : `, counting ${joinWords(quoteAll(keptByRules.map((territory) => territory.name)))} ` +
        `assigned by territory rules`;
  return {
    code: PLAN_DIAGNOSTIC.tooManyTerritories,
    severity: 'error',
    message:
      `${describeRecord(record, name ?? record.note)} would carry ${resultingCount} territories` +
      `${fromRules}; Zoho allows at most ${limit} ${unit} on ${record.module}.`,
    hint:
      keptByRules.length === 0
        ? `List at most ${limit} ${unit}.`
        : `Rule-assigned territories cannot be removed through the API: list fewer territories, ` +
          `or change the territory rules in Zoho CRM.`,
    location: copyLocation(record.location),
    record: { module: record.module, id: record.id },
  };
}

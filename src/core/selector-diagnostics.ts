// The Diagnostics selectors raise once their matches are read (docs/SELECTORS.md §1, §3, §4):
// a record whose union passes Zoho's limit, an exclusion that excludes nothing, a lost ledger.
import { copyLocation, describeRecord, joinWords, quoteAll } from './describe.js';
import { PLAN_DIAGNOSTIC } from './diagnostic-codes.js';
import type { Diagnostic, RecordKey, SourceLocation, Territory } from './model.js';
import { compareNamed } from './ordering.js';

interface NamedSelector {
  readonly module: RecordKey['module'];
  readonly name: string;
  readonly location: SourceLocation;
  readonly territories: readonly Territory[];
}

export interface SelectorLimitFacts {
  readonly record: RecordKey;
  readonly name?: string;
  readonly limit: number;
  /** What the record would carry: D ∪ R ∪ (M − removable). */
  readonly count: number;
  /** Every selector that gives the record a territory, in file order. */
  readonly selectors: readonly NamedSelector[];
  readonly desired: readonly { readonly territory: Territory }[];
  /** Manual territories no selector gave (never removed, SELECTORS §3.6), by name. */
  readonly others: readonly string[];
  /** Rule-assigned territories (never removed), by name. */
  readonly rules: readonly string[];
}

/** SELECTORS §3.3: spelt TOO_MANY_TERRITORIES, as the loader's and the planner's limit errors. */
export function selectorLimit(facts: SelectorLimitFacts): Diagnostic {
  const { record, limit, selectors } = facts;
  const unit = limit === 1 ? 'territory' : 'territories';
  const desiredIds = new Set(facts.desired.map((desired) => desired.territory.id));
  const gives = selectors.map((selector) => {
    const names = selector.territories
      .filter((territory) => desiredIds.has(territory.id))
      .sort(compareNamed)
      .map((territory) => territory.name);
    return `selector ${selector.name} (${where(selector.location)}) gives ${joinWords(quoteAll(names))}`;
  });
  const held = [
    ...(facts.others.length === 0
      ? []
      : [`${joinWords(quoteAll(facts.others))} given by someone else`]),
    ...(facts.rules.length === 0
      ? []
      : [`${joinWords(quoteAll(facts.rules))} assigned by territory rules`]),
  ];
  const [first, ...rest] = selectors;
  const deal = limit === 1;
  return {
    code: PLAN_DIAGNOSTIC.tooManyTerritories,
    severity: 'error',
    message:
      `${describeRecord(record, facts.name)} would carry ${facts.count} territories; Zoho allows ` +
      `at most ${limit} ${unit} on ${record.module}: ${gives.join('; ')}` +
      `${held.length === 0 ? '' : `; it keeps ${joinWords(held)}`}.`,
    hint: deal
      ? 'A Deal carries one territory: add its id to the `exclude` list of all but one of these ' +
        'selectors, or list the Deal under `records:` to choose its territory.'
      : `Add the record's id to the \`exclude\` list of one of these selectors, narrow their ` +
        `criteria, or list the record under \`records:\` with at most ${limit} ${unit}.`,
    ...(first === undefined ? {} : { location: copyLocation(first.location) }),
    ...(rest.length === 0
      ? {}
      : { related: rest.map((selector) => copyLocation(selector.location)) }),
    record: { module: record.module, id: record.id },
  };
}

export function staleExclusion(
  selector: NamedSelector,
  exclusion: { readonly id: string; readonly location: SourceLocation },
): Diagnostic {
  return {
    code: PLAN_DIAGNOSTIC.staleExclusion,
    severity: 'warning',
    message:
      `Selector ${selector.name} excludes ${selector.module} ${exclusion.id}, which its ` +
      `criteria do not match now.`,
    hint: 'Remove the id from `exclude` unless the record may match again.',
    location: copyLocation(exclusion.location),
    related: [copyLocation(selector.location)],
    record: { module: selector.module, id: exclusion.id },
  };
}

/** `shownAs`: where the ledger was looked for, as the user would write the path. */
export function ledgerMissing(shownAs?: string): Diagnostic {
  return {
    code: PLAN_DIAGNOSTIC.ledgerMissing,
    severity: 'warning',
    message:
      `No selector ledger was found${shownAs === undefined ? '' : ` (at ${shownAs})`}, so this ` +
      'plan only adds: no territory a selector gave earlier is removed, since nothing records ' +
      'which ones they were.',
    hint:
      'On the first plan with selectors there is nothing to do: the apply writes the ledger. ' +
      'Otherwise restore it before applying removals (in GitHub Actions the workflows fetch it ' +
      'from the territory-sync-ledger branch; locally: git show ' +
      'origin/territory-sync-ledger:ledger.json > .territory-sync/ledger.json).',
  };
}

/** Ledger gifts of territories the CRM no longer has: said once, with how many (§4). */
export function ledgerUnknownTerritories(territories: number, records: number): Diagnostic {
  return {
    code: PLAN_DIAGNOSTIC.ledgerUnknownTerritory,
    severity: 'warning',
    message:
      `The selectors' ledger names ${territories === 1 ? '1 territory' : `${territories} territories`} ` +
      `the CRM no longer has (deleted in Zoho?), given to ${records === 1 ? '1 record' : `${records} records`}: ` +
      'the ledger forgets them at the next apply.',
    hint: 'Nothing to do if the territories were deleted on purpose; otherwise restore them in Zoho before applying.',
  };
}

function where(location: SourceLocation): string {
  return `${location.file}:${location.line}`;
}

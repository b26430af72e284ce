// The records a selector's criteria match (docs/SELECTORS.md §6): COQL keyset pages of
// MAX_COQL_LIMIT ids, `select id from M where <criteria> order by id asc limit 2000`, then the
// same with `id > '<last id>'` and-ed on, until Zoho says no more follow. A keyset has no offset,
// so a selector matching more than 100,000 records reads the same way (A25).
//
// A match this read misses is a record that "stopped matching" and loses what the selector gave
// it, so every page is checked as the listing's keyset checks it (coql-ids.ts `idPage`) and the
// read either returns every match or throws.
import { MAX_COQL_LIMIT, SCOPES, TERRITORY_MODULES } from '../constants/zoho.js';
import { escapeInvisible } from '../core/escape-invisible.js';
import type { ModuleName } from '../core/model.js';
import { TerritorySyncError } from '../errors.js';
import { parseCriteria } from '../selectors/parse-criteria.js';
import { afterIdCriteria, renderCriteria } from '../selectors/render-criteria.js';
import type { CriteriaExpression } from '../selectors/criteria.js';
import type { ApiCall, ApiResponse } from './api-call.js';
import { isSuccess } from './api-call.js';
import { incompleteRead } from './call-errors.js';
import { clippedText } from './response-limits.js';
import { COQL_PATH, idPage, idPageCall } from './coql-ids.js';
import type { Transport } from './transport.js';
import { ZohoApiError } from './zoho-api-error.js';
import { readStatus } from './zoho-envelope.js';
import type { ZohoStatus } from './zoho-envelope.js';

/** Called with each page's ids (ascending, never empty) as it arrives. */
export type OnMatches = (ids: readonly string[]) => void;

/** Characters of the criteria an error quotes: enough to recognise them, never a whole file. */
const SHOWN_CRITERIA_CHARS = 300;
/** Characters kept of each word Zoho's refusal says about the query (a column, a reason). */
const SHOWN_DETAIL_CHARS = 100;

/**
 * Every id `criteria` match in `module`, ascending. `criteria` must be the canonical rendering
 * (DesiredSelector.criteria): it is interpolated into the query, so anything else is refused
 * as a programming error before a call is made.
 */
export async function readSelectorMatches(
  transport: Transport,
  module: ModuleName,
  criteria: string,
  maxPages: number,
  onPage?: OnMatches,
): Promise<readonly string[]> {
  const expression = canonicalCriteria(module, criteria);
  const matches: string[] = [];
  let after: string | undefined;
  for (let pages = 0; pages < maxPages; pages += 1) {
    const where =
      after === undefined ? criteria : renderCriteria(afterIdCriteria(expression, after));
    const call = idPageCall(module, where);
    const response = await transport.send(call);
    if (!isSuccess(response)) throw refusal(transport, call, response, module, criteria);
    const { ids, more } = idPage(transport, call, response, after);
    if (ids.length > 0) {
      matches.push(...ids);
      onPage?.(ids);
    }
    const last = ids.at(-1);
    if (!more || last === undefined) return matches;
    after = last;
  }
  throw incompleteRead({
    method: 'POST',
    path: COQL_PATH,
    what: `${module} matching ${shownCriteria(criteria)}`,
    read: matches.length,
    pages: maxPages,
    pageName: 'COQL pages',
    pageSize: `${MAX_COQL_LIMIT.toLocaleString('en-US')} ids`,
    consequence: `the matches stopped past record ${after ?? '(none)'}, and a selector's matches are never used in part`,
  });
}

/** The parsed criteria, once they are known to be exactly what renderCriteria writes. */
function canonicalCriteria(module: ModuleName, criteria: string): CriteriaExpression {
  // Both are interpolated into the query: the module must be one the tool names, the criteria
  // the canonical form the loader stores, whatever the type system was told.
  if (!(TERRITORY_MODULES as readonly string[]).includes(module)) {
    throw new TerritorySyncError(
      'INTERNAL',
      `A selector read was asked for module "${clippedText(escapeInvisible(String(module)), SHOWN_DETAIL_CHARS)}", not one territory-sync manages.`,
    );
  }
  const parsed = parseCriteria(criteria);
  if (!parsed.ok || renderCriteria(parsed.expression) !== criteria) {
    throw new TerritorySyncError(
      'INTERNAL',
      `A selector read of ${module} was given criteria not in canonical form (src/selectors/render-criteria.ts): ` +
        `${shownCriteria(criteria)}. Only criteria parsed and rendered by the desired loader are sent to Zoho.`,
    );
  }
  return parsed.expression;
}

function shownCriteria(criteria: string): string {
  return `\`where ${clippedText(escapeInvisible(criteria), SHOWN_CRITERIA_CHARS)}\``;
}

/** Zoho's words about the query, as a message may quote them: escaped, clipped, strings and numbers only. */
function shownDetail(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  return clippedText(escapeInvisible(value), SHOWN_DETAIL_CHARS);
}

/** The details Zoho documents for a refused query (A23, A33, A34); anything else is not kept. */
const QUERY_DETAILS = [
  'column_name',
  'reason',
  'operator',
  'value',
  'near',
  'limit',
  'clause',
] as const;
type QueryDetail = (typeof QUERY_DETAILS)[number];

function queryDetails(status: ZohoStatus): Partial<Record<QueryDetail, string>> {
  const kept: Partial<Record<QueryDetail, string>> = {};
  for (const key of QUERY_DETAILS) {
    const shown = shownDetail(status.details[key]);
    if (shown !== undefined) kept[key] = shown;
  }
  return kept;
}

/**
 * A COQL answer other than rows: Zoho's refusals of the criteria (INVALID_QUERY, SYNTAX_ERROR,
 * LIMIT_EXCEEDED on the where) and a token without the COQL scope become errors naming the
 * module, the criteria, what Zoho objected to and what to change; the caller prefixes the
 * selector (its name and place), and finds the criteria in `details.criteria`. Anything else is
 * the transport's error for an unusable answer.
 */
function refusal(
  transport: Transport,
  call: ApiCall,
  response: ApiResponse,
  module: ModuleName,
  criteria: string,
): ZohoApiError {
  const status = readStatus(response.body);
  if (status === undefined) return transport.fail(call, response);
  const info = {
    zohoCode: status.rawCode,
    httpStatus: response.status,
    method: call.method,
    path: call.path,
  };
  const shown = shownCriteria(criteria);
  if (status.code === 'OAUTH_SCOPE_MISMATCH') {
    return new ZohoApiError(
      'AUTH',
      `Reading which ${module} match ${shown} takes COQL, and Zoho answered ` +
        `${response.status} OAUTH_SCOPE_MISMATCH: the token lacks ${SCOPES.coqlRead}. Create the ` +
        `refresh token again with ${SCOPES.coqlRead} among its scopes.`,
      { ...info, details: { scope: SCOPES.coqlRead, module, criteria } },
    );
  }
  const details = queryDetails(status);
  const advice = queryAdvice(status, details, module);
  if (advice === undefined) return transport.fail(call, response);
  const said = clippedText(escapeInvisible(status.message), SHOWN_DETAIL_CHARS);
  const listed = Object.entries(details)
    .map(([key, value]) => `${key}: ${value}`)
    .join(', ');
  const why = [said, listed].filter((part) => part !== '').join('; ');
  return new ZohoApiError(
    'INVALID_INPUT',
    `Zoho refused the criteria for ${module} ${shown}: ${status.code}` +
      `${why === '' ? '' : ` (${why})`}. ${advice}`,
    { ...info, details: { ...details, module, criteria } },
  );
}

/** What to change for a refusal of the criteria; undefined when the refusal is not about them. */
function queryAdvice(
  status: ZohoStatus,
  details: Partial<Record<QueryDetail, string>>,
  module: ModuleName,
): string | undefined {
  const column = details.column_name;
  switch (status.code) {
    case 'INVALID_QUERY':
      if (column !== undefined && details.reason?.toLowerCase().includes('column') === true) {
        return (
          `${module} has no field "${column}" COQL can filter on: write the field's API name ` +
          `(Setup > Developer Hub > APIs and SDKs > API Names) in the selector's \`where\`.`
        );
      }
      if (column !== undefined && details.operator !== undefined) {
        const value = details.value === undefined ? '' : ` or the value ${details.value}`;
        return (
          `The operator ${details.operator}${value} does not suit the type of ${column}: fix the ` +
          `selector's \`where\` (docs/SELECTORS.md §2 lists the operators; a number field takes ` +
          `numbers, a date YYYY-MM-DD).`
        );
      }
      return (
        "Fix the selector's `where`: each field must be an API name of the module, each " +
        "operator must suit the field's type and each value must fit it."
      );
    case 'SYNTAX_ERROR':
      return (
        "Rewrite the selector's `where` as docs/SELECTORS.md §2 writes criteria. territory-sync " +
        'read these criteria as valid, so Zoho reads COQL differently here: report the `where` ' +
        'with this message.'
      );
    case 'LIMIT_EXCEEDED':
      // The tool's own clauses (limit, offset) are not the criteria's: those stay Zoho's error.
      if (details.clause !== undefined && details.clause !== 'where') return undefined;
      return (
        "Shorten the selector's `where`: at most 24 criteria (Zoho's 25 less the one the " +
        'read adds) and 100 values in one `in`; criteria joined by `or` can be split between ' +
        'selectors giving the same territories.'
      );
    default:
      return undefined;
  }
}

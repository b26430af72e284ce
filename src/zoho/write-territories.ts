// POST /crm/v7/{module}/actions/{assign|remove}_territories, at most 10 records a call.
// Per-record results come from data[] whatever the HTTP status (202, 207, 400, even 401/403
// when Zoho wraps NO_PERMISSION per record); only a bare envelope is a request-level error.
//
// Retries: Zoho's 429 and a refused connection mean nothing was applied. A 5xx or a reset
// after the body was sent may or may not have scheduled the jobs; the transport retries
// anyway, because a repeat is harmless here: the executor reads DUPLICATE_DATA on an assign,
// INVALID_DATA on a removal that already happened, and ALREADY_SCHEDULED as converged or
// pending, and verifies every record at the end. LIMIT_EXCEEDED on a record (assign past the
// record's limit, remove more than it can hold: A31) is that record's failure, never resent.
import { API_VERSION, MAX_RECORDS_PER_WRITE, UNKNOWN_ZOHO_CODE } from '../constants/zoho.js';
import type { ZohoAnswerCode } from '../constants/zoho.js';
import type { ModuleName, WriteAction } from '../core/model.js';
import type { ApiCall } from './api-call.js';
import { territoryLimitMessage } from './call-errors.js';
import { chunk } from './chunk.js';
import { MAX_UNKNOWN_CODE_CHARS, clippedText } from './response-limits.js';
import type { WriteEntryResult } from './client-types.js';
import { updateScope } from './scopes.js';
import type { Transport } from './transport.js';
import { isObject } from '../core/is-object.js';
import { optionalString, readDataArray, readZohoCode } from './zoho-envelope.js';
import type { JsonObject } from './zoho-envelope.js';

export interface WriteEntry {
  readonly id: string;
  readonly territoryIds: readonly string[];
}

export async function writeTerritories(
  transport: Transport,
  module: ModuleName,
  action: WriteAction,
  entries: readonly WriteEntry[],
): Promise<WriteEntryResult[]> {
  const batches = chunk(entries, MAX_RECORDS_PER_WRITE);
  const results = await Promise.all(
    batches.map((batch) => writeBatch(transport, module, action, batch)),
  );
  return results.flat();
}

async function writeBatch(
  transport: Transport,
  module: ModuleName,
  action: WriteAction,
  batch: readonly WriteEntry[],
): Promise<WriteEntryResult[]> {
  const call: ApiCall = {
    kind: action,
    method: 'POST',
    path: `/crm/${API_VERSION}/${module}/actions/${action}_territories`,
    json: {
      data: batch.map((entry) => ({
        id: entry.id,
        Territories: entry.territoryIds.map((id) => ({ id })),
      })),
    },
    scope: updateScope(module),
  };
  const response = await transport.send(call);
  const data = readDataArray(response.body);
  if (data === undefined) {
    if (response.status >= 200 && response.status < 300) {
      throw transport.unexpected(call, response, 'no `data` array of per-record results');
    }
    throw transport.fail(call, response);
  }
  return attribute(batch, data).flatMap((item, index) =>
    item === undefined ? [] : [toResult({ module, action }, batch[index] as WriteEntry, item)],
  );
}

const DATA_INDEX = /^\s*\$\.data\[(\d+)\]/;

/** Whom an entry of data[] says it answers: a record of the batch, someone else, or nobody. */
type Naming =
  | { readonly kind: 'record'; readonly index: number }
  /** It names a record outside the batch, or two different ones: it answers none of ours. */
  | { readonly kind: 'foreign' }
  | { readonly kind: 'unnamed' };

/**
 * Which of data[]'s entries answers each record of the batch (undefined: none does; the record
 * is left out of the results, and the executor reports it NO_ANSWER).
 *
 * Zoho's per-record entries do not always name their record: success entries carry
 * `details.id` (OAS examples), error entries only a `details.json_path` such as
 * "$.data[1].Territories[0].id" (the index into the request's data[]; some OAS examples start
 * it with a space, A12), and the docs promise neither for every entry. So an entry answers the
 * record its `details.id` and its `json_path` name (when it has both, they must agree); an entry
 * naming a record outside the batch answers none. An entry naming neither is read by its
 * position only where data[] is exactly what A1 promises: one object per record, every entry
 * that names a record standing at that record's place. Otherwise a shifted or foreign answer
 * could land on another record. The first entry naming a record answers it (A11: one error per
 * record); a later one naming it with another status or code makes its answer unknown.
 */
function attribute(
  batch: readonly WriteEntry[],
  data: readonly unknown[],
): (JsonObject | undefined)[] {
  const indexOfId = new Map(batch.map((entry, index) => [entry.id, index]));
  const byRecord = new Array<JsonObject | undefined>(batch.length).fill(undefined);
  const contradicted = new Set<number>();
  let inInputOrder = data.length === batch.length;
  data.forEach((item, position) => {
    const naming = isObject(item) ? namingOf(item, indexOfId, batch.length) : undefined;
    const atItsPlace =
      naming?.kind === 'unnamed' || (naming?.kind === 'record' && naming.index === position);
    if (!atItsPlace) inInputOrder = false;
    if (!isObject(item) || naming?.kind !== 'record') return;
    const first = byRecord[naming.index];
    if (first === undefined) byRecord[naming.index] = item;
    else if (first.status !== item.status || first.code !== item.code) {
      contradicted.add(naming.index);
    }
  });
  if (inInputOrder) {
    data.forEach((item, position) => {
      if (byRecord[position] === undefined && isObject(item)) byRecord[position] = item;
    });
  }
  return byRecord.map((item, index) => (contradicted.has(index) ? undefined : item));
}

function namingOf(item: JsonObject, indexOfId: ReadonlyMap<string, number>, size: number): Naming {
  const details = isObject(item.details) ? item.details : {};
  const named: number[] = [];
  if (details.id !== undefined) {
    const byId = typeof details.id === 'string' ? indexOfId.get(details.id) : undefined;
    if (byId === undefined) return { kind: 'foreign' };
    named.push(byId);
  }
  const match = typeof details.json_path === 'string' ? DATA_INDEX.exec(details.json_path) : null;
  if (match?.[1] !== undefined) {
    const byPath = Number(match[1]);
    if (byPath >= size) return { kind: 'foreign' };
    named.push(byPath);
  }
  const [index] = named;
  if (index === undefined) return { kind: 'unnamed' };
  return named.every((n) => n === index) ? { kind: 'record', index } : { kind: 'foreign' };
}

function toResult(
  call: { readonly module: ModuleName; readonly action: WriteAction },
  sent: WriteEntry,
  entry: JsonObject,
): WriteEntryResult {
  const details = isObject(entry.details) ? entry.details : undefined;
  const jobId = details === undefined ? undefined : optionalString(details.job_id);
  const raw = optionalString(entry.code);
  const code = readZohoCode(raw);
  const status = entry.status === 'success' ? 'success' : 'error';
  return {
    recordId: sent.id,
    status,
    code,
    message: entryMessage(call, sent, { status, code, raw, details, said: entry.message }),
    ...(jobId === undefined ? {} : { jobId }),
    ...(details === undefined ? {} : { details }),
  };
}

/** After Zoho's words for a code territory-sync does not know: what to do, since we cannot say. */
export const UNKNOWN_CODE_ADVICE =
  ' (a Zoho code territory-sync does not know: check the record in Zoho CRM, then run `territory-sync plan` to see where it stands)';

/** What the report says of the record: Zoho's words, and what to do where they do not say it. */
function entryMessage(
  call: { readonly module: ModuleName; readonly action: WriteAction },
  sent: WriteEntry,
  answer: {
    readonly status: WriteEntryResult['status'];
    readonly code: ZohoAnswerCode;
    readonly raw: string | undefined;
    readonly details: JsonObject | undefined;
    readonly said: unknown;
  },
): string {
  const said = clippedText(optionalString(answer.said) ?? '');
  // A code we do not know is kept where people read it, with the one safe next step.
  if (answer.code === UNKNOWN_ZOHO_CODE && answer.raw !== undefined) {
    return `${clippedText(answer.raw, MAX_UNKNOWN_CODE_CHARS)}: ${said}${UNKNOWN_CODE_ADVICE}`;
  }
  if (answer.status === 'error' && answer.code === 'LIMIT_EXCEEDED') {
    return territoryLimitMessage({
      ...call,
      sent: sent.territoryIds.length,
      details: answer.details,
      said,
    });
  }
  return said;
}

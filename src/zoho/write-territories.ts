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

/**
 * Which of data[]'s entries answers each record of the batch (undefined: none does; the record
 * is left out of the results, and the executor reports it NO_ANSWER).
 *
 * Zoho's per-record entries do not always name their record: success entries carry
 * `details.id` (OAS examples), error entries only a `details.json_path` such as
 * "$.data[1].Territories[0].id" (the index into the request's data[]; some OAS examples start
 * it with a space, A12), and the docs promise neither for every entry. So an entry answers the
 * record its `details.id` names, else the one its `json_path` points at, and only when it names
 * neither, the record at its own position, and that only when data[] has exactly one entry per
 * record (ASSUMPTION A1: one entry per input record, in the input's order; the emulator answers
 * so). A short or long data[] is never read by position: a shifted answer would land on another
 * record, and never onto a record another entry names. The first entry naming a record wins (A11:
 * one error per record).
 */
function attribute(
  batch: readonly WriteEntry[],
  data: readonly unknown[],
): (JsonObject | undefined)[] {
  const indexOfId = new Map(batch.map((entry, index) => [entry.id, index]));
  const byRecord = new Array<JsonObject | undefined>(batch.length).fill(undefined);
  const unnamed: number[] = [];
  data.forEach((item, position) => {
    if (!isObject(item)) return; // answers no record
    const index = recordIndex(item, indexOfId, batch.length);
    if (index === undefined) unnamed.push(position);
    else if (byRecord[index] === undefined) byRecord[index] = item;
  });
  if (data.length === batch.length) {
    for (const position of unnamed) {
      const item = data[position];
      if (byRecord[position] === undefined && isObject(item)) byRecord[position] = item;
    }
  }
  return byRecord;
}

function recordIndex(
  item: JsonObject,
  indexOfId: ReadonlyMap<string, number>,
  size: number,
): number | undefined {
  if (!isObject(item.details)) return undefined;
  const id = optionalString(item.details.id);
  const byId = id === undefined ? undefined : indexOfId.get(id);
  if (byId !== undefined) return byId;
  const path = optionalString(item.details.json_path);
  const match = path === undefined ? null : DATA_INDEX.exec(path);
  const index = match?.[1] === undefined ? undefined : Number(match[1]);
  return index !== undefined && index < size ? index : undefined;
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
  const said = optionalString(answer.said) ?? '';
  // A code we do not know is kept where people read it.
  if (answer.code === UNKNOWN_ZOHO_CODE && answer.raw !== undefined) {
    return `${answer.raw}: ${said}`;
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

// POST /crm/v7/{module}/actions/{assign|remove}_territories, at most 10 records a call.
// Per-record results come from data[] whatever the HTTP status (202, 207, 400, even 401/403
// when Zoho wraps NO_PERMISSION per record); only a bare envelope is a request-level error.
//
// Retries: Zoho's 429 and a refused connection mean nothing was applied. A 5xx or a reset
// after the body was sent may or may not have scheduled the jobs; the transport retries
// anyway, because a repeat is harmless here: the executor reads DUPLICATE_DATA on an assign,
// INVALID_DATA on a removal that already happened, and ALREADY_SCHEDULED as converged or
// pending, and verifies every record at the end.
import { API_VERSION, MAX_RECORDS_PER_WRITE } from '../constants/zoho.js';
import type { ModuleName, WriteAction } from '../core/model.js';
import type { ApiCall } from './api-call.js';
import { chunk } from './chunk.js';
import type { WriteEntryResult } from './client-types.js';
import { updateScope } from './scopes.js';
import type { Transport } from './transport.js';
import { isObject } from '../core/is-object.js';
import { optionalString, readDataArray } from './zoho-envelope.js';

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
  // ASSUMPTION A1: one entry per input record, in the same order.
  return batch.map((entry, index) => toResult(entry.id, data[index]));
}

function toResult(recordId: string, item: unknown): WriteEntryResult {
  if (!isObject(item)) {
    return {
      recordId,
      status: 'error',
      code: 'NO_RESULT',
      message: 'Zoho returned no result for this record',
    };
  }
  const details = isObject(item.details) ? item.details : undefined;
  const jobId = details === undefined ? undefined : optionalString(details.job_id);
  return {
    recordId,
    status: item.status === 'success' ? 'success' : 'error',
    code: optionalString(item.code) ?? 'UNKNOWN',
    message: optionalString(item.message) ?? '',
    ...(jobId === undefined ? {} : { jobId }),
    ...(details === undefined ? {} : { details }),
  };
}

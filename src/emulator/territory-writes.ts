// POST /crm/v7/{module}[/{record_id}]/actions/{assign|remove}_territories.
// Each data[] entry is checked on its own and answered in the same position: SCHEDULED with a
// job, or the first documented error that applies (Zoho's assign/remove pages;
// docs/ASSUMPTIONS.md A1, A2, A8, A9, A11, A31).
import {
  MAX_RECORDS_PER_WRITE,
  MAX_TERRITORIES_PER_RECORD,
  MAX_TERRITORIES_PER_WRITE_ENTRY,
  WRITE_STATUS_ALL_FAILED,
  WRITE_STATUS_ALL_SCHEDULED,
  WRITE_STATUS_MIXED,
} from '../constants/zoho.js';
import type { ApiRequest } from './api-context.js';
import type { WriteKind } from './job-board.js';
import type { StoredRecord } from './org-state.js';
import type { SeedModule } from './seed-types.js';
import { parseLenientJson } from './http-body.js';
import {
  errorBody,
  invalidIdInPath,
  invalidJsonBody,
  type ZohoAnswer,
  type ZohoErrorBody,
} from './zoho-answers.js';
import { ID_PATTERN } from './zoho-time.js';

interface EntryError {
  readonly status: number;
  readonly body: ZohoErrorBody;
}

type EntryResult =
  | { readonly kind: 'scheduled'; readonly body: unknown }
  | { readonly kind: 'error'; readonly error: EntryError };

const MESSAGES = {
  assign: {
    scheduled: 'Territory assignment process scheduled successfully',
    already:
      'You are trying to assign territories again to the record(s) while a job is already scheduled.',
  },
  remove: {
    scheduled: 'Territory removal process scheduled successfully',
    already:
      'You are trying to remove territories again from the record(s) while a job is already scheduled.',
  },
} as const;

const entryError = (
  status: number,
  code: string,
  message: string,
  details: Record<string, unknown>,
): EntryResult => ({ kind: 'error', error: { status, body: errorBody(code, message, details) } });

const at = (path: string, apiName = 'id') => ({ api_name: apiName, json_path: path });

/** Zoho's assign and remove examples answer both of a record's territory limits alike. */
const limitExceeded = (territoriesPath: string, limit: number): EntryResult =>
  entryError(400, 'LIMIT_EXCEEDED', 'Maximum limit of territories for that record exceeds', {
    ...at(territoriesPath, 'Territories'),
    limit,
  });

// A copy of src/core/is-object.ts on purpose: the emulator is written apart from our client
// and shares only src/constants with it (docs/ARCHITECTURE.md), so it does not import core.
function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Zoho ids arrive as strings; safe integers are accepted too, anything else is not an id. */
function idOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return undefined;
}

export function handleTerritoryWrite(
  request: ApiRequest,
  module: SeedModule,
  action: WriteKind,
  recordIdInPath: string | undefined,
): ZohoAnswer {
  const { state } = request.parts;
  let pathRecord: StoredRecord | undefined;
  if (recordIdInPath !== undefined) {
    pathRecord = ID_PATTERN.test(recordIdInPath) ? state.record(module, recordIdInPath) : undefined;
    if (!pathRecord) return invalidIdInPath(1);
    if (pathRecord.readOnly) {
      return {
        status: 403,
        body: errorBody('NO_PERMISSION', 'User has no permission to update the record', {
          resource_path_index: 1,
        }),
      };
    }
  }
  const parsed = parseLenientJson(request.bodyText);
  if (!parsed.ok) return invalidJsonBody();
  const data = isObject(parsed.value) ? parsed.value['data'] : undefined;
  if (!Array.isArray(data) || data.length === 0) {
    return {
      status: 400,
      body: errorBody('MANDATORY_NOT_FOUND', 'required field not found', at('$.data', 'data')),
    };
  }
  if (data.length > MAX_RECORDS_PER_WRITE) {
    return {
      status: 400,
      body: errorBody('LIMIT_EXCEEDED', 'limit exceeded', {
        api_name: 'data',
        limit: MAX_RECORDS_PER_WRITE,
      }),
    };
  }
  const lockAll = request.lockRecords;
  const results = data.map((entry, index) =>
    processEntry(request, module, action, entry, index, pathRecord, lockAll),
  );
  return combine(results);
}

function processEntry(
  request: ApiRequest,
  module: SeedModule,
  action: WriteKind,
  entry: unknown,
  i: number,
  pathRecord: StoredRecord | undefined,
  lockAll: boolean,
): EntryResult {
  const { state, jobs, faults } = request.parts;
  if (!isObject(entry)) {
    return entryError(400, 'INVALID_DATA', 'the id given seems to be invalid', at(`$.data[${i}]`));
  }
  let record = pathRecord;
  if (!record) {
    if (entry['id'] === undefined || entry['id'] === null || entry['id'] === '') {
      return entryError(
        400,
        'MANDATORY_NOT_FOUND',
        'One of the expected parameter is missing',
        at(`$.data[${i}].id`),
      );
    }
    const id = idOf(entry['id']);
    record = id !== undefined && ID_PATTERN.test(id) ? state.record(module, id) : undefined;
    if (!record) {
      return entryError(
        400,
        'INVALID_DATA',
        'the id given seems to be invalid',
        at(`$.data[${i}].id`),
      );
    }
    if (record.readOnly) {
      return entryError(
        403,
        'NO_PERMISSION',
        'User has no permission to update the record',
        at(`$.data[${i}].id`),
      );
    }
  }
  if (record.locked || lockAll || faults.entryLocked(record.id)) {
    return entryError(
      400,
      'RECORD_LOCKED',
      'Sorry, you cannot perform this operation as the record is locked.',
      { id: record.id, action: 'record_locking' },
    );
  }
  if (jobs.pending(record.id)) {
    return entryError(400, 'ALREADY_SCHEDULED', MESSAGES[action].already, at(`$.data[${i}].id`));
  }
  const territoriesPath = `$.data[${i}].Territories`;
  const list = entry['Territories'];
  if (!Array.isArray(list) || list.length === 0) {
    return entryError(
      400,
      'MANDATORY_NOT_FOUND',
      'required field not found',
      at(territoriesPath, 'Territories'),
    );
  }
  // A31: a removal may name no more territories than a record can hold (Zoho's remove
  // examples), checked before any of them is looked at; an assignment up to 100 a call.
  const entryLimit =
    action === 'remove' ? MAX_TERRITORIES_PER_RECORD[module] : MAX_TERRITORIES_PER_WRITE_ENTRY;
  if (list.length > entryLimit) return limitExceeded(territoriesPath, entryLimit);
  const checked = checkTerritories(request, record, action, list, territoriesPath);
  if (checked.kind !== 'ok') return checked;
  if (action === 'assign') {
    const limit = MAX_TERRITORIES_PER_RECORD[module];
    // Rule-assigned territories count towards the limit too.
    if (record.territories.length + checked.ids.length > limit) {
      return limitExceeded(territoriesPath, limit);
    }
  }
  const job = jobs.schedule(module, record.id, action, checked.ids);
  return {
    kind: 'scheduled',
    body: {
      code: 'SCHEDULED',
      details: { job_id: job.jobId, id: record.id },
      message: MESSAGES[action].scheduled,
      status: 'success',
    },
  };
}

function checkTerritories(
  request: ApiRequest,
  record: StoredRecord,
  action: WriteKind,
  list: readonly unknown[],
  territoriesPath: string,
): EntryResult | { readonly kind: 'ok'; readonly ids: string[] } {
  const { state } = request.parts;
  const firstIndex = new Map<string, number>();
  const ids: string[] = [];
  for (const [j, item] of list.entries()) {
    const path = `${territoriesPath}[${j}].id`;
    const raw = isObject(item) ? item['id'] : undefined;
    if (raw === undefined || raw === null || raw === '') {
      return entryError(400, 'MANDATORY_NOT_FOUND', 'required field not found', at(path));
    }
    const id = idOf(raw);
    const territory =
      id !== undefined && ID_PATTERN.test(id) ? state.territories.get(id) : undefined;
    if (!territory || id === undefined) {
      return entryError(400, 'INVALID_DATA', 'the id given seems to be invalid', at(path));
    }
    const seenAt = firstIndex.get(id);
    if (seenAt !== undefined) {
      return entryError(400, 'ALREADY_USED', 'duplicate territory id found', {
        ...at(path),
        exists_in: { json_path: `${territoriesPath}[${seenAt}].id` },
      });
    }
    firstIndex.set(id, j);
    if (territory.restricted) {
      return entryError(
        401,
        'NO_PERMISSION',
        'User has no permission to add / remove the Territories',
        at(territoriesPath),
      );
    }
    const current = record.territories.find((a) => a.territoryId === id);
    if (action === 'assign' && current) {
      return entryError(
        400,
        'DUPLICATE_DATA',
        'Given Territory already exists for that record',
        at(path),
      );
    }
    if (action === 'remove' && !current) {
      return entryError(400, 'INVALID_DATA', 'the id given seems to be invalid', at(path));
    }
    if (action === 'remove' && current?.assigned === 'automatically') {
      return entryError(
        403,
        'NOT_ALLOWED',
        'Territory id which you are trying to remove was system assigned',
        at(path),
      );
    }
    ids.push(id);
  }
  return { kind: 'ok', ids };
}

/** A1: all scheduled 202, mixed 207, all failed 400 (or the errors' own status if they agree). */
function combine(results: readonly EntryResult[]): ZohoAnswer {
  const errors = results.flatMap((r) => (r.kind === 'error' ? [r.error] : []));
  const data = results.map((r) => (r.kind === 'scheduled' ? r.body : r.error.body));
  if (errors.length === 0) return { status: WRITE_STATUS_ALL_SCHEDULED, body: { data } };
  if (errors.length < results.length) return { status: WRITE_STATUS_MIXED, body: { data } };
  const statuses = new Set(errors.map((e) => e.status));
  const status = statuses.size === 1 ? (errors[0] as EntryError).status : WRITE_STATUS_ALL_FAILED;
  return { status, body: { data } };
}

// GET /crm/v7/settings/fields?module=M: a module's fields as the online check of selectors'
// criteria needs them (docs/SELECTORS.md §2 "Online"): each field's API name, its data type, the
// module a lookup points to and a picklist's values. One call per module; nothing else of the
// answer is kept.
//
// The answer is hostile input like any other: entries without a string api_name are refused,
// names and values longer than a CRM name can be are refused, and only what is kept is typed.
import { API_VERSION, SCOPES } from '../constants/zoho.js';
import { escapeInvisible } from '../core/escape-invisible.js';
import { isObject } from '../core/is-object.js';
import { TerritorySyncError } from '../errors.js';
import type { ApiCall } from './api-call.js';
import { isSuccess } from './api-call.js';
import type { FieldMetadata } from './client-types.js';
import { boundedName, clippedText } from './response-limits.js';
import type { Transport } from './transport.js';

const PATH = `/crm/${API_VERSION}/settings/fields`;

/**
 * A module's API name as the query names it. The module may come from a lookup in an earlier
 * answer, so it is checked before it is sent rather than trusted.
 */
export const MODULE_API_NAME = /^[A-Za-z][A-Za-z0-9_]{0,99}$/;

/** Characters kept of a data type: Zoho's are one word ("picklist", "ownerlookup"). */
const MAX_DATA_TYPE_CHARS = 50;

export async function readFields(
  transport: Transport,
  module: string,
): Promise<readonly FieldMetadata[]> {
  if (!MODULE_API_NAME.test(module)) {
    throw new TerritorySyncError(
      'INTERNAL',
      `The fields of module "${clippedText(escapeInvisible(module), 100)}" were asked for; it is not a module API name.`,
    );
  }
  const call: ApiCall = {
    kind: 'fields',
    method: 'GET',
    path: PATH,
    query: { module },
    scope: SCOPES.fieldsMetaRead,
  };
  const response = await transport.send(call);
  // No content: a module without fields the token may see; every field then reads as unknown.
  if (response.status === 204) return [];
  if (!isSuccess(response)) throw transport.fail(call, response);
  const body = response.body;
  if (!isObject(body) || !Array.isArray(body.fields)) {
    throw transport.unexpected(call, response, 'no `fields` array');
  }
  const fields: FieldMetadata[] = [];
  for (const item of body.fields) {
    try {
      fields.push(toField(item));
    } catch (error) {
      if (error instanceof TypeError) throw transport.unexpected(call, response, error.message);
      throw error;
    }
  }
  return fields;
}

function toField(item: unknown): FieldMetadata {
  if (!isObject(item) || typeof item.api_name !== 'string' || item.api_name === '') {
    throw new TypeError('a field without a string api_name');
  }
  const apiName = boundedName(item.api_name, 'a field api_name') ?? '';
  // An unknown or missing type is kept as '': the check then only asks that the field exists.
  const dataType =
    typeof item.data_type === 'string' && item.data_type.length <= MAX_DATA_TYPE_CHARS
      ? item.data_type
      : '';
  const lookup = isObject(item.lookup) && isObject(item.lookup.module) ? item.lookup.module : {};
  const lookupModule = typeof lookup.api_name === 'string' ? lookup.api_name : undefined;
  const picklistValues = Array.isArray(item.pick_list_values)
    ? item.pick_list_values.flatMap(picklistValue)
    : undefined;
  return {
    apiName,
    dataType,
    ...(lookupModule === undefined || !MODULE_API_NAME.test(lookupModule) ? {} : { lookupModule }),
    ...(picklistValues === undefined ? {} : { picklistValues }),
  };
}

/** What criteria may compare a picklist with: the value Zoho stores and the one it shows. */
function picklistValue(entry: unknown): string[] {
  if (!isObject(entry)) return [];
  const values: string[] = [];
  for (const key of ['actual_value', 'display_value'] as const) {
    const value = entry[key];
    if (typeof value !== 'string') continue;
    const bounded = boundedName(value, `a picklist ${key}`) ?? '';
    if (!values.includes(bounded)) values.push(bounded);
  }
  return values;
}

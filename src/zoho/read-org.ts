// GET /crm/v7/org: which org the token belongs to (its id and company name) and the API domain
// that answered, so a saved plan can record the org it was made for. The body is checked as
// hostile input: anything but one org with a digit-string id is refused, never guessed at.
import { API_VERSION } from '../constants/zoho.js';
import type { ApiCall } from './api-call.js';
import { isSuccess } from './api-call.js';
import type { OrgInfo } from './client-types.js';
import { ORG_READ_SCOPE } from './scopes.js';
import type { Transport } from './transport.js';
import { isObject } from '../core/is-object.js';

/** Zoho ids are digit strings of up to 19 digits (more than a JavaScript number holds). */
const ORG_ID = /^[0-9]{1,19}$/;
/**
 * A company name is for people to read; a longer one is left out rather than carried into
 * plans. Control and bidi characters are kept: renderers show them escaped (escapeInvisible),
 * so a reviewer sees that a name is odd instead of not seeing it at all.
 */
const MAX_NAME_LENGTH = 255;

export async function readOrg(transport: Transport): Promise<OrgInfo> {
  const call: ApiCall = {
    kind: 'org',
    method: 'GET',
    path: `/crm/${API_VERSION}/org`,
    scope: ORG_READ_SCOPE,
  };
  const response = await transport.send(call);
  if (!isSuccess(response)) throw transport.fail(call, response);
  const body = response.body;
  if (!isObject(body) || !Array.isArray(body.org)) {
    throw transport.unexpected(call, response, 'no `org` array');
  }
  if (body.org.length !== 1) {
    throw transport.unexpected(
      call,
      response,
      `${body.org.length} entries in \`org\` instead of the one org the token belongs to`,
    );
  }
  const org: unknown = body.org[0];
  if (!isObject(org)) {
    throw transport.unexpected(call, response, 'an `org` entry that is not an object');
  }
  const id = org.id;
  if (typeof id !== 'string' || !ORG_ID.test(id)) {
    throw transport.unexpected(
      call,
      response,
      `an org id that is not a string of 1 to 19 digits (${describeValue(id)})`,
    );
  }
  const name = companyName(org.company_name);
  return { id, ...(name === undefined ? {} : { name }), apiDomain: response.apiDomain };
}

function companyName(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const name = value.trim();
  if (name === '' || name.length > MAX_NAME_LENGTH) return undefined;
  return name;
}

/** What an unusable id was, without echoing it (the body is not to be trusted). */
function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (typeof value === 'string') return `a string of ${value.length} characters`;
  return `a ${Array.isArray(value) ? 'array' : typeof value}`;
}

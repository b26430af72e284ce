// Selectors (docs/SELECTORS.md §6) read each module's fields and then run COQL: a token without
// those scopes plans files without selectors fine and fails the first plan with one, so doctor
// says so up front. Both probes are reads of nothing: a criteria no record matches.
import { SCOPES } from '../constants/zoho.js';
import type { ZohoClient } from '../zoho/index.js';
import type { CheckResult } from './check-result.js';
import { attempt } from './probe-failure.js';

/** Canonical criteria (src/selectors/render-criteria.ts) that match no record: ids are digits. */
const MATCHES_NOTHING = "id = '0'";

export async function selectorScopesCheck(client: ZohoClient): Promise<CheckResult> {
  const name = 'selectors: fields and COQL reads';
  const fields = await attempt(() => client.readFields('Accounts'));
  const coql = await attempt(() => client.readSelectorMatches('Accounts', MATCHES_NOTHING));
  const missing = [
    ...(!fields.ok && fields.failure.kind === 'scope' ? [SCOPES.fieldsMetaRead] : []),
    ...(!coql.ok && coql.failure.kind === 'scope' ? [SCOPES.coqlRead] : []),
  ];
  if (missing.length > 0) {
    // Not a failure: only desired files with selectors need them.
    return {
      status: 'info',
      name,
      detail:
        `the token lacks ${missing.join(' and ')}: files without selectors plan as usual, but ` +
        `a plan with selectors will fail. Create the refresh token again with ${missing.join(' and ')} ` +
        'among its scopes if you use selectors.',
    };
  }
  const other = !fields.ok ? fields.failure : !coql.ok ? coql.failure : undefined;
  if (other !== undefined) {
    return { status: 'fail', name, detail: other.message };
  }
  return { status: 'ok', name, detail: `${SCOPES.fieldsMetaRead} and ${SCOPES.coqlRead} work` };
}

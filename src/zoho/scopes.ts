// The narrowest OAuth scope each call needs, named in OAUTH_SCOPE_MISMATCH errors.
// ZohoCRM.modules.ALL, ZohoCRM.settings.territories.READ and ZohoCRM.org.READ cover them all,
// with ZohoCRM.coql.READ and ZohoCRM.settings.fields.READ for selectors.
import { SCOPES } from '../constants/zoho.js';
import type { ModuleName } from '../core/model.js';

export const TERRITORIES_READ_SCOPE = SCOPES.territoriesRead;
/** GET /crm/v7/org (Zoho: ZohoCRM.org.{ALL|READ}): the plan records which org it was made for. */
export const ORG_READ_SCOPE = 'ZohoCRM.org.READ';

/** What a token must carry for everything territory-sync does. */
export const SCOPES_FOR_EVERYTHING =
  `${SCOPES.modulesAll}, ${TERRITORIES_READ_SCOPE} and ${ORG_READ_SCOPE}, with ` +
  `${SCOPES.coqlRead} and ${SCOPES.fieldsMetaRead} for selectors`;

export function readScope(module: ModuleName): string {
  return `ZohoCRM.modules.${module.toLowerCase()}.READ`;
}

export function updateScope(module: ModuleName): string {
  return `ZohoCRM.modules.${module.toLowerCase()}.UPDATE`;
}

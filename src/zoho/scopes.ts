// The narrowest OAuth scope each call needs, named in OAUTH_SCOPE_MISMATCH errors.
// ZohoCRM.modules.ALL and ZohoCRM.settings.territories.READ cover them all.
import { SCOPES } from '../constants/zoho.js';
import type { ModuleName } from '../core/model.js';

export const TERRITORIES_READ_SCOPE = SCOPES.territoriesRead;

export function readScope(module: ModuleName): string {
  return `ZohoCRM.modules.${module.toLowerCase()}.READ`;
}

export function updateScope(module: ModuleName): string {
  return `ZohoCRM.modules.${module.toLowerCase()}.UPDATE`;
}

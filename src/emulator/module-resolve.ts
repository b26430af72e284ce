// The {module} path segment: unknown -> INVALID_MODULE; a real module without territory
// support -> NOT_SUPPORTED for the territory APIs, and simply no records for Get Records.
import { findModule, isSeedModule } from './module-catalog.js';
import type { SeedModule } from './seed-types.js';
import { invalidModule, notSupported, type ZohoAnswer } from './zoho-answers.js';

export type ModuleResolution =
  | { readonly kind: 'records'; readonly module: SeedModule }
  | { readonly kind: 'no-records' }
  | { readonly kind: 'error'; readonly answer: ZohoAnswer };

export function resolveModule(name: string, forTerritoryApi: boolean): ModuleResolution {
  const meta = findModule(name);
  if (!meta) return { kind: 'error', answer: invalidModule(0) };
  if (isSeedModule(meta.api_name)) return { kind: 'records', module: meta.api_name };
  return forTerritoryApi ? { kind: 'error', answer: notSupported(0) } : { kind: 'no-records' };
}

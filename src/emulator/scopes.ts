// Which granted OAuth scopes open which route, read from Zoho's scope pages: a route accepts
// the wide scope (ZohoCRM.modules.ALL), the operation scope (ZohoCRM.modules.UPDATE) and the
// per-module scope (ZohoCRM.modules.accounts.READ). Zoho compares scopes case-insensitively.

export type ScopeNeed =
  | { readonly kind: 'module-read'; readonly module: string }
  | { readonly kind: 'module-update'; readonly module: string }
  | { readonly kind: 'coql'; readonly module: string }
  | { readonly kind: 'territories' }
  | { readonly kind: 'users' }
  | { readonly kind: 'org' }
  | { readonly kind: 'modules-meta' }
  | { readonly kind: 'fields-meta' };

function anyOf(granted: ReadonlySet<string>, candidates: readonly string[]): boolean {
  return candidates.some((scope) => granted.has(scope.toLowerCase()));
}

function moduleScopes(module: string, operations: readonly string[]): string[] {
  const m = module.toLowerCase();
  return [
    'ZohoCRM.modules.ALL',
    ...operations.map((op) => `ZohoCRM.modules.${op}`),
    `ZohoCRM.modules.${m}.ALL`,
    ...operations.map((op) => `ZohoCRM.modules.${m}.${op}`),
  ];
}

export function scopeSet(scopes: readonly string[]): ReadonlySet<string> {
  return new Set(scopes.map((s) => s.toLowerCase()));
}

export function allows(granted: ReadonlySet<string>, need: ScopeNeed): boolean {
  switch (need.kind) {
    case 'module-read':
      return anyOf(granted, moduleScopes(need.module, ['READ']));
    case 'module-update':
      return anyOf(granted, moduleScopes(need.module, ['UPDATE', 'WRITE']));
    case 'coql':
      return (
        anyOf(granted, ['ZohoCRM.coql.READ', 'ZohoCRM.coql.ALL']) &&
        anyOf(granted, moduleScopes(need.module, ['READ']))
      );
    case 'territories':
      return anyOf(granted, [
        'ZohoCRM.settings.ALL',
        'ZohoCRM.settings.READ',
        'ZohoCRM.settings.territories.ALL',
        'ZohoCRM.settings.territories.READ',
      ]);
    case 'users':
      return anyOf(granted, ['ZohoCRM.users.ALL', 'ZohoCRM.users.READ']);
    case 'org':
      // The Organization API's scope is ZohoCRM.org.{ALL|READ}; settings scopes do not cover it.
      return anyOf(granted, ['ZohoCRM.org.ALL', 'ZohoCRM.org.READ']);
    case 'modules-meta':
      return anyOf(granted, [
        'ZohoCRM.settings.ALL',
        'ZohoCRM.settings.READ',
        'ZohoCRM.settings.modules.ALL',
        'ZohoCRM.settings.modules.READ',
      ]);
    case 'fields-meta':
      return anyOf(granted, [
        'ZohoCRM.settings.ALL',
        'ZohoCRM.settings.READ',
        'ZohoCRM.settings.fields.ALL',
        'ZohoCRM.settings.fields.READ',
      ]);
  }
}

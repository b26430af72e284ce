// Credentials belong in the environment (CI secrets), never in a file that gets committed.
const SECRET_KEY =
  /^(client[_-]?secret|refresh[_-]?token|access[_-]?token|token|password|secret|clientsecret|refreshtoken|accesstoken)$/i;
/** Zoho OAuth tokens look like 1000.<hex>.<hex>. */
const TOKEN_VALUE = /\b1000\.[0-9a-f]{16,}\.[0-9a-f]{16,}\b/i;
/**
 * A config is a few levels deep. The walk stops below this, so a JavaScript config's cycle or
 * a deeply nested value cannot overflow the stack (the schema rejects such a value anyway).
 */
const MAX_DEPTH = 16;

export interface SecretFinding {
  /** JSON-pointer-like path of the offending key, e.g. /environments/prod/clientSecret */
  readonly path: string;
  readonly reason: 'key' | 'value';
}

export function findSecrets(value: unknown, path = ''): SecretFinding[] {
  const findings: SecretFinding[] = [];
  // Each object is looked into once: shared values (YAML aliases, JS references) cost nothing twice.
  const seen = new Set<object>();
  const walk = (node: unknown, at: string, depth: number): void => {
    if (typeof node === 'string') {
      if (TOKEN_VALUE.test(node)) findings.push({ path: at || '/', reason: 'value' });
      return;
    }
    if (node === null || typeof node !== 'object' || depth > MAX_DEPTH || seen.has(node)) return;
    seen.add(node);
    for (const [key, child] of Object.entries(node)) {
      const childPath = `${at}/${key}`;
      if (SECRET_KEY.test(key)) findings.push({ path: childPath, reason: 'key' });
      else walk(child, childPath, depth + 1);
    }
  };
  walk(value, path, 0);
  return findings;
}

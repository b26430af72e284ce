// Credentials belong in the environment (CI secrets), never in a file that gets committed.
const SECRET_KEY =
  /^(client[_-]?secret|refresh[_-]?token|access[_-]?token|token|password|secret|clientsecret|refreshtoken|accesstoken)$/i;
/** Zoho OAuth tokens look like 1000.<hex>.<hex>. */
const TOKEN_VALUE = /\b1000\.[0-9a-f]{16,}\.[0-9a-f]{16,}\b/i;

export interface SecretFinding {
  /** JSON-pointer-like path of the offending key, e.g. /environments/prod/clientSecret */
  readonly path: string;
  readonly reason: 'key' | 'value';
}

export function findSecrets(value: unknown, path = ''): SecretFinding[] {
  if (typeof value === 'string') {
    return TOKEN_VALUE.test(value) ? [{ path: path || '/', reason: 'value' }] : [];
  }
  if (value === null || typeof value !== 'object') return [];
  const findings: SecretFinding[] = [];
  for (const [key, child] of Object.entries(value)) {
    const childPath = `${path}/${key}`;
    if (SECRET_KEY.test(key)) findings.push({ path: childPath, reason: 'key' });
    else findings.push(...findSecrets(child, childPath));
  }
  return findings;
}

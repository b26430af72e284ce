// Belt and braces: every error text built from outside input (got's messages, Zoho's bodies)
// passes through here, so even an echoed credential never reaches a log.

const MIN_SECRET_LENGTH = 6;

export class Redactor {
  readonly #secrets = new Set<string>();

  add(secret: string | undefined): void {
    if (secret !== undefined && secret.length >= MIN_SECRET_LENGTH) this.#secrets.add(secret);
  }

  /** A copy of Zoho's `details` with every string redacted. */
  redactDetails(details: Readonly<Record<string, unknown>>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(details).map(([k, v]) => [k, this.#value(v)]));
  }

  #value(value: unknown): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (Array.isArray(value)) return value.map((item) => this.#value(item));
    if (typeof value === 'object' && value !== null) {
      return this.redactDetails(value as Record<string, unknown>);
    }
    return value;
  }

  redact(text: string): string {
    let result = text;
    for (const secret of this.#secrets) result = result.split(secret).join('[redacted]');
    return result;
  }
}

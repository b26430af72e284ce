// Belt and braces: every text that comes from outside (got's messages, Zoho's bodies) passes
// through here, so even an echoed credential never reaches a log, a report or a journal.
// The transport scrubs each parsed answer once, where it enters the client (scrubParsed), so
// whatever a reader or writer later takes from it (per-record messages, codes, details, error
// envelopes, COQL errors, names) is already clean; error texts are redacted again when built.

const MIN_SECRET_LENGTH = 6;
const REDACTED = '[redacted]';

export class Redactor {
  readonly #secrets = new Set<string>();

  add(secret: string | undefined): void {
    if (secret !== undefined && secret.length >= MIN_SECRET_LENGTH) this.#secrets.add(secret);
  }

  /** A copy of Zoho's `details` with every string redacted. */
  redactDetails(details: Readonly<Record<string, unknown>>): Record<string, unknown> {
    return Object.fromEntries(
      Object.entries(details).map(([k, v]) => [this.redact(k), this.#value(v)]),
    );
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
    for (const secret of this.#secrets) {
      if (result.includes(secret)) result = result.split(secret).join(REDACTED);
    }
    return result;
  }

  /**
   * Redacts a value fresh from JSON.parse in place: every string and every key that holds a
   * known secret. Walks without recursion, and stops at `maxDepth` levels of nesting (JSON.parse
   * builds any depth; a recursive walk or JSON.stringify of it later would overflow the stack):
   * `withinDepth` is false then, and the value must be refused, not used.
   */
  scrubParsed(root: unknown, maxDepth: number): { value: unknown; withinDepth: boolean } {
    if (typeof root === 'string') return { value: this.redact(root), withinDepth: true };
    if (typeof root !== 'object' || root === null) return { value: root, withinDepth: true };
    const stack: [Record<string, unknown> | unknown[], number][] = [
      [root as Record<string, unknown>, 1],
    ];
    for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
      const [container, depth] = top;
      if (depth > maxDepth) return { value: root, withinDepth: false };
      const visit = (value: unknown): unknown => {
        if (typeof value === 'string') return this.redact(value);
        if (typeof value === 'object' && value !== null) {
          stack.push([value as Record<string, unknown>, depth + 1]);
        }
        return value;
      };
      if (Array.isArray(container)) {
        for (let i = 0; i < container.length; i += 1) container[i] = visit(container[i]);
        continue;
      }
      for (const key of Object.keys(container)) {
        const original = container[key];
        const value = visit(original);
        const clean = this.redact(key);
        if (value === original && clean === key) continue;
        if (clean !== key) delete container[key];
        // defineProperty, not assignment: a key "__proto__" (JSON.parse makes it an own
        // property) must stay a plain property.
        Object.defineProperty(container, clean, {
          value,
          writable: true,
          enumerable: true,
          configurable: true,
        });
      }
    }
    return { value: root, withinDepth: true };
  }
}

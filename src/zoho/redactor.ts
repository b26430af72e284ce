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
   *
   * `source`, the text the value was parsed from, makes the common case cheap: a text with no
   * backslash has no JSON escape, so every string and key parsed from it appears in it verbatim;
   * when no secret appears in it either, nothing can need redacting and only the depth is walked.
   */
  scrubParsed(
    root: unknown,
    maxDepth: number,
    source?: string,
  ): { value: unknown; withinDepth: boolean } {
    if (typeof root === 'string') return { value: this.redact(root), withinDepth: true };
    if (typeof root !== 'object' || root === null) return { value: root, withinDepth: true };
    const clean = source !== undefined && this.#cannotHoldSecret(source);
    const withinDepth = clean ? depthWithin(root, maxDepth) : this.#scrubWalk(root, maxDepth);
    return { value: root, withinDepth };
  }

  #cannotHoldSecret(source: string): boolean {
    if (source.includes('\\')) return false;
    for (const secret of this.#secrets) if (source.includes(secret)) return false;
    return true;
  }

  #scrubWalk(root: object, maxDepth: number): boolean {
    const stack: (Record<string, unknown> | unknown[])[] = [root as Record<string, unknown>];
    const depths: number[] = [1];
    for (let container = stack.pop(); container !== undefined; container = stack.pop()) {
      const depth = depths.pop() as number;
      if (depth > maxDepth) return false;
      if (Array.isArray(container)) {
        for (let i = 0; i < container.length; i += 1) {
          const value: unknown = container[i];
          if (typeof value === 'string') container[i] = this.redact(value);
          else if (typeof value === 'object' && value !== null) {
            stack.push(value as Record<string, unknown>);
            depths.push(depth + 1);
          }
        }
        continue;
      }
      for (const key of Object.keys(container)) {
        const original = container[key];
        let value = original;
        if (typeof original === 'string') value = this.redact(original);
        else if (typeof original === 'object' && original !== null) {
          stack.push(original as Record<string, unknown>);
          depths.push(depth + 1);
        }
        const cleanKey = this.redact(key);
        if (value === original && cleanKey === key) continue;
        if (cleanKey !== key) delete container[key];
        // defineProperty, not assignment: a key "__proto__" (JSON.parse makes it an own
        // property) must stay a plain property.
        Object.defineProperty(container, cleanKey, {
          value,
          writable: true,
          enumerable: true,
          configurable: true,
        });
      }
    }
    return true;
  }
}

/** Whether no container in the value is nested more than `maxDepth` deep; without recursion. */
function depthWithin(root: object, maxDepth: number): boolean {
  const stack: object[] = [root];
  const depths: number[] = [1];
  const visit = (value: unknown, depth: number) => {
    if (typeof value === 'object' && value !== null) {
      stack.push(value);
      depths.push(depth + 1);
    }
  };
  for (let container = stack.pop(); container !== undefined; container = stack.pop()) {
    const depth = depths.pop() as number;
    if (depth > maxDepth) return false;
    if (Array.isArray(container)) {
      for (let i = 0; i < container.length; i += 1) visit(container[i], depth);
      continue;
    }
    // JSON.parse makes plain objects: for...in sees their own keys, without an array of values.
    const object = container as Record<string, unknown>;
    for (const key in object) visit(object[key], depth);
  }
  return true;
}

// The one byte form of a value that hashing sees: object keys sorted by code unit, no
// whitespace, undefined properties left out (as JSON.stringify does). A plan written to disk
// and read back therefore hashes exactly as it did when it was made.

/** Receives the canonical JSON text piece by piece, so a large plan is never one huge string. */
export type JsonSink = (chunk: string) => void;

export function canonicalJson(value: unknown): string {
  const chunks: string[] = [];
  writeCanonicalJson(value, (chunk) => chunks.push(chunk));
  return chunks.join('');
}

/** Text handed to the sink at once: one call per token would cost more than the tokens. */
const SINK_CHARS = 1 << 16;

/** Collects tokens and hands them to the sink in pieces of about SINK_CHARS. */
class Buffered {
  text = '';
  constructor(readonly sink: JsonSink) {}
  add(token: string): void {
    this.text += token;
    if (this.text.length >= SINK_CHARS) {
      this.sink(this.text);
      this.text = '';
    }
  }
  flush(): void {
    if (this.text !== '') this.sink(this.text);
    this.text = '';
  }
}

export function writeCanonicalJson(value: unknown, sink: JsonSink): void {
  const out = new Buffered(sink);
  if (!write(value, out)) throw new TypeError('canonicalJson: the value has no JSON form');
  out.flush();
}

/** Writes the value; false (writing nothing) for what JSON leaves out: undefined, functions. */
function write(value: unknown, out: Buffered): boolean {
  if (value === null) {
    out.add('null');
    return true;
  }
  switch (typeof value) {
    case 'string':
    case 'boolean':
      out.add(JSON.stringify(value));
      return true;
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} has no JSON form`);
      out.add(JSON.stringify(value));
      return true;
    case 'object':
      if (Array.isArray(value)) writeArray(value, out);
      else writeObject(value as Record<string, unknown>, out);
      return true;
    case 'undefined':
    case 'function':
    case 'symbol':
      return false;
    default:
      // bigint: ids travel as strings; a bigint here is a bug upstream, not something to round.
      throw new TypeError(`canonicalJson: cannot encode a ${typeof value}`);
  }
}

function writeArray(items: readonly unknown[], out: Buffered): void {
  out.add('[');
  for (let i = 0; i < items.length; i += 1) {
    if (i > 0) out.add(',');
    if (!write(items[i], out)) out.add('null');
  }
  out.add(']');
}

/**
 * Keys written as JSON, by key: a plan repeats a dozen keys 100,000 times over. Bounded, so a
 * hostile plan file of a million distinct keys costs no more memory than it already holds.
 */
const QUOTED_KEYS = new Map<string, string>();
const MAX_QUOTED_KEYS = 1024;

function quotedKey(key: string): string {
  let quoted = QUOTED_KEYS.get(key);
  if (quoted === undefined) {
    quoted = `${JSON.stringify(key)}:`;
    if (QUOTED_KEYS.size < MAX_QUOTED_KEYS) QUOTED_KEYS.set(key, quoted);
  }
  return quoted;
}

function writeObject(object: Record<string, unknown>, out: Buffered): void {
  out.add('{');
  let first = true;
  // The default sort compares UTF-16 code units: the order canonical JSON promises.
  const keys = Object.keys(object).sort();
  for (let i = 0; i < keys.length; i += 1) {
    const key = keys[i] as string;
    const item = object[key];
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    if (!first) out.add(',');
    out.add(quotedKey(key));
    first = false;
    write(item, out);
  }
  out.add('}');
}

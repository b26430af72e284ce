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

export function writeCanonicalJson(value: unknown, sink: JsonSink): void {
  if (!write(value, sink)) throw new TypeError('canonicalJson: the value has no JSON form');
}

/** Writes the value; false (writing nothing) for what JSON leaves out: undefined, functions. */
function write(value: unknown, sink: JsonSink): boolean {
  if (value === null) {
    sink('null');
    return true;
  }
  switch (typeof value) {
    case 'string':
    case 'boolean':
      sink(JSON.stringify(value));
      return true;
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} has no JSON form`);
      sink(JSON.stringify(value));
      return true;
    case 'object':
      if (Array.isArray(value)) writeArray(value, sink);
      else writeObject(value as Record<string, unknown>, sink);
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

function writeArray(items: readonly unknown[], sink: JsonSink): void {
  sink('[');
  items.forEach((item, i) => {
    if (i > 0) sink(',');
    if (!write(item, sink)) sink('null');
  });
  sink(']');
}

function writeObject(object: Record<string, unknown>, sink: JsonSink): void {
  sink('{');
  let first = true;
  // The default sort compares UTF-16 code units: the order canonical JSON promises.
  for (const key of Object.keys(object).sort()) {
    const item = object[key];
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    sink(first ? `${JSON.stringify(key)}:` : `,${JSON.stringify(key)}:`);
    first = false;
    write(item, sink);
  }
  sink('}');
}

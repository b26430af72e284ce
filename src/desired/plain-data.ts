// Narrowing helpers for the plain data a YamlTree holds. The schema has already reported every
// wrong shape, so rule checks simply skip what these reject.

export type PlainMap = Readonly<Record<string, unknown>>;

export function asMap(value: unknown): PlainMap | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as PlainMap)
    : undefined;
}

/** Text that holds something besides whitespace. */
export function asText(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/**
 * Sets an own, enumerable key. Plain assignment would treat "__proto__" as the prototype; an
 * object without a prototype would dodge that but is several times slower to build.
 */
export function setEntry(map: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(map, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    map[key] = value;
  }
}

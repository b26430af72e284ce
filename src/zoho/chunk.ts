export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    chunks.push(items.slice(start, start + size));
  }
  return chunks;
}

/** First occurrence wins, order kept. */
export function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}

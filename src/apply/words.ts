// Counted words for apply's own messages. src/apply may not import render (see
// docs/ARCHITECTURE.md), so this mirrors render/words.ts's `plural`, same number format.

const COUNT_FORMAT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** plural(1, 'record') -> "1 record"; plural(2, 'record') -> "2 records"; 1234 -> "1,234 ...". */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${COUNT_FORMAT.format(n)} ${n === 1 ? singular : pluralForm}`;
}

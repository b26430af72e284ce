// Counts and wording shared by every message and view (render, apply), so they all agree.

const COUNT_FORMAT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** 1234 -> "1,234". Only for counts: Zoho ids are strings and never go through here. */
export function formatCount(n: number): string {
  return COUNT_FORMAT.format(n);
}

/** plural(1, 'record') -> "1 record"; plural(2, 'record') -> "2 records". */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : pluralForm}`;
}

/** 0.3 -> "30%". */
export function formatPercent(ratio: number): string {
  return `${COUNT_FORMAT.format(ratio * 100)}%`;
}

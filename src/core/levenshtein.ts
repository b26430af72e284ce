// "Did you mean" suggestions for territory references. Case-insensitive, because a name typed
// in the wrong case is the most common slip and the closest suggestion should be its exact form.
import { compareText } from './ordering.js';

/** Edit distance (insertions, deletions, substitutions), two rows of memory. */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i += 1) {
    current[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      const deletion = (previous[j] ?? 0) + 1;
      const insertion = (current[j - 1] ?? 0) + 1;
      current[j] = Math.min(substitution, deletion, insertion);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length] ?? 0;
}

/**
 * Up to `limit` candidates close enough to `query` to be a plausible typo, closest first.
 * Far-off candidates are left out, and so are those much further than the best one: next to
 * "Organization/EMEA/DACH" for "Organization/EMEA/DAHC", a sibling path is just noise.
 */
export function closestNames(
  query: string,
  candidates: Iterable<string>,
  limit = 3,
): readonly string[] {
  const wanted = query.toLowerCase();
  const tolerance = Math.max(2, Math.floor(wanted.length / 3));
  const scored: { name: string; distance: number }[] = [];
  const seen = new Set<string>();
  for (const name of candidates) {
    if (seen.has(name)) continue;
    seen.add(name);
    // The length gap is a lower bound on the distance: skip the quadratic work when it is too far.
    if (Math.abs(name.length - wanted.length) > tolerance) continue;
    const distance = levenshtein(wanted, name.toLowerCase());
    if (distance <= tolerance) scored.push({ name, distance });
  }
  const best = Math.min(...scored.map((entry) => entry.distance));
  return scored
    .filter((entry) => entry.distance <= best + 1)
    .sort((a, b) => a.distance - b.distance || compareText(a.name, b.name))
    .slice(0, limit)
    .map((entry) => entry.name);
}

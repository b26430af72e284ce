// Alias names for exported territories: "US East" -> us-east, "Müller & Söhne" -> muller-sohne.

/** Lower-case letters and digits joined by single dashes; '' when nothing is left. */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * A slug usable as an alias (the schema refuses all-digit names, which would read as ids),
 * distinct from every name in `taken`: a numbered suffix settles collisions.
 */
export function uniqueSlug(text: string, taken: ReadonlySet<string>): string {
  const slug = slugify(text);
  const base = slug === '' ? 'territory' : /^[0-9]+$/.test(slug) ? `territory-${slug}` : slug;
  if (!taken.has(base)) return base;
  // Bounded by taken.size + 2: one of that many suffixes must be free.
  for (let n = 2; n <= taken.size + 2; n += 1) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
  throw new RangeError(`no free alias name for "${text}"`);
}

// Desired files whose YAML aliases expand far beyond the file, made at test time: the large ones
// would bloat the repository, and their shape is clearer as code than as megabytes of text.

export const ID = '554023000003635001';

/** The i-th record id after ID: 18 digits, no leading 0. */
export function recordId(i: number): string {
  return String(BigInt(ID) + BigInt(i));
}

/** Just under the 10,000 aliases a file may hold: the limit on their count alone is not enough. */
export const ALIASES = 9_999;

/**
 * `levels` anchors, each `width` aliases of the one before: width^levels values. In flow style
 * (records of lists, 900 bytes for ten levels) or block style (mappings of mappings).
 */
export function billionLaughs(
  levels: number,
  width: number,
  style: 'flow' | 'block' = 'flow',
): string {
  if (style === 'flow') {
    const lines = ['version: 1', 'records:', '  Accounts:', `    "${recordId(0)}": &a0 [EMEA]`];
    for (let i = 1; i <= levels; i += 1) {
      const aliases = Array.from({ length: width }, () => `*a${i - 1}`).join(', ');
      lines.push(`    "${recordId(i)}": &a${i} [${aliases}]`);
    }
    return `${lines.join('\n')}\n`;
  }
  const lines = ['version: 1', 'l0: &l0'];
  for (let k = 0; k < width; k += 1) lines.push(`  k${k}: lol`);
  for (let i = 1; i <= levels; i += 1) {
    lines.push(`l${i}: &l${i}`);
    for (let k = 0; k < width; k += 1) lines.push(`  k${k}: *l${i - 1}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * One large anchored value and ALIASES records that each repeat it:
 * - 'map': a `territories:` mapping of about `bytes` (4.3 MB in the report), every record `*all`;
 * - 'names': a list of ten 4,096-character names (the longest a name may be): 330 KB in all;
 * - 'note': a 100,000-character note.
 */
export function manyAliasesOf(kind: 'map' | 'names' | 'note', bytes: number): string {
  const lines = ['version: 1'];
  let alias: string;
  if (kind === 'map') {
    lines.push('territories: &all');
    let size = 0;
    for (let i = 0; size < bytes - ALIASES * 30; i += 1) {
      const line = `  t${i}: { name: Territory ${i} }`;
      lines.push(line);
      size += line.length + 1;
    }
    lines.push('records:', '  Accounts:');
    alias = '*all';
  } else if (kind === 'names') {
    const names = Array.from({ length: 10 }, (_, i) => `Name${i}`.padEnd(4096, 'x'));
    lines.push('records:', '  Accounts:', `    "${recordId(0)}": &names [${names.join(', ')}]`);
    alias = '*names';
  } else {
    lines.push(
      'records:',
      '  Accounts:',
      `    "${recordId(0)}": { territories: [EMEA], note: &note "${'x'.repeat(100_000)}" }`,
    );
    alias = '{ territories: [EMEA], note: *note }';
  }
  for (let i = 1; i <= ALIASES; i += 1) lines.push(`    "${recordId(i)}": ${alias}`);
  return `${lines.join('\n')}\n`;
}

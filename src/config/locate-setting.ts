// Where a setting is written in a JSON or YAML config file, so a schema problem reads as
// `territory-sync.config.yaml:3:5: ...` like every other located message. JavaScript configs
// are values, not text: their problems name the setting only. The text is the one that was
// parsed (read once, bounded): the file is not opened again.
import path from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Node } from 'yaml';

/** `line:col` of a setting's key (or its value), or undefined when it cannot be found. */
export type SettingLocator = (
  segments: readonly string[],
  part?: 'key' | 'value',
) => string | undefined;

const TEXT_FORMATS = new Set(['.json', '.yaml', '.yml', '']);

function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: readonly number[] | null } | null)?.range;
  return range?.[0];
}

export function settingLocator(file: string, text: string, packageProp: string): SettingLocator {
  const none: SettingLocator = () => undefined;
  if (!TEXT_FORMATS.has(path.extname(file))) return none;
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false });
  if (doc.errors.length > 0) return none;
  const prefix = path.basename(file) === 'package.json' ? [packageProp] : [];
  return (segments, part = 'key') => {
    let node: unknown = doc.contents;
    let offset = rangeStart(node);
    for (const segment of [...prefix, ...segments]) {
      if (isMap(node)) {
        const pair = node.items.find(
          (p) => String((p.key as Node | null)?.toJSON() ?? '') === segment,
        );
        if (pair === undefined) return undefined;
        offset = rangeStart(pair.key);
        node = pair.value;
      } else if (isSeq(node)) {
        node = node.items[Number(segment)];
        offset = rangeStart(node);
      } else {
        return undefined;
      }
    }
    if (part === 'value') offset = rangeStart(node) ?? offset;
    if (offset === undefined) return undefined;
    const { line, col } = lines.linePos(offset);
    return `${line}:${col}`;
  };
}

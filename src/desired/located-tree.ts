// A parsed desired file as plain data, plus where every key and value was written. Both YAML
// readers (the strict fast one and the full `yaml` library) produce this same shape, so the
// schema and rule checks never know which one ran.
import type { SourceLocation } from '../core/model.js';

/** Keys and list indexes (as strings) from the document root: ['records', 'Accounts', '5540...']. */
export type DocumentPath = readonly string[];

/** Digits this long are ids (or mistyped ids), never arithmetic: both readers keep them as text. */
export const INTEGER_AS_TEXT = /^[0-9]{10,}$/;

/** Maps this small are searched key by key: cheaper than a Map for the many two-key entries. */
const LINEAR_SEARCH_LIMIT = 8;

/**
 * Where each key (or list index) of one plain map (or list) and its value were written, as
 * source offsets; -1 when there is none (a list item has no key, `key:` has no value).
 */
export class PositionTable {
  /** Map keys in order; lists have none (their keys are their indexes). */
  private readonly keys: string[] | undefined;
  /** Lists: value offsets. Maps: key and value offsets, interleaved. */
  private readonly offsets: number[];
  private lookup: Map<string, number> | undefined;

  private constructor(isList: boolean, offsets: number[]) {
    this.keys = isList ? undefined : [];
    this.offsets = offsets;
  }

  /**
   * `offsets`: where each item's value starts, when known at once. A table built item by item
   * holds room for 16 offsets; 100,000 one-line lists held to their size are megabytes fewer
   * for the garbage collector to copy.
   */
  static forList(offsets: number[] = []): PositionTable {
    return new PositionTable(true, offsets);
  }

  static forMap(): PositionTable {
    return new PositionTable(false, []);
  }

  /** The entry's index, or -1. */
  indexOf(key: string): number {
    const { keys } = this;
    if (keys === undefined) {
      const index = Number(key);
      return Number.isInteger(index) && index >= 0 && index < this.offsets.length ? index : -1;
    }
    if (this.lookup !== undefined) return this.lookup.get(key) ?? -1;
    if (keys.length <= LINEAR_SEARCH_LIMIT) return keys.indexOf(key);
    this.lookup = new Map(keys.map((k, i) => [k, i]));
    return this.lookup.get(key) ?? -1;
  }

  addItem(valueOffset: number): void {
    this.offsets.push(valueOffset);
  }

  addKey(key: string, keyOffset: number, valueOffset: number): void {
    this.lookup?.set(key, this.keys?.length ?? 0);
    this.keys?.push(key);
    this.offsets.push(keyOffset, valueOffset);
  }

  keyOffset(index: number): number {
    return this.keys === undefined ? -1 : (this.offsets[2 * index] ?? -1);
  }

  valueOffset(index: number): number {
    return (this.keys === undefined ? this.offsets[index] : this.offsets[2 * index + 1]) ?? -1;
  }
}

/** The PositionTable of each plain map and list in a tree. */
export type PositionIndex = Map<object, PositionTable>;

export interface DuplicateKey {
  /** The mapping holding the key twice. */
  readonly path: DocumentPath;
  readonly key: string;
  readonly first: SourceLocation;
  readonly second: SourceLocation;
}

export interface YamlTree {
  readonly file: string;
  /**
   * The document as plain data. Integers of 10 or more digits keep their exact source text, so
   * an unquoted 19-digit id is never rounded. A repeated key keeps its first value.
   */
  readonly value: unknown;
  readonly duplicates: readonly DuplicateKey[];
  /** Where a path was written: its key, or its value (the key when the value is empty). */
  locate(path: DocumentPath, part: 'key' | 'value'): SourceLocation;
  /** The same for one key of a map (or index of a list) already in hand: no walk from the root. */
  locateChild(container: object, key: string, part: 'key' | 'value'): SourceLocation;
  /**
   * The file's text and where one value's source starts in it (-1 when written as nothing), for
   * a problem found inside a scalar (a selector's criteria) to be placed at its character.
   */
  readonly text: string;
  valueOffset(container: object, key: string): number;
  /** file:line:col of an offset in `text`. */
  at(offset: number): SourceLocation;
}

/**
 * 1-based line and column of source offsets, by binary search over the line starts. Callers
 * mostly ask in file order (every record, then its territories), so the line found last is
 * tried first: a step or two instead of a search over 100,000 lines. `lineStarts` may still be
 * growing (the fast reader locates duplicate keys while it reads).
 */
export function offsetLocator(
  file: string,
  lineStarts: readonly number[],
): (offset: number) => SourceLocation {
  let last = 0;
  const located = (line: number, offset: number): SourceLocation => {
    last = line;
    return { file, line: line + 1, column: offset - (lineStarts[line] ?? 0) + 1 };
  };
  return (offset) => {
    const count = lineStarts.length;
    if (last < count && (lineStarts[last] ?? 0) <= offset) {
      for (let line = last; line < last + 4; line += 1) {
        if (line + 1 >= count || (lineStarts[line + 1] ?? 0) > offset) {
          return located(line, offset);
        }
      }
    }
    let low = 0;
    let high = count - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((lineStarts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return located(low, offset);
  };
}

/** One offset's place, by counting lines: for a problem found before any parser ran. */
export function locateOffset(file: string, text: string, offset: number): SourceLocation {
  const before = text.slice(0, offset);
  let line = 1;
  for (let i = before.indexOf('\n'); i >= 0; i = before.indexOf('\n', i + 1)) line += 1;
  return { file, line, column: offset - before.lastIndexOf('\n') };
}

export function createTree(input: {
  readonly file: string;
  readonly text: string;
  readonly value: unknown;
  readonly duplicates: readonly DuplicateKey[];
  readonly positions: PositionIndex;
  readonly rootOffset: number;
  readonly at: (offset: number) => SourceLocation;
}): YamlTree {
  const { value, positions, at } = input;
  const pick = (table: PositionTable | undefined, index: number, part: 'key' | 'value') => {
    if (table === undefined || index < 0) return at(input.rootOffset);
    const key = table.keyOffset(index);
    const found = table.valueOffset(index);
    const wanted = part === 'key' && key >= 0 ? key : found;
    const offset = wanted >= 0 ? wanted : key;
    return at(offset >= 0 ? offset : input.rootOffset);
  };
  return {
    file: input.file,
    value,
    duplicates: input.duplicates,
    locate(path, part) {
      let container: unknown = value;
      let table: PositionTable | undefined;
      let index = -1;
      for (const segment of path) {
        if (container === null || typeof container !== 'object') break;
        const inner = positions.get(container);
        const found = inner?.indexOf(segment) ?? -1;
        if (found < 0) break;
        table = inner;
        index = found;
        container = (container as Record<string, unknown>)[segment];
      }
      return pick(table, index, part);
    },
    locateChild(container, key, part) {
      const table = positions.get(container);
      return pick(table, table?.indexOf(key) ?? -1, part);
    },
    text: input.text,
    valueOffset(container, key) {
      const table = positions.get(container);
      const index = table?.indexOf(key) ?? -1;
      return table === undefined || index < 0 ? -1 : table.valueOffset(index);
    },
    at,
  };
}

// Reads any YAML with the `yaml` library: syntax errors with their places, anchors and aliases,
// every quoting style. Slower than the canonical reader, so it runs only when that one declines.
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Alias, Document, Node, Scalar, YAMLMap } from 'yaml';
import type { Diagnostic, SourceLocation } from '../core/model.js';
import { DESIRED_DIAGNOSTIC } from './diagnostic-codes.js';
import { problem } from './diagnostics.js';
import { createTree, INTEGER_AS_TEXT, offsetLocator, PositionTable } from './located-tree.js';
import type { DuplicateKey, PositionIndex, YamlTree } from './located-tree.js';
import { setEntry } from './plain-data.js';
import { syntaxDiagnostics, yamlWarnings } from './yaml-syntax.js';

export interface YamlParse {
  /** Absent when the text is not usable YAML (syntax errors) or holds nothing. */
  readonly tree: YamlTree | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

function plainScalar(node: Scalar): unknown {
  const value: unknown = node.value;
  if (typeof value !== 'bigint') return value;
  if (node.type === 'PLAIN' && node.source !== undefined && INTEGER_AS_TEXT.test(node.source)) {
    return node.source;
  }
  return Number(value);
}

/** Plain keys as written: `554023000003635023: x` has the key "554023000003635023". */
function keyText(key: unknown): string {
  if (isScalar(key)) {
    const value = plainScalar(key);
    if (typeof value === 'string') return value;
    return key.source ?? String(value);
  }
  return key === null || key === undefined ? '' : JSON.stringify(key);
}

function rangeStart(node: unknown): number {
  if (node !== null && typeof node === 'object' && 'range' in node) {
    const range = (node as { range?: readonly number[] | null }).range;
    return range?.[0] ?? -1;
  }
  return -1;
}

/** A value written as nothing (`key:`) has no place of its own; its key stands for it. */
function valueOffset(node: unknown): number {
  if (node === null || node === undefined) return -1;
  if (isScalar(node) && node.value === null) {
    const range = node.range;
    if (range === undefined || range === null || range[0] === range[1]) return -1;
  }
  return rangeStart(node);
}

/** An empty list item (`-` alone) is placed at its dash, which its empty range follows. */
function itemOffset(item: unknown): number {
  const offset = valueOffset(item);
  if (offset >= 0) return offset;
  const after = rangeStart(item);
  return after > 0 ? after - 1 : -1;
}

class PlainBuilder {
  readonly positions: PositionIndex = new Map();
  readonly duplicates: DuplicateKey[] = [];
  readonly diagnostics: Diagnostic[] = [];
  /** Bounds the nodes a walk may visit, so nested YAML aliases cannot expand without end. */
  private budget: number;
  private readonly expanding = new Set<Node>();
  private readonly path: string[] = [];

  constructor(
    private readonly doc: Document,
    private readonly at: (offset: number) => SourceLocation,
    textLength: number,
  ) {
    this.budget = 10 * textLength + 1000;
  }

  toPlain(node: unknown): unknown {
    this.budget -= 1;
    if (this.budget < 0) return null;
    if (isAlias(node)) return this.expandAlias(node);
    if (isScalar(node)) return plainScalar(node);
    if (isSeq(node)) {
      const list: unknown[] = [];
      const where = PositionTable.forList();
      node.items.forEach((item, i) => {
        this.path.push(String(i));
        list.push(this.toPlain(item));
        this.path.pop();
        where.addItem(itemOffset(item));
      });
      this.positions.set(list, where);
      return list;
    }
    if (isMap(node)) return this.mapToPlain(node);
    return null;
  }

  private expandAlias(node: Alias): unknown {
    const target: Node | undefined = node.resolve(this.doc);
    if (target === undefined || this.expanding.has(target)) {
      this.diagnostics.push(
        problem({
          code: DESIRED_DIAGNOSTIC.yamlAlias,
          message: 'This YAML alias (*name) refers to itself or to nothing.',
          hint: 'Define the anchor (&name) before using it, outside the value that uses it.',
          location: this.at(rangeStart(node)),
        }),
      );
      return null;
    }
    this.expanding.add(target);
    const value = this.toPlain(target);
    this.expanding.delete(target);
    if (this.budget < 0 && this.diagnostics.every((d) => d.code !== DESIRED_DIAGNOSTIC.yamlAlias)) {
      this.diagnostics.push(
        problem({
          code: DESIRED_DIAGNOSTIC.yamlAlias,
          message: 'YAML aliases (*name) here expand to far more data than the file holds.',
          hint: 'Write the lists out, or use territory aliases from the `territories:` section.',
          location: this.at(rangeStart(node)),
        }),
      );
    }
    return value;
  }

  private mapToPlain(node: YAMLMap): Record<string, unknown> {
    const plain = {} as Record<string, unknown>;
    const where = PositionTable.forMap();
    for (const pair of node.items) {
      const key = keyText(pair.key);
      const first = where.indexOf(key);
      if (first >= 0) {
        this.duplicates.push({
          path: [...this.path],
          key,
          first: this.at(where.keyOffset(first)),
          second: this.at(rangeStart(pair.key)),
        });
        continue;
      }
      where.addKey(key, rangeStart(pair.key), valueOffset(pair.value));
      this.path.push(key);
      setEntry(plain, key, this.toPlain(pair.value));
      this.path.pop();
    }
    this.positions.set(plain, where);
    return plain;
  }
}

export function parseFullYaml(file: string, text: string): YamlParse {
  const lines = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: lines,
    intAsBigInt: true,
    // Duplicates are found while walking, which knows both places.
    uniqueKeys: false,
    prettyErrors: false,
  });
  const at = offsetLocator(file, lines.lineStarts);
  if (doc.errors.length > 0) {
    return { tree: undefined, diagnostics: syntaxDiagnostics(file, text, doc, doc.errors, lines) };
  }
  const warnings = yamlWarnings(file, doc.warnings, lines);
  if (valueOffset(doc.contents) < 0) {
    return {
      tree: undefined,
      diagnostics: [
        ...warnings,
        problem({
          code: DESIRED_DIAGNOSTIC.emptyFile,
          message: `${file} is empty.`,
          hint: 'Start it with `version: 1` and a `records:` section, or remove it from the "desired" setting.',
          location: at(0),
        }),
      ],
    };
  }
  const builder = new PlainBuilder(doc, at, text.length);
  const value = builder.toPlain(doc.contents);
  const tree = createTree({
    file,
    value,
    duplicates: builder.duplicates,
    positions: builder.positions,
    rootOffset: rangeStart(doc.contents),
    at,
  });
  return { tree, diagnostics: [...warnings, ...builder.diagnostics] };
}

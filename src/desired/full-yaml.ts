// Reads any YAML with the `yaml` library: syntax errors with their places, anchors and aliases,
// every quoting style. Slower than the canonical reader, so it runs only when that one declines.
import { isAlias, isMap, isNode, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Alias, Node, Scalar, YAMLMap } from 'yaml';
import type { Diagnostic, SourceLocation } from '../core/model.js';
import { DESIRED_DIAGNOSTIC } from '../core/diagnostic-codes.js';
import { problem } from './diagnostics.js';
import { expansionLimit, MAX_ALIASES, MAX_NESTING } from './limits.js';
import {
  createTree,
  INTEGER_AS_TEXT,
  locateOffset,
  offsetLocator,
  PositionTable,
} from './located-tree.js';
import type { DuplicateKey, PositionIndex, YamlTree } from './located-tree.js';
import { setEntry } from './plain-data.js';
import { aliasTargets, measureAliasExpansion } from './yaml-alias-expansion.js';
import { prescanAliasExpansion } from './yaml-alias-prescan.js';
import type { ExpansionProblem } from './yaml-alias-prescan.js';
import { prescanYaml } from './yaml-prescan.js';
import type { PrescanProblem } from './yaml-prescan.js';
import { syntaxDiagnostics, yamlWarnings } from './yaml-syntax.js';

export interface YamlParse {
  /** Absent when the text is not usable YAML (syntax errors) or holds nothing. */
  readonly tree: YamlTree | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

function plainScalar(node: Scalar): unknown {
  const value: unknown = node.value;
  // A tag such as !!binary or !!timestamp makes an object: its text is what was written.
  if (value !== null && typeof value === 'object') return node.source ?? null;
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

/**
 * Tags of YAML's core schema, which only restate a plain type. Any other tag asks for a type a
 * desired file has no use for (!!binary, !!timestamp, !!set) or one no reader knows (!!js/function).
 */
const PLAIN_TAGS = new Set(
  ['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((name) => `tag:yaml.org,2002:${name}`),
);

class PlainBuilder {
  readonly positions: PositionIndex = new Map();
  readonly duplicates: DuplicateKey[] = [];
  readonly diagnostics: Diagnostic[] = [];
  private readonly expanding = new Set<Node>();
  private readonly path: string[] = [];
  /** Collections open around the node being built; aliases can nest them beyond the text's. */
  private depth = 0;
  private tooDeepReported = false;
  private readonly tagged = new Set<Node>();

  /** `targets` expand to no more than the limit: measureAliasExpansion has counted them. */
  constructor(
    private readonly targets: ReadonlyMap<Alias, Node>,
    private readonly at: (offset: number) => SourceLocation,
  ) {}

  toPlain(node: unknown): unknown {
    if (isAlias(node)) return this.expandAlias(node);
    // A tag is reported, then ignored: the value reads as if untagged, so one mistake is one
    // message and the rest of the file is still checked.
    this.checkTag(node);
    if (isScalar(node)) return plainScalar(node);
    if (!isSeq(node) && !isMap(node)) return null;
    if (this.depth >= MAX_NESTING) return this.tooDeep(node);
    this.depth += 1;
    const value = isSeq(node) ? this.seqToPlain(node.items) : this.mapToPlain(node);
    this.depth -= 1;
    return value;
  }

  private seqToPlain(items: readonly unknown[]): unknown[] {
    const list: unknown[] = [];
    const where = PositionTable.forList();
    items.forEach((item, i) => {
      this.path.push(String(i));
      list.push(this.toPlain(item));
      this.path.pop();
      where.addItem(itemOffset(item));
    });
    this.positions.set(list, where);
    return list;
  }

  /** Reports a tag beyond the core schema's plain types, once however often aliases repeat it. */
  private checkTag(node: unknown): void {
    if (!isNode(node) || node.tag === undefined || PLAIN_TAGS.has(node.tag)) return;
    if (this.tagged.has(node)) return;
    this.tagged.add(node);
    const tag = node.tag.replace(/^tag:yaml\.org,2002:/, '!!');
    this.diagnostics.push(
      problem({
        code: DESIRED_DIAGNOSTIC.yamlTag,
        message: `The YAML tag ${tag} is not allowed: a desired file holds only text, lists and mappings.`,
        hint: `Remove '${tag}' and write the value as plain text (quote it if needed).`,
        location: this.at(rangeStart(node)),
      }),
    );
  }

  private tooDeep(node: unknown): null {
    if (!this.tooDeepReported) {
      this.tooDeepReported = true;
      this.diagnostics.push(
        problem({
          code: DESIRED_DIAGNOSTIC.nestingTooDeep,
          message: `Lists and mappings nest more than ${MAX_NESTING} levels deep here; a desired file needs five.`,
          hint: 'Check the indentation and brackets here, and YAML aliases (*name) that repeat a nested value.',
          location: this.at(rangeStart(node)),
        }),
      );
    }
    return null;
  }

  private expandAlias(node: Alias): unknown {
    const target: Node | undefined = this.targets.get(node);
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

/**
 * Line starts from the text itself. The library's own LineCounter misses the line breaks
 * inside a plain scalar it recovers from after a syntax error, and every place after drifts.
 */
function countLines(text: string): LineCounter {
  const lines = new LineCounter();
  lines.addNewLine(0);
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines.addNewLine(i + 1);
  return lines;
}

function prescanDiagnostic(file: string, text: string, found: PrescanProblem): Diagnostic {
  const location = locateOffset(file, text, found.offset);
  return found.kind === 'nesting'
    ? problem({
        code: DESIRED_DIAGNOSTIC.nestingTooDeep,
        message: `Lists and mappings nest more than ${MAX_NESTING} levels deep here; a desired file needs five.`,
        hint: "Check for a run of unclosed '[' or '{', or of '- ' items inside one another.",
        location,
      })
    : problem({
        code: DESIRED_DIAGNOSTIC.yamlAlias,
        message: `This file uses more than ${MAX_ALIASES.toLocaleString('en-US')} YAML aliases (*name); this one is past the limit.`,
        hint: 'Write the lists out, or use territory aliases from the `territories:` section.',
        location,
      });
}

function expansionDiagnostic(
  location: SourceLocation,
  found: ExpansionProblem,
  textLength: number,
): Diagnostic {
  const what = found.measure === 'values' ? 'values (lists, mappings, keys, texts)' : 'characters';
  return problem({
    code: DESIRED_DIAGNOSTIC.yamlAlias,
    message: `YAML aliases (*name) here expand to far more data than the file holds: with this one they add more than ${found.limit.toLocaleString('en-US')} ${what}, the most aliases may add to a file of ${textLength.toLocaleString('en-US')} characters.`,
    hint: 'Write the lists out, or use territory aliases from the `territories:` section.',
    location,
  });
}

export function parseFullYaml(file: string, text: string): YamlParse {
  // Before the `yaml` library sees the text: it needs seconds and hundreds of MB to parse a few
  // MB, and an alias bomb that size must be refused in milliseconds. What this estimate lets
  // through is counted exactly once parsed, before anything is built.
  const limit = expansionLimit(text.length);
  const expanding = prescanAliasExpansion(text, limit);
  if (expanding !== undefined) {
    const location = locateOffset(file, text, expanding.offset);
    return {
      tree: undefined,
      diagnostics: [expansionDiagnostic(location, expanding, text.length)],
    };
  }
  const refused = prescanYaml(text);
  if (refused !== undefined) {
    return { tree: undefined, diagnostics: [prescanDiagnostic(file, text, refused)] };
  }
  const doc = parseDocument(text, {
    intAsBigInt: true,
    // Duplicates are found while walking, which knows both places.
    uniqueKeys: false,
    prettyErrors: false,
  });
  const lines = countLines(text);
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
  const targets = aliasTargets(doc);
  const expanded = measureAliasExpansion(doc, targets, limit);
  if (expanded !== undefined) {
    return {
      tree: undefined,
      diagnostics: [...warnings, expansionDiagnostic(at(expanded.offset), expanded, text.length)],
    };
  }
  const builder = new PlainBuilder(targets, at);
  const value = builder.toPlain(doc.contents);
  const tree = createTree({
    file,
    text,
    value,
    duplicates: builder.duplicates,
    positions: builder.positions,
    rootOffset: rangeStart(doc.contents),
    at,
  });
  return { tree, diagnostics: [...warnings, ...builder.diagnostics] };
}

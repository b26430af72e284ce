// The pure heart of the loader: texts in, a DesiredState or every problem out. No file system,
// clock or environment, so it is tested directly and the CLI's validate, plan and apply agree.
import { DEFAULT_MODULES } from '../core/model.js';
import type { Diagnostic, ModuleName } from '../core/model.js';
import { compareRecordKeys, compareText } from '../core/ordering.js';
import { collectAliases, referencedAliases, unusedAliases } from './aliases.js';
import type { DesiredLoadResult, DesiredSource } from './desired-load-result.js';
import { sortDiagnostics } from './diagnostics.js';
import { duplicateKeyDiagnostics } from './duplicate-keys.js';
import { collectRecords } from './records.js';
import { collectSelectors } from './selectors.js';
import { schemaDiagnostics } from './schema-messages.js';
import { schemaErrors } from './schema-validator.js';
import { parseYaml } from './parse-yaml.js';
import type { YamlTree } from './located-tree.js';
import { rawTextProblem, valueTextDiagnostics } from './unsafe-text.js';

/** What the configuration decides about the rules a desired state is held to. */
export interface DesiredRules {
  /** The modules managed; a records section for another is refused. Default: DEFAULT_MODULES. */
  readonly modules?: readonly ModuleName[];
}

/**
 * Checks every file and reports every problem at once. `earlier` holds problems found before
 * parsing (a file that could not be read), so they sort in with the rest.
 */
export function checkSources(
  sources: readonly DesiredSource[],
  options: DesiredRules = {},
  earlier: readonly Diagnostic[] = [],
): DesiredLoadResult {
  // Path order makes "the first definition" and "listed twice" stable however files are passed.
  const ordered = [...sources].sort((a, b) => compareText(a.path, b.path));
  const diagnostics: Diagnostic[] = [...earlier];
  // Not push(...list): a file with 100,000 broken records would overflow the argument limit.
  const add = (list: readonly Diagnostic[]): void => {
    for (const diagnostic of list) diagnostics.push(diagnostic);
  };
  const trees: YamlTree[] = [];
  let everyFileParsed = earlier.length === 0;

  for (const source of ordered) {
    // A file holding control characters is binary or damaged: its YAML errors would be noise.
    const unsafe = rawTextProblem(source.path, source.text);
    if (unsafe !== undefined) {
      diagnostics.push(unsafe);
      everyFileParsed = false;
      continue;
    }
    const parsed = parseYaml(source.path, source.text);
    add(parsed.diagnostics);
    if (parsed.tree === undefined) {
      everyFileParsed = false;
      continue;
    }
    add(valueTextDiagnostics(parsed.tree));
    add(duplicateKeyDiagnostics(parsed.tree.duplicates));
    add(schemaDiagnostics(parsed.tree, schemaErrors(parsed.tree.value)));
    trees.push(parsed.tree);
  }

  const aliasTable = collectAliases(trees);
  add(aliasTable.diagnostics);
  const modules = options.modules ?? DEFAULT_MODULES;
  const collected = collectRecords(trees, aliasTable.aliases, modules);
  add(collected.diagnostics);
  const selectors = collectSelectors(trees, aliasTable.aliases, modules);
  add(selectors.diagnostics);
  // An alias may be used in a file that did not parse, or in the value of a repeated key (the
  // tree keeps the first): only warn when every use was seen. Any use counts, in a refused
  // section or record too: that problem is reported where it is.
  if (everyFileParsed && trees.every((tree) => tree.duplicates.length === 0)) {
    add(unusedAliases(aliasTable.aliases, referencedAliases(trees, aliasTable.aliases)));
  }

  const sorted = sortDiagnostics(diagnostics);
  if (sorted.some((d) => d.severity === 'error')) return { ok: false, diagnostics: sorted };
  return {
    ok: true,
    state: {
      files: ordered.map((source) => ({ path: source.path, sha256: source.sha256 })),
      records: [...collected.records].sort(compareRecordKeys),
      // Absent, not empty, without selectors: a state (and a plan) from files without them is
      // byte for byte what it was before selectors existed.
      ...(selectors.selectors.length > 0 ? { selectors: selectors.selectors } : {}),
      aliases: [...aliasTable.aliases.values()]
        .flatMap((alias) => (alias.ref === undefined ? [] : [{ name: alias.name, ref: alias.ref }]))
        .sort((a, b) => compareText(a.name, b.name)),
    },
    warnings: sorted,
  };
}

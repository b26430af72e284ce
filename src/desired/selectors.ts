// The `selectors:` sections of every file as DesiredSelectors (docs/SELECTORS.md §1, §2): names
// unique per module across files, criteria parsed and written back in canonical COQL, territory
// references read exactly as `records:` reads them, and the limits Zoho puts on one record
// checked on what one selector gives. Modules the config does not manage are refused as in
// `records:`, after their selectors are checked all the same, so a refused file still shows
// every mistake in it.
import { MAX_TERRITORIES_PER_RECORD } from '../constants/zoho.js';
import { MANAGED_MODULES } from '../core/model.js';
import type {
  DesiredExclusion,
  DesiredSelector,
  Diagnostic,
  ModuleName,
  SourceLocation,
} from '../core/model.js';
import { DESIRED_DIAGNOSTIC } from '../core/diagnostic-codes.js';
import { compareIds, compareModules, compareText } from '../core/ordering.js';
import { parseCriteria } from '../selectors/parse-criteria.js';
import { renderCriteria } from '../selectors/render-criteria.js';
import type { AliasDefinition } from './aliases.js';
import { formatLocation, problem, warning } from './diagnostics.js';
import { SELECTOR_NAME, selectorSubject } from './document-path.js';
import type { YamlTree } from './located-tree.js';
import { asMap, asText } from './plain-data.js';
import type { PlainMap } from './plain-data.js';
import { SINGULAR } from './records.js';
import { scalarSourceOffset } from './scalar-source.js';
import { sha256Hex } from './sha256.js';
import { listReferences, notOptedIn, TerritoryListReader } from './territory-list.js';
import type { Written } from './territory-list.js';
import { describeBadId, isZeroLedId, isZohoId } from './zoho-ids.js';

export interface CollectedSelectors {
  /** By module (MANAGED_MODULES order), then name. */
  readonly selectors: readonly DesiredSelector[];
  readonly diagnostics: readonly Diagnostic[];
}

/** The criteria of one selector, canonical, or undefined when they were refused. */
interface Criteria {
  readonly criteria: string;
  readonly criteriaHash: string;
  /** Located here, where the YAML's positions are known, for the online check of the fields. */
  readonly fields: NonNullable<DesiredSelector['fields']>;
}

class SelectorCollector {
  readonly selectors: DesiredSelector[] = [];
  readonly diagnostics: Diagnostic[] = [];
  private readonly lists: TerritoryListReader;
  /** Where each module's names were first written, across every file. */
  private readonly seen = new Map<ModuleName, Map<string, SourceLocation>>();

  constructor(
    aliases: ReadonlyMap<string, AliasDefinition>,
    private readonly modules: readonly ModuleName[],
  ) {
    this.lists = new TerritoryListReader(aliases, this.diagnostics);
  }

  collect(tree: YamlTree): void {
    const section = asMap(asMap(tree.value)?.selectors);
    if (section === undefined) return;
    for (const module of MANAGED_MODULES) {
      if (!Object.hasOwn(section, module)) continue;
      const managed = this.modules.includes(module);
      if (!managed)
        this.diagnostics.push(notOptedIn(module, tree.locate(['selectors', module], 'key')));
      const list = section[module];
      if (!Array.isArray(list)) continue;
      for (let index = 0; index < list.length; index += 1) {
        const entry = asMap(list[index]);
        if (entry === undefined) continue;
        const selector = this.selector(tree, module, index, entry);
        if (selector !== undefined && managed) this.selectors.push(selector);
      }
    }
  }

  private selector(
    tree: YamlTree,
    module: ModuleName,
    index: number,
    entry: PlainMap,
  ): DesiredSelector | undefined {
    const subject = selectorSubject(tree.value, module, index);
    // The schema reported a missing or malformed name; the rest is still checked.
    const name =
      typeof entry.name === 'string' && SELECTOR_NAME.test(entry.name) ? entry.name : undefined;
    const location = tree.locateChild(entry, 'name', 'value');
    if (name !== undefined) this.checkUnique(module, name, subject, location);
    const criteria =
      typeof entry.where === 'string'
        ? this.criteria(tree, entry, entry.where, subject)
        : undefined;
    const territories = this.lists.read(tree, { subject }, writtenTerritories(entry));
    this.checkLimit(tree, module, entry, subject, territories.length);
    const exclude = this.exclusions(tree, module, entry, subject);
    if (name === undefined || criteria === undefined) return undefined;
    return { module, name, ...criteria, territories, exclude, location };
  }

  private checkUnique(
    module: ModuleName,
    name: string,
    subject: string,
    location: SourceLocation,
  ): void {
    let names = this.seen.get(module);
    if (names === undefined) this.seen.set(module, (names = new Map()));
    const first = names.get(name);
    if (first === undefined) {
      names.set(name, location);
      return;
    }
    this.diagnostics.push(
      problem({
        code: DESIRED_DIAGNOSTIC.duplicateSelector,
        message: `${subject} is defined twice: at ${formatLocation(first)} and at ${formatLocation(location)}.`,
        hint: `Rename or remove one: a name is unique among the ${module} selectors of every desired file, since plans and the ledger know a selector by it.`,
        location,
        related: [first],
      }),
    );
  }

  /** Parsed and written back in canonical COQL; every refusal located at its character. */
  private criteria(
    tree: YamlTree,
    entry: PlainMap,
    where: string,
    subject: string,
  ): Criteria | undefined {
    const parsed = parseCriteria(where);
    const locate = ({ offset }: { readonly offset: number }): SourceLocation => {
      const start = tree.valueOffset(entry, 'where');
      if (start < 0) return tree.locateChild(entry, 'where', 'value');
      return tree.at(scalarSourceOffset(tree.text, start, where, offset));
    };
    if (!parsed.ok) {
      this.diagnostics.push(
        problem({
          code: DESIRED_DIAGNOSTIC.badCriteria,
          message: `${subject}: ${parsed.problem.message}`,
          hint: parsed.problem.hint,
          location: locate(parsed.problem),
        }),
      );
      return undefined;
    }
    for (const found of parsed.warnings) {
      // 'literal-percent' is the parser's one warning; another would be new and is shown too.
      this.diagnostics.push(
        warning({
          code: DESIRED_DIAGNOSTIC.criteriaLiteralPercent,
          message: `${subject}: ${found.message}`,
          hint: found.hint,
          location: locate(found),
        }),
      );
    }
    const criteria = renderCriteria(parsed.expression);
    const fields = parsed.fields.map((field) => ({ name: field.field, location: locate(field) }));
    return { criteria, criteriaHash: sha256Hex(criteria), fields };
  }

  /** One selector giving more than a record may carry is refused offline (§1); overlaps are the plan's. */
  private checkLimit(
    tree: YamlTree,
    module: ModuleName,
    entry: PlainMap,
    subject: string,
    count: number,
  ): void {
    const max = MAX_TERRITORIES_PER_RECORD[module];
    if (count <= max) return;
    this.diagnostics.push(
      problem({
        code: DESIRED_DIAGNOSTIC.tooManyTerritories,
        message:
          max === 1
            ? `${subject} gives ${count} territories; a ${SINGULAR[module]} carries at most 1.`
            : `${subject} gives ${count} territories; Zoho allows at most ${max} per ${SINGULAR[module]}.`,
        hint:
          max === 1
            ? `Keep one territory, or split the selector into one per territory with criteria that do not overlap.`
            : `Remove at least ${count - max}. Territories Zoho's rules assign, and those other selectors give, count toward the limit too.`,
        location: tree.locateChild(entry, 'territories', 'key'),
      }),
    );
  }

  private exclusions(
    tree: YamlTree,
    module: ModuleName,
    entry: PlainMap,
    subject: string,
  ): DesiredExclusion[] {
    const list = entry.exclude;
    if (!Array.isArray(list)) return [];
    const byId = new Map<string, DesiredExclusion>();
    for (let i = 0; i < list.length; i += 1) {
      const id = list[i];
      if (typeof id !== 'string') continue;
      const location = tree.locateChild(list, String(i), 'value');
      if (!isZohoId(id)) {
        // The schema reported every other malformed id; it takes a leading 0.
        if (isZeroLedId(id)) {
          const bad = describeBadId(id, 'record');
          this.diagnostics.push(
            problem({
              code: DESIRED_DIAGNOSTIC.badRecordId,
              message: `${subject}: excluded ${module} record id '${id}' ${bad.reason}.`,
              hint: bad.hint,
              location,
            }),
          );
        }
        continue;
      }
      const first = byId.get(id);
      if (first !== undefined) {
        // A warning: the exclusion means the same once or twice, but a repeat is usually
        // another id pasted wrong.
        this.diagnostics.push(
          warning({
            code: DESIRED_DIAGNOSTIC.duplicateExclusion,
            message: `${subject} excludes ${module} record ${id} twice: at ${formatLocation(first.location)} and at ${formatLocation(location)}.`,
            hint: 'Remove one; if another record was meant, write its id instead.',
            location,
            related: [first.location],
          }),
        );
        continue;
      }
      byId.set(id, { id, location });
    }
    return [...byId.values()].sort((a, b) => compareIds(a.id, b.id));
  }
}

/** `territories:` as one reference or a list. */
function writtenTerritories(entry: PlainMap): Written[] {
  const single = asText(entry.territories);
  if (single !== undefined) return [{ text: single, container: entry, key: 'territories' }];
  return listReferences(entry.territories);
}

/** `modules`: the modules the configuration manages; selectors of any other are refused. */
export function collectSelectors(
  trees: readonly YamlTree[],
  aliases: ReadonlyMap<string, AliasDefinition>,
  modules: readonly ModuleName[],
): CollectedSelectors {
  const collector = new SelectorCollector(aliases, modules);
  for (const tree of trees) collector.collect(tree);
  const selectors = collector.selectors.sort(
    (a, b) => compareModules(a.module, b.module) || compareText(a.name, b.name),
  );
  return { selectors, diagnostics: collector.diagnostics };
}

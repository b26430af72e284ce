// The `territories:` sections of every file form one alias table: an alias defined in one file
// may be used in another, so a name cannot mean two things across files.
import { closestNames, levenshtein } from '../core/levenshtein.js';
import type { Diagnostic, SourceLocation, TerritoryRef } from '../core/model.js';
import { DESIRED_DIAGNOSTIC } from '../core/diagnostic-codes.js';
import { excerpt, formatLocation, problem, warning } from './diagnostics.js';
import { asMap, asText } from './plain-data.js';
import type { PlainMap } from './plain-data.js';
import { describeReference, normalisePath, pathProblem, referenceKey } from './references.js';
import type { YamlTree } from './located-tree.js';
import { describeBadId, isZeroLedId, isZohoId } from './zoho-ids.js';

export interface AliasDefinition {
  readonly name: string;
  /** Undefined when the definition itself is broken (already reported). */
  readonly ref: TerritoryRef | undefined;
  /** The alias's key. */
  readonly location: SourceLocation;
  /** The target's value. */
  readonly targetLocation: SourceLocation;
}

export interface AliasTable {
  readonly aliases: ReadonlyMap<string, AliasDefinition>;
  readonly diagnostics: readonly Diagnostic[];
}

/** The one territory an alias points at, when it names exactly one in a usable form. */
function targetOf(target: PlainMap | undefined): TerritoryRef | undefined {
  if (target === undefined || Object.keys(target).length !== 1) return undefined;
  const name = asText(target.name);
  if (name !== undefined) return { kind: 'name', value: name.trim() };
  const path = asText(target.path);
  if (path !== undefined && pathProblem(path) === undefined) {
    return { kind: 'path', value: normalisePath(path) };
  }
  const id = target.id;
  return typeof id === 'string' && isZohoId(id) ? { kind: 'id', value: id } : undefined;
}

export function collectAliases(trees: readonly YamlTree[]): AliasTable {
  const aliases = new Map<string, AliasDefinition>();
  const diagnostics: Diagnostic[] = [];
  for (const tree of trees) {
    const section = asMap(asMap(tree.value)?.territories);
    if (section === undefined) continue;
    for (const [name, rawTarget] of Object.entries(section)) {
      const target = asMap(rawTarget);
      const field = target === undefined ? undefined : Object.keys(target)[0];
      const definition: AliasDefinition = {
        name,
        ref: targetOf(target),
        location: tree.locate(['territories', name], 'key'),
        targetLocation: tree.locate(
          field === undefined ? ['territories', name] : ['territories', name, field],
          'value',
        ),
      };
      const id = target?.id;
      // The schema reported every other malformed id; it takes a leading 0.
      if (typeof id === 'string' && isZeroLedId(id)) {
        const bad = describeBadId(id, 'territory');
        diagnostics.push(
          problem({
            code: DESIRED_DIAGNOSTIC.badTerritoryId,
            message: `Alias '${excerpt(name)}': territory id '${id}' ${bad.reason}.`,
            hint: bad.hint,
            location: tree.locate(['territories', name, 'id'], 'value'),
          }),
        );
      }
      const path = target === undefined ? undefined : asText(target.path);
      const badPath = path === undefined ? undefined : pathProblem(path);
      if (badPath !== undefined) {
        diagnostics.push(
          problem({
            code: DESIRED_DIAGNOSTIC.badTerritoryPath,
            message: `Alias '${excerpt(name)}': path '${excerpt(path ?? '')}' ${badPath}.`,
            hint: 'Write the path from the root territory, one name per segment: Organization/EMEA/DACH.',
            location: definition.targetLocation,
          }),
        );
      }
      const earlier = aliases.get(name);
      if (earlier !== undefined) {
        diagnostics.push(
          problem({
            code: DESIRED_DIAGNOSTIC.duplicateAlias,
            message: `Alias '${excerpt(name)}' is defined twice: at ${formatLocation(earlier.location)} and at ${formatLocation(definition.location)}.`,
            hint: 'Aliases are shared by all desired files: keep one definition, or rename one of them.',
            location: definition.location,
            related: [earlier.location],
          }),
        );
        continue;
      }
      aliases.set(name, definition);
    }
  }
  diagnostics.push(...aliasChains(aliases));
  return { aliases, diagnostics };
}

/** `{ name: emea }` where `emea` is another alias: almost certainly meant as that alias. */
function aliasChains(aliases: ReadonlyMap<string, AliasDefinition>): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const definition of aliases.values()) {
    const { ref } = definition;
    if (ref?.kind !== 'name' || ref.value === definition.name) continue;
    const other = aliases.get(ref.value);
    if (other === undefined) continue;
    const otherTarget = other.ref === undefined ? '' : ` (${describeReference(other.ref)})`;
    diagnostics.push(
      problem({
        code: DESIRED_DIAGNOSTIC.badAlias,
        message: `Alias '${excerpt(definition.name)}' points at '${excerpt(ref.value)}', which is itself an alias.`,
        hint: `An alias cannot refer to another alias: copy the target of '${ref.value}'${otherTarget} here, or use '${ref.value}' directly.`,
        location: definition.targetLocation,
        related: [other.location],
      }),
    );
  }
  return diagnostics;
}

/** Keys whose text is no territory reference: a record's note, a selector's name and criteria. */
const FREE_TEXT = new Set(['note', 'name', 'where', 'exclude']);

/**
 * The aliases a file refers to anywhere outside its `territories:` section: in any record's
 * list, also in a section or a record that is refused (Leads, a bad id, a record listed twice, a
 * misplaced key), or in a selector's territories. Such an alias is used; the problem is reported
 * where it is, not as a second, misleading "unused alias" at the definition. Notes, selector
 * names, criteria and excluded ids are not references.
 */
export function referencedAliases(
  trees: readonly YamlTree[],
  aliases: ReadonlyMap<string, AliasDefinition>,
): Set<string> {
  const used = new Set<string>();
  if (aliases.size === 0) return used;
  // YAML anchors can make one value appear in many places: each object is walked once.
  const seen = new Set<object>();
  const stack: unknown[] = [];
  for (const tree of trees) {
    const root = asMap(tree.value);
    if (root === undefined) continue;
    for (const [key, value] of Object.entries(root)) if (key !== 'territories') stack.push(value);
  }
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === 'string') {
      const name = value.trim();
      if (aliases.has(name)) used.add(name);
      continue;
    }
    if (value === null || typeof value !== 'object' || seen.has(value)) continue;
    seen.add(value);
    if (Array.isArray(value)) {
      for (const item of value) stack.push(item);
      continue;
    }
    for (const [key, item] of Object.entries(value)) if (!FREE_TEXT.has(key)) stack.push(item);
  }
  return used;
}

/** Most distinct references compared against every alias; past it, no more are suggested. */
const SPELLING_BUDGET = 250_000;

/**
 * For name references that are no alias: the closest aliases spelled like them (a typo,
 * another case), for the resolver to suggest when the reference names no territory. An alias
 * that stands for exactly what was written is no suggestion. Answers are kept per written
 * text, and the work is capped, so a file of 100,000 distinct names stays fast.
 */
export function aliasSpelling(
  aliases: ReadonlyMap<string, AliasDefinition>,
): (ref: TerritoryRef) => readonly string[] | undefined {
  const names = [...aliases.keys()];
  const known = new Map<string, readonly string[] | undefined>();
  let budget = SPELLING_BUDGET;
  return (ref) => {
    if (names.length === 0 || ref.kind !== 'name') return undefined;
    const key = referenceKey(ref);
    if (known.has(key)) return known.get(key);
    if (budget < names.length) return undefined;
    budget -= names.length;
    const written = ref.value.toLowerCase();
    const scored = closestNames(ref.value, names)
      .filter((name) => {
        const target = aliases.get(name)?.ref;
        return target === undefined || referenceKey(target) !== key;
      })
      .map((name) => ({ name, distance: levenshtein(written, name.toLowerCase()) }));
    // Only the closest: "weest" means west, not east as well.
    const best = Math.min(...scored.map((entry) => entry.distance));
    const near = scored.filter((entry) => entry.distance === best).map((entry) => entry.name);
    const answer = near.length === 0 ? undefined : near;
    known.set(key, answer);
    return answer;
  };
}

/** Aliases no record uses: harmless, but usually a leftover or a typo in a list. */
export function unusedAliases(
  aliases: ReadonlyMap<string, AliasDefinition>,
  used: ReadonlySet<string>,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const definition of aliases.values()) {
    if (used.has(definition.name)) continue;
    diagnostics.push(
      warning({
        code: DESIRED_DIAGNOSTIC.unusedAlias,
        message: `Alias '${excerpt(definition.name)}' is defined but no record uses it.`,
        hint: "Remove it, or check the records' lists for a misspelling of it.",
        location: definition.location,
      }),
    );
  }
  return diagnostics;
}

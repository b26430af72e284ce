// The `territories:` sections of every file form one alias table: an alias defined in one file
// may be used in another, so a name cannot mean two things across files.
import type { Diagnostic, SourceLocation, TerritoryRef } from '../core/model.js';
import { DESIRED_DIAGNOSTIC } from './diagnostic-codes.js';
import { excerpt, formatLocation, problem, warning } from './diagnostics.js';
import { asMap, asText } from './plain-data.js';
import type { PlainMap } from './plain-data.js';
import { describeReference, normalisePath, pathProblem } from './references.js';
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

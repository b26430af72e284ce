// Explains ajv's schema errors in the file's own terms, each at the line and column of the key
// or value concerned. One mistake gives one message: a misspelt `territory:` is reported as an
// unknown key with a suggestion, not also as a missing `territories:`.
import { pointerSegments } from '../schemas.js';
import type { ErrorObject } from 'ajv';
import { closestNames } from '../core/levenshtein.js';
import { MANAGED_MODULES } from '../core/model.js';
import type { Diagnostic } from '../core/model.js';
import { classifyPath, recordKeyOf, recordSubject, selectorSubject } from './document-path.js';
import type { PathRole } from './document-path.js';
import { DESIRED_DIAGNOSTIC } from '../core/diagnostic-codes.js';
import { excerpt, problem } from './diagnostics.js';
import type { DocumentPath, YamlTree } from './located-tree.js';
import { ALIAS_SHAPES, describeValue, generic } from './schema-error-context.js';
import type { ErrorContext, Found } from './schema-error-context.js';
import { aliasFieldProblem, typeProblem } from './type-messages.js';
import { describeBadId } from './zoho-ids.js';

const TOP_LEVEL_KEYS = ['version', 'territories', 'records', 'selectors'];
const MODULE_KEYS: readonly string[] = [...MANAGED_MODULES, 'Leads'];
const ENTRY_KEYS = ['territories', 'note'];
const ALIAS_KEYS = ['name', 'path', 'id'];
const SELECTOR_KEYS = ['name', 'where', 'territories', 'exclude'];
const SELECTOR_SHAPE =
  'A selector has exactly `name`, `where` and `territories`, and optionally `exclude` (docs/SELECTORS.md §1).';

function valueAt(root: unknown, path: DocumentPath): unknown {
  let value = root;
  for (const segment of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, segment)) {
      return undefined;
    }
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

function didYouMean(key: string, candidates: readonly string[]): string {
  const [best] = closestNames(key, candidates, 1);
  return best === undefined ? '.' : ` — did you mean '${best}'?`;
}

function suggestion(key: string, candidates: readonly string[]): string | undefined {
  return closestNames(key, candidates, 1)[0];
}

function candidatesFor(role: PathRole): readonly string[] {
  switch (role.role) {
    case 'root':
      return TOP_LEVEL_KEYS;
    case 'records':
    case 'selectors':
      return MODULE_KEYS;
    case 'selector':
      return SELECTOR_KEYS;
    case 'alias':
      return ALIAS_KEYS;
    case 'entry':
      return ENTRY_KEYS;
    default:
      return [];
  }
}

function unknownKey(ctx: ErrorContext, written: string): Found {
  const location = ctx.tree.locate([...ctx.path, written], 'key');
  const { role } = ctx;
  const guess = didYouMean(written, candidatesFor(role));
  const key = excerpt(written);
  if (written === '<<') {
    // YAML 1.1's merge key: the yaml library (YAML 1.2) reads it as an ordinary key.
    return {
      code: DESIRED_DIAGNOSTIC.unknownKey,
      message: 'YAML merge keys (<<: *name) are not supported in desired files.',
      hint: 'Write the keys out in full; to share territories between records, use aliases from the `territories:` section.',
      location,
    };
  }
  switch (role.role) {
    case 'root':
      return {
        code: DESIRED_DIAGNOSTIC.unknownKey,
        message: `Unknown top-level key '${key}'${guess}`,
        hint: MODULE_KEYS.includes(key)
          ? `Module sections belong under \`records:\`: indent \`${key}:\` below a \`records:\` line.`
          : 'The top level holds `version`, `territories` (aliases), `records` and `selectors`.',
        location,
      };
    case 'records':
    case 'selectors':
      return {
        code: DESIRED_DIAGNOSTIC.unknownModule,
        message: `Unknown module '${key}'${guess}`,
        hint:
          'Territories are managed for Accounts, Contacts and Deals, and for Leads where the ' +
          'config sets `modules: { Leads: true }` (module names are case-sensitive).',
        location,
      };
    case 'alias':
      return {
        code: DESIRED_DIAGNOSTIC.unknownKey,
        message: `Alias '${role.alias}' has an unknown key '${key}'${guess}`,
        hint: `An alias is exactly one of ${ALIAS_SHAPES}.`,
        location,
      };
    case 'selector':
      return {
        code: DESIRED_DIAGNOSTIC.unknownKey,
        message: `Unknown key '${key}' in ${selectorSubject(ctx.tree.value, role.module, role.index)}${guess}`,
        hint: `${SELECTOR_SHAPE} Remove or rename the key.`,
        location,
      };
    case 'entry':
      return {
        code: DESIRED_DIAGNOSTIC.unknownKey,
        message: `Unknown key '${key}' in ${recordSubject(role.module, role.id)}${guess}`,
        hint: 'A record takes a list of territories, or { territories: [...], note: ... }.',
        location,
      };
    default:
      return {
        code: DESIRED_DIAGNOSTIC.unknownKey,
        message: `Unknown key '${key}'.`,
        hint: 'Remove it; see schemas/territories.schema.json for the keys this file takes.',
        location,
      };
  }
}

function missingKey(ctx: ErrorContext, key: string): Found {
  if (ctx.role.role === 'root' && key === 'version') {
    return {
      code: DESIRED_DIAGNOSTIC.missingVersion,
      message: `${ctx.tree.file} has no \`version:\`.`,
      hint: 'Add `version: 1` as the first line of the file.',
    };
  }
  if (ctx.role.role === 'entry' && key === 'territories') {
    return {
      code: DESIRED_DIAGNOSTIC.missingKey,
      message: `${recordSubject(ctx.role.module, ctx.role.id)} has no \`territories:\` list.`,
      hint: 'Add `territories: [...]`; an empty list [] removes every manually assigned territory.',
      location: ctx.tree.locate(ctx.path, 'key'),
    };
  }
  if (ctx.role.role === 'selector') {
    const subject = selectorSubject(ctx.tree.value, ctx.role.module, ctx.role.index);
    const example: Readonly<Record<string, string>> = {
      name: '`name: dach-enterprise` (lower-case letters, digits, - and _)',
      where: '`where: "Billing_Country = \'Germany\'"`, the criteria records must match',
      territories: '`territories: [dach]`, what matching records take',
    };
    return {
      code: DESIRED_DIAGNOSTIC.missingKey,
      message: `${subject} has no \`${key}:\`.`,
      hint: `Add ${example[key] ?? `\`${key}:\``}. ${SELECTOR_SHAPE}`,
      location: ctx.tree.locate(ctx.path, 'key'),
    };
  }
  return {
    code: DESIRED_DIAGNOSTIC.missingKey,
    message: `'${key}' is missing.`,
    hint: `Add \`${key}:\`.`,
    location: ctx.tree.locate(ctx.path, 'key'),
  };
}

function unsupportedVersion(ctx: ErrorContext): Found {
  if (ctx.value === '1') {
    return {
      code: DESIRED_DIAGNOSTIC.unsupportedVersion,
      message: "version is the text '1'; it must be the number 1.",
      hint: 'Write `version: 1` without quotes.',
    };
  }
  return {
    code: DESIRED_DIAGNOSTIC.unsupportedVersion,
    message: `version ${describeValue(ctx.value).replace(/^the (number|text) /, '')} is not supported: this tool reads version 1 files.`,
    hint: 'Set `version: 1`, or use the territory-sync release the file was written for.',
  };
}

function aliasNameReason(name: string): string {
  if (/^[0-9]+$/.test(name)) return 'it is all digits, so it would read as a territory id';
  if (name.includes('/')) return "it contains '/', so it would read as a path";
  if (name.trim() === '') return 'it is blank';
  return 'it starts or ends with a space';
}

function propertyNameProblem(ctx: ErrorContext, written: string): Found {
  const location = ctx.tree.locate([...ctx.path, written], 'key');
  const name = excerpt(written);
  if (ctx.role.role === 'aliases') {
    return {
      code: DESIRED_DIAGNOSTIC.badAlias,
      message: `'${name}' cannot be an alias name: ${aliasNameReason(written)}.`,
      hint: "Rename the alias (letters, digits, '-' and '_' work well) and the lists that use it.",
      location,
    };
  }
  if (ctx.role.role === 'module') {
    const bad = describeBadId(written, 'record');
    return {
      code: DESIRED_DIAGNOSTIC.badRecordId,
      message: `${ctx.role.module} record id '${name}' ${bad.reason}.`,
      hint: bad.hint,
      location,
    };
  }
  return { ...generic(ctx), location };
}

function patternProblem(ctx: ErrorContext): Found {
  const { role } = ctx;
  if (role.role === 'alias-field') return aliasFieldProblem(role.alias, role.field, ctx.value);
  if (role.role === 'selector-field' || role.role === 'selector-item') {
    return selectorPatternProblem(ctx, role.module, role.index, role.field);
  }
  if (role.role === 'entry' || role.role === 'reference') {
    return {
      code: DESIRED_DIAGNOSTIC.emptyReference,
      message: `${recordSubject(role.module, role.id)} has a blank territory reference.`,
      hint: 'Write a territory name, path, id or alias, or remove the blank item.',
    };
  }
  return generic(ctx);
}

function selectorPatternProblem(
  ctx: ErrorContext,
  module: string,
  index: number,
  field: string,
): Found {
  const subject = selectorSubject(ctx.tree.value, module, index);
  const text = typeof ctx.value === 'string' ? ctx.value : '';
  if (field === 'name') {
    return {
      code: DESIRED_DIAGNOSTIC.badSelectorName,
      message: `${subject}: '${excerpt(text)}' cannot be a selector's name: it must be 1 to 64 lower-case letters, digits, '-' and '_', starting with a letter or digit.`,
      hint: 'Rename it, e.g. `name: dach-enterprise`: plans, pull-request comments and the ledger show the name, so it is kept to characters that print the same everywhere.',
    };
  }
  if (field === 'exclude') {
    const bad = describeBadId(text, 'record');
    return {
      code: DESIRED_DIAGNOSTIC.badRecordId,
      message: `${subject}: excluded record id '${excerpt(text)}' ${bad.reason}.`,
      hint: bad.hint,
    };
  }
  if (field === 'territories') {
    return {
      code: DESIRED_DIAGNOSTIC.emptyReference,
      message: `${subject} has a blank territory reference.`,
      hint: 'Write a territory name, path, id or alias, or remove the blank item.',
    };
  }
  return generic(ctx);
}

function emptySelectorTerritories(ctx: ErrorContext): Found | undefined {
  const { role } = ctx;
  if (role.role !== 'selector-field' || role.field !== 'territories') return undefined;
  return {
    code: DESIRED_DIAGNOSTIC.emptyTerritories,
    message: `${selectorSubject(ctx.tree.value, role.module, role.index)} gives no territories: a selector that gives nothing manages nothing.`,
    hint: 'List the territories matching records take, e.g. `territories: [dach]`, or delete the selector.',
  };
}

function aliasSize(ctx: ErrorContext): Found {
  const alias = ctx.role.role === 'alias' ? ctx.role.alias : ctx.path.join('.');
  if (ctx.error.keyword === 'minProperties') {
    return {
      code: DESIRED_DIAGNOSTIC.badAlias,
      message: `Alias '${alias}' has no target ({}).`,
      hint: `Give exactly one of ${ALIAS_SHAPES}, or delete the alias.`,
    };
  }
  const keys =
    ctx.value !== null && typeof ctx.value === 'object' ? Object.keys(ctx.value) : ALIAS_KEYS;
  return {
    code: DESIRED_DIAGNOSTIC.badAlias,
    message: `Alias '${alias}' gives ${keys.join(' and ')}; an alias points at exactly one territory.`,
    hint: 'Keep one: the path where the name repeats in the hierarchy, otherwise the name.',
  };
}

function explain(ctx: ErrorContext): Found | undefined {
  const { error } = ctx;
  if (error.propertyName !== undefined) return propertyNameProblem(ctx, error.propertyName);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'propertyNames':
      // The failing name's own error (above) says which name and why.
      return undefined;
    case 'additionalProperties':
      return unknownKey(ctx, String(params.additionalProperty));
    case 'required':
      return missingKey(ctx, String(params.missingProperty));
    case 'const':
      return ctx.role.role === 'version' ? unsupportedVersion(ctx) : generic(ctx);
    case 'type':
      return typeProblem(ctx);
    case 'pattern':
      return patternProblem(ctx);
    case 'minItems':
      return emptySelectorTerritories(ctx) ?? generic(ctx);
    case 'minProperties':
    case 'maxProperties':
      return ctx.role.role === 'alias' ? aliasSize(ctx) : generic(ctx);
    default:
      return generic(ctx);
  }
}

/** Every schema error of one file as a located Diagnostic, in the order ajv found them. */
export function schemaDiagnostics(tree: YamlTree, errors: readonly ErrorObject[]): Diagnostic[] {
  // A misspelt key that suggests a missing required one is one mistake, reported once.
  const suggestedAt = new Set<string>();
  for (const error of errors) {
    if (error.keyword !== 'additionalProperties') continue;
    const role = classifyPath(pointerSegments(error.instancePath));
    const extra = String((error.params as Record<string, unknown>).additionalProperty);
    const best = suggestion(extra, candidatesFor(role));
    if (best !== undefined) suggestedAt.add(`${error.instancePath}\0${best}`);
  }

  const diagnostics: Diagnostic[] = [];
  for (const error of errors) {
    if (error.keyword === 'required') {
      const missing = String((error.params as Record<string, unknown>).missingProperty);
      if (suggestedAt.has(`${error.instancePath}\0${missing}`)) continue;
    }
    const path = pointerSegments(error.instancePath);
    const role = classifyPath(path);
    const found = explain({ tree, path, role, value: valueAt(tree.value, path), error });
    if (found === undefined) continue;
    const record = 'module' in role && 'id' in role ? recordKeyOf(role.module, role.id) : undefined;
    diagnostics.push(
      problem({
        code: found.code,
        message: found.message,
        hint: found.hint,
        location: found.location ?? tree.locate(path, 'value'),
        ...(record ? { record } : {}),
      }),
    );
  }
  return diagnostics;
}

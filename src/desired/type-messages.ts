// Explanations for values of the wrong type: a number where a territory name belongs, a list
// where a mapping belongs, nothing where a list of territories belongs.
import { recordSubject, selectorSubject } from './document-path.js';
import { DESIRED_DIAGNOSTIC } from '../core/diagnostic-codes.js';
import { excerpt } from './diagnostics.js';
import { ALIAS_SHAPES, describeKind, describeValue, generic } from './schema-error-context.js';
import type { ErrorContext, Found } from './schema-error-context.js';
import { describeBadId, isZohoId } from './zoho-ids.js';

const EMPTY_TERRITORIES_HINT =
  'Write [] to remove every manually assigned territory, or list the territories it must carry.';

function referenceType(ctx: ErrorContext, subject: string): Found {
  const { value } = ctx;
  if (value === null) {
    return {
      code: DESIRED_DIAGNOSTIC.emptyReference,
      message: `${subject} has an empty item in its territory list.`,
      hint: "Remove the empty '-' item, or write a territory after it.",
    };
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    const kind = typeof value === 'number' ? `a number (${value})` : `${value}`;
    return {
      code: DESIRED_DIAGNOSTIC.schemaType,
      message: `${subject}: ${kind} where a territory name belongs.`,
      hint: `Quote it ("${value}") if that is the territory's name, or use its name, path, id or alias.`,
    };
  }
  return {
    code: DESIRED_DIAGNOSTIC.schemaType,
    message: `${subject}: ${describeValue(value)} where a territory name belongs.`,
    hint: 'Write each territory as plain text, e.g. [EMEA, Organization/EMEA/DACH]; define { name: ... } targets as aliases under `territories:`.',
  };
}

function aliasType(alias: string, value: unknown): Found {
  if (value === null) {
    return {
      code: DESIRED_DIAGNOSTIC.badAlias,
      message: `Alias '${alias}' has no target.`,
      hint: `Give exactly one of ${ALIAS_SHAPES}, or delete the alias.`,
    };
  }
  const example =
    typeof value === 'string'
      ? `${alias}: { ${isZohoId(value) ? 'id' : value.includes('/') ? 'path' : 'name'}: ${excerpt(value)} }`
      : `${alias}: { name: EMEA }`;
  return {
    code: DESIRED_DIAGNOSTIC.badAlias,
    message: `Alias '${alias}' is ${describeValue(value)}; it must be ${ALIAS_SHAPES}.`,
    hint: `Write \`${example}\`.`,
  };
}

export function aliasFieldProblem(alias: string, field: string, value: unknown): Found {
  if (field === 'id') {
    const text = typeof value === 'string' || typeof value === 'number' ? String(value) : '';
    const bad = describeBadId(text, 'territory');
    return {
      code: DESIRED_DIAGNOSTIC.badTerritoryId,
      message:
        text === ''
          ? `Alias '${alias}': the id is ${describeValue(value)}; a territory id is 18 or 19 digits.`
          : `Alias '${alias}': territory id '${text}' ${bad.reason}.`,
      hint: bad.hint,
    };
  }
  if (value === null || (typeof value === 'string' && value.trim() === '')) {
    return {
      code: DESIRED_DIAGNOSTIC.badAlias,
      message: `Alias '${alias}' gives an empty ${field}.`,
      hint: `Write the territory's ${field} after \`${field}:\`, or delete the alias.`,
    };
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return {
      code: DESIRED_DIAGNOSTIC.schemaType,
      message: `Alias '${alias}': ${typeof value === 'number' ? `a number (${value})` : String(value)} where a territory ${field} belongs.`,
      hint: `Quote it ("${value}") if that is really the territory's ${field}.`,
    };
  }
  return {
    code: DESIRED_DIAGNOSTIC.schemaType,
    message: `Alias '${alias}': the ${field} is ${describeValue(value)}; it must be text.`,
    hint: `Write \`${alias}: { ${field}: ... }\` with the ${field} as plain text.`,
  };
}

export function typeProblem(ctx: ErrorContext): Found {
  const { role, value } = ctx;
  const shape = describeValue(value);
  switch (role.role) {
    case 'root':
      return {
        code: DESIRED_DIAGNOSTIC.schemaType,
        message: `The file holds ${describeKind(value)}; it must be a mapping that starts with \`version: 1\`.`,
        hint: 'Write `version: 1`, an optional `territories:` section and a `records:` section, each at the start of a line.',
      };
    case 'aliases':
      return {
        code: DESIRED_DIAGNOSTIC.schemaType,
        message: `\`territories:\` holds ${shape}; it must map alias names to ${ALIAS_SHAPES}.`,
        hint: 'Write one alias a line, e.g. `emea: { name: EMEA }`, indented under `territories:`.',
      };
    case 'alias':
      return aliasType(role.alias, value);
    case 'alias-field':
      return aliasFieldProblem(role.alias, role.field, value);
    case 'records':
      return {
        code: DESIRED_DIAGNOSTIC.schemaType,
        message: `\`records:\` holds ${shape}; it must map modules (Accounts, Contacts, Deals) to records.`,
        hint: Array.isArray(value)
          ? "Remove the '-' before the module names: write `Accounts:` indented under `records:`, then the record ids under it."
          : 'Indent `Accounts:`, `Contacts:` or `Deals:` under `records:`, with record ids under each.',
      };
    case 'module':
      return {
        code: DESIRED_DIAGNOSTIC.schemaType,
        message: `\`${role.module}:\` holds ${shape}; it must map record ids to territories.`,
        hint: Array.isArray(value)
          ? `Remove the '-' before each record: write \`"554023000003635023": [EMEA]\` indented under \`${role.module}:\`.`
          : `Write each record as \`"554023000003635023": [EMEA]\`, indented under \`${role.module}:\`.`,
      };
    case 'entry': {
      const subject = recordSubject(role.module, role.id);
      if (value === null) {
        return {
          code: DESIRED_DIAGNOSTIC.emptyTerritories,
          message: `${subject} has no territories given (the value is empty).`,
          hint: EMPTY_TERRITORIES_HINT,
        };
      }
      return {
        code: DESIRED_DIAGNOSTIC.schemaType,
        message: `${subject} holds ${shape}; it must be a list of territories, one territory, or { territories: [...], note: ... }.`,
        hint:
          typeof value === 'number' || typeof value === 'boolean'
            ? `Quote it ("${value}") if that is a territory's name, e.g. ["${value}"].`
            : 'Write e.g. `[EMEA, DACH]`.',
      };
    }
    case 'entry-territories': {
      const subject = recordSubject(role.module, role.id);
      if (value === null) {
        return {
          code: DESIRED_DIAGNOSTIC.emptyTerritories,
          message: `${subject} has an empty \`territories:\`.`,
          hint: EMPTY_TERRITORIES_HINT,
        };
      }
      return {
        code: DESIRED_DIAGNOSTIC.schemaType,
        message: `The territories of ${subject} are ${shape}; \`territories:\` takes a list.`,
        hint:
          typeof value === 'string'
            ? `Write \`territories: [${excerpt(value)}]\`.`
            : 'Write e.g. `territories: [EMEA, DACH]`.',
      };
    }
    case 'entry-note': {
      const subject = recordSubject(role.module, role.id);
      return {
        code: DESIRED_DIAGNOSTIC.schemaType,
        message: `The note of ${subject} is ${shape}; a note must be text.`,
        hint:
          typeof value === 'object' && value !== null
            ? 'Write the note on one line, or as a block: `note: |` followed by indented lines.'
            : `Quote it: \`note: "${excerpt(String(value))}"\`.`,
      };
    }
    case 'reference':
      return referenceType(ctx, recordSubject(role.module, role.id));
    case 'selectors':
      return {
        code: DESIRED_DIAGNOSTIC.schemaType,
        message: `\`selectors:\` holds ${shape}; it must map modules (Accounts, Contacts, Deals) to lists of selectors.`,
        hint: 'Indent `Accounts:` (or another module) under `selectors:`, with `- name: ...` items under it.',
      };
    case 'selector-module':
      return {
        code: DESIRED_DIAGNOSTIC.schemaType,
        message: `The ${excerpt(role.module)} selectors are ${shape}; \`${excerpt(role.module)}:\` under \`selectors:\` takes a list.`,
        hint: 'Start each selector with `- name: ...`, then `where:` and `territories:` indented under it.',
      };
    case 'selector':
      return {
        code: DESIRED_DIAGNOSTIC.schemaType,
        message: `${selectorSubject(ctx.tree.value, role.module, role.index)} is ${shape}; a selector is a mapping.`,
        hint: 'Write `- name: ...` with `where:` and `territories:` indented under it (docs/SELECTORS.md §1).',
      };
    case 'selector-field':
      return selectorFieldType(
        ctx,
        selectorSubject(ctx.tree.value, role.module, role.index),
        role.field,
      );
    case 'selector-item': {
      const subject = selectorSubject(ctx.tree.value, role.module, role.index);
      if (role.field === 'territories') return referenceType(ctx, subject);
      const text = typeof value === 'string' || typeof value === 'number' ? String(value) : '';
      return {
        code: DESIRED_DIAGNOSTIC.badRecordId,
        message:
          text === ''
            ? `${subject}: an excluded id is ${describeValue(value)}; a record id is 18 or 19 digits.`
            : `${subject}: excluded record id '${excerpt(text)}' ${describeBadId(text, 'record').reason}.`,
        hint: describeBadId(text, 'record').hint,
      };
    }
    default:
      return generic(ctx);
  }
}

function selectorFieldType(ctx: ErrorContext, subject: string, field: string): Found {
  const { value } = ctx;
  const shape = describeValue(value);
  switch (field) {
    case 'name':
      return {
        code: DESIRED_DIAGNOSTIC.badSelectorName,
        message: `${subject}: the name is ${shape}; a selector's name is text.`,
        hint: 'Write e.g. `name: dach-enterprise`: 1 to 64 lower-case letters, digits, - and _.',
      };
    case 'where':
      return {
        code: value === null ? DESIRED_DIAGNOSTIC.badCriteria : DESIRED_DIAGNOSTIC.schemaType,
        message:
          value === null
            ? `${subject} has empty criteria (\`where:\` holds nothing).`
            : `${subject}: the criteria are ${shape}; \`where:\` takes COQL criteria as text.`,
        hint: 'Write e.g. `where: "Billing_Country = \'Germany\' and Employees > 500"`, in double quotes on one line or as a `>-` block.',
      };
    case 'territories':
      return {
        code: value === null ? DESIRED_DIAGNOSTIC.emptyTerritories : DESIRED_DIAGNOSTIC.schemaType,
        message:
          value === null
            ? `${subject} gives no territories (the value is empty): a selector that gives nothing manages nothing.`
            : `${subject}: the territories are ${shape}; \`territories:\` takes a list or one territory.`,
        hint: 'Write e.g. `territories: [dach, emea-enterprise]`, or delete the selector.',
      };
    case 'exclude':
      return {
        code: DESIRED_DIAGNOSTIC.schemaType,
        message: `${subject}: \`exclude:\` holds ${shape}; it takes a list of record ids.`,
        hint:
          typeof value === 'string'
            ? `Write \`exclude: ["${excerpt(value)}"]\`.`
            : 'Write e.g. `exclude: ["554023000003635023"]`, or remove `exclude:`.',
      };
    default:
      return generic(ctx);
  }
}

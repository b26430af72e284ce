// The online check of selectors' criteria (docs/SELECTORS.md §2 "Online"): every field a `where`
// names must exist in the module (through the lookups a path follows), must not be a multi-line
// field (COQL cannot filter on one, A33), and every value must fit the field's type. A mistake
// here found by the COQL read instead would come back as Zoho's refusal of the whole query, or,
// worse, as criteria that match nothing, which a plan reads as "every record stopped matching".
//
// One fields read per module a selector names, and per module a lookup path leads to; none at
// all without selectors. The metadata is hostile input: names it offers as suggestions are only
// those a `where` could name, and everything quoted from it is escaped and clipped.
import { PLAN_DIAGNOSTIC } from '../core/diagnostic-codes.js';
import { escapeInvisible } from '../core/escape-invisible.js';
import { closestNames } from '../core/levenshtein.js';
import type { DesiredSelector, Diagnostic, SourceLocation } from '../core/model.js';
import type { CriteriaExpression, CriteriaValue, Criterion } from '../selectors/criteria.js';
import { isCriterion } from '../selectors/criteria.js';
import { parseCriteria } from '../selectors/parse-criteria.js';
import type { FieldMetadata } from '../zoho/index.js';

export type ReadFields = (module: string) => Promise<readonly FieldMetadata[]>;

/** A name a `where` can write (the parser's `name`): the only suggestions worth offering. */
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
/** Characters of a value or a CRM word a message quotes. */
const SHOWN_CHARS = 100;
/** Picklist values a hint lists before saying how many more there are. */
const SHOWN_VALUES = 10;

/**
 * Every record has an id and COQL filters on it, but the fields metadata need not list it: it is
 * taken as known, and its values (ids, quoted or not) are not checked.
 */
const ID_FIELD: FieldMetadata = { apiName: 'id', dataType: 'bigint' };

/** How a value is checked against a field: by Zoho's `data_type`. */
type FieldKind = 'number' | 'text' | 'picklist' | 'boolean' | 'date' | 'multiline' | 'other';

const KIND_OF_DATA_TYPE: Readonly<Record<string, FieldKind>> = {
  integer: 'number',
  long: 'number',
  double: 'number',
  decimal: 'number',
  currency: 'number',
  percent: 'number',
  text: 'text',
  email: 'text',
  phone: 'text',
  website: 'text',
  autonumber: 'text',
  picklist: 'picklist',
  multiselectpicklist: 'picklist',
  boolean: 'boolean',
  date: 'date',
  datetime: 'date',
  textarea: 'multiline',
};

function kindOf(field: FieldMetadata): FieldKind {
  return Object.hasOwn(KIND_OF_DATA_TYPE, field.dataType)
    ? (KIND_OF_DATA_TYPE[field.dataType] ?? 'other')
    : 'other';
}

/** Each module's fields by API name, read once however many selectors and paths name it. */
class FieldIndex {
  private readonly modules = new Map<string, Promise<ReadonlyMap<string, FieldMetadata>>>();

  constructor(private readonly read: ReadFields) {}

  of(module: string): Promise<ReadonlyMap<string, FieldMetadata>> {
    let fields = this.modules.get(module);
    if (fields === undefined) {
      fields = this.read(module).then((list) => {
        const byName = new Map<string, FieldMetadata>([['id', ID_FIELD]]);
        // A name listed twice keeps its first entry: later ones cannot redefine the field.
        for (const field of list) if (!byName.has(field.apiName)) byName.set(field.apiName, field);
        return byName;
      });
      this.modules.set(module, fields);
    }
    return fields;
  }
}

type Resolved =
  | { readonly kind: 'field'; readonly field: FieldMetadata; readonly module: string }
  | { readonly kind: 'problem'; readonly message: string; readonly hint: string }
  /** A lookup whose target the metadata does not name: the rest of the path is Zoho's to check. */
  | { readonly kind: 'unchecked' };

/** What `path` names from `module`: each segment but the last must be a lookup. */
async function resolve(index: FieldIndex, module: string, path: string): Promise<Resolved> {
  const segments = path.split('.');
  let current = module;
  for (let i = 0; i < segments.length; i += 1) {
    const name = segments[i] ?? '';
    const fields = await index.of(current);
    const field = fields.get(name);
    const through = i === 0 ? '' : ` (reached through ${segments.slice(0, i).join('.')})`;
    if (field === undefined) {
      const close = closestNames(
        name,
        [...fields.keys()].filter((candidate) => FIELD_NAME.test(candidate)),
      );
      return {
        kind: 'problem',
        message: `${shown(current)} has no field '${name}'${through}.`,
        hint:
          (close.length > 0 ? `Did you mean ${close.map(shown).join(' or ')}? ` : '') +
          "Write the field's API name, as Setup > Developer Hub > APIs and SDKs > API Names shows it.",
      };
    }
    if (i === segments.length - 1) return { kind: 'field', field, module: current };
    if (field.dataType === 'ownerlookup') return { kind: 'unchecked' };
    if (field.dataType !== 'lookup') {
      return {
        kind: 'problem',
        message: `${path} names no field: ${name}${through} is ${aTypeName(field)} field of ${shown(current)}, not a lookup.`,
        hint: `Compare ${name} itself, or follow a lookup field (of type lookup) to the other module's field.`,
      };
    }
    if (field.lookupModule === undefined) return { kind: 'unchecked' };
    current = field.lookupModule;
  }
  return { kind: 'unchecked' };
}

/**
 * Every problem of the selectors' fields, errors and warnings, in the selectors' order, then the
 * order the criteria are written in. Makes no call for an empty list.
 */
export async function checkSelectorFields(
  read: ReadFields,
  selectors: readonly DesiredSelector[],
): Promise<readonly Diagnostic[]> {
  if (selectors.length === 0) return [];
  const index = new FieldIndex(read);
  // The selectors' own modules at once; lookups' targets follow as paths reach them.
  await Promise.all([...new Set(selectors.map((s) => s.module))].map((m) => index.of(m)));
  const found = await Promise.all(selectors.map((selector) => checkSelector(index, selector)));
  return found.flat();
}

async function checkSelector(
  index: FieldIndex,
  selector: DesiredSelector,
): Promise<readonly Diagnostic[]> {
  const parsed = parseCriteria(selector.criteria);
  // The loader stored what it parsed and rendered: a refusal now is not the file's to fix.
  if (!parsed.ok) return [];
  const criteria = criteriaOf(parsed.expression);
  const subject = `${selector.module} selector '${selector.name}'`;
  const found = await Promise.all(
    criteria.map(async (criterion, i) => {
      // The loader's fields are the criteria's, in the same order; a selector made elsewhere
      // (a library caller) is located at its name.
      const written = selector.fields?.[i];
      const location = written?.name === criterion.field ? written.location : selector.location;
      const resolved = await resolve(index, selector.module, criterion.field);
      if (resolved.kind === 'unchecked') return [];
      if (resolved.kind === 'problem') {
        return [
          located(PLAN_DIAGNOSTIC.unknownField, 'error', location, {
            message: `${subject}: ${resolved.message}`,
            hint: resolved.hint,
          }),
        ];
      }
      const problem = valueProblem(criterion, resolved.field);
      if (problem === undefined) return [];
      return [
        located(problem.code, problem.severity, location, {
          message: `${subject}: ${problem.message}`,
          hint: problem.hint,
        }),
      ];
    }),
  );
  return found.flat();
}

function located(
  code: Diagnostic['code'],
  severity: Diagnostic['severity'],
  location: SourceLocation,
  words: { readonly message: string; readonly hint: string },
): Diagnostic {
  return { code, severity, ...words, location };
}

/** The criteria in the order written: the parser reads left to right and pairs to the left. */
function criteriaOf(expression: CriteriaExpression): Criterion[] {
  if (isCriterion(expression)) return [expression];
  return [...criteriaOf(expression.left), ...criteriaOf(expression.right)];
}

interface ValueProblem {
  readonly code: Diagnostic['code'];
  readonly severity: Diagnostic['severity'];
  readonly message: string;
  readonly hint: string;
}

function valuesOf(criterion: Criterion): readonly CriteriaValue[] {
  switch (criterion.kind) {
    case 'compare':
      return [criterion.value];
    case 'in':
      return criterion.values;
    case 'between':
      return [criterion.low, criterion.high];
    case 'like':
      return [{ kind: 'text', value: criterion.pattern }];
    case 'null':
      return [];
  }
}

/** Whether the criterion's operator and values suit the field's type. */
function valueProblem(criterion: Criterion, field: FieldMetadata): ValueProblem | undefined {
  const kind = kindOf(field);
  const name = criterion.field;
  const mismatch = (message: string, hint: string): ValueProblem => ({
    code: PLAN_DIAGNOSTIC.fieldTypeMismatch,
    severity: 'error',
    message,
    hint,
  });
  if (kind === 'multiline') {
    return mismatch(
      `${name} is a multi-line field (${typeName(field)}), and COQL cannot filter on one.`,
      'Select the records by another field (a picklist or a single-line text field holding the same fact).',
    );
  }
  if (kind === 'other' || criterion.kind === 'null') return undefined;
  const values = valuesOf(criterion);
  if (criterion.kind === 'like' && kind !== 'text' && kind !== 'picklist') {
    return mismatch(
      `like compares text, and ${name} is ${aTypeName(field)} field.`,
      kind === 'number' || kind === 'date'
        ? `Compare ${name} with =, <, >, or between.`
        : `Write ${name} = true or ${name} = false.`,
    );
  }
  const wrong = values.find((value) => !fits(kind, value));
  if (wrong !== undefined) {
    return mismatch(
      `${name} is ${aTypeName(field)} field, and ${shownValue(wrong)} is ${describeKind(wrong)}.`,
      fixFor(kind, name, wrong),
    );
  }
  if (kind === 'picklist' && criterion.kind !== 'like') return picklistProblem(field, values);
  return undefined;
}

function fits(kind: FieldKind, value: CriteriaValue): boolean {
  switch (kind) {
    case 'number':
      return value.kind === 'number';
    case 'boolean':
      return value.kind === 'boolean';
    case 'text':
    case 'picklist':
    case 'date':
      return value.kind === 'text';
    default:
      return true;
  }
}

function fixFor(kind: FieldKind, name: string, value: CriteriaValue): string {
  switch (kind) {
    case 'number':
      return value.kind === 'text'
        ? `Write the number without quotes (${name} > 500), or pick the text field meant.`
        : `Compare ${name} with a number, e.g. ${name} > 500.`;
    case 'boolean':
      return `Write ${name} = true or ${name} = false.`;
    case 'date':
      return `Quote the date as YYYY-MM-DD (a date and time as YYYY-MM-DDThh:mm:ss+hh:mm): ${name} >= '2024-01-01'.`;
    default:
      return `Quote the value: ${name} = '${value.kind === 'number' ? value.text : 'text'}'.`;
  }
}

/** A warning naming the values the picklist does not list; none when Zoho listed no values. */
function picklistProblem(
  field: FieldMetadata,
  values: readonly CriteriaValue[],
): ValueProblem | undefined {
  const listed = field.picklistValues;
  if (listed === undefined || listed.length === 0) return undefined;
  const known = new Set(listed);
  const unknown = values.flatMap((value) =>
    value.kind === 'text' && !known.has(value.value) ? [value.value] : [],
  );
  if (unknown.length === 0) return undefined;
  const byCase = new Map(listed.map((value) => [value.toLowerCase(), value]));
  const cased = unknown.flatMap((value) => {
    const match = byCase.get(value.toLowerCase());
    return match === undefined ? [] : [`${shownText(value)} is written ${shownText(match)}`];
  });
  const shownList = listed.slice(0, SHOWN_VALUES).map(shownText).join(', ');
  const more = listed.length > SHOWN_VALUES ? ` and ${listed.length - SHOWN_VALUES} more` : '';
  const one = unknown.length === 1;
  return {
    code: PLAN_DIAGNOSTIC.unknownPicklistValue,
    severity: 'warning',
    message: `${shown(field.apiName)} is a picklist without ${one ? 'the value' : 'the values'} ${unknown.map(shownText).join(', ')}: only records holding ${one ? 'it' : 'them'} from before a change of the picklist can match.`,
    hint:
      cased.length === unknown.length
        ? // Whether Zoho compares a picklist ignoring case is undocumented (§9): write it as listed.
          `In the picklist, ${cased.join('; ')}: write ${one ? 'it' : 'them'} so.`
        : (cased.length > 0 ? `In the picklist, ${cased.join('; ')}. ` : '') +
          `Write a value the picklist has (${shownList}${more}), or keep it if records still hold a value removed from the picklist.`,
  };
}

function typeName(field: FieldMetadata): string {
  return field.dataType === '' ? 'untyped' : shown(field.dataType);
}

/** The type with its article: "an integer", "a text". */
function aTypeName(field: FieldMetadata): string {
  const name = typeName(field);
  return `${/^[aeiou]/i.test(name) ? 'an' : 'a'} ${name}`;
}

function describeKind(value: CriteriaValue): string {
  if (value.kind === 'number') return 'a number';
  if (value.kind === 'boolean') return 'a boolean';
  return 'text';
}

function shownValue(value: CriteriaValue): string {
  if (value.kind === 'number') return shown(value.text);
  if (value.kind === 'boolean') return String(value.value);
  return shownText(value.value);
}

/** Quoted as COQL writes text, escaped and clipped: a value may come from the CRM. */
function shownText(text: string): string {
  return `'${shown(text.replaceAll("'", "''"))}'`;
}

function shown(text: string): string {
  const escaped = escapeInvisible(text);
  return escaped.length <= SHOWN_CHARS ? escaped : `${escaped.slice(0, SHOWN_CHARS)}…`;
}

// Locates the JSON Schemas shipped in schemas/ (next to dist/ and src/ in the package) and
// compiles them: one place for how every schema in the project is read and checked.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';

export type SchemaName =
  | 'territories'
  | 'config'
  | 'plan'
  | 'emulator-seed'
  | 'emulator-faults'
  | 'journal-line'
  | 'ledger';

export function schemaPath(name: SchemaName): string {
  return fileURLToPath(new URL(`../schemas/${name}.schema.json`, import.meta.url));
}

const cache = new Map<SchemaName, unknown>();

/** The parsed schema; read once per process. */
export function loadSchema(name: SchemaName): unknown {
  let schema = cache.get(name);
  if (schema === undefined) {
    schema = JSON.parse(readFileSync(schemaPath(name), 'utf8')) as unknown;
    cache.set(name, schema);
  }
  return schema;
}

export interface CompileOptions {
  /** ajv's strict mode (unknown keywords, ambiguous types are errors at compile time). */
  readonly strict: boolean;
  /** A keyword may apply to values of several types (`type: [string, array, object]`). */
  readonly allowUnionTypes?: boolean;
  /** Errors carry the failing schema (`parentSchema`), which `explainSchemaErrors` reads. */
  readonly verbose?: boolean;
  /** ajv's `discriminator` keyword: a `oneOf` chosen by one property's value. */
  readonly discriminator?: boolean;
}

/**
 * The schema's validator, reporting every error at once. The schema itself is not checked
 * against the draft 2020-12 meta-schema here: compiling the meta-schema took about a tenth of a
 * second on every run, and the schemas are ours, checked once by test/unit/schemas.test.ts.
 */
export function compileSchema(name: SchemaName, options: CompileOptions): ValidateFunction {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: options.strict,
    allowUnionTypes: options.allowUnionTypes ?? false,
    verbose: options.verbose ?? false,
    discriminator: options.discriminator ?? false,
    validateSchema: false,
  });
  return ajv.compile(loadSchema(name) as object);
}

/** A JSON Pointer (an ajv `instancePath`) as its keys: "/records/Accounts/1" -> [records, Accounts, 1]. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A JSON Pointer into `value` the way a person writes it: "/schedule/0/kind" ->
 * "schedule[0].kind", "/jobDelayMsByRecord/5540" -> 'jobDelayMsByRecord["5540"]' (keys that are
 * not plain names are quoted). The whole value is `root`.
 */
export function jsonPath(pointer: string, value: unknown, root: string): string {
  let path = '';
  let current = value;
  for (const segment of pointerSegments(pointer)) {
    if (Array.isArray(current)) {
      path += `[${segment}]`;
      current = current[Number(segment)];
      continue;
    }
    const name = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(segment);
    path += !name ? `[${JSON.stringify(segment)}]` : path === '' ? segment : `.${segment}`;
    current =
      isJsonObject(current) && Object.hasOwn(current, segment) ? current[segment] : undefined;
  }
  return path === '' ? root : path;
}

function valueAt(pointer: string, value: unknown): unknown {
  let current = value;
  for (const segment of pointerSegments(pointer)) {
    if (Array.isArray(current)) current = current[Number(segment)];
    else if (isJsonObject(current) && Object.hasOwn(current, segment)) current = current[segment];
    else return undefined;
  }
  return current;
}

/** A value as a message shows it: short scalars as JSON, containers by kind. */
function shown(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (isJsonObject(value)) return 'an object';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  integer: 'a whole number',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  null: 'null',
};

function typeName(type: unknown): string {
  const types = Array.isArray(type) ? type : [type];
  return types.map((t) => TYPE_NAMES[String(t)] ?? String(t)).join(' or ');
}

/** What one branch of an anyOf / oneOf asks for: "a whole number", "an object with min, max". */
function formName(branch: unknown): string | undefined {
  if (!isJsonObject(branch) || branch['type'] === undefined) return undefined;
  const required = branch['required'];
  return branch['type'] === 'object' && Array.isArray(required) && required.length > 0
    ? `an object with ${required.join(', ')}`
    : typeName(branch['type']);
}

function limitPhrase(error: ErrorObject): string {
  const schema = isJsonObject(error.parentSchema) ? error.parentSchema : {};
  const { minimum, maximum } = schema;
  const kind = schema['type'] === 'integer' ? 'a whole number' : 'a number';
  if (typeof minimum === 'number' && typeof maximum === 'number') {
    return `must be ${kind} from ${minimum} to ${maximum}`;
  }
  const limit = String((error.params as { limit?: unknown }).limit);
  const words: Readonly<Record<string, string>> = {
    minimum: 'at least',
    maximum: 'at most',
    exclusiveMinimum: 'more than',
    exclusiveMaximum: 'less than',
  };
  return `must be ${words[error.keyword] ?? error.keyword} ${limit}`;
}

function phraseFor(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  const schema = isJsonObject(error.parentSchema) ? error.parentSchema : {};
  switch (error.keyword) {
    case 'type':
      return `must be ${typeName(params['type'])}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return limitPhrase(error);
    case 'enum':
      return `must be one of ${(params['allowedValues'] as unknown[]).map(String).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(params['allowedValue'])}`;
    case 'pattern':
      return typeof schema['description'] === 'string'
        ? `must be ${schema['description']}`
        : `must match ${String(params['pattern'])}`;
    case 'minLength':
      return params['limit'] === 1 ? 'must not be empty' : `${error.message ?? 'is too short'}`;
    case 'minItems':
      return params['limit'] === 1
        ? 'must not be an empty list'
        : `${error.message ?? 'is too short'}`;
    case 'anyOf':
    case 'oneOf': {
      const forms = ((schema[error.keyword] as unknown[] | undefined) ?? []).map(formName);
      return forms.length > 0 && forms.every((f) => f !== undefined)
        ? `must be ${forms.join(' or ')}`
        : 'matches none of the forms it may take';
    }
    default:
      return error.message ?? `fails ${error.keyword}`;
  }
}

/** The JSON Schema types `value` has: 3 is an integer and a number. */
function typesOf(value: unknown): string[] {
  if (value === null) return ['null'];
  if (Array.isArray(value)) return ['array'];
  if (typeof value === 'number')
    return Number.isInteger(value) ? ['integer', 'number'] : ['number'];
  return [typeof value];
}

/** Whether exactly one of the anyOf / oneOf's forms takes a value of this type. */
function meantForm(error: ErrorObject, found: unknown): boolean {
  const schema = isJsonObject(error.parentSchema) ? error.parentSchema : {};
  const branches = schema[error.keyword];
  if (!Array.isArray(branches)) return false;
  const types = typesOf(found);
  const fitting = branches.filter((branch: unknown) => {
    const type = isJsonObject(branch) ? branch['type'] : undefined;
    const declared: unknown[] = Array.isArray(type) ? type : [type];
    return declared.some((t) => types.includes(String(t)));
  });
  return fitting.length === 1;
}

export interface ExplainOptions {
  /** How the whole value is named: "fault options", "the line". */
  readonly root: string;
  /**
   * The message for a key the schema does not allow, given where it is ('' at the top);
   * default `<path>: unknown key "<key>"`.
   */
  readonly unknownKey?: (path: string, key: string) => string;
}

/**
 * ajv's errors for `value` as sentences that name the place in the value's own terms, say what
 * is wrong and show what was found: `schedule[0].kind must be one of serverError, ... (it is
 * "meteor")`. One message per problem: when none of an anyOf / oneOf's forms fits, the forms are
 * named once instead of every branch's complaint. Compile with `verbose: true` for limits,
 * forms and discriminators to be spelt out.
 */
export function explainSchemaErrors(
  errors: readonly ErrorObject[],
  value: unknown,
  options: ExplainOptions,
): string[] {
  const at = (pointer: string) => jsonPath(pointer, value, options.root);
  const inside = (pointer: string, outer: string) =>
    pointer === outer || pointer.startsWith(`${outer}/`);
  // Where a value fits none of an anyOf / oneOf's forms: when its type picks one form, that
  // form's own complaints are the news (`latencyMs.max must be ...`); else the forms are named.
  const alternatives = errors
    .filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf')
    .map((e) => ({ error: e, meant: meantForm(e, valueAt(e.instancePath, value)) }));
  const skipped = (error: ErrorObject): boolean =>
    alternatives.some(({ error: outer, meant }) => {
      if (error === outer) return meant;
      if (!inside(error.instancePath, outer.instancePath)) return false;
      return !meant || (error.instancePath === outer.instancePath && error.keyword === 'type');
    });
  const messages: string[] = [];
  for (const error of errors) {
    const params = error.params as Record<string, unknown>;
    let message: string;
    if (skipped(error)) continue;
    if (error.keyword === 'additionalProperties') {
      const key = String(params['additionalProperty']);
      const where = error.instancePath === '' ? '' : `${at(error.instancePath)}: `;
      message = options.unknownKey
        ? options.unknownKey(error.instancePath === '' ? '' : at(error.instancePath), key)
        : `${where}unknown key "${key}"`;
    } else if (error.keyword === 'required') {
      const missing = String(params['missingProperty']);
      message = `${at(`${error.instancePath}/${missing.replace(/~/g, '~0').replace(/\//g, '~1')}`)} is missing`;
    } else if (error.keyword === 'discriminator') {
      // Usually the tag's own schema (required, enum) has said what is wrong with it already.
      const tag = String(params['tag']);
      const pointer = `${error.instancePath}/${tag}`;
      const covered = errors.some(
        (e) =>
          e.instancePath === pointer ||
          (e.keyword === 'required' &&
            e.instancePath === error.instancePath &&
            (e.params as { missingProperty?: unknown }).missingProperty === tag),
      );
      if (covered) continue;
      const found = valueAt(pointer, value);
      message =
        found === undefined
          ? `${at(pointer)} is missing`
          : `${at(pointer)} names none of the forms (it is ${shown(found)})`;
    } else {
      const found = valueAt(error.instancePath, value);
      message = `${at(error.instancePath)} ${phraseFor(error)} (it is ${shown(found)})`;
    }
    if (!messages.includes(message)) messages.push(message);
  }
  return messages;
}

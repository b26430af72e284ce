// config-types.ts (what the code reads) and schemas/config.schema.json (what a file may say) name
// the same settings, at every level. Two halves, so drift fails on whichever side it starts:
// - CONFIG_SHAPE is typed from ConfigInput: a key the types gain and the shape lacks, or a key
//   the shape has and the types lack, fails `npm run typecheck` (missing / excess property);
// - the test walks the schema (top level, `environments.*` = $defs.environment, and every nested
//   group through its $ref) against CONFIG_SHAPE and lists each key found on one side only.
import { describe, expect, it } from 'vitest';
import { DATA_CENTRE_CODES } from '../../../src/config/config-types.js';
import type { ConfigInput, SettingsInput } from '../../../src/config/config-types.js';
import { OPT_IN_MODULES } from '../../../src/core/model.js';
import { loadSchema } from '../../../src/schemas.js';

/** A setting with a value of its own (a string, number, boolean or list). */
const LEAF = true;

/** Every key of T, required: a group of settings by its shape, any other setting a LEAF. */
type ShapeOf<T> = { readonly [K in keyof T]-?: FieldShape<NonNullable<T[K]>> };
type FieldShape<V> = V extends string | number | boolean | readonly unknown[]
  ? typeof LEAF
  : string extends keyof V
    ? { readonly '*': FieldShape<V[keyof V]> } // named entries (environments, owners)
    : ShapeOf<V>;

const SETTINGS_SHAPE: ShapeOf<SettingsInput> = {
  desired: LEAF,
  connection: { dataCentre: LEAF, apiDomain: LEAF, accountsUrl: LEAF, apiVersion: LEAF },
  batchSize: LEAF,
  concurrency: LEAF,
  jobTimeoutSeconds: LEAF,
  requestTimeoutSeconds: LEAF,
  safety: { maxRemovals: LEAF, maxRemovalRatio: LEAF },
  recordRetries: { attempts: LEAF, delaySeconds: LEAF },
  modules: { Leads: LEAF },
  ledger: LEAF,
};

const CONFIG_SHAPE: ShapeOf<ConfigInput> = {
  ...SETTINGS_SHAPE,
  $schema: LEAF,
  defaultEnvironment: LEAF,
  journalsKept: LEAF,
  owners: { '*': LEAF },
  environments: { '*': SETTINGS_SHAPE },
};

type Shape = typeof LEAF | { readonly [key: string]: Shape };
type SchemaNode = {
  readonly $ref?: string;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly additionalProperties?: SchemaNode | boolean;
  readonly [keyword: string]: unknown;
};

const SCHEMA = loadSchema('config') as SchemaNode;

/** The node, its local `$ref`s followed ("#/$defs/connection" ...). */
function resolve(node: SchemaNode): SchemaNode {
  let current = node;
  for (let hops = 0; current.$ref !== undefined; hops += 1) {
    if (hops > 10 || !current.$ref.startsWith('#/')) throw new Error(`$ref ${current.$ref}`);
    current = current.$ref
      .slice(2)
      .split('/')
      .reduce<SchemaNode>((n, key) => n[key] as SchemaNode, SCHEMA);
  }
  return current;
}

/** Each key on one side only, as `where: key ...`; empty when schema and types agree. */
function drift(schemaNode: SchemaNode, shape: Shape, where: string, types: string): string[] {
  const node = resolve(schemaNode);
  const properties = node.properties ?? {};
  if (shape === LEAF) {
    return Object.keys(properties).length === 0 && typeof node.additionalProperties !== 'object'
      ? []
      : [`${where}: a group of settings in the schema, a single value in ${types}`];
  }
  if ('*' in shape) {
    const entry = node.additionalProperties;
    if (typeof entry !== 'object') return [`${where}: named entries in ${types}, not the schema`];
    return drift(entry, shape['*'] as Shape, `${where}/*`, types);
  }
  const found: string[] = [];
  const group = where || '(top level)';
  for (const key of Object.keys(properties)) {
    if (!Object.hasOwn(shape, key)) found.push(`${group}: '${key}' is in the schema, not ${types}`);
  }
  for (const [key, inner] of Object.entries(shape)) {
    const property = properties[key];
    if (property === undefined) found.push(`${group}: '${key}' is in ${types}, not the schema`);
    else found.push(...drift(property, inner, `${where}/${key}`, types));
  }
  return found;
}

/** A schema node without its descriptions: what it accepts. */
function accepted(node: SchemaNode): unknown {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value === null || typeof value !== 'object') return value;
    const resolved = resolve(value as SchemaNode);
    return Object.fromEntries(
      Object.entries(resolved)
        .filter(([key]) => key !== 'description')
        .map(([key, inner]) => [key, strip(inner)]),
    );
  };
  return strip(node);
}

describe('config-types.ts and schemas/config.schema.json', () => {
  it('name the same settings, at the top level, in environments and in every group', () => {
    expect(drift(SCHEMA, CONFIG_SHAPE, '', 'config-types.ts')).toEqual([]);
  });

  it('would name a key on either side only', () => {
    const extra = {
      ...SCHEMA,
      properties: { ...SCHEMA.properties, retryBudget: { type: 'integer' } },
    } as SchemaNode;
    expect(drift(extra, CONFIG_SHAPE, '', 'ConfigInput')).toEqual([
      "(top level): 'retryBudget' is in the schema, not ConfigInput",
    ]);
    const withoutModules = Object.fromEntries(
      Object.entries(SETTINGS_SHAPE).filter(([key]) => key !== 'modules'),
    );
    expect(
      drift(SCHEMA, { ...CONFIG_SHAPE, environments: { '*': withoutModules } }, '', 'types'),
    ).toEqual(["/environments/*: 'modules' is in the schema, not types"]);
    expect(drift(SCHEMA, { ...CONFIG_SHAPE, safety: LEAF }, '', 'types')).toEqual([
      '/safety: a group of settings in the schema, a single value in types',
    ]);
  });

  it('an environment accepts each setting exactly as the top level does', () => {
    const top = SCHEMA.properties ?? {};
    const environment = resolve({ $ref: '#/$defs/environment' }).properties ?? {};
    for (const [key, node] of Object.entries(environment)) {
      expect(accepted(node), key).toEqual(accepted(top[key] as SchemaNode));
    }
  });

  it('list the same data centres and opt-in modules', () => {
    const connection = resolve({ $ref: '#/$defs/connection' }).properties ?? {};
    expect(connection.dataCentre?.enum).toEqual([...DATA_CENTRE_CODES]);
    const modules = resolve({ $ref: '#/$defs/modules' }).properties ?? {};
    expect(Object.keys(modules)).toEqual([...OPT_IN_MODULES]);
  });
});

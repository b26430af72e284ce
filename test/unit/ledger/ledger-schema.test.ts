// schemas/ledger.schema.json and the code that checks what the schema cannot say name the same
// format: one place per rule would be better, but a JSON Schema is what editors and reviewers of
// the ledger branch can read, so the two are kept in step here.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { MANAGED_MODULES } from '../../../src/core/model.js';
import {
  LEDGER_FORMAT,
  LEDGER_FORMAT_VERSION,
  LEDGER_ID,
  MAX_LEDGER_LIST_ITEMS,
  SELECTOR_NAME,
} from '../../../src/ledger/ledger-types.js';
import { loadSchema } from '../../../src/schemas.js';

type Node = Record<string, unknown>;
const SCHEMA = loadSchema('ledger') as Node;
const at = (...keys: string[]): Node => keys.reduce<Node>((node, key) => node[key] as Node, SCHEMA);

describe('schemas/ledger.schema.json', () => {
  it('is a valid draft 2020-12 schema that compiles in strict mode', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    expect(ajv.validateSchema(SCHEMA), JSON.stringify(ajv.errors)).toBe(true);
    expect(() => ajv.compile(SCHEMA)).not.toThrow();
  });

  it('names the format, modules, ids, selector names and bounds the code checks', () => {
    expect(at('properties', 'format', 'const')).toBe(LEDGER_FORMAT);
    expect(at('properties', 'formatVersion', 'const')).toBe(LEDGER_FORMAT_VERSION);
    expect(at('$defs', 'record', 'properties', 'module', 'enum')).toEqual([...MANAGED_MODULES]);
    expect(at('$defs', 'id', 'pattern')).toBe(LEDGER_ID.source);
    expect(at('$defs', 'selectorName', 'pattern')).toBe(SELECTOR_NAME.source);
    for (const list of [
      at('$defs', 'record', 'properties', 'matchedBy'),
      at('$defs', 'record', 'properties', 'gifts'),
      at('$defs', 'gift', 'properties', 'selectors'),
    ]) {
      expect(list['maxItems']).toBe(MAX_LEDGER_LIST_ITEMS);
    }
  });
});

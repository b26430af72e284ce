// The selectors' fields check against a hostile fields answer (docs/SELECTORS.md §2 "Online"),
// over real HTTP to a fake Zoho on 127.0.0.1: names and picklist values the CRM sends never
// reach a message unescaped, only names a `where` could write are suggested, a lookup target
// that is no module name is not followed, and an answer without field names is refused.
import { afterEach, describe, expect, it } from 'vitest';
import { checkSelectorFields } from '../../../src/cli/selector-fields.js';
import type { DesiredSelector } from '../../../src/core/model.js';
import { ZohoApiError } from '../../../src/zoho/index.js';
import { ok, startFakeZoho, testClient } from '../zoho/helpers/fake-zoho.js';
import type { FakeZoho } from '../zoho/helpers/fake-zoho.js';

let zoho: FakeZoho | undefined;
afterEach(async () => {
  await zoho?.close();
  zoho = undefined;
});

const LOCATION = { file: 'territories.yaml', line: 4, column: 13 };

function selector(criteria: string, module: DesiredSelector['module'] = 'Accounts') {
  return {
    module,
    name: 'chosen',
    criteria,
    criteriaHash: 'not-checked-here',
    territories: [],
    exclude: [],
    location: LOCATION,
  } satisfies DesiredSelector;
}

const HOSTILE_FIELDS = [
  { api_name: 'Billing_Country', data_type: 'text' },
  { api_name: 'Billing_Countr\u001b[2J', data_type: 'text' },
  { api_name: 'Billing_Countrx\nterritories.yaml:1:1: error FORGED: x', data_type: 'text' },
  {
    api_name: 'Industry',
    data_type: 'picklist',
    pick_list_values: [
      { actual_value: 'Retail', display_value: 'Retail' },
      { actual_value: 'Tech\n::error::forged', display_value: 'Tech\u202e' },
      'not an object',
      { actual_value: 42 },
    ],
  },
  { api_name: 'Parent', data_type: 'lookup', lookup: { module: { api_name: '../x?y=1' } } },
  { api_name: 'Size', data_type: 'integer\u001b[31m' },
];

async function fieldsServer(fields: unknown): Promise<FakeZoho> {
  zoho = await startFakeZoho((_request, res) => ok(res, { fields }));
  return zoho;
}

describe('checkSelectorFields against a hostile answer', () => {
  it('escapes what the CRM sent and suggests only names a where can write', async () => {
    const server = await fieldsServer(HOSTILE_FIELDS);
    const { client } = testClient(server);
    const found = await checkSelectorFields(
      (module) => client.readFields(module),
      [selector("(Billing_Countri = 'x' and Industry in ('Tech', 'Retail'))")],
    );
    expect(found.map((d) => [d.code, d.severity])).toEqual([
      ['UNKNOWN_FIELD', 'error'],
      ['UNKNOWN_PICKLIST_VALUE', 'warning'],
    ]);
    for (const diagnostic of found) {
      // No selector `fields` (a library caller's selector): located at the selector's name.
      expect(diagnostic.location).toEqual(LOCATION);
      const text = `${diagnostic.message}\n${diagnostic.hint ?? ''}`;
      expect(text.split('\n')).toHaveLength(2);
      // eslint-disable-next-line no-control-regex -- finding control characters is the point
      expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u202e]/);
    }
    expect(found[0]?.hint).toContain('Did you mean Billing_Country?');
    expect(found[0]?.hint).not.toContain('FORGED');
    expect(found[1]?.hint).toContain("'Tech\\u000a::error::forged'");
    expect(server.apiRequests()).toHaveLength(1);
  });

  it('does not follow a lookup to a module name it could not send, and skips unknown types', async () => {
    const server = await fieldsServer(HOSTILE_FIELDS);
    const { client } = testClient(server);
    const found = await checkSelectorFields(
      (module) => client.readFields(module),
      [selector("(Parent.Anything = 'x' and Size = 'big')")],
    );
    // The lookup's target is unknown, so the rest of the path is Zoho's to check; a type longer
    // than Zoho's words is no type, so any value goes.
    expect(found).toEqual([]);
    expect(server.apiRequests()).toHaveLength(1);
  });

  it('makes no call without selectors', async () => {
    const server = await fieldsServer(HOSTILE_FIELDS);
    const { client } = testClient(server);
    expect(await checkSelectorFields((module) => client.readFields(module), [])).toEqual([]);
    expect(server.apiRequests()).toHaveLength(0);
  });

  it('refuses an answer with a field that has no name', async () => {
    const server = await fieldsServer([{ data_type: 'text' }]);
    const { client } = testClient(server);
    const read = checkSelectorFields(
      (module) => client.readFields(module),
      [selector("Billing_Country = 'x'")],
    );
    await expect(read).rejects.toBeInstanceOf(ZohoApiError);
    await expect(read).rejects.toThrow(/a field without a string api_name/);
  });
});

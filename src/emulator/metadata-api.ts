// The metadata official SDKs read before a record call: the current user, the modules, and a
// module's fields.
import type { ApiRequest } from './api-context.js';
import { MODULES, findModule, type ModuleMeta } from './module-catalog.js';
import {
  errorBody,
  invalidModule,
  invalidParam,
  ok,
  requiredParamMissing,
  type ZohoAnswer,
} from './zoho-answers.js';
import { SEED_EPOCH_MS } from './org-state.js';
import { zohoTime } from './zoho-time.js';

const USER_TYPES = ['CurrentUser', 'AllUsers', 'ActiveUsers', 'AdminUsers', 'ActiveConfirmedUsers'];

export function getUsers(request: ApiRequest): ZohoAnswer {
  const type = request.query.get('type') ?? 'AllUsers';
  if (!USER_TYPES.includes(type)) return invalidParam('type');
  const { user, orgName } = request.parts.state;
  const cut = user.name.lastIndexOf(' ');
  return ok({
    users: [
      {
        id: user.id,
        name: user.name,
        full_name: user.name,
        first_name: cut < 0 ? '' : user.name.slice(0, cut),
        last_name: cut < 0 ? user.name : user.name.slice(cut + 1),
        email: user.email,
        status: 'active',
        confirm: true,
        role: { name: 'CEO', id: '554023000000231005' },
        profile: { name: 'Administrator', id: '554023000000231011' },
        time_zone: 'Etc/UTC',
        locale: 'en_US',
        country: 'US',
        org_name: orgName,
        created_time: zohoTime(SEED_EPOCH_MS - 86_400_000),
        Modified_Time: zohoTime(SEED_EPOCH_MS - 86_400_000),
      },
    ],
    info: { per_page: 200, count: 1, page: 1, more_records: false },
  });
}

function moduleView(m: ModuleMeta): Record<string, unknown> {
  return {
    id: m.id,
    api_name: m.api_name,
    module_name: m.api_name,
    singular_label: m.singular_label,
    plural_label: m.plural_label,
    api_supported: true,
    generated_type: 'default',
    creatable: true,
    editable: true,
    viewable: true,
    deletable: true,
    visible: true,
    status: 'visible',
    modified_time: zohoTime(SEED_EPOCH_MS - 86_400_000),
  };
}

export function getModules(): ZohoAnswer {
  return ok({ modules: MODULES.map(moduleView) });
}

export function getModule(request: ApiRequest): ZohoAnswer {
  const meta = findModule(request.params['module'] ?? '');
  if (!meta) return invalidModule(2);
  return ok({ modules: [moduleView(meta)] });
}

export function getFields(request: ApiRequest): ZohoAnswer {
  const name = request.query.get('module');
  if (name === null || name === '') return requiredParamMissing('module');
  const meta = findModule(name);
  if (!meta) {
    return {
      status: 400,
      body: errorBody('INVALID_MODULE', 'the module name given seems to be invalid', {
        param_name: 'module',
      }),
    };
  }
  return ok({
    fields: meta.fields.map((field, index) => ({
      id: String(BigInt(meta.id) + BigInt(1000 + index)),
      api_name: field.api_name,
      field_label: field.field_label,
      display_label: field.field_label,
      data_type: field.data_type,
      json_type: field.json_type,
      system_mandatory: field.system_mandatory ?? false,
      read_only: field.read_only ?? false,
      custom_field: false,
      visible: true,
      ...(field.picklist
        ? {
            pick_list_values: field.picklist.map((value, sequence) => ({
              display_value: value,
              actual_value: value,
              sequence_number: sequence + 1,
            })),
          }
        : {}),
      ...(field.lookup
        ? {
            lookup: {
              module: { api_name: field.lookup, id: findModule(field.lookup)?.id ?? '0' },
            },
          }
        : {}),
    })),
  });
}

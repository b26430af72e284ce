// Everything an export needs from the CRM: the territory catalogue and, per module, the records
// that carry manually assigned territories. Modules are read side by side.
import type { Catalogue, ModuleName } from '../core/model.js';
import type { ZohoClient } from '../zoho/index.js';
import type { ModuleExport } from './export-record.js';
import { readModule } from './read-module.js';
import type { ReadModuleOptions } from './read-module.js';

export interface CrmExport {
  readonly catalogue: Catalogue;
  /** In the order of `modules`. */
  readonly modules: readonly ModuleExport[];
}

export async function readExport(
  client: ZohoClient,
  modules: readonly ModuleName[],
  options: ReadModuleOptions = {},
): Promise<CrmExport> {
  const [catalogue, read] = await Promise.all([
    client.readCatalogue(),
    Promise.all(modules.map((module) => readModule(client, module, options))),
  ]);
  return { catalogue, modules: read };
}

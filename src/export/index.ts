// territory-sync export: the live CRM -> a territories.yaml. The pure part (renderExport) is
// apart from reading the CRM (readExport); the CLI writes the file (src/files/write-atomic.ts).
export type { ExportRecord, ModuleExport } from './export-record.js';
export { readExport } from './read-export.js';
export type { CrmExport } from './read-export.js';
export { readModule } from './read-module.js';
export type { ReadModuleOptions } from './read-module.js';
export { DEFAULT_ALIAS_THRESHOLD, buildReferenceTable } from './reference-table.js';
export type { ExportAlias, ReferenceTable } from './reference-table.js';
export { SCHEMA_COMMENT, renderExport } from './render-export.js';
export type {
  ExportDocument,
  ExportInput,
  ModuleSummary,
  UnknownTerritory,
} from './render-export.js';
export { slugify, uniqueSlug } from './slug.js';
export { doubleQuoted, yamlScalar } from './yaml-text.js';

// What the exporter keeps of each CRM record: only what the file will say about it.
import type { ModuleName } from '../core/model.js';

export interface ExportRecord {
  readonly id: string;
  /** The record's display name (Account_Name, Full_Name, Deal_Name), written as the note. */
  readonly name?: string;
  /** Territory ids assigned manually: the record's list in the file. */
  readonly manual: readonly string[];
  /**
   * Territory ids assigned by territory rules: listed too (a listed rule-assigned territory is
   * expected, so plan neither writes nor warns about it) and named in a "by rules" comment.
   */
  readonly byRules: readonly string[];
}

export interface ModuleExport {
  readonly module: ModuleName;
  /** Records with at least one manually assigned territory, sorted by id. */
  readonly records: readonly ExportRecord[];
  /** Every record the CRM listed for the module. */
  readonly scanned: number;
  /** Left out: territories assigned by rules only. */
  readonly onlyByRules: number;
  /** Left out: no territory at all. */
  readonly withoutTerritories: number;
  /**
   * True when the module reached Zoho's listing limit (100,000 records through page_token) and
   * the token may not run COQL (ZohoCRM.coql.READ), which reads past it: records beyond the
   * limit could not be read, so the export of this module may be incomplete.
   */
  readonly atListingLimit: boolean;
}

// The record `why MODULE ID` asks about, checked before anything is read: the module by the
// names territory-sync knows, the id by the rules the desired files are held to
// (src/desired/zoho-ids.ts). The id reaches git as a search pattern, so only an id made of
// digits ever gets that far.
import { escapeInvisible } from '../core/escape-invisible.js';
import { MANAGED_MODULES } from '../core/model.js';
import type { ModuleName, RecordKey } from '../core/model.js';
import { describeBadId, isZohoId } from '../desired/zoho-ids.js';
import { TerritorySyncError } from '../errors.js';

const EXAMPLE = 'territory-sync why Accounts 554023000003635001';

/** An argument as a message may quote it: escaped, and short. */
function quoted(text: string): string {
  const shown = escapeInvisible(text);
  return `'${shown.length > 40 ? `${shown.slice(0, 40)}…` : shown}'`;
}

function isModule(text: string): text is ModuleName {
  return (MANAGED_MODULES as readonly string[]).includes(text);
}

/** The record named on the command line, or a USAGE error saying what to type instead. */
export function whyRecord(module: string, id: string): RecordKey {
  if (!isModule(module)) {
    const near = MANAGED_MODULES.find((m) => m.toLowerCase() === module.trim().toLowerCase());
    throw new TerritorySyncError(
      'USAGE',
      `${quoted(module)} is not a module territory-sync knows: ${MANAGED_MODULES.join(', ')}.`,
      {
        hint:
          near === undefined
            ? `Name the module as Zoho CRM does, e.g. \`${EXAMPLE}\`.`
            : `Module names are written as in Zoho CRM: \`territory-sync why ${near} ...\`.`,
      },
    );
  }
  if (!isZohoId(id)) {
    const bad = describeBadId(id, 'record');
    throw new TerritorySyncError('USAGE', `${module} record id ${quoted(id)} ${bad.reason}.`, {
      hint: bad.hint,
    });
  }
  return { module, id };
}

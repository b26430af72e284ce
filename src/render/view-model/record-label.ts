import { oneLine } from '../sanitize.js';

/** "Acme GmbH (554023000003635023)", or just the id when the record has no usable name. */
export function recordLabel(id: string, name: string | undefined): string {
  const shown = name === undefined ? '' : oneLine(name);
  return shown === '' ? id : `${shown} (${id})`;
}

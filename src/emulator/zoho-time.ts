// Zoho writes times as ISO 8601 with an offset and no milliseconds: 2020-03-05T16:07:28+05:30.
// The emulator serves UTC.

export function zohoTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** Digit-string ids compared as numbers (ids are longer than a double holds exactly). */
export function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

export const ID_PATTERN = /^[0-9]{1,19}$/;

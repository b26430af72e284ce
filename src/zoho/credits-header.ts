// X-API-CREDITS-REMAINING: what is left of the org's credits for the rolling 24 hours. Zoho
// sends it once half of them are used; a malformed value counts as absent.

/** The remaining credits, or undefined when the header is absent or not a whole number. */
export function creditsRemaining(header: string | string[] | undefined): number | undefined {
  const text = Array.isArray(header) ? header[header.length - 1] : header;
  if (text === undefined || !/^\s*\d+\s*$/.test(text)) return undefined;
  return Number.parseInt(text, 10);
}

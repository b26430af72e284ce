import type { DesiredState, Diagnostic } from '../core/model.js';

/** The desired state, or every problem found in it (errors, and any warnings), sorted. */
export type DesiredLoadResult =
  | { ok: true; state: DesiredState; warnings: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[] };

/** One desired file's text, with the sha256 of the bytes it was decoded from. */
export interface DesiredSource {
  readonly path: string;
  readonly text: string;
  readonly sha256: string;
}

// How a written territory reference becomes a TerritoryRef: an id (18-19 digits), a hierarchy
// path (contains '/') or a name. Aliases are expanded before this, by the alias table.
import type { TerritoryRef } from '../core/model.js';
import { excerpt } from './diagnostics.js';
import { isZohoId } from './zoho-ids.js';

function pathSegments(text: string): string[] {
  const segments = text.split('/').map((segment) => segment.trim());
  // A leading '/' only says "from the root", which every path already means.
  if (segments[0] === '') segments.shift();
  return segments;
}

/** `Organization / EMEA /DACH` -> `Organization/EMEA/DACH`. */
export function normalisePath(written: string): string {
  return pathSegments(written.trim()).join('/');
}

export function parseReference(written: string): TerritoryRef {
  const text = written.trim();
  if (isZohoId(text)) return { kind: 'id', value: text };
  if (text.includes('/')) return { kind: 'path', value: normalisePath(text) };
  return { kind: 'name', value: text };
}

/** Why a path cannot name a territory (an empty segment), or undefined when it can. */
export function pathProblem(written: string): string | undefined {
  const segments = pathSegments(written.trim());
  return segments.some((segment) => segment === '')
    ? `has an empty segment ('//' or a trailing '/')`
    : undefined;
}

/** Equal keys mean the same territory, before the catalogue is consulted. */
export function referenceKey(ref: TerritoryRef): string {
  return `${ref.kind}\0${ref.value}`;
}

/** For messages: `name 'EMEA'`, `path Organization/EMEA`, `id 554023000000430451`. */
export function describeReference(ref: TerritoryRef): string {
  const value = excerpt(ref.value);
  return ref.kind === 'name' ? `name '${value}'` : `${ref.kind} ${value}`;
}

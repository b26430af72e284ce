// What a place in a desired-state document means, so a schema error can be explained in the
// file's own terms ("Accounts record 5540...") instead of as a JSON pointer.
import { MANAGED_MODULES } from '../core/model.js';
import type { ModuleName, RecordKey } from '../core/model.js';
import { excerpt } from './diagnostics.js';
import type { DocumentPath } from './located-tree.js';
import { isZohoId } from './zoho-ids.js';

export type PathRole =
  | { readonly role: 'root' }
  | { readonly role: 'version' }
  | { readonly role: 'aliases' }
  | { readonly role: 'alias'; readonly alias: string }
  | { readonly role: 'alias-field'; readonly alias: string; readonly field: string }
  | { readonly role: 'records' }
  | { readonly role: 'module'; readonly module: string }
  | { readonly role: 'entry'; readonly module: string; readonly id: string }
  | { readonly role: 'entry-territories'; readonly module: string; readonly id: string }
  | { readonly role: 'entry-note'; readonly module: string; readonly id: string }
  | { readonly role: 'reference'; readonly module: string; readonly id: string }
  | { readonly role: 'selectors' }
  | { readonly role: 'selector-module'; readonly module: string }
  | { readonly role: 'selector'; readonly module: string; readonly index: number }
  | SelectorPart
  | { readonly role: 'other' };

/** A selector's field (`where`), or an item of one of its lists (`territories`, `exclude`). */
interface SelectorPart {
  readonly role: 'selector-field' | 'selector-item';
  readonly module: string;
  readonly index: number;
  readonly field: string;
}

const LIST_INDEX = /^[0-9]+$/;

export function classifyPath(path: DocumentPath): PathRole {
  const [top, second, third, fourth, fifth] = path;
  switch (path.length) {
    case 0:
      return { role: 'root' };
    case 1:
      if (top === 'version') return { role: 'version' };
      if (top === 'territories') return { role: 'aliases' };
      if (top === 'selectors') return { role: 'selectors' };
      return top === 'records' ? { role: 'records' } : { role: 'other' };
    default:
      break;
  }
  if (top === 'territories' && second !== undefined) {
    if (path.length === 2) return { role: 'alias', alias: second };
    if (path.length === 3 && third !== undefined) {
      return { role: 'alias-field', alias: second, field: third };
    }
    return { role: 'other' };
  }
  if (top === 'selectors' && second !== undefined) return selectorRole(path.slice(1));
  if (top !== 'records' || second === undefined) return { role: 'other' };
  const module = second;
  if (path.length === 2) return { role: 'module', module };
  if (third === undefined) return { role: 'other' };
  const id = third;
  if (path.length === 3) return { role: 'entry', module, id };
  if (path.length === 4 && fourth !== undefined) {
    if (fourth === 'territories') return { role: 'entry-territories', module, id };
    if (fourth === 'note') return { role: 'entry-note', module, id };
    if (LIST_INDEX.test(fourth)) return { role: 'reference', module, id };
  }
  if (path.length === 5 && fourth === 'territories' && fifth !== undefined) {
    return { role: 'reference', module, id };
  }
  return { role: 'other' };
}

/** [module, index, field, item] under `selectors:`. */
function selectorRole([module = '', index, field, item]: DocumentPath): PathRole {
  if (index === undefined) return { role: 'selector-module', module };
  if (!LIST_INDEX.test(index)) return { role: 'other' };
  const at = Number(index);
  if (field === undefined) return { role: 'selector', module, index: at };
  if (item === undefined) return { role: 'selector-field', module, index: at, field };
  return { role: 'selector-item', module, index: at, field };
}

/** The schema's pattern for a selector's name (test/unit/desired/selectors.test.ts keeps them equal). */
export const SELECTOR_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/**
 * "Accounts selector 'dach-enterprise'", the way messages name a selector; by its place
 * ("Accounts selector #2") when its name is missing or not one a selector may have, so a
 * hostile name is never repeated.
 */
export function selectorSubject(root: unknown, module: string, index: number): string {
  const selectors = (root as { selectors?: Record<string, unknown> } | null)?.selectors;
  const list = selectors !== null && typeof selectors === 'object' ? selectors[module] : undefined;
  const entry: unknown = Array.isArray(list) ? list[index] : undefined;
  const name =
    entry !== null && typeof entry === 'object' ? (entry as { name?: unknown }).name : undefined;
  const shown = excerpt(module);
  return typeof name === 'string' && SELECTOR_NAME.test(name)
    ? `${shown} selector '${name}'`
    : `${shown} selector #${index + 1}`;
}

export function isManagedModule(module: string): module is ModuleName {
  return (MANAGED_MODULES as readonly string[]).includes(module);
}

/** "Accounts record 554023000003635023", the way messages name a record. */
export function recordSubject(module: string, id: string): string {
  // A key that is not an id may be any text, of any length.
  return `${excerpt(module)} record ${excerpt(id)}`;
}

/** The RecordKey for a Diagnostic, when module and id are real. */
export function recordKeyOf(module: string, id: string): RecordKey | undefined {
  return isManagedModule(module) && isZohoId(id) ? { module, id } : undefined;
}

// Loads the desired state: the files the caller names (the config layer expands globs), every
// problem at once, each located. Files go through checkDesiredBytes, the one way in for bytes
// wherever they were read (plan --base-ref hands it the same files at a git ref);
// `parseDesiredSources` is the same check for texts already in memory.
import path from 'node:path';
import type { Diagnostic } from '../core/model.js';
import type { DesiredRules } from './check-sources.js';
import { checkDesiredBytes } from './check-desired-bytes.js';
import type { DesiredBytes } from './check-desired-bytes.js';
import type { DesiredLoadResult } from './desired-load-result.js';
import { readDesiredFile } from './read-desired-file.js';

export type { DesiredLoadResult, DesiredSource } from './desired-load-result.js';
export type { DesiredRules } from './check-sources.js';
export { checkDesiredBytes, MAX_FILE_BYTES } from './check-desired-bytes.js';
export type { DesiredBytes, DesiredBytesOptions } from './check-desired-bytes.js';

export interface LoadDesiredOptions extends DesiredRules {
  /** Paths are relative to this folder; default the process's working folder. */
  readonly cwd?: string;
}

/** Reads and checks `paths` (as the user wrote them; messages use the same spelling). */
export async function loadDesired(
  paths: readonly string[],
  options: LoadDesiredOptions = {},
): Promise<DesiredLoadResult> {
  const { cwd = process.cwd(), ...rules } = options;
  // The same file named twice (`a.yaml`, `./a.yaml`) is one file, not a record listed twice.
  const unique = new Map<string, string>();
  for (const file of paths) {
    const absolute = path.resolve(cwd, file);
    if (!unique.has(absolute)) unique.set(absolute, file);
  }
  const results = await Promise.all([...unique.values()].map((f) => readDesiredFile(f, cwd)));
  const files: DesiredBytes[] = [];
  const unreadable: Diagnostic[] = [];
  for (const result of results) {
    if (result.ok) files.push(result.file);
    else unreadable.push(result.diagnostic);
  }
  return checkDesiredBytes(files, rules, unreadable);
}

/**
 * Pure: checks texts already in memory, as checkDesiredBytes checks their UTF-8 bytes (`sha256`
 * is taken over those).
 */
export function parseDesiredSources(
  sources: readonly { path: string; text: string }[],
  rules: DesiredRules = {},
): DesiredLoadResult {
  const encoder = new TextEncoder();
  return checkDesiredBytes(
    sources.map((source) => ({ path: source.path, bytes: encoder.encode(source.text) })),
    rules,
  );
}

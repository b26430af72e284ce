// Loads the desired state: the files the caller names (the config layer expands globs), every
// problem at once, each located. `parseDesiredSources` is the same check without a file system.
import path from 'node:path';
import type { Diagnostic } from '../core/model.js';
import { checkSources } from './check-sources.js';
import type { DesiredLoadResult, DesiredSource } from './desired-load-result.js';
import { readDesiredFile } from './read-desired-file.js';
import { sha256Hex } from './sha256.js';

export type { DesiredLoadResult, DesiredSource } from './desired-load-result.js';

export interface LoadDesiredOptions {
  /** Paths are relative to this folder; default the process's working folder. */
  readonly cwd?: string;
}

/** Reads and checks `paths` (as the user wrote them; messages use the same spelling). */
export async function loadDesired(
  paths: readonly string[],
  options: LoadDesiredOptions = {},
): Promise<DesiredLoadResult> {
  const cwd = options.cwd ?? process.cwd();
  // The same file named twice (`a.yaml`, `./a.yaml`) is one file, not a record listed twice.
  const unique = new Map<string, string>();
  for (const file of paths) {
    const absolute = path.resolve(cwd, file);
    if (!unique.has(absolute)) unique.set(absolute, file);
  }
  const results = await Promise.all([...unique.values()].map((f) => readDesiredFile(f, cwd)));
  const sources: DesiredSource[] = [];
  const unreadable: Diagnostic[] = [];
  for (const result of results) {
    if (result.ok) sources.push(result.source);
    else unreadable.push(result.diagnostic);
  }
  return checkSources(sources, unreadable);
}

/** Pure: checks texts already in memory. `sha256` is taken over each text's UTF-8 bytes. */
export function parseDesiredSources(
  sources: readonly { path: string; text: string }[],
): DesiredLoadResult {
  return checkSources(
    sources.map((source) => ({
      path: source.path,
      text: source.text,
      sha256: sha256Hex(new TextEncoder().encode(source.text)),
    })),
  );
}

import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { TerritorySyncError } from '../errors.js';

/**
 * Expands the configured desired-state patterns into file paths, relative to the working
 * folder so messages read as the user would type them. A literal path that does not exist is
 * kept, so the loader reports it with its own located message.
 */
export async function expandDesiredFiles(
  patterns: readonly string[],
  baseDir: string,
  cwd: string,
): Promise<string[]> {
  const files = new Set<string>();
  for (const pattern of patterns) {
    if (!isDynamicPattern(pattern)) {
      files.add(path.relative(cwd, path.resolve(baseDir, pattern)) || pattern);
      continue;
    }
    const matches = await glob(pattern, { cwd: baseDir, absolute: true, onlyFiles: true });
    if (matches.length === 0) {
      throw new TerritorySyncError(
        'INVALID_CONFIG',
        `No desired-state file matches '${pattern}'.`,
        {
          hint: `Check the "desired" setting (patterns are relative to ${baseDir}).`,
        },
      );
    }
    for (const match of matches) files.add(path.relative(cwd, match));
  }
  return [...files].sort();
}

// GitHub attaches an annotation to a line only when `file=` is relative to the repository root
// ($GITHUB_WORKSPACE), but the CLI names files relative to where it runs, which may be a
// subfolder (the action's working-directory input).
import path from 'node:path';

export interface RepoPathContext {
  /** Where the CLI runs. */
  readonly cwd: string;
  /** The repository root, $GITHUB_WORKSPACE. */
  readonly workspace: string;
}

/** "territories.yaml" run from "<ws>/crm" -> "crm/territories.yaml"; outside the root: as given. */
export function repoRelativePath(file: string, context: RepoPathContext): string {
  const relative = path.relative(context.workspace, path.resolve(context.cwd, file));
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return file;
  return relative.split(path.sep).join('/');
}

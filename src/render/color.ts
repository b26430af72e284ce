export interface ColorEnvironment {
  readonly isTTY: boolean | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The user passed --no-color. */
  readonly noColorFlag: boolean;
}

/**
 * Colour only for a person at a terminal. NO_COLOR follows no-color.org: any non-empty value
 * disables colour. GitHub Actions logs are not a TTY to us: annotations and the step summary
 * carry the emphasis there, and escape codes would end up in saved logs and artifacts.
 */
export function shouldUseColor({ isTTY, env, noColorFlag }: ColorEnvironment): boolean {
  if (isTTY !== true || noColorFlag) return false;
  if ((env['NO_COLOR'] ?? '') !== '') return false;
  if (env['TERM'] === 'dumb') return false;
  if (env['GITHUB_ACTIONS'] === 'true') return false;
  return true;
}

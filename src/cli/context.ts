import { shouldUseColor } from '../render/color.js';
import type { GlobalFlags } from './args.js';
import type { Io } from './io.js';

/** What every command gets: the outside world, the global flags, and how to talk. */
export interface CommandContext {
  readonly io: Io;
  readonly global: GlobalFlags;
  readonly color: boolean;
  readonly inGitHubActions: boolean;
  /** Normal output (suppressed by --quiet). */
  info(text: string): void;
  /** The result a script reads: always printed. */
  result(text: string): void;
  /** Only with --verbose, on stderr so stdout stays machine-readable. */
  verbose(text: string): void;
  warn(text: string): void;
}

function line(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

export function createContext(io: Io, global: GlobalFlags): CommandContext {
  const color = shouldUseColor({
    isTTY: io.stdout.isTTY === true,
    env: io.env,
    noColorFlag: global.noColor,
  });
  return {
    io,
    global,
    color,
    inGitHubActions: io.env.GITHUB_ACTIONS === 'true',
    info: (text) => {
      if (!global.quiet) io.stdout.write(line(text));
    },
    result: (text) => io.stdout.write(line(text)),
    verbose: (text) => {
      if (global.verbose) io.stderr.write(line(text));
    },
    warn: (text) => io.stderr.write(line(text)),
  };
}

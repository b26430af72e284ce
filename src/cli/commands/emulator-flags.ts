import type { CommandContext } from '../context.js';
import { EMULATOR_FLAGS, emulatorCommand, emulatorOptionsFromFlags } from './emulator.js';

type Flags = Readonly<Record<string, string | boolean | string[] | undefined>>;

/** The emulator's flags for the argument parser, from its one flag table. */
export const EMULATOR_PARSE_OPTIONS = Object.fromEntries(
  EMULATOR_FLAGS.filter((f) => f.flag !== 'verbose').map((f) => [
    f.flag,
    { type: f.kind === 'boolean' ? ('boolean' as const) : ('string' as const) },
  ]),
);

export function emulatorFlagsHelp(): string {
  return EMULATOR_FLAGS.filter((f) => f.flag !== 'verbose')
    .map((f) => `  --${f.flag.padEnd(26)}${f.help}`)
    .join('\n');
}

/** Runs until SIGINT/SIGTERM; --verbose (global) logs every request. */
export function emulatorCommandFromFlags(ctx: CommandContext, flags: Flags): Promise<number> {
  return emulatorCommand(
    { ...emulatorOptionsFromFlags(flags), verbose: ctx.global.verbose },
    ctx.io,
  );
}

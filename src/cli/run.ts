import { escapeInvisible } from '../core/escape-invisible.js';
import { TerritorySyncError } from '../errors.js';
import { formatDiagnostics } from '../render/diagnostics.js';
import { packageVersion } from '../version.js';
import { parseCliArgs } from './args.js';
import type { CommandArgs, CommandName, ParsedArgs } from './args.js';
import { createContext } from './context.js';
import { annotateDiagnostics } from './github-actions.js';
import type { CommandContext } from './context.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { helpText } from './help.js';
import type { Io } from './io.js';

type Parsed = CommandArgs;
type Handler = (ctx: CommandContext, args: Parsed) => Promise<number>;

const str = (args: Parsed, name: string): string | undefined => {
  const value = args.flags[name];
  return typeof value === 'string' ? value : undefined;
};
const bool = (args: Parsed, name: string): boolean => args.flags[name] === true;

/**
 * Each command's code is loaded when that command runs (`import()`), never at start-up: --help,
 * --version and a usage error load none of them, `show` loads no HTTP client, and only
 * `emulator` and `demo` load the emulator.
 */
const HANDLERS: Record<CommandName, Handler> = {
  validate: async (ctx, args) => {
    const { validateCommand } = await import('./commands/validate.js');
    return validateCommand(ctx, {
      files: args.positionals,
      online: bool(args, 'online'),
      config: ctx.global.config,
      env: ctx.global.env,
    });
  },
  plan: async (ctx, args) => {
    const [{ planCommand }, { parseFormat, parseGroupBy }] = await Promise.all([
      import('./commands/plan.js'),
      import('./plan-format.js'),
    ]);
    const format = parseFormat(str(args, 'format'));
    return planCommand(ctx, {
      files: args.positionals,
      baseRef: str(args, 'base-ref'),
      out: str(args, 'out'),
      format,
      groupBy: parseGroupBy(str(args, 'group-by'), format),
      detailedExitcode: bool(args, 'detailed-exitcode'),
      config: ctx.global.config,
      env: ctx.global.env,
    });
  },
  apply: async (ctx, args) => {
    const { applyCommand } = await import('./commands/apply.js');
    return applyCommand(ctx, {
      planFile: args.positionals[0],
      autoApprove: bool(args, 'auto-approve'),
      allowMassRemoval: bool(args, 'allow-mass-removal'),
      wait: !bool(args, 'no-wait'),
      report: str(args, 'report'),
      resume: str(args, 'resume'),
      journal: str(args, 'journal'),
      expectPlan: str(args, 'expect-plan'),
      config: ctx.global.config,
      env: ctx.global.env,
    });
  },
  show: async (ctx, args) => {
    const [{ showCommand }, { parseFormat, parseGroupBy }] = await Promise.all([
      import('./commands/show.js'),
      import('./plan-format.js'),
    ]);
    const format = parseFormat(str(args, 'format'));
    return showCommand(ctx, {
      file: args.positionals[0] as string,
      format,
      groupBy: parseGroupBy(str(args, 'group-by'), format),
      config: ctx.global.config,
    });
  },
  export: async (ctx, args) => {
    const { exportCommandFromFlags } = await import('./commands/export.js');
    return exportCommandFromFlags(ctx, args.flags);
  },
  doctor: async (ctx) => {
    const { doctorCommand } = await import('./commands/doctor.js');
    return doctorCommand(ctx, { config: ctx.global.config, env: ctx.global.env });
  },
  emulator: async (ctx, args) => {
    const { emulatorCommandFromFlags } = await import('./commands/emulator.js');
    return emulatorCommandFromFlags(ctx, args.flags);
  },
  demo: async (ctx) => {
    const { demoCommand } = await import('./commands/demo.js');
    return demoCommand(ctx);
  },
  tree: async (ctx, args) => {
    const { treeCommandFromArgs } = await import('./commands/tree.js');
    return treeCommandFromArgs(ctx, args);
  },
  owners: async (ctx, args) => {
    const { ownersCommandFromArgs } = await import('./commands/owners.js');
    return ownersCommandFromArgs(ctx, args);
  },
  why: async (ctx, args) => {
    const { whyCommandFromArgs } = await import('./commands/why.js');
    return whyCommandFromArgs(ctx, args);
  },
};

/** Runs one CLI invocation and returns its exit code. Never exits the process itself. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  let parsed: ParsedArgs;
  const fallbackCtx = () => createContext(io, { noColor: false, verbose: false, quiet: false });
  try {
    parsed = parseCliArgs(argv);
  } catch (error) {
    return reportError(fallbackCtx(), error);
  }
  if (parsed.kind === 'help') {
    io.stdout.write(helpText(parsed.command));
    return EXIT.ok;
  }
  if (parsed.kind === 'version') {
    io.stdout.write(`territory-sync ${packageVersion()}\n`);
    return EXIT.ok;
  }
  const ctx = createContext(io, parsed.global);
  try {
    return await HANDLERS[parsed.command](ctx, parsed);
  } catch (error) {
    return reportError(ctx, error);
  }
}

/**
 * A message as the terminal may show it. Messages quote CRM names, Zoho's answers and user files:
 * an ESC, CR or bidi override there is written as `\uXXXX`. Line breaks stay, since messages
 * span lines; whoever quotes a name inside one escapes the name's own line breaks. Under GitHub
 * Actions ctx.io.stderr is guarded as well (context.ts): a line a message starts with `::` is
 * written inert, and the error's annotation goes through ctx.command, escaped.
 */
function shown(text: string): string {
  return escapeInvisible(text, { keepNewlines: true });
}

/** The one place errors become messages and exit codes. */
export function reportError(ctx: CommandContext, error: unknown): number {
  if (error instanceof TerritorySyncError) {
    if (error.diagnostics.length > 0) {
      ctx.io.stderr.write(formatDiagnostics(error.diagnostics, { color: ctx.color }));
      annotateDiagnostics(ctx, error.diagnostics);
    } else {
      annotateDiagnostics(ctx, [
        {
          code: error.code,
          severity: 'error',
          message: error.message,
          ...(error.hint ? { hint: error.hint } : {}),
        },
      ]);
    }
    const parts = [`Error: ${shown(error.message)}`];
    if (error.hint) parts.push(shown(error.hint));
    ctx.io.stderr.write(`${parts.join('\n')}\n`);
    return exitCodeFor(error.code);
  }
  // An unexpected failure is our bug: say so plainly, with the detail only under --verbose.
  const message = shown(error instanceof Error ? error.message : String(error));
  ctx.io.stderr.write(
    `Internal error: ${message}\nThis is a bug in territory-sync; nothing further was written. ` +
      'Re-run with --verbose and report it.\n',
  );
  if (ctx.global.verbose && error instanceof Error && error.stack) {
    ctx.io.stderr.write(`${shown(error.stack)}\n`);
  }
  return EXIT.error;
}

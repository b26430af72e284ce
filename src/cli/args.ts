import { parseArgs } from 'node:util';
import { levenshtein } from '../core/levenshtein.js';
import { TerritorySyncError } from '../errors.js';
import { EMULATOR_PARSE_OPTIONS } from './emulator-flags.js';

type OptionSpec = { type: 'boolean' | 'string'; multiple?: boolean; short?: string };

const GLOBAL_OPTIONS = {
  config: { type: 'string' },
  env: { type: 'string' },
  'no-color': { type: 'boolean' },
  verbose: { type: 'boolean', short: 'v' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Record<string, OptionSpec>;

/** Each command's own flags (docs/SEMANTICS.md §1), and how many positional arguments it takes. */
export const COMMANDS = {
  validate: { options: { online: { type: 'boolean' } }, positionals: 'files' },
  plan: {
    options: {
      out: { type: 'string' },
      format: { type: 'string' },
      'detailed-exitcode': { type: 'boolean' },
      'base-ref': { type: 'string' },
      'group-by': { type: 'string' },
    },
    positionals: 'files',
  },
  apply: {
    options: {
      'auto-approve': { type: 'boolean' },
      'allow-mass-removal': { type: 'boolean' },
      'no-wait': { type: 'boolean' },
      report: { type: 'string' },
      resume: { type: 'string' },
      journal: { type: 'string' },
      'expect-plan': { type: 'string' },
    },
    positionals: 'optional-one',
  },
  show: {
    options: { format: { type: 'string' }, 'group-by': { type: 'string' } },
    positionals: 'one',
  },
  export: {
    options: {
      module: { type: 'string', multiple: true },
      out: { type: 'string' },
      force: { type: 'boolean' },
    },
    positionals: 'none',
  },
  doctor: { options: {}, positionals: 'none' },
  emulator: { options: EMULATOR_PARSE_OPTIONS, positionals: 'none' },
  demo: { options: {}, positionals: 'none' },
  tree: {
    options: { online: { type: 'boolean' }, format: { type: 'string' } },
    positionals: 'files',
  },
  owners: {
    options: { codeowners: { type: 'boolean' }, online: { type: 'boolean' } },
    positionals: 'files',
  },
  why: { options: { online: { type: 'boolean' } }, positionals: 'module-and-id' },
} as const satisfies Record<
  string,
  {
    options: Record<string, OptionSpec>;
    positionals: 'none' | 'files' | 'optional-one' | 'one' | 'module-and-id';
  }
>;

export type CommandName = keyof typeof COMMANDS;

export interface GlobalFlags {
  readonly config?: string;
  readonly env?: string;
  readonly noColor: boolean;
  readonly verbose: boolean;
  readonly quiet: boolean;
}

export type ParsedArgs =
  | { readonly kind: 'help'; readonly command?: CommandName }
  | { readonly kind: 'version' }
  | {
      readonly kind: 'command';
      readonly command: CommandName;
      readonly global: GlobalFlags;
      readonly flags: Readonly<Record<string, string | boolean | string[] | undefined>>;
      readonly positionals: readonly string[];
    };

/** A parsed command line: what each command's handler receives. */
export type CommandArgs = Extract<ParsedArgs, { kind: 'command' }>;

function usageError(message: string, hint = 'Run `territory-sync --help` for usage.') {
  return new TerritorySyncError('USAGE', message, { hint });
}

function isCommand(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

/**
 * Global options may come before the command (`territory-sync -q plan`): they are moved after
 * it, where the command's parser reads them with its own.
 */
function commandFirst(argv: readonly string[]): readonly string[] {
  const leading: string[] = [];
  let i = 0;
  for (; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    const option = globalOptionOf(arg);
    if (option === undefined || ['--help', '-h'].includes(arg)) break;
    leading.push(arg);
    if (option.type === 'string' && !arg.includes('=') && i + 1 < argv.length) {
      i += 1;
      leading.push(argv[i] as string);
    }
  }
  if (leading.length === 0 || i >= argv.length) return argv;
  return [argv[i] as string, ...leading, ...argv.slice(i + 1)];
}

/** The global option `arg` names (`--config`, `--config=x`, `-q`), if it names one. */
function globalOptionOf(arg: string): OptionSpec | undefined {
  if (!arg.startsWith('-')) return undefined;
  const name = arg.replace(/^-+/, '').split('=')[0];
  const found = Object.entries(GLOBAL_OPTIONS).find(([long, option]) =>
    arg.startsWith('--') ? long === name : 'short' in option && arg === `-${option.short}`,
  );
  return found?.[1];
}

/** The closest known option to a mistyped one, for "did you mean". */
function closestOption(typed: string, known: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = levenshtein(typed.toLowerCase(), name);
    if (best === undefined || distance < best.distance) best = { name, distance };
  }
  return best !== undefined && best.distance <= Math.max(2, Math.floor(typed.length / 3))
    ? best.name
    : undefined;
}

/** Node's parseArgs messages, as one line a user can act on. */
function parseProblem(cause: unknown, command: CommandName, known: readonly string[]) {
  const code = (cause as { code?: unknown } | null)?.code;
  const message = cause instanceof Error ? cause.message : String(cause);
  const help = `Run \`territory-sync ${command} --help\` for its options.`;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const typed = /option '([^']*)'/.exec(message)?.[1] ?? '';
    const bare = typed.replace(/^-+/, '');
    const near = closestOption(bare, known);
    return usageError(
      `'${command}' has no option '${typed}'${near === undefined ? '' : ` (did you mean --${near}?)`}.`,
      help,
    );
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const option = /Option '([^']*)'/.exec(message)?.[1]?.replace(/ <value>$/, '');
    return usageError(
      option === undefined
        ? `'${command}': ${message.split('\n')[0] ?? message}`
        : /argument missing/.test(message)
          ? `'${command}': the option '${option.replace(/^-\w, /, '')}' needs a value.`
          : `'${command}': the option '${option.replace(/^-\w, /, '')}' takes no value.`,
      help,
    );
  }
  return usageError(`'${command}': ${message.split('\n')[0] ?? message}`, help);
}

export function parseCliArgs(input: readonly string[]): ParsedArgs {
  const argv = commandFirst(input);
  const first = argv[0];
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const topic = argv[1];
    return topic !== undefined && isCommand(topic)
      ? { kind: 'help', command: topic }
      : { kind: 'help' };
  }
  if (first === '--version' || first === '-V') return { kind: 'version' };
  if (!isCommand(first)) {
    const known = Object.keys(COMMANDS);
    const near = first.startsWith('-') ? undefined : closestOption(first, known);
    throw usageError(
      first.startsWith('-')
        ? globalOptionOf(first) !== undefined
          ? `'${input.join(' ')}' names no command: global options go with one (territory-sync ${first} plan).`
          : `'${first}' is not a global option, and options other than global ones go after the command.`
        : `Unknown command '${first}'${near === undefined ? '' : ` (did you mean ${near}?)`}.`,
      `Commands: ${known.join(', ')}.`,
    );
  }
  const spec = COMMANDS[first];
  let parsed;
  try {
    parsed = parseArgs({
      args: argv.slice(1),
      options: { ...GLOBAL_OPTIONS, ...spec.options },
      allowPositionals: true,
      strict: true,
    });
  } catch (cause) {
    throw parseProblem(cause, first, [
      ...Object.keys(GLOBAL_OPTIONS),
      ...Object.keys(spec.options),
    ]);
  }
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  if (values.help === true) return { kind: 'help', command: first };
  const positionals = parsed.positionals;
  // `apply "$PLAN_FILE"` with an unset variable must not quietly become a fresh, unreviewed apply.
  const empty = Object.entries(values).find(([, value]) => value === '');
  if (empty !== undefined || positionals.includes('')) {
    throw usageError(
      empty === undefined
        ? `'${first}' was given an empty argument (an unset shell variable?).`
        : `'${first}': the option '--${empty[0]}' was given an empty value (an unset shell variable?).`,
      `Run \`territory-sync ${first} --help\` for its options.`,
    );
  }
  if (spec.positionals === 'none' && positionals.length > 0) {
    throw usageError(`'${first}' takes no arguments (got '${positionals.join(' ')}').`);
  }
  if (spec.positionals === 'one' && positionals.length !== 1) {
    throw usageError(
      `'${first}' takes one argument, the saved plan file (got ${positionals.length}).`,
      `Run \`territory-sync ${first} plan.json\`.`,
    );
  }
  if (spec.positionals === 'module-and-id' && positionals.length !== 2) {
    throw usageError(
      `'${first}' takes two arguments, a module and a record id (got ${positionals.length}).`,
      `Run \`territory-sync ${first} Accounts 554023000003635001\`.`,
    );
  }
  if (spec.positionals === 'optional-one' && positionals.length > 1) {
    throw usageError(`'${first}' takes at most one argument (got ${positionals.length}).`);
  }
  const str = (name: string) => (typeof values[name] === 'string' ? values[name] : undefined);
  return {
    kind: 'command',
    command: first,
    global: {
      config: str('config'),
      env: str('env'),
      noColor: values['no-color'] === true,
      verbose: values.verbose === true,
      quiet: values.quiet === true,
    },
    flags: values,
    positionals,
  };
}
